"""NIBA heat current of seed 004 at θ = π/2: exact symmetries, the two-phonon limit by
quadrature, the validity warning, and the HEOM at weak coupling (where NIBA must fail)."""

import warnings

import numpy as np
import pytest
import scipy.integrate as si

import nesslab as nl
from nesslab.analysis.validity import ValidityWarning
from nesslab.environment.spectral import DrudeLorentz, power_spectrum
from nesslab.figures.nesb import heom_point, nesb_baths
from nesslab.niba import ZERO_PHONON_LIMIT, niba_heat_current

DELTA = 0.05


def niba(alpha, temperatures=(1.0, 0.9), delta=DELTA):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ValidityWarning)
        return niba_heat_current(delta, *nesb_baths((alpha, alpha), temperatures))


def test_no_current_at_equal_temperatures_and_a_sign_change_when_they_are_swapped():
    forward, backward = niba(2.0, (1.0, 0.9)), niba(2.0, (0.9, 1.0))
    assert forward.current > 0  # from the hotter bath 1 into the spin
    assert backward.current == pytest.approx(-forward.current, rel=1e-12)
    assert abs(niba(2.0, (1.0, 1.0)).current) < 1e-12 * forward.current
    assert forward.resolution_change < 1e-8
    assert niba(2.0, delta=2 * DELTA).current == pytest.approx(4 * forward.current, rel=1e-12)


def test_the_weak_coupling_limit_is_the_two_phonon_golden_rule_by_quadrature():
    """To lowest order G_ν = Z_ν S_Φν: J₁ = −(Δ²/2π) Z₁Z₂ ∫ ω S_Φ1(ω) S_Φ2(−ω) dω, integrated
    here by QUADPACK (no Fourier transform); the FFT route agrees up to O(α) corrections."""
    alpha = 1e-5
    first, second = nesb_baths((alpha, alpha), (1.0, 0.9))

    def phi_spectrum(bath, omega):
        return 4 * float(power_spectrum(bath.spectral_density, bath.temperature, omega)) / omega**2

    def phi_zero(bath):
        value = si.quad(lambda w: phi_spectrum(bath, w) + phi_spectrum(bath, -w), 0, np.inf)[0]
        return value / (2 * np.pi)

    def integrand(omega):
        return omega * phi_spectrum(first, omega) * phi_spectrum(second, -omega)

    total = sum(si.quad(integrand, a, b, epsrel=1e-12)[0] for a, b in ((-np.inf, 0), (0, np.inf)))
    weight = np.exp(-phi_zero(first) - phi_zero(second))
    expected = -(DELTA**2) / (2 * np.pi) * weight * total
    result = niba(alpha)
    assert result.zero_phonon_weight == pytest.approx(weight, rel=1e-9)
    assert result.current == pytest.approx(expected, rel=1e-4)


def test_weak_coupling_warns_and_is_far_from_the_heom_where_it_warns_not():
    """α = 0.1: Z ≈ 0.47, NIBA misses the coherent tunnelling (the HEOM, converged at depth 5,
    is 20 % higher); by α = 0.5 (Z ≈ 0.02) the two are within 4 %."""
    with pytest.warns(ValidityWarning, match="zero-phonon weight"):
        weak = niba_heat_current(DELTA, *nesb_baths((0.1, 0.1), (1.0, 0.9)))
    assert not weak.valid and weak.zero_phonon_weight > ZERO_PHONON_LIMIT
    heom_weak = heom_point(DELTA, np.pi / 2, (0.1, 0.1), (1.0, 0.9), 5).current
    assert (heom_weak - weak.current) / heom_weak > 0.15
    with warnings.catch_warnings():
        warnings.simplefilter("error", ValidityWarning)
        moderate = niba_heat_current(DELTA, *nesb_baths((0.5, 0.5), (1.0, 0.9)))
    assert moderate.valid
    heom_moderate = heom_point(DELTA, np.pi / 2, (0.5, 0.5), (1.0, 0.9), 6).current
    assert abs(moderate.current - heom_moderate) / heom_moderate < 0.04


def test_bad_input_is_refused():
    baths = nesb_baths((1.0, 1.0), (1.0, 0.9))
    with pytest.raises(ValueError, match="delta"):
        niba_heat_current(-0.1, *baths)
    wrong = nl.Bath("sz", baths[1].spectral_density, 0.9, "2")
    with pytest.raises(ValueError, match="σx"):
        niba_heat_current(DELTA, baths[0], wrong)
    ohmic = nl.Bath("sx", DrudeLorentz(0.1, 1.0), 0.9, "2")
    with pytest.raises(ValueError, match="super-Ohmic"):
        niba_heat_current(DELTA, baths[0], ohmic)
    cold = nl.Bath("sx", baths[1].spectral_density, 0.0, "2")
    with pytest.raises(ValueError, match="temperature"):
        niba_heat_current(DELTA, baths[0], cold)
