"""Classical rate equations: generators, stationary state, relaxation spectrum, dynamics, P(E,t)."""

import math

import mpmath
import numpy as np
import pytest
import scipy.linalg as la
import scipy.sparse as sp

import nesslab as nl
from nesslab.analysis.classical import (
    RateGenerator,
    closed_classes,
    configuration_index,
    detailed_balance,
    energy_distribution,
    rate_dynamics,
    relaxation_spectrum,
    spin_configurations,
    spin_flip_generator,
    stationary_distribution,
)
from nesslab.limits import ResourceLimitError
from nesslab.solve.linalg import NonUniqueSteadyStateError

from classical_models import boltzmann, ising
from setups import ohmic_baths, rabi_small_system


def driven(n=5, seed=3):
    """An interacting spin generator without detailed balance (spin-dependent temperatures)."""
    return spin_flip_generator(ising(n, beta=np.linspace(0.2, 1.6, n), seed=seed))


def svd_null_vector(generator):
    _, singular, vh = la.svd(generator.matrix.toarray())
    assert singular[-1] < 1e-13 * singular[0] < singular[-2]
    vector = vh[-1]
    return vector / vector.sum()


# --- the generator and its conventions --------------------------------------------------------


def test_from_rates_builds_the_column_convention_and_ignores_the_diagonal():
    rates = np.array([[5.0, 2.0, 0.0], [1.0, -7.0, 3.0], [0.5, 0.0, 0.0]])
    generator = RateGenerator.from_rates(rates, energies=[0, 1, 2], labels="abc")
    expected = np.array([[-1.5, 2.0, 0.0], [1.0, -2.0, 3.0], [0.5, 0.0, -3.0]])
    assert np.array_equal(generator.matrix.toarray(), expected)
    assert np.allclose(generator.matrix.sum(axis=0), 0.0)
    assert np.array_equal(generator.escape_rates, [1.5, 2.0, 3.0])
    assert generator.labels == ("a", "b", "c") and generator.state_name(2) == "c"
    sparse = RateGenerator.from_rates(sp.coo_matrix(rates))
    assert np.array_equal(sparse.matrix.toarray(), expected)
    pairs = generator.transitions()
    # (0,1): 0→1 at 1, 1→0 at 2; (0,2): 0→2 at 0.5, 2→0 never; (1,2): 1→2 never, 2→1 at 3.
    assert pairs.source.tolist() == [0, 0, 1] and pairs.target.tolist() == [1, 2, 2]
    assert pairs.forward.tolist() == [1.0, 0.5, 0.0] and pairs.backward.tolist() == [2.0, 0.0, 3.0]


@pytest.mark.parametrize(
    ("rates", "error", "match"),
    [
        ([[0, -1e-3], [1, 0]], ValueError, r"negative rates, e.g. matrix\[0, 1\] = -0.001"),
        ([[0, np.nan], [1, 0]], ValueError, r"non-finite entries, e.g. matrix\[0, 1\]"),
        ([[0, np.inf], [1, 0]], ValueError, "non-finite"),
        ([[0, 1, 2], [1, 0, 2]], ValueError, "square"),
        ([[0, 1j], [1, 0]], TypeError, "real rates"),
    ],
)
def test_from_rates_refuses_bad_rates_by_name(rates, error, match):
    with pytest.raises(error, match=match):
        RateGenerator.from_rates(np.array(rates))


def test_generator_refuses_bad_energies_labels_and_matrices():
    rates = np.ones((3, 3))
    with pytest.raises(ValueError, match="energies must be 3 finite numbers"):
        RateGenerator.from_rates(rates, energies=[0, 1])
    with pytest.raises(ValueError, match="labels must name all 3 states"):
        RateGenerator.from_rates(rates, labels=["a"])
    with pytest.raises(ValueError, match="columns of matrix must sum to zero"):
        RateGenerator(sp.csr_matrix(rates))


def test_spin_codes_are_the_documented_bits():
    configurations = spin_configurations(3)
    assert configurations.shape == (8, 3)
    assert configurations[0].tolist() == [-1, -1, -1] and configurations[7].tolist() == [1, 1, 1]
    assert configurations[0b110].tolist() == [-1, 1, 1]
    assert np.array_equal(configuration_index(configurations), np.arange(8))
    assert configuration_index([1, -1, -1]) == 1
    with pytest.raises(ValueError, match="±1"):
        configuration_index([0, 1, 1])


def test_spin_flip_generator_holds_every_flip_rate_at_its_code():
    rates = ising(4, beta=0.8, seed=1)
    generator = spin_flip_generator(rates)
    dense = generator.matrix.toarray()
    configurations = spin_configurations(4)
    for k, configuration in enumerate(configurations):
        for spin in range(4):
            flipped = configuration.copy()
            flipped[spin] *= -1
            target = configuration_index(flipped)
            assert target == k ^ (1 << spin)
            expected = rates.rate(spin, configuration[None, :])[0]
            assert dense[target, k] == pytest.approx(expected, rel=1e-15)
    assert np.count_nonzero(dense - np.diag(np.diag(dense))) == 4 * 16
    assert np.allclose(dense.sum(axis=0), 0.0, atol=1e-15)
    assert np.allclose(generator.energies, rates.energy(configurations))
    assert generator.spins == 4


class _Refusing:
    """Rates for N = 30 spins whose evaluation must never happen."""

    n = 30

    def energy(self, configurations):
        raise AssertionError("energies evaluated before the size check")

    def rate(self, spin, configurations):
        raise AssertionError("rates evaluated before the size check")


def test_too_many_spins_are_refused_before_any_work_and_the_sampler_is_suggested():
    with pytest.raises(ResourceLimitError, match="kinetic_monte_carlo") as info:
        spin_flip_generator(_Refusing())
    assert "N = 30 spins" in str(info.value) and info.value.name == "max_memory_mb"
    with pytest.raises(ResourceLimitError, match="max_memory_mb = 0.1"):
        spin_flip_generator(ising(10), max_memory_mb=0.1)


def test_spin_flip_generator_refuses_negative_or_misshapen_rates():
    class Negative:
        n = 2

        def energy(self, configurations):
            return np.zeros(len(configurations))

        def rate(self, spin, configurations):
            return np.full(len(configurations), -1.0)

    with pytest.raises(ValueError, match=r"rates.rate\(0, configurations\) returned 4 negative"):
        spin_flip_generator(Negative())
    Negative.rate = lambda self, spin, configurations: np.ones(3)
    with pytest.raises(ValueError, match=r"shape \(4,\), got \(3,\)"):
        spin_flip_generator(Negative())


# --- stationary distribution ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["glauber", "metropolis"])
@pytest.mark.parametrize("method", ["dense", "direct", "iterative"])
def test_detailed_balance_rates_have_the_boltzmann_stationary_state(kind, method):
    rates = ising(8, beta=0.9, seed=2, kind=kind)
    generator = spin_flip_generator(rates)
    stationary = stationary_distribution(generator, method=method)
    expected = boltzmann(generator.energies, 0.9)
    assert np.abs(stationary.probabilities - expected).max() < 1e-12
    assert stationary.method == method and stationary.residual < 1e-13
    assert stationary.transient == 0
    assert stationary.mean(generator.energies) == pytest.approx(expected @ generator.energies)


@pytest.mark.parametrize("method", ["auto", "dense", "direct", "iterative"])
def test_stationary_state_is_the_svd_null_vector_without_detailed_balance(method):
    generator = driven()
    reference = svd_null_vector(generator)
    stationary = stationary_distribution(generator, method=method)
    assert np.abs(stationary.probabilities - reference).max() < 1e-13
    # It is not the Boltzmann state of any of the spin temperatures.
    assert np.abs(stationary.probabilities - boltzmann(generator.energies, 0.9)).max() > 1e-3


def test_reducible_generators_are_refused_and_transient_states_get_no_weight():
    blocks = sp.block_diag([np.ones((2, 2)), np.ones((3, 3))])
    with pytest.raises(NonUniqueSteadyStateError, match="2 closed classes"):
        stationary_distribution(RateGenerator.from_rates(blocks, labels="abcde"))
    # 0 → 1 → 2 ⇄ 3: states 0 and 1 are transient, {2, 3} the closed class.
    chain = np.zeros((4, 4))
    chain[1, 0], chain[2, 1], chain[3, 2], chain[2, 3] = 1.0, 2.0, 1.0, 3.0
    generator = RateGenerator.from_rates(chain)
    assert [members.tolist() for members in closed_classes(generator)] == [[2, 3]]
    stationary = stationary_distribution(generator)
    assert np.allclose(stationary.probabilities, [0, 0, 0.75, 0.25], atol=1e-15)
    assert stationary.transient == 2
    with pytest.raises(ValueError, match="unknown method 'lu'"):
        stationary_distribution(generator, method="lu")


# --- relaxation spectrum ----------------------------------------------------------------------


def independent_spins(attempt):
    rates = ising(len(attempt), beta=0.7, seed=4, coupled=False, attempt=attempt)
    return spin_flip_generator(rates)


def test_independent_spins_relax_with_the_sums_of_their_flip_rates():
    # Glauber: the up and down rates of a spin add up to its attempt rate a_i, whatever the
    # field, so the modes are e^{−Σ_{i∈S} a_i t} over the subsets S of spins.
    attempt = np.array([0.3, 1.0, 1.7, 2.9, 4.1])
    generator = independent_spins(attempt)
    subsets = np.array([[(k >> i) & 1 for i in range(5)] for k in range(32)])
    expected = np.sort(subsets @ attempt)[1:]
    dense = relaxation_spectrum(generator)
    assert dense.stationary_modes == 1 and dense.method == "dense"
    assert np.abs(dense.rates - expected).max() < 1e-12
    assert np.abs(dense.eigenvalues.imag).max() < 1e-12
    assert dense.slowest_rate == pytest.approx(0.3)
    assert dense.relaxation_time == pytest.approx(1 / 0.3)
    sparse = relaxation_spectrum(generator, 4, method="sparse")
    assert np.abs(sparse.rates - expected[:4]).max() < 1e-10
    with pytest.raises(ValueError, match="needs count"):
        relaxation_spectrum(generator, method="sparse")


# --- dynamics and energy distributions --------------------------------------------------------


@pytest.mark.parametrize("method", ["spectral", "krylov"])
@pytest.mark.parametrize("grid", ["uniform", "log"])
def test_dynamics_of_independent_spins_is_the_product_of_two_level_relaxations(method, grid):
    attempt = np.array([0.3, 1.0, 2.9, 4.1])
    generator = independent_spins(attempt)
    rates = ising(4, beta=0.7, seed=4, coupled=False, attempt=attempt)
    times = np.linspace(0, 5, 11)
    if grid == "log":
        times = np.concatenate([[0], np.geomspace(1e-2, 30, 12)])
    dynamics = rate_dynamics(generator, 0, times, method=method)
    # P(up_i, t) = q_i (1 − e^{−a_i t}) from spin down, q_i = 1/(1 + e^{−2βh_i}).
    up = 1 / (1 + np.exp(-2 * 0.7 * rates.fields))
    p_up = up * (1 - np.exp(-np.outer(times, attempt)))
    bits = spin_configurations(4) > 0
    expected = np.prod(np.where(bits[None], p_up[:, None, :], 1 - p_up[:, None, :]), axis=2)
    assert np.abs(dynamics.probabilities - expected).max() < 1e-12
    assert dynamics.method == method


@pytest.mark.parametrize("method", ["spectral", "krylov"])
def test_dynamics_matches_a_dense_matrix_exponential(method):
    generator = driven()
    start = np.random.default_rng(5).random(generator.size)
    start /= start.sum()
    times = np.array([0.0, 0.1, 0.7, 3.0, 11.0])
    dynamics = rate_dynamics(generator, start, times, method=method)
    dense = generator.matrix.toarray()
    expected = np.array([la.expm(dense * t) @ start for t in times])
    assert np.abs(dynamics.probabilities - expected).max() < 1e-12


def test_spectral_dynamics_reaches_the_stationary_state_at_extreme_times():
    # Rates spanning 1 … 1e-7, times to 1e9: scipy's expm loses digits to its squarings at
    # ‖G‖t = 1e9, so the reference is mpmath's at 40 digits.
    rates = np.array([[0, 1.0, 0], [1e-7, 0, 1.0], [0, 0.5, 0]])
    generator = RateGenerator.from_rates(rates)
    times = np.concatenate([[0], np.geomspace(1e-1, 1e9, 21)])
    dynamics = rate_dynamics(generator, 0, times)
    with mpmath.workdps(40):
        dense = mpmath.matrix(generator.matrix.toarray().tolist())
        expected = np.array(
            [[float(x) for x in mpmath.expm(dense * t)[:, 0]] for t in times.tolist()]
        )
    assert dynamics.method == "spectral"
    assert np.abs(dynamics.probabilities - expected).max() < 1e-14
    # The stationary state 1 : 1e-7 : 0.5e-7 (detailed balance along the chain).
    pi = np.array([1.0, 1e-7, 0.5e-7]) / 1.00000015
    assert np.abs(dynamics.probabilities[-1] - pi).max() < 1e-15
    assert np.abs(stationary_distribution(generator).probabilities - pi).max() < 1e-15


def test_defective_generators_fall_back_to_expm_with_a_warning():
    # 0 → 1 → 2 at equal rates: a Jordan block, P = (e^{−t}, t e^{−t}, rest).
    rates = np.zeros((3, 3))
    rates[1, 0] = rates[2, 1] = 1.0
    times = np.array([0.0, 0.5, 2.0, 7.0])
    with pytest.warns(RuntimeWarning, match="ill-conditioned"):
        dynamics = rate_dynamics(RateGenerator.from_rates(rates), 0, times, method="spectral")
    assert dynamics.method == "expm"
    first, second = np.exp(-times), times * np.exp(-times)
    expected = np.stack([first, second, 1 - first - second], axis=1)
    assert np.abs(dynamics.probabilities - expected).max() < 1e-14


def test_dynamics_refuses_bad_initial_states_and_times():
    generator = RateGenerator.from_rates(np.ones((3, 3)))
    with pytest.raises(ValueError, match="sum to 1"):
        rate_dynamics(generator, [0.5, 0.2, 0.2], [0, 1])
    with pytest.raises(ValueError, match="finite and >= 0"):
        rate_dynamics(generator, [1.5, -0.5, 0.0], [0, 1])
    with pytest.raises(ValueError, match="not one of the 3 states"):
        rate_dynamics(generator, 3, [0, 1])
    with pytest.raises(ValueError, match="non-decreasing"):
        rate_dynamics(generator, 0, [0, 2, 1])
    with pytest.raises(ValueError, match="unknown method 'rk4'"):
        rate_dynamics(generator, 0, [0, 1], method="rk4")
    with pytest.raises(ValueError, match="no state energies"):
        rate_dynamics(generator, 0, [0, 1]).mean_energy  # noqa: B018


def test_energy_distribution_bins_the_state_probabilities():
    generator = spin_flip_generator(ising(6, beta=0.5, seed=6))
    dynamics = rate_dynamics(generator, 0, [0.0, 0.5, 2.0, 40.0])
    binned = dynamics.energy_distribution(bins=7)
    energies = generator.energies
    edges = np.linspace(energies.min(), energies.max(), 8)
    for row, probabilities in zip(binned.probabilities, dynamics.probabilities, strict=True):
        for b in range(7):
            inside = (energies >= edges[b]) & ((energies < edges[b + 1]) | (b == 6))
            assert row[b] == pytest.approx(probabilities[inside].sum(), abs=1e-15)
    assert np.allclose(binned.probabilities.sum(axis=1), 1.0)
    assert np.allclose(binned.mean, dynamics.probabilities @ energies)
    assert np.allclose(binned.mean, dynamics.mean_energy)
    assert binned.probabilities[0, np.searchsorted(edges, energies[0], side="right") - 1] == 1.0
    stationary = stationary_distribution(generator).probabilities
    assert np.abs(dynamics.probabilities[-1] - stationary).max() < 1e-10
    assert np.allclose(binned.density * np.diff(binned.edges), binned.probabilities)
    with pytest.raises(ValueError, match="leave out energies"):
        energy_distribution(stationary, energies, bins=[0.0, 1.0])


# --- nesslab's own Pauli rate equation --------------------------------------------------------


def test_from_pauli_has_the_stationary_populations_of_nesslab_steady_state():
    system = rabi_small_system()
    # accuracy: the secular approximation's own validity (3e-4 here) is not under test.
    pauli = nl.generator(system, ohmic_baths(0.6, 0.2), "pauli", accuracy=1e-3)
    classical = RateGenerator.from_pauli(pauli)
    assert np.array_equal(classical.energies, system.eigen[0])
    populations = nl.steady_state(pauli).vector.real
    assert np.abs(stationary_distribution(classical).probabilities - populations).max() < 1e-12
    # Two baths at different temperatures drive a net current through the eigenstates.
    assert not detailed_balance(classical).holds


def test_from_pauli_with_one_temperature_is_thermal_and_balanced():
    system = rabi_small_system()
    classical = RateGenerator.from_pauli(nl.generator(system, ohmic_baths(0.4, 0.4), "pauli"))
    gibbs = boltzmann(system.eigen[0], 1 / 0.4)
    assert np.abs(stationary_distribution(classical).probabilities - gibbs).max() < 1e-12
    balance = detailed_balance(classical)
    assert balance.holds and balance.entropy_production < 1e-14
    with pytest.raises(TypeError, match="eigenstate populations"):
        RateGenerator.from_pauli(nl.generator(system, ohmic_baths(0.4, 0.4), "global"))


def test_hypercube_square_count():
    assert math.comb(8, 2) * 2**6 == detailed_balance(spin_flip_generator(ising(8))).affinities.size


def test_seed003_two_spin_effective_dynamics_reproduces_specs():
    # SPECS §3.4 (effective columns, verified): η = 10, κ = ω = 1, Ω = 0.1, g = (2.0, −1.2),
    # from ↓↓; p(↑↑, ↑↓, ↓↓, ↓↑), here in state-code order (↓↓, ↑↓, ↓↑, ↑↑), spin 0 = g₁.
    flip_rates = pytest.importorskip("nesslab.analysis.flip_rates")
    rates = flip_rates.spin_flip_rates([2.0, -1.2], omega=1.0, drive=0.1, gamma=11.0, kappa=1.0)
    generator = spin_flip_generator(rates)
    dynamics = rate_dynamics(generator, 0, [10.0, 50.0, 200.0, 1e3])
    expected = np.array(
        [
            [0.7874, 0.0657, 0.1361, 0.0108],
            [0.4176, 0.1683, 0.3013, 0.1127],
            [0.2538, 0.2460, 0.2651, 0.2351],
            [0.2444, 0.2556, 0.2556, 0.2444],
        ]
    )
    assert np.abs(dynamics.probabilities - expected).max() < 1e-4
    # Unequal |g_i| at intermediate η: the one loop of two spins breaks detailed balance.
    balance = detailed_balance(generator)
    assert not balance.holds and balance.entropy_production > 0
