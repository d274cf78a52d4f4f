"""Kinetic Monte Carlo of spin flips against exact enumeration and closed forms."""

import numpy as np
import pytest

from nesslab.analysis.classical import kinetic_monte_carlo, rate_dynamics, spin_flip_generator

from classical_models import ising

TIMES = np.array([0.0, 0.2, 0.5, 1.0, 2.0, 4.0])


def test_kmc_agrees_with_exact_enumeration_at_ten_spins_within_three_standard_errors():
    rates = ising(10, beta=0.8, seed=12)
    exact = rate_dynamics(spin_flip_generator(rates), 0, TIMES, method="krylov")
    sampled = kinetic_monte_carlo(rates, TIMES, seed=2019, trajectories=1500)
    assert sampled.trajectories == 1500 and sampled.events > 0
    assert sampled.mean_energy[0] == pytest.approx(exact.mean_energy[0], rel=1e-14)  # no noise
    assert sampled.mean_energy_error[0] < 1e-15
    deviation = np.abs(sampled.mean_energy - exact.mean_energy)[1:]
    assert np.all(deviation < 3 * sampled.mean_energy_error[1:])
    # The energy relaxes by far more than the errors: the comparison has teeth.
    assert abs(exact.mean_energy[-1] - exact.mean_energy[0]) > 10 * sampled.mean_energy_error.max()
    exact_histogram = exact.energy_distribution(bins=8)
    histogram = sampled.energy_distribution(bins=exact_histogram.edges)
    populated = exact_histogram.probabilities[-1] > 0.05
    gap = np.abs(histogram.probabilities[-1] - exact_histogram.probabilities[-1])[populated]
    assert np.all(gap < 3 * histogram.errors[-1][populated])
    assert np.allclose(histogram.probabilities.sum(axis=1), 1.0)


def test_kmc_beyond_enumeration_follows_the_closed_form_of_independent_spins():
    # 60 uncoupled spins with Glauber rates: m_i(t) = m_i^∞ + (−1 − m_i^∞) e^{−a_i t},
    # m_i^∞ = tanh(β h_i), ⟨E⟩ = −Σ h_i m_i.
    attempt = np.linspace(0.5, 2.0, 60)
    rates = ising(60, beta=1.0, seed=13, coupled=False, attempt=attempt)
    sampled = kinetic_monte_carlo(rates, TIMES, seed=5, trajectories=400)
    stationary = np.tanh(rates.fields)
    magnetisation = stationary + (-1 - stationary) * np.exp(-np.outer(TIMES, attempt))
    expected = -magnetisation @ rates.fields
    assert np.all(np.abs(sampled.mean_energy - expected)[1:] < 3 * sampled.mean_energy_error[1:])
    assert sampled.final.shape == (400, 60)


def test_kmc_is_reproducible_from_its_seed():
    rates = ising(8, beta=0.5, seed=14)
    first = kinetic_monte_carlo(rates, TIMES, seed=7, trajectories=50)
    again = kinetic_monte_carlo(rates, TIMES, seed=np.int64(7), trajectories=50)
    other = kinetic_monte_carlo(rates, TIMES, seed=8, trajectories=50)
    assert np.array_equal(first.energies, again.energies) and first.events == again.events
    assert np.array_equal(first.final, again.final) and first.seed == 7
    assert not np.array_equal(first.energies, other.energies)


@pytest.mark.parametrize("seed", [1.5, 3.0, "3", None, True])
def test_kmc_refuses_a_seed_that_is_not_an_int(seed):
    with pytest.raises(TypeError, match="seed must be an int"):
        kinetic_monte_carlo(ising(3), TIMES, seed=seed, trajectories=4)


def test_kmc_refuses_bad_arguments_and_runaway_runs():
    rates = ising(3)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        kinetic_monte_carlo(rates, TIMES, seed=-1)
    with pytest.raises(ValueError, match="trajectories must be an integer >= 2"):
        kinetic_monte_carlo(rates, TIMES, seed=1, trajectories=1)
    with pytest.raises(ValueError, match="non-decreasing"):
        kinetic_monte_carlo(rates, [0.0, 2.0, 1.0], seed=1)
    with pytest.raises(ValueError, match="spins ±1"):
        kinetic_monte_carlo(rates, TIMES, seed=1, initial=[0, 1, 1])
    with pytest.raises(RuntimeError, match="more than max_steps = 3 flips"):
        kinetic_monte_carlo(rates, [0.0, 100.0], seed=1, trajectories=4, max_steps=3)


def test_kmc_from_a_given_configuration_and_with_a_frozen_spin():
    # Spin 0 cannot flip (attempt rate 0): it keeps its initial value in every trajectory.
    rates = ising(4, beta=0.5, seed=15, attempt=[0.0, 1.0, 1.0, 1.0])
    start = np.array([1, -1, 1, -1])
    sampled = kinetic_monte_carlo(rates, TIMES, seed=3, trajectories=30, initial=start)
    assert np.all(sampled.final[:, 0] == 1)
    assert np.allclose(sampled.energies[0], rates.energy(start[None, :])[0])
