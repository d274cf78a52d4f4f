"""Seed 003's spin-flip rates (Eq. 3): derivation, quadrature accuracy, regimes, SPECS §3 values."""

import itertools
import warnings

import numpy as np
import pytest
import scipy.linalg as la
from scipy.optimize import brentq
from scipy.sparse.linalg import expm_multiply

import nesslab as nl
from nesslab.analysis.flip_rates import (
    RateParameters,
    coherence_generator,
    contour,
    crossover_constant,
    crossover_gamma_squared,
    flip_rate,
    gaussian_rate,
    laplace_rate,
    power_law_rate,
    rate_with_error,
    small_eta_rate,
    spin_flip_rates,
)
from nesslab.analysis.flip_rates.kernel import shifted_f_s
from nesslab.models import random_couplings
from nesslab.superop import vec

from flip_rate_reference import (
    DEGREES,
    FAST_REFERENCE,
    REFERENCE_GRID,
    reference_rate,
    stored_reference,
)


def params(eta, kappa=1.0, omega=1.0, drive=0.1):
    return RateParameters(omega, drive, kappa + eta * omega, kappa)


def printed_f_s(tau, eta):
    """f, s exactly as printed in Eq. 3 (real τ)."""
    damp = np.exp(-eta * tau / 2)
    f = (8 - 2 * eta**2) / (eta * (eta**2 + 4)) * (1 - damp * np.cos(tau))
    f = f - 8 * damp * np.sin(tau) / (eta**2 + 4)
    s = (4 * eta * (damp * np.cos(tau) - 1) + (eta**2 - 4) * damp * np.sin(tau)) / (eta**2 + 4)
    return f, s


def eq3_integrand(tau, delta_e, g, p):
    f, s = printed_f_s(tau, p.eta)
    a = 2 * g**2 * p.nu / p.omega**2
    b = 16 / (p.omega**2 * (p.eta**2 + 4))
    return np.exp(-a * (f + tau)) * np.cos(b * (delta_e * tau - g**2 * s))


# ---------------------------------------------------------------- derivation and kernel


@pytest.mark.parametrize("eta", [0.02, 1.0, 10.0])
def test_cancellation_free_f_and_s_are_the_printed_ones(eta):
    tau = np.array([0.3, 1.0, 2.5, 7.0, 30.0])
    f, s = printed_f_s(tau, eta)
    f_shifted, s_shifted = shifted_f_s(tau, params(eta))
    np.testing.assert_allclose(f_shifted.real, f + tau, rtol=1e-13)
    np.testing.assert_allclose(s_shifted.real, s + tau, rtol=1e-12)
    assert np.abs(f_shifted.imag).max() == 0 and np.abs(s_shifted.imag).max() == 0


@pytest.mark.parametrize("eta", [0.02, 1.0, 10.0])
@pytest.mark.parametrize("direction", [1.0, 1j])
def test_small_tau_expansions_s10_s11(eta, direction):
    """f + τ = (η²+4)[τ²/(4η) − τ³/24 − (4 − η²)τ⁴/(192η)] + O(τ⁵) and s + τ = (η²+4)τ³/24 −
    η(η²+4)τ⁴/96 + O(τ⁵): the remainders fall as τ⁵ (real and imaginary τ)."""
    tau = direction * np.array([0.02, 0.01])
    f_shifted, s_shifted = shifted_f_s(tau, params(eta))
    q = eta**2 + 4
    f_series = q * (tau**2 / (4 * eta) - tau**3 / 24 - (4 - eta**2) * tau**4 / (192 * eta))
    s_series = q * tau**3 / 24 - eta * q * tau**4 / 96
    for value, series in ((f_shifted, f_series), (s_shifted, s_series)):
        remainder = value - series
        assert abs(remainder[0] / remainder[1]) == pytest.approx(32, rel=0.1)


@pytest.mark.parametrize(
    ("eta", "g", "delta_e", "n_fock"), [(10.0, -1.2, -2.4, 30), (0.5, 0.6, -0.24, 80)]
)
def test_eq3_integrand_is_the_fock_space_coherence(eta, g, delta_e, n_fock):
    """Re Tr[e^{Vt} ρ_σ] (nesslab's boson steady state, V assembled on the Fock space) is Eq. 3's
    integrand at τ = ωt: an independent check of the derivation S1–S8 (Fock cutoffs converged
    to < 1e-10 at these times)."""
    p = params(eta)
    matrix, rho = coherence_generator(delta_e, g, p, n_fock)
    times = np.array([0.0, 0.1, 0.7, 2.0])
    for t in times:
        vector = expm_multiply(matrix.tocsc() * t, vec(rho))
        coherence = np.trace(vector.reshape(rho.shape)).real
        assert coherence == pytest.approx(eq3_integrand(t, delta_e, g, p), rel=1e-9, abs=1e-13)


# ---------------------------------------------------------------- accuracy of the quadrature


@pytest.mark.parametrize(("eta", "g", "delta_e"), FAST_REFERENCE)
def test_rate_matches_high_precision_reference(eta, g, delta_e):
    reference = reference_rate(delta_e, g, eta)
    value, error = rate_with_error(np.array([delta_e]), g, params(eta))
    assert value[0] == pytest.approx(reference, rel=1e-10)
    assert error[0] < 1e-10 * value[0]


def test_stored_reference_is_the_brute_force_one():
    """The stored grid is REFERENCE_GRID, self-consistent between two Gauss–Legendre orders, and
    a cheap point of it (η > 2, where f(∞) < 0) recomputes to the stored value."""
    stored = stored_reference()
    assert [(p["eta"], p["g"], p["delta_e"]) for p in stored] == REFERENCE_GRID
    assert max(p["spread"] for p in stored) < 1e-20
    point = stored[REFERENCE_GRID.index((3.3, 3.8, 9.5))]
    live = reference_rate(point["delta_e"], point["g"], point["eta"], degrees=DEGREES)
    assert live == pytest.approx((point["value"], point["spread"]), rel=1e-15)


def test_rate_matches_high_precision_reference_on_a_grid():
    """Measured against the stored mpmath reference (flip_rate_reference.py): ≤ 4e-14 (η =
    2e-2 … 30, g = 0.05 … 6, W down to 1e-8 of its peak), 9e-13 at η = 1e-3, where γ − κ =
    1.001 − 1 carries 1e-13 of rounding into η and |ln W| ≈ 27 amplifies it."""
    worst = 0.0
    for point in stored_reference():
        eta, g, delta_e = point["eta"], point["g"], point["delta_e"]
        value, error = rate_with_error(np.array([delta_e]), g, params(eta))
        deviation = abs(value[0] / point["value"] - 1)
        assert deviation < 1e-8, (eta, g, delta_e)
        assert error[0] < 1e-8 * value[0]
        worst = max(worst, deviation)
    assert worst < 1e-12


@pytest.mark.parametrize(
    ("eta", "g", "delta_e", "n_fock"),
    [
        (10.0, 2.0, 2.4, 25),
        (10.0, 0.5, -3.0, 25),
        (1.0, 0.7, -0.3, 40),
        (1.0, 1.0, 0.5, 60),
        (0.5, 0.6, -0.24, 60),
    ],
)
def test_contour_quadrature_agrees_with_the_laplace_route(eta, g, delta_e, n_fock):
    p = params(eta)
    laplace = laplace_rate(np.array([delta_e]), g, p, n_fock)[0]
    assert laplace == pytest.approx(laplace_rate(delta_e, g, p, n_fock + 10), rel=1e-10)
    assert flip_rate(np.array([delta_e]), g, p)[0] == pytest.approx(laplace, rel=1e-10)


def test_verified_values_of_specs_by_both_routes():
    """SPECS §3.1: η = 10, κ = 1, g = (2, −1.2), Ω = 0.1, and η = 0.5, g = (0.6, −0.4)."""
    cases = [(10.0, -1.2, -2.4, 1.736127e-2), (10.0, 2.0, 2.4, 7.975178e-3)]
    cases += [(0.5, 0.6, -0.24, 9.673531e-3)]
    for eta, g, delta_e, value in cases:
        p = params(eta)
        assert flip_rate(np.array([delta_e]), g, p)[0] == pytest.approx(value, rel=5e-7)
        assert laplace_rate(delta_e, g, p, 40) == pytest.approx(value, rel=5e-7)


@pytest.mark.parametrize(
    ("eta", "exact", "s14", "eq5"),
    [
        (
            0.02,
            [1.2476e-3, 1.2232e-3, 1.1933e-3, 1.0439e-3, 4.7243e-4],
            [1.2471e-3, 1.2226e-3, 1.1928e-3, 1.0436e-3, 4.7270e-4],
            [1.2533e-3, 1.2285e-3, 1.1982e-3, 1.0469e-3, 4.7038e-4],
        ),
        (
            0.1,
            [2.7430e-3, 2.4953e-3, 2.2149e-3, 1.1628e-3, 2.6496e-5],
            [2.7350e-3, 2.4877e-3, 2.2098e-3, 1.1656e-3, 2.6323e-5],
            None,
        ),
    ],
)
def test_small_eta_tables_of_specs(eta, exact, s14, eq5):
    """SPECS §3.1 (g = 1, Ω = 0.1, κ = 1; ΔE = −1, 0, 0.5, 2, 6), 5 significant digits."""
    delta_e = np.array([-1.0, 0.0, 0.5, 2.0, 6.0])
    p = params(eta)
    np.testing.assert_allclose(flip_rate(delta_e, 1.0, p), exact, rtol=5e-5)
    np.testing.assert_allclose(gaussian_rate(delta_e, 1.0, p), s14, rtol=5e-5)
    if eq5 is not None:
        np.testing.assert_allclose(small_eta_rate(delta_e, 1.0, p), eq5, rtol=5e-5)


def test_vectorised_evaluation_is_the_pointwise_one():
    p = params(0.1)
    delta_e = np.linspace(-20, 20, 41)
    together = flip_rate(delta_e, 1.3, p)
    one_by_one = [flip_rate(np.array([d]), 1.3, p)[0] for d in delta_e[::8]]
    np.testing.assert_allclose(together[::8], one_by_one, rtol=1e-13)
    assert np.all(together > 0)
    assert flip_rate(delta_e.reshape(41, 1), 1.3, p).shape == (41, 1)


# ---------------------------------------------------------------- regimes and approximations


@pytest.mark.parametrize("eta", [0.02, 0.1])
def test_gaussian_form_s14_holds_to_order_eta_at_the_peak(eta):
    p = params(eta)
    exact = flip_rate(np.array([-1.0]), 1.0, p)[0]
    assert abs(gaussian_rate(-1.0, 1.0, p) / exact - 1) < eta


def test_power_law_s21_is_the_large_gamma_limit():
    """W/S21 − 1 falls as Γ⁻² (next real term of the endpoint series S19)."""
    p = params(0.02)
    delta_e = np.array([100.0, 200.0, 400.0, 800.0])
    deviation = flip_rate(delta_e, 1.0, p) / power_law_rate(delta_e, 1.0, p) - 1
    assert abs(deviation[-1]) < 1e-3
    gamma = p.b * (delta_e + 1)
    np.testing.assert_allclose(
        deviation[:-1] / deviation[1:], (gamma[1:] / gamma[:-1]) ** 2, rtol=0.05
    )


def test_crossover_s22_s23():
    """SPECS §3.1: η = 0.01, g = 1: exact Γ² = 25361, S23 (with the corrected 128π) 23977."""
    p = params(0.01)
    assert crossover_constant(1.0, p) == pytest.approx(128 * np.pi * 2.01 / 0.01**3, rel=1e-12)
    exact = crossover_gamma_squared(1.0, p)
    assert exact == pytest.approx(25361, abs=0.5)
    assert crossover_gamma_squared(1.0, p, "S23") == pytest.approx(23977, abs=0.5)
    delta_e = np.sqrt(exact) / p.b - 1  # where S14 and S21 are equal
    assert gaussian_rate(delta_e, 1.0, p) == pytest.approx(
        power_law_rate(delta_e, 1.0, p), rel=1e-10
    )
    with pytest.raises(ValueError, match="do not cross"):
        crossover_gamma_squared(0.5, params(30.0))  # A = 0.12 < (e/2)⁴
    with pytest.raises(ValueError, match="unknown method"):
        crossover_gamma_squared(1.0, p, "newton")


def test_beta_prime_of_s15():
    for eta in (0.01, 0.1, 1.0):
        p = params(eta)
        assert p.beta_prime == pytest.approx(128 * eta / ((2 + eta) * (eta**2 + 4) ** 2))
    # η → 0: the inverse boson temperature η/κ times the 4/ω of the spin energy scale
    assert params(1e-6, kappa=2.0, omega=0.5).beta_prime == pytest.approx(
        4e-6 / (2.0 * 0.5), rel=1e-5
    )


@pytest.mark.parametrize(
    ("eta", "values"),
    [
        (0.01, [-0.0398, -0.0398, -0.0398]),
        (0.03, [-0.1183, -0.1183, -0.1183]),
        (0.1, [-0.3810, -0.3809, -0.3804]),
        (0.3, [-1.0239, -1.0234, -0.9980]),
        (1.0, [-1.94, -1.93, -1.44]),
        (3.0, [-0.69, -0.69, -0.55]),
        (10.0, [-0.0193, -0.0193, -0.0192]),
    ],
)
def test_log_ratio_over_delta_e_of_specs(eta, values):
    """SPECS §3.8 (Fig. 2(e)): log R/ΔE at ΔE = 0.02, 0.5, 3 for g = 1, κ = 1, to the printed
    digits (η = 10 is printed once, −0.0193)."""
    rates = spin_flip_rates([1.0, 0.5], omega=1.0, drive=0.1, gamma=1 + eta, kappa=1.0)
    delta_e = np.array([0.02, 0.5, 3.0])
    digits = 2 if eta in (1.0, 3.0) else 4
    np.testing.assert_allclose(
        np.log(rates.ratio(0, delta_e)) / delta_e, values, atol=0.51 * 10.0**-digits
    )


@pytest.mark.parametrize("eta", [0.05, 0.1, 0.2])
def test_regime_i_is_thermal_at_beta_prime(eta):
    """R_i(ΔE) = e^{−β_eff ΔE} with β_eff fitted over regime (i) (ΔE ≤ g²): β_eff is S15's β'
    to 1.5 %; the text's 4η (its η → 0 limit) is within 5 % only for η ≤ 0.1."""
    rates = spin_flip_rates([1.0, 0.5], omega=1.0, drive=0.1, gamma=1 + eta, kappa=1.0)
    delta_e = np.linspace(0.02, 1.0, 20)
    log_ratio = np.log(rates.ratio(0, delta_e))
    slope, intercept = np.polyfit(delta_e, log_ratio, 1)
    np.testing.assert_allclose(log_ratio, slope * delta_e + intercept, atol=2e-3 * eta)
    assert abs(intercept) < 1e-3 * eta
    beta_eff = -slope
    assert beta_eff == pytest.approx(rates.beta_prime, rel=0.015)
    assert (abs(beta_eff / (4 * eta) - 1) < 0.05) == (eta <= 0.1)


def kolmogorov_ratio(g, eta):
    """Loop (↑↑)→(↑↓)→(↓↓)→(↓↑)→(↑↑): clockwise over counter-clockwise product of the rates."""
    rates = spin_flip_rates(g, omega=1.0, drive=0.1, gamma=1 + eta, kappa=1.0)
    up, down = 1, -1
    loop = [(up, up), (up, down), (down, down), (down, up), (up, up)]
    clockwise = counter = 1.0
    for before, after in itertools.pairwise(loop):
        spin = int(np.flatnonzero(np.array(before) != np.array(after))[0])
        clockwise *= rates.rate(spin, np.array([before]))[0]
        counter *= rates.rate(spin, np.array([after]))[0]
    return clockwise / counter


@pytest.mark.parametrize(
    ("eta", "ratio", "digits"),
    [
        (0.01, 1.00002, 5),
        (0.1, 1.00298, 5),
        (0.5, 0.5749, 4),
        (1.0, 0.2912, 4),
        (2.0, 0.5828, 4),
        (3.0, 1.1559, 4),
        (10.0, 1.0300, 4),
        (30.0, 1.00006, 5),
    ],
)
def test_kolmogorov_ratio_of_specs(eta, ratio, digits):
    """SPECS §3.9 (Fig. 3), g = (1.5, 3.2); the loop product equals [R₂(G)/R₁(G)]², G = g₁g₂."""
    value = kolmogorov_ratio([1.5, 3.2], eta)
    assert value == pytest.approx(ratio, abs=0.51 * 10.0**-digits)
    rates = spin_flip_rates([1.5, 3.2], omega=1.0, drive=0.1, gamma=1 + eta, kappa=1.0)
    assert value == pytest.approx((rates.ratio(1, 4.8) / rates.ratio(0, 4.8)) ** 2, rel=1e-12)


def test_kolmogorov_ratio_crossings_and_limits():
    """Crossings of 1 (SPECS §3.9): η = 2.663 for (1.5, 3.2), 3.29 for (2.5, 3.8), 2.60 for
    (0.8, 3.5), 0.617 and 1.429 for (1.0, 2.0); → 1 for large η (η = 100: to 1e-8)."""
    crossings = [((1.5, 3.2), 2.2, 3.0, 2.663), ((2.5, 3.8), 3.0, 3.6, 3.29)]
    crossings += [((0.8, 3.5), 2.3, 2.9, 2.60), ((1.0, 2.0), 0.3, 1.0, 0.617)]
    crossings += [((1.0, 2.0), 1.0, 2.5, 1.429)]
    for g, low, high, eta in crossings:
        root = brentq(lambda e, g=g: kolmogorov_ratio(list(g), e) - 1, low, high, xtol=1e-5)
        assert root == pytest.approx(eta, abs=0.0011 if eta < 1 else 0.0051)
    assert abs(kolmogorov_ratio([1.5, 3.2], 100.0) - 1) < 1e-8
    assert kolmogorov_ratio([1.5, -1.5], 1.0) == pytest.approx(1.0, rel=1e-12)  # |g₁| = |g₂|


def test_two_spin_effective_dynamics_of_specs():
    """SPECS §3.4 effective column (η = 10, κ = 1, Ω = 0.1, g = (2, −1.2), from ↓↓):
    the 4-state rate equation of these rates, propagated with a dense matrix exponential."""
    rates = spin_flip_rates([2.0, -1.2], omega=1.0, drive=0.1, gamma=11.0, kappa=1.0)
    configurations = np.array([[-1, -1], [1, -1], [-1, 1], [1, 1]])  # state codes 0…3
    generator = np.zeros((4, 4))
    for spin in range(2):
        out = rates.rate(spin, configurations)
        for state in range(4):
            generator[state ^ (1 << spin), state] += out[state]
            generator[state, state] -= out[state]
    start = np.array([1.0, 0, 0, 0])
    order = [3, 1, 0, 2]  # p(↑↑, ↑↓, ↓↓, ↓↑)
    table = {
        10: [0.0108, 0.0657, 0.7874, 0.1361],
        50: [0.1127, 0.1683, 0.4176, 0.3013],
        200: [0.2351, 0.2460, 0.2538, 0.2651],
        1e4: [0.2444, 0.2556, 0.2444, 0.2556],
    }
    for t, values in table.items():
        np.testing.assert_allclose((la.expm(generator * t) @ start)[order], values, atol=6e-5)


# ---------------------------------------------------------------- the interface


def brute_force_energy(g, sigma):
    return (
        -sum(
            g[i] * g[j] * sigma[i] * sigma[j]
            for i in range(len(g))
            for j in range(len(g))
            if i != j
        )
        / 4
    )


def test_energy_and_flip_energy_by_brute_force():
    g = random_couplings(5, 2.0, seed=11)
    rates = spin_flip_rates(g, omega=1.0, drive=0.1, gamma=2.0, kappa=1.0)
    configurations = np.array(list(itertools.product([1, -1], repeat=5)), dtype=np.int8)
    energies = rates.energy(configurations)
    expected = [brute_force_energy(g.values, sigma) for sigma in configurations]
    np.testing.assert_allclose(energies, expected, atol=1e-13)
    np.testing.assert_allclose(energies, rates.energy(-configurations), atol=1e-13)  # E(σ) = E(−σ)
    for spin in range(5):
        flipped = configurations.copy()
        flipped[:, spin] *= -1
        np.testing.assert_allclose(
            rates.flip_energy(spin, configurations), rates.energy(flipped) - energies, atol=1e-12
        )


def test_rate_is_evaluated_once_per_distinct_energy_change(monkeypatch):
    rates = spin_flip_rates([1.0, 1.0, 1.0, 0.7], omega=1.0, drive=0.1, gamma=1.5, kappa=1.0)
    configurations = np.array(list(itertools.product([1, -1], repeat=4)))
    seen = []
    original = contour.contour_integral

    def counting(delta_e, coupling, p):
        seen.append(np.asarray(delta_e).size)
        return original(delta_e, coupling, p)

    monkeypatch.setattr("nesslab.analysis.flip_rates.rates.contour_integral", counting)
    values = rates.rate(3, configurations)
    distinct = np.unique(rates.flip_energy(3, configurations))
    assert seen == [distinct.size] and distinct.size == 4  # ΔE = ±0.7 · (1, 3)
    by_value = rates.rate_of(3, rates.flip_energy(3, configurations))
    np.testing.assert_allclose(values, by_value, rtol=1e-14)


def test_rate_depends_on_the_coupling_only_through_its_square():
    p = params(0.3)
    delta_e = np.array([-2.0, 0.1, 3.0])
    np.testing.assert_allclose(flip_rate(delta_e, 1.7, p), flip_rate(delta_e, -1.7, p), rtol=1e-14)


def test_rates_carry_parameters_and_seed():
    draw = random_couplings(3, 3.0, seed=5)
    rates = spin_flip_rates(draw, omega=1.0, drive=0.1, gamma=11.0, kappa=1.0)
    assert (rates.n, rates.seed) == (3, 5)
    assert rates.eta == 10.0 and rates.theta == pytest.approx(1 / 11)
    assert rates.nu == pytest.approx(4 * 12 / 104)  # SPECS §3.3: ν = 0.46154
    attrs = rates.attrs()
    assert attrs["couplings_seed"] == 5 and attrs["couplings"] == list(draw.values)
    np.testing.assert_allclose(rates.elimination_margins, 2 * draw.values**2 * rates.nu / 0.1)
    assert spin_flip_rates([1.0], omega=1.0, drive=0.1, gamma=2.0, kappa=1.0).seed is None


def test_weakly_coupled_spins_break_the_elimination_with_a_warning():
    """1/(Ω t_L) = 2g²ν/(ωΩ): at η = 10 (ν = 6/13) and Ω = 0.1, g = 0.4 gives 1.48 < 10."""
    good = dict(omega=1.0, gamma=11.0, kappa=1.0)
    with pytest.warns(nl.ValidityWarning, match=r"1 of 2 spins, e\.g\. 1 \(g = 0\.4: 1\.48\)"):
        spin_flip_rates([2.0, 0.4], drive=0.1, **good)
    with warnings.catch_warnings():
        warnings.simplefilter("error", nl.ValidityWarning)
        spin_flip_rates([2.0, 0.4], drive=0.01, **good)  # margin 14.8: a ten times weaker drive


def test_large_eta_rates_become_symmetric_as_eta_to_the_minus_four():
    """η ≫ 1 (Fig. 2(a), infinite temperature): the odd part of Eq. 3's cosine is b g² s =
    O(η⁻³) and is weighed by Λ/a = O(ΔE/(g²η)), so log R_i/ΔE = O(η⁻⁴)."""
    delta_e = np.array([0.5, 2.0, 8.0])
    logs = {}
    for eta in (100.0, 300.0):
        rates = spin_flip_rates([2.0, 1.0], omega=1.0, drive=0.1, gamma=1 + eta, kappa=1.0)
        logs[eta] = np.log(rates.ratio(0, delta_e)) / delta_e
    assert np.all(np.abs(logs[100.0]) < 1e-5)
    np.testing.assert_allclose(np.log(logs[300.0] / logs[100.0]) / np.log(3.0), -4, atol=0.1)


def test_bad_input():
    good = dict(omega=1.0, drive=0.1, gamma=2.0, kappa=1.0)
    with pytest.raises(ValueError, match="gamma must exceed"):
        spin_flip_rates([1.0], omega=1.0, drive=0.1, gamma=1.0, kappa=1.0)
    with pytest.raises(ValueError, match="kappa must be >= 0"):
        spin_flip_rates([1.0], omega=1.0, drive=0.1, gamma=1.0, kappa=-0.5)
    with pytest.raises(ValueError, match="omega must be > 0"):
        spin_flip_rates([1.0], omega=0.0, drive=0.1, gamma=2.0, kappa=1.0)
    with pytest.raises(ValueError, match=r"couplings\[1\] is 0"):
        spin_flip_rates([1.0, 0.0], **good)
    with pytest.raises(ValueError, match="nonzero"):
        flip_rate(np.array([1.0]), 0.0, params(1.0))
    with pytest.raises(ValueError, match="finite"):
        flip_rate(np.array([np.inf]), 1.0, params(1.0))
    rates = spin_flip_rates([1.0, 2.0], **good)
    for bad in (np.array([[1, 0]]), np.array([[1.0, -1.0]]), np.array([[1, -1, 1]])):
        with pytest.raises(ValueError, match="configurations must"):
            rates.rate(0, bad)
    with pytest.raises(ValueError, match="spin must be"):
        rates.rate(2, np.array([[1, -1]]))
    with pytest.raises(ValueError, match="kappa > 0"):
        small_eta_rate(0.0, 1.0, RateParameters(1.0, 0.1, 0.1, 0.0))
