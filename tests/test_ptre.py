"""NE-PTRE heat current of seed 004 at θ = 0 vs HEOM with fitted expansions; scaling; balance."""

import numpy as np
import pytest

import nesslab as nl
from nesslab.environment.fitting import fit_correlation
from nesslab.environment.spectral import Ohmic, PowerLaw
from nesslab.generators.heom import heom
from nesslab.models.few_body import spin_boson
from nesslab.operators import sigma_x, sigma_z
from nesslab.ptre import ptre_heat_current

from references import ptre_time_domain


def seed004_baths(alpha, t_hot=1.0, t_cold=0.9):
    density = PowerLaw(np.pi * alpha, 3, 1.0, "rational")
    return nl.Bath("sx", density, t_hot, "hot"), nl.Bath("s_theta", density, t_cold, "cold")


@pytest.fixture(scope="module")
def unit_fits():
    """Fits of C(t)/α (C is linear in α): rescaled per α below."""
    return [fit_correlation(b, 30, 300, 1e-4, 10) for b in seed004_baths(1.0)]


def heom_current(alpha, delta, fits, depth=3):
    baths = seed004_baths(alpha)
    expansions = [
        type(f.expansion)(
            alpha * f.expansion.amplitudes,
            f.expansion.rates,
            alpha * f.expansion.conjugate_amplitudes,
            "fit",
        )
        for f in fits
    ]
    generator = heom(spin_boson(delta, 0.0), baths, depth, expansions=expansions)
    currents = nl.heat_currents(generator, nl.steady_state(generator, method="direct"))
    assert currents.first_law_residual < 1e-6
    return currents["hot"]


@pytest.mark.parametrize(("alpha", "delta"), [(0.01, 0.05), (0.005, 0.05), (0.01, 0.1)])
def test_ptre_matches_heom_at_weak_coupling(unit_fits, alpha, delta):
    assert max(f.max_error for f in unit_fits) < 1e-4
    exact = heom_current(alpha, delta, unit_fits)
    ptre = ptre_heat_current(delta, *seed004_baths(alpha))
    assert ptre > 0
    # the NE-PTRE is the leading order O(α²); the HEOM deviates by O(α) relative (≈ 1.6 α)
    assert exact == pytest.approx(ptre, rel=0.05)
    assert abs(exact / ptre - 1) < 3 * alpha


def test_heom_and_ptre_scale_as_alpha_squared(unit_fits):
    alphas = np.array([0.005, 0.01])
    ptre = [ptre_heat_current(0.05, *seed004_baths(a)) for a in alphas]
    exact = [heom_current(a, 0.05, unit_fits) for a in alphas]
    slope = np.diff(np.log(ptre)) / np.diff(np.log(alphas))
    assert slope[0] == pytest.approx(2.0, abs=1e-8)
    slope = np.diff(np.log(exact)) / np.diff(np.log(alphas))
    assert slope[0] == pytest.approx(2.0, abs=0.03)


def test_plateau_at_small_gap():
    """I(Δ → 0) ≠ 0 for θ = 0 and I(Δ) − I(0) ∝ Δ² (seed 004)."""
    baths = seed004_baths(0.01)
    currents = [ptre_heat_current(d, *baths) for d in (0.0, 0.005, 0.01)]
    assert currents[0] > 0
    assert (currents[2] - currents[0]) / (currents[1] - currents[0]) == pytest.approx(4, rel=0.01)


def test_no_current_at_equal_temperatures_and_reversal():
    scale = ptre_heat_current(0.05, *seed004_baths(0.01))
    assert abs(ptre_heat_current(0.05, *seed004_baths(0.01, 0.9, 0.9))) < 1e-12 * scale
    reversed_ = ptre_heat_current(0.05, *seed004_baths(0.01, 0.9, 1.0))
    assert reversed_ < 0


@pytest.mark.slow
@pytest.mark.parametrize("t_cold", [0.9, 1.0])
def test_frequency_form_is_corrected_time_domain_eq6(t_cold):
    """Eq. 6 with ``+2ξ∫(C1ᴵΦ̇ᴵ − C1ᴿΦ̇ᴿ) sin 2Δt`` equals the frequency form; the transcribed
    ``+ C1ᴿΦ̇ᴿ`` does not, and would give a current at equal temperatures."""
    delta = 0.1
    hot, cold = seed004_baths(0.01, 1.0, t_cold)
    times = np.linspace(0, 32, 641)
    scale = ptre_heat_current(delta, *seed004_baths(0.01))
    expected = ptre_heat_current(delta, hot, cold)
    corrected = ptre_time_domain(delta, hot, cold, times)
    transcribed = ptre_time_domain(delta, hot, cold, times, transcribed=True)
    assert corrected == pytest.approx(expected, abs=1e-4 * scale)
    assert abs(transcribed - expected) > 0.1 * scale


def test_bad_input_is_refused():
    hot, cold = seed004_baths(0.01)
    with pytest.raises(ValueError, match="delta"):
        ptre_heat_current(-0.1, hot, cold)
    with pytest.raises(ValueError, match="σz"):
        ptre_heat_current(0.1, hot, nl.Bath(sigma_x(), cold.spectral_density, 0.9, "c"))
    with pytest.raises(ValueError, match="σx"):
        ptre_heat_current(0.1, nl.Bath(sigma_z(), hot.spectral_density, 1.0, "h"), cold)
    with pytest.raises(ValueError, match="super-Ohmic"):
        ptre_heat_current(0.1, hot, nl.Bath(sigma_z(), Ohmic(0.01, 1.0), 0.9, "c"))
    explicit = ptre_heat_current(
        0.1,
        nl.Bath(sigma_x(), hot.spectral_density, 1.0, "h"),
        nl.Bath(sigma_z(), cold.spectral_density, 0.9, "c"),
    )
    assert explicit == ptre_heat_current(0.1, hot, cold)


def test_ptre_rejects_a_rotated_coupling_given_by_name_or_matrix():
    density = PowerLaw(np.pi * 0.01, 3, 1.0, form="rational")
    hot = nl.Bath("sx", density, 1.0, "hot")
    with pytest.raises(ValueError, match="σz"):
        ptre_heat_current(0.1, hot, nl.Bath("sx", density, 0.9, "cold"))
    rotated = spin_boson(0.1, theta=np.pi / 4).op("s_theta")
    with pytest.raises(ValueError, match="σz"):
        ptre_heat_current(0.1, hot, nl.Bath(rotated, density, 0.9, "cold"))
