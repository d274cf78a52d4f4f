import numpy as np
import pytest

import nesslab as nl
from nesslab import spectral


def test_spectral_density_forms():
    w = np.array([0.3, 1.0, 2.5])
    assert np.allclose(spectral.Ohmic(0.1, 2.0)(w), 0.1 * w * np.exp(-w / 2.0))
    assert np.allclose(spectral.DrudeLorentz(0.2, 0.5)(w), 2 * 0.2 * 0.5 * w / (w**2 + 0.25))
    assert np.allclose(spectral.Flat(0.7)(w), 0.7)
    rational = spectral.PowerLaw(np.pi * 0.01, 3, 1.0, form="rational")
    assert np.allclose(rational(w), np.pi * 0.01 * w**3 / (1 + w**2) ** 4)
    exponential = spectral.PowerLaw(0.5, 1.0, 3.0)
    assert np.allclose(exponential(w), spectral.Ohmic(0.5, 3.0)(w))
    assert np.allclose(spectral.Custom(lambda x: x**2)(w), w**2)
    assert np.allclose(spectral.Ohmic(0.1, 2.0)(-w), -spectral.Ohmic(0.1, 2.0)(w))


@pytest.mark.parametrize(
    "density",
    [
        spectral.Ohmic(0.1, 2.0),
        spectral.DrudeLorentz(0.2, 0.5),
        spectral.Flat(0.3),
        spectral.PowerLaw(0.2, 3, 1.0, form="rational"),
    ],
)
def test_power_spectrum_detailed_balance(density):
    temperature = 0.4
    w = np.array([0.05, 0.5, 1.7, 6.0])
    emission = spectral.power_spectrum(density, temperature, w)
    absorption = spectral.power_spectrum(density, temperature, -w)
    assert np.allclose(absorption, np.exp(-w / temperature) * emission, rtol=1e-13)
    n = 1 / np.expm1(w / temperature)
    assert np.allclose(emission, 2 * density(w) * (n + 1), rtol=1e-13)


def test_power_spectrum_limits():
    ohmic = spectral.Ohmic(0.1, 2.0)
    assert spectral.power_spectrum(ohmic, 0.5, 0.0) == pytest.approx(2 * 0.5 * 0.1)
    assert spectral.power_spectrum(ohmic, 0.5, 1e-7) == pytest.approx(2 * 0.5 * 0.1, rel=1e-6)
    zero_t = spectral.power_spectrum(ohmic, 0.0, np.array([-1.0, 1.0]))
    assert zero_t[0] == 0 and zero_t[1] == pytest.approx(2 * ohmic(1.0))
    with pytest.raises(ValueError, match="diverges"):
        spectral.power_spectrum(spectral.Flat(1.0), 0.5, 0.0)


def test_bad_environment_parameters():
    with pytest.raises(ValueError, match="cutoff"):
        spectral.Ohmic(0.1, -1.0)
    with pytest.raises(ValueError, match="temperature"):
        nl.Bath("sx", spectral.Ohmic(0.1, 1.0), -0.1, "hot")
    with pytest.raises(ValueError, match="rate"):
        nl.Channel("sm", -1e-3, "spin")
    with pytest.raises(ValueError, match="temperature"):
        nl.Channel("sm", 1e-3, "spin", temperature=-2.0)
    with pytest.raises(TypeError, match="spectral_density"):
        nl.Bath("sx", lambda w: w, 0.1, "hot")
    with pytest.raises(ValueError, match="negative"):
        spectral.Custom(lambda w: -w)(np.array([1.0]))


def test_the_old_import_paths_of_the_environment_modules_still_work():
    import nesslab.bath
    import nesslab.decomposition
    import nesslab.environment
    import nesslab.fitting
    import nesslab.spectral

    assert nesslab.spectral is nesslab.environment.spectral
    assert nesslab.fitting is nesslab.environment.fitting
    assert nesslab.decomposition.Expansion is nesslab.environment.Expansion
    assert nesslab.bath.Bath is nesslab.Bath
