"""Exact open dynamics of seed 003's few-spin model (the check of the adiabatic elimination)."""

import numpy as np
import pytest
import scipy.linalg as la

from nesslab.analysis.elimination_check import (
    configurations,
    exact_spin_dynamics,
    fock_convergence,
    fock_cutoff,
)
from nesslab.analysis.flip_rates import spin_flip_rates

G = [2.0, -1.2]
SPECS = dict(omega=1.0, gamma=11.0, kappa=1.0)  # η = 10, κ = 1 (SPECS §3.4)
ORDER = [3, 1, 0, 2]  # state codes of (↑↑, ↑↓, ↓↓, ↓↑)
EXACT = {
    10.0: [0.0130, 0.0617, 0.7973, 0.1281],
    50.0: [0.1158, 0.1650, 0.4191, 0.3000],
    200.0: [0.2353, 0.2460, 0.2537, 0.2650],
}
STATIONARY = [0.2445, 0.2555, 0.2445, 0.2555]  # "t ≥ 10³"


def classical(couplings, drive, times):
    """The rate equation of the eliminated model: dense generator over the state codes."""
    rates = spin_flip_rates(couplings, drive=drive, **SPECS)
    configs = configurations(len(couplings))
    size = configs.shape[0]
    generator = np.zeros((size, size))
    for spin in range(len(couplings)):
        out = rates.rate(spin, configs)
        generator[np.arange(size) ^ (1 << spin), np.arange(size)] += out
        generator[np.arange(size), np.arange(size)] -= out
    values, vectors = la.eig(generator)
    stationary = np.real(vectors[:, np.argmin(np.abs(values))])
    start = np.eye(size)[0]  # all spins down
    return stationary / stationary.sum(), [la.expm(generator * t) @ start for t in times]


def test_configurations_are_in_state_code_order():
    configs = configurations(3)
    codes = ((configs > 0) * (1 << np.arange(3))).sum(axis=1)
    np.testing.assert_array_equal(codes, np.arange(8))
    assert configs.dtype == np.int8 and np.all(configs[0] == -1)


def test_exact_populations_of_specs_at_t10_and_stationary():
    """SPECS §3.4 exact column (g = (2, −1.2), N_F = 14, boson from the ↓↓-sector state)."""
    result = exact_spin_dynamics(G, drive=0.1, times=[10.0], n_fock=14, **SPECS)
    np.testing.assert_allclose(result.populations[0][ORDER], EXACT[10.0], atol=5.1e-5)
    np.testing.assert_allclose(result.stationary[ORDER], STATIONARY, atol=5.1e-5)
    assert result.populations.sum() == pytest.approx(1.0, abs=1e-10)
    assert result.stationary.sum() == pytest.approx(1.0, abs=1e-10)
    assert np.all(result.populations >= 0) and np.all(result.stationary >= 0)
    assert (result.n_fock, result.initial_boson) == (14, "sector")


@pytest.mark.slow
def test_exact_populations_of_specs_at_t50_and_t200():
    result = exact_spin_dynamics(G, drive=0.1, times=[50.0, 200.0], n_fock=14, **SPECS)
    for row, t in zip(result.populations, (50.0, 200.0), strict=True):
        np.testing.assert_allclose(row[ORDER], EXACT[t], atol=5.1e-5)


def test_fock_cutoff_rule():
    """Displacement (Σ|g| + 2 max|g|)/|ω − iΓ/2| and occupation κ/Γ: N_F = 14 for SPECS §3.4
    (its choice), growing with the couplings and with the pumping."""
    assert fock_cutoff(G, **SPECS) == 14
    assert fock_cutoff([4.0, -2.4], **SPECS) > 14
    assert fock_cutoff(G, omega=1.0, gamma=1.1, kappa=1.0) > 100  # η = 0.1: n_th = 10
    assert fock_cutoff([0.01], omega=1.0, gamma=2.0, kappa=0.0) == 8  # the floor


def test_fock_cutoff_is_converged():
    change = fock_convergence(G, drive=0.1, times=[2.0], **SPECS)
    assert change.n_fock == (14, 18)
    assert change.dynamics < 1e-9 and change.stationary < 1e-9


def test_initial_boson_matters_only_while_the_mode_relaxes():
    """Vacuum vs ↓↓-sector state: the mode relaxes within ~2/Γ, during which the flip rate out of
    ↓↓ changes by at most its own size, so the populations differ by ≲ W_out · 2/Γ."""
    times = [0.5, 10.0]
    vacuum = exact_spin_dynamics(G, drive=0.1, times=times, initial_boson="vacuum", **SPECS)
    sector = exact_spin_dynamics(G, drive=0.1, times=times, **SPECS)
    rates = spin_flip_rates(G, drive=0.1, **SPECS)
    down = np.array([[-1, -1]])
    out = rates.rate(0, down)[0] + rates.rate(1, down)[0]
    difference = np.abs(vacuum.populations - sector.populations).max()
    assert 0 < difference < out * 2 / (SPECS["gamma"] - SPECS["kappa"])
    np.testing.assert_allclose(vacuum.stationary, sector.stationary, atol=1e-12)


def test_exact_stationary_state_approaches_the_classical_one_as_omega_squared():
    """N = 2: |p_exact − p_classical| of the steady state is 1.5e-5 at Ω = 0.1 (the SPECS
    values agree to their 4 digits) and falls as Ω², the next order of the elimination."""
    deviations = []
    for drive in (0.1, 0.05):
        exact = exact_spin_dynamics(G, drive=drive, times=[0.0], **SPECS)
        stationary, _ = classical(G, drive, [])
        deviations.append(np.abs(exact.stationary - stationary).max())
    assert deviations[0] < 1e-4
    assert deviations[0] / deviations[1] == pytest.approx(4, rel=0.05)


@pytest.mark.slow
def test_exact_dynamics_approaches_the_classical_one_as_omega_squared():
    """At equal Ω²t the deviation of p(σ, t) is ~1e-2 at Ω = 0.1 (t = 10) — within the
    perturbative error Ω t_L = 0.075 of the weaker spin — and falls as Ω²."""
    deviations = []
    for drive in (0.1, 0.05):
        t = 10.0 * (0.1 / drive) ** 2
        exact = exact_spin_dynamics(G, drive=drive, times=[t], **SPECS)
        _, (populations,) = classical(G, drive, [t])
        deviations.append(np.abs(exact.populations[0] - populations).max())
    margin = spin_flip_rates(G, drive=0.1, **SPECS).elimination_margins.min()
    assert deviations[0] < 1 / margin
    assert deviations[0] / deviations[1] == pytest.approx(4, rel=0.05)


@pytest.mark.slow
def test_three_spins():
    couplings = [1.2, -1.0, 0.9]  # N_F = 11 (g = (2, −1.2, 0.8) needs 16: 10 s of sparse LU)
    exact = exact_spin_dynamics(couplings, drive=0.1, times=[5.0], **SPECS)
    stationary, (populations,) = classical(couplings, 0.1, [5.0])
    assert exact.n_fock == 11 and exact.populations.shape == (1, 8)
    assert np.abs(exact.stationary - stationary).max() < 1e-4
    margin = spin_flip_rates(couplings, drive=0.1, **SPECS).elimination_margins.min()
    assert np.abs(exact.populations[0] - populations).max() < 1 / margin


def test_bad_input():
    with pytest.raises(ValueError, match="initial_boson"):
        exact_spin_dynamics(G, drive=0.1, times=[1.0], initial_boson="thermal", **SPECS)
    with pytest.raises(ValueError, match="times"):
        exact_spin_dynamics(G, drive=0.1, times=[2.0, 1.0], **SPECS)
    with pytest.raises(ValueError, match="gamma must exceed"):
        exact_spin_dynamics(G, omega=1.0, drive=0.1, gamma=1.0, kappa=1.0, times=[1.0])
