"""Numbers given as bool or str are refused by name; a divergent C(0) is inf, never finite."""

import warnings

import numpy as np
import pytest

import nesslab as nl
from nesslab import spectral
from nesslab.environment import approximate, correlation_function, decompose
from nesslab.environment.correlation import zero_time_diverges


@pytest.mark.parametrize("value", [True, "0.1", None])
def test_bath_and_channel_refuse_non_numbers_by_name(value):
    with pytest.raises(TypeError, match="temperature must be a real number"):
        nl.Bath("sx", spectral.Ohmic(0.1, 1.0), value, "b")
    with pytest.raises(TypeError, match="rate must be a real number"):
        nl.Channel("sm", value, "c")
    if value is not None:  # None is a Channel's "no temperature"
        with pytest.raises(TypeError, match="temperature must be a real number"):
            nl.Channel("sm", 0.1, "c", temperature=value)


def test_bath_and_channel_keep_their_range_messages():
    with pytest.raises(ValueError, match="rate must be a finite number >= 0, got -1.0"):
        nl.Channel("sm", -1.0, "c")
    with pytest.raises(ValueError, match="temperature must be a finite temperature >= 0"):
        nl.Bath("sx", spectral.Ohmic(0.1, 1.0), np.inf, "b")
    assert nl.Bath("sx", spectral.Ohmic(0.1, 1.0), np.float32(0.5), "b").temperature == 0.5


@pytest.mark.parametrize(
    "build, name",
    [
        (lambda: spectral.Ohmic(True, 1.0), "eta"),
        (lambda: spectral.Ohmic(0.1, "1"), "cutoff"),
        (lambda: spectral.DrudeLorentz("0.05", 1.0), "lam"),
        (lambda: spectral.DrudeLorentz(0.05, False), "gamma"),
        (lambda: spectral.PowerLaw(0.1, True, 1.0), "exponent"),
        (lambda: spectral.Flat("0.5"), "value"),
    ],
)
def test_spectral_densities_refuse_non_numbers_by_name(build, name):
    with pytest.raises(TypeError, match=rf"{name} must be a real number"):
        build()


@pytest.mark.parametrize("value, error", [(True, TypeError), ("4", TypeError), (0, ValueError)])
def test_analytic_expansions_refuse_bad_exponent_counts_by_name(value, error):
    bath = nl.Bath("sx", spectral.DrudeLorentz(0.05, 1.0), 1.0, "b")
    with pytest.raises(error, match="n_exponents"):
        decompose(bath, value)
    with pytest.raises(error, match="n_exponents"):
        approximate(bath, "matsubara", n_exponents=value)


def test_drude_lorentz_correlation_at_zero_is_infinite_without_warnings():
    """Re C(0) = (1/π) ∫ 2λγω/(ω² + γ²) coth(ω/2T) dω diverges logarithmically."""
    bath = nl.Bath("sx", spectral.DrudeLorentz(0.1, 1.0), 1.0, "b")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = correlation_function(bath, [0.0, 0.5])
    assert values[0].real == np.inf and values[0].imag == 0.0
    assert np.isfinite(values[1])
    assert zero_time_diverges(spectral.Flat(0.5))


def test_a_convergent_correlation_at_zero_stays_the_exact_finite_value():
    """Ohmic at T = 0: Re C(0) = (1/π) ∫ η ω e^{−ω/ω_c} dω = η ω_c² / π."""
    bath = nl.Bath("sx", spectral.Ohmic(0.1, 2.0), 0.0, "b")
    assert not zero_time_diverges(bath.spectral_density)
    assert correlation_function(bath, [0.0])[0] == pytest.approx(0.1 * 4.0 / np.pi, rel=1e-10)
