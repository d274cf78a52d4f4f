"""Detailed balance of rate equations: loop ratios, the global test, rate ratios and β_eff."""

import math

import numpy as np
import pytest

from nesslab.analysis.classical import (
    RateGenerator,
    detailed_balance,
    effective_inverse_temperature,
    fundamental_affinities,
    hypercube_squares,
    loop_ratio,
    rate_ratios,
    spin_flip_generator,
)

from classical_models import ising, ring_rates

BETAS = np.array([0.3, 1.1, 0.6, 1.6, 0.9, 0.2])


@pytest.mark.parametrize("kind", ["glauber", "metropolis"])
def test_ising_rates_pass_every_detailed_balance_test(kind):
    generator = spin_flip_generator(ising(6, beta=0.8, seed=7, kind=kind))
    for cycles in ("squares", "fundamental"):
        balance = detailed_balance(generator, cycles=cycles)
        assert balance.holds and balance.cycles == cycles and balance.one_way == 0
        assert balance.max_affinity < 1e-13
        assert balance.relative_current < 1e-11
        assert balance.entropy_production < 1e-13
    squares = hypercube_squares(6)
    assert squares.shape == (math.comb(6, 2) * 2**4, 4)
    assert detailed_balance(generator).affinities.size == squares.shape[0]
    # Cycles of the basis and far longer ones: every Kolmogorov ratio is 1.
    assert all(abs(loop_ratio(generator, cycle) - 1) < 1e-13 for cycle in squares[::7])
    long_cycle = [0, 1, 3, 7, 15, 31, 63, 62, 60, 56, 48, 32]
    assert loop_ratio(generator, long_cycle) == pytest.approx(1.0, abs=1e-13)
    # Fundamental cycles: one per edge outside a spanning tree, E − V + 1.
    edges = 6 * 2**5
    assert fundamental_affinities(generator)[0].size == edges - 2**6 + 1


def test_driven_ring_has_the_closed_form_affinity_current_and_entropy_production():
    size, clockwise, counter = 5, 2.0, 0.5
    generator = RateGenerator.from_rates(ring_rates(size, clockwise, counter))
    ring = list(range(size))
    assert loop_ratio(generator, ring) == pytest.approx((clockwise / counter) ** size, rel=1e-14)
    assert loop_ratio(generator, ring[::-1] + [4]) == pytest.approx((counter / clockwise) ** size)
    balance = detailed_balance(generator)
    assert not balance.holds and balance.cycles == "fundamental"
    # The only cycle is the ring, in one orientation or the other.
    assert balance.affinities.size == 1
    expected = size * np.log(clockwise / counter)
    assert abs(balance.affinities[0]) == pytest.approx(expected, rel=1e-14)
    assert np.allclose(balance.stationary.probabilities, 1 / size, atol=1e-15)
    # Uniform π: every edge carries J = (k₊ − k₋)/n clockwise; Σ = (k₊ − k₋) ln(k₊/k₋).
    pairs = balance.transitions
    clockwise_edge = (pairs.target - pairs.source) % size == 1
    oriented = np.where(clockwise_edge, balance.currents, -balance.currents)
    assert np.allclose(oriented, (clockwise - counter) / size, rtol=1e-13)
    expected = (clockwise - counter) * np.log(clockwise / counter)
    assert balance.entropy_production == pytest.approx(expected, rel=1e-13)


def test_spin_dependent_temperatures_break_detailed_balance_and_both_tests_agree():
    generator = spin_flip_generator(ising(6, beta=BETAS, seed=8))
    balance = detailed_balance(generator)
    assert not balance.holds and balance.max_affinity > 0.1
    assert balance.relative_current > 1e-2 and balance.entropy_production > 0
    # The global test's affinities are the logs of the loop ratios of the same squares.
    squares = hypercube_squares(6)
    ratios = np.array([loop_ratio(generator, cycle) for cycle in squares])
    assert np.allclose(balance.loop_ratios, ratios, rtol=1e-12, atol=0)
    # Schnakenberg: Σ = Σ over the fundamental cycles of (chord current) × (cycle affinity).
    affinities, chords = fundamental_affinities(generator, balance.transitions)
    assert np.abs(affinities).max() > 0.1
    schnakenberg = float(balance.currents[chords] @ affinities)
    assert schnakenberg == pytest.approx(balance.entropy_production, rel=1e-10)


def test_uncoupled_spins_at_different_temperatures_are_still_balanced():
    # Each spin equilibrates with its own bath; with no coupling no cycle carries a current.
    generator = spin_flip_generator(ising(5, beta=BETAS[:5], seed=9, coupled=False))
    balance = detailed_balance(generator)
    assert balance.holds and balance.entropy_production < 1e-14
    assert balance.relative_current < 1e-11


def test_a_one_way_transition_breaks_detailed_balance_infinitely():
    rates = ring_rates(3, 1.0, 1.0)
    rates[0, 2] = 0.0  # 2 → 0 only backwards
    generator = RateGenerator.from_rates(rates)
    assert loop_ratio(generator, [0, 1, 2]) == 0.0
    assert loop_ratio(generator, [2, 1, 0]) == np.inf
    balance = detailed_balance(generator)
    assert not balance.holds and balance.one_way == 1
    assert balance.entropy_production == np.inf


def test_loop_ratio_refuses_what_is_not_a_cycle():
    generator = RateGenerator.from_rates(ring_rates(4, 1.0, 2.0))
    with pytest.raises(ValueError, match="at least three distinct states"):
        loop_ratio(generator, [0, 1])
    with pytest.raises(ValueError, match="no rate joins states 0 and 2"):
        loop_ratio(generator, [0, 2, 3])
    with pytest.raises(ValueError, match="outside 0 … 3"):
        loop_ratio(generator, [0, 1, 4])
    with pytest.raises(ValueError, match="unknown cycles"):
        detailed_balance(generator, cycles="triangles")
    with pytest.raises(ValueError, match="tolerance must be > 0"):
        detailed_balance(generator, tolerance=0.0)


def test_rate_ratios_give_the_temperature_of_detailed_balance_rates():
    rates = ising(6, beta=0.7, seed=10, kind="metropolis")
    generator = spin_flip_generator(rates)
    ratios = rate_ratios(generator)
    assert ratios.delta_energy.size == 6 * 2**5 and np.all(ratios.delta_energy >= 0)
    assert np.allclose(ratios.log_ratio, -0.7 * ratios.delta_energy, atol=1e-13)
    assert np.array_equal(ratios.spin, np.log2(ratios.source ^ ratios.target).astype(int))
    # The uphill move of each pair is the flip whose ΔE_i is the listed one.
    first = generator.energies[ratios.target] - generator.energies[ratios.source]
    assert np.allclose(first, ratios.delta_energy)
    fit = effective_inverse_temperature(ratios)
    assert fit.beta == pytest.approx(0.7, rel=1e-13) and fit.rms_residual < 1e-13
    assert fit.count == np.count_nonzero(ratios.delta_energy > 0)
    assert fit.temperature == pytest.approx(1 / 0.7)


def test_spin_dependent_temperatures_are_recovered_spin_by_spin():
    generator = spin_flip_generator(ising(6, beta=BETAS, seed=11))
    ratios = rate_ratios(generator)
    for spin, beta in enumerate(BETAS):
        fit = effective_inverse_temperature(ratios, spin=spin)
        assert fit.beta == pytest.approx(beta, rel=1e-12) and fit.standard_error < 1e-12
    overall = effective_inverse_temperature(ratios)
    assert BETAS.min() < overall.beta < BETAS.max()
    assert overall.rms_residual > 0.1 and overall.standard_error > 1e-3
    small = effective_inverse_temperature(ratios, max_energy=1.0)
    assert small.count == np.count_nonzero((ratios.delta_energy > 0) & (ratios.delta_energy <= 1))
    with pytest.raises(ValueError, match="no transition"):
        effective_inverse_temperature(ratios, max_energy=0.0)
    no_energies = RateGenerator.from_rates(ring_rates(3, 1.0, 1.0))
    with pytest.raises(ValueError, match="need state energies"):
        rate_ratios(no_energies)
