"""Response theory of seed 001: L₁, Φ(t), Φ(∞), heat and entropy, in the Fock/density route."""

import numpy as np
import pytest

import nesslab as nl
from nesslab.analysis.response import (
    ShiftedBohrFrequencyError,
    first_order,
    linear_response,
    perturbation,
)
from nesslab.operators import destroy
from nesslab.spaces.density import rotate_superoperator

from references import bose
from setups import random_hermitian


def single_mode(n_levels=40, omega=1.0, gamma=1.0, nbar=1.0):
    """H = ωN coupled through x to one bath with rate γ at ω (J = γω/2: J(0) = 0)."""
    a = destroy(n_levels)
    x = a + a.conj().T
    system = nl.System(omega * a.conj().T @ a, operators={"x": x})
    temperature = omega / np.log1p(1 / nbar)
    spectral = nl.spectral.PowerLaw(gamma / (2 * omega), 1, 1.0, "none")
    return system, nl.Bath("x", spectral, temperature, "bath"), x


def corrected_steady(nbar, gamma, omega=1.0):
    """Kubo and dissipator parts of d⟨x⟩/dδ for V = ωx³ (SPECS §1.3, corrected Eq. 34)."""
    total = -6 * (2 * nbar + 1)
    kubo = total * 4 * omega**2 / (gamma**2 + 4 * omega**2)
    return kubo, total - kubo


def printed_dissipator(nbar, gamma, omega=1.0):
    """The printed Eq. 32/34: ⟨D₁†(x)⟩ = 3γ(n̄ − 1)(2n̄ + 1) instead of −3γ(2n̄ + 1)."""
    return -(nbar - 1) * corrected_steady(nbar, gamma, omega)[1]


def qubits(t_a, t_b, omega=10.0, g=2.0, gamma=1.0):
    """Seed 001's two qubits, with J = γω/2ω₀ (= γ/2 at ω₀ = ω, and J(0) = 0)."""
    system = nl.models.two_qubits_xy(omega, g)
    spectral = nl.spectral.PowerLaw(gamma / (2 * omega), 1, 1.0, "none")
    baths = [nl.Bath("sx_a", spectral, t_a, "a"), nl.Bath("sx_b", spectral, t_b, "b")]
    return system, baths


def random_model(eta):
    """A random 4-level system between a hot and a cold Ohmic bath (random couplings), and a
    random V with no diagonal in H₀'s eigenbasis (no first-order level shift)."""
    system = nl.System(np.diag([0.0, 0.8, 1.7, 3.1]) + 0.1 * random_hermitian(4, 3))
    spectral = nl.spectral.Ohmic(eta, 5.0)
    baths = [
        nl.Bath(random_hermitian(4, 4), spectral, 1.5, "hot"),
        nl.Bath(random_hermitian(4, 5), spectral, 0.5, "cold"),
    ]
    vectors = system.eigen[1]
    v = vectors.conj().T @ random_hermitian(4, 6) @ vectors
    return system, baths, vectors @ (v - np.diag(np.diag(v))) @ vectors.conj().T


def test_rotation_is_the_first_order_change_of_the_spectral_projectors():
    system = nl.System(np.diag([0.0, 0.7, 1.9, 3.2]) + 0.05 * random_hermitian(4, 1))
    v = random_hermitian(4, 2)
    shift = perturbation(system, v)
    np.testing.assert_allclose(shift.rotation, -shift.rotation.conj().T, atol=1e-14)
    vectors = system.eigen[1]
    h = 1e-6
    for k in range(4):
        projectors = []
        for sign in (1, -1):
            perturbed = nl.System(system.H + sign * h * v).eigen[1][:, k]
            projectors.append(np.outer(perturbed, perturbed.conj()))
        numeric = vectors.conj().T @ ((projectors[0] - projectors[1]) / (2 * h)) @ vectors
        pi = np.zeros((4, 4))
        pi[k, k] = 1
        commutator = shift.rotation @ pi - pi @ shift.rotation
        np.testing.assert_allclose(numeric, commutator, atol=1e-8)
    np.testing.assert_allclose(shift.level_shifts, np.diag(shift.eigen_operator).real)


def test_classification_of_the_papers_perturbations():
    system, bath, x = single_mode(20)
    cubic = perturbation(system, x @ x @ x)
    coupling = [system.eigen[1].conj().T @ x @ system.eigen[1]]
    assert not cubic.shifts_bohr_frequencies(coupling)
    qubit_system, baths = qubits(5.0, 4.0)
    zz = perturbation(qubit_system, qubit_system.op("sz_a") @ qubit_system.op("sz_b"))
    couplings = [
        qubit_system.eigen[1].conj().T @ qubit_system.op(b.coupling) @ qubit_system.eigen[1]
        for b in baths
    ]
    assert zz.shifts_bohr_frequencies(couplings)
    assert zz.transition_shift(couplings) == pytest.approx(2.0)  # ω₁ = ω₋ − 2δΩ …
    assert not perturbation(qubit_system, "sx_a").shifts_bohr_frequencies(couplings)


def test_a_perturbation_that_splits_a_degenerate_level_is_reported():
    system = nl.models.two_qubits_xy(1.0, 0.0)  # |01⟩, |10⟩ degenerate
    split = perturbation(system, system.op("sz_a") - system.op("sz_b"))
    assert split.splitting == pytest.approx(4.0)


def test_first_order_generator_is_the_derivative_of_the_perturbed_davies_generator():
    system, baths = qubits(6.0, 4.0)
    v = system.op("sx_a") + 0.3 * system.op("sy_b")
    first = first_order(system, baths, v)
    vectors = system.eigen[1]
    l1 = rotate_superoperator(first.matrix.toarray(), vectors.conj().T)
    h = 1e-5
    sites = []
    for sign in (1, -1):
        perturbed = nl.System(system.H + sign * h * v, system.dims, system.operators)
        generator = nl.generator(perturbed, baths, "global")
        sites.append(rotate_superoperator(generator.matrix.toarray(), perturbed.eigen[1].conj().T))
    numeric = (sites[0] - sites[1]) / (2 * h)
    assert np.abs(numeric - l1).max() < 1e-7 * np.abs(l1).max()
    assert np.abs(l1).max() > 0.1


@pytest.mark.parametrize(("nbar", "gamma"), [(1.0, 1.0), (1.0, 0.2), (0.3, 2.0)])
def test_single_mode_steady_response_is_the_corrected_eq34_not_the_printed_one(nbar, gamma):
    system, bath, x = single_mode(nbar=nbar, gamma=gamma, n_levels=45)
    response = linear_response(system, bath, x @ x @ x)
    parts = response.steady(x)
    kubo, dissipator = corrected_steady(nbar, gamma)
    assert parts.kubo == pytest.approx(kubo, rel=2e-6)
    assert parts.dissipator == pytest.approx(dissipator, rel=2e-5)
    assert parts.total == pytest.approx(-6 * (2 * nbar + 1), rel=2e-6)  # γ-independent
    printed = kubo + printed_dissipator(nbar, gamma)
    assert abs(parts.total - printed) > 0.005 * abs(printed)  # −14.40, −17.82, −8.16
    assert response.residual < 1e-12


def test_single_mode_time_response_matches_the_brute_force_values():
    system, bath, x = single_mode()
    response = linear_response(system, bath, x @ x @ x)
    times = np.array([0.5, 1.0, 2.0, 4.0, 8.0])
    parts = response.dynamic(x, times)
    expected = [-5.69768, -12.10122, -20.75565, -19.59230, -18.04797]  # SPECS §1.3
    np.testing.assert_allclose(parts.total, expected, atol=2e-5)
    # φ(τ) = e^{−γτ/2}[X cos ωτ − Y sin ωτ]: Kubo Y = 6ω(2n̄+1), corrected X = −3γ(2n̄+1)
    a, w, decay = 0.5, 1.0, np.exp(-0.5 * times)
    cosine = (a + decay * (w * np.sin(w * times) - a * np.cos(w * times))) / (a**2 + w**2)
    sine = (w - decay * (a * np.sin(w * times) + w * np.cos(w * times))) / (a**2 + w**2)
    np.testing.assert_allclose(parts.kubo, -18 * sine, rtol=2e-6)
    np.testing.assert_allclose(parts.dissipator, -9 * cosine, rtol=2e-5)


@pytest.mark.parametrize(
    ("strength", "temperatures"), [(0.05, (0.9, 1.1)), (0.2, (0.6, 0.8)), (0.01, (1.2, 0.7))]
)
def test_two_oscillators_total_response_equals_finite_differences_to_second_order(
    strength, temperatures
):
    omega, g, field, n_levels = 3.0, 1.3, 0.4, 8
    system = nl.models.coupled_oscillators(omega, g, field, n_levels)
    x_minus = (system.op("xb") - system.op("xa")) / np.sqrt(2)
    v = (omega - g) * x_minus @ x_minus @ x_minus  # seed 001 B9: V = Ω x₋³, Ω = ω₋
    spectral = nl.spectral.PowerLaw(strength, 1, 1.0, "none")
    baths = [
        nl.Bath("xa", spectral, temperatures[0], "a"),
        nl.Bath("xb", spectral, temperatures[1], "b"),
    ]
    response = linear_response(system, baths, v)
    slope, current = response.steady("na").total, response.heat_currents()["a"]
    base = nl.generator(system, baths, "global")
    state = nl.steady_state(base)
    errors = []
    for delta in (2e-3, 1e-3, 5e-4):
        perturbed = nl.System(system.H + delta * v, system.dims, system.operators)
        generator = nl.generator(perturbed, baths, "global", degeneracy_tol=1e-3)
        shifted = nl.steady_state(generator)
        occupation = np.trace(system.op("na") @ (shifted.rho - state.rho)).real
        heat = nl.heat_currents(generator, shifted)["a"] - nl.heat_currents(base, state)["a"]
        errors.append([occupation - delta * slope, heat - delta * current])
    errors = np.abs(errors)
    np.testing.assert_allclose(errors[:-1] / errors[1:], 4.0, rtol=0.02)  # O(δ²), not O(δ)


@pytest.mark.slow
def test_two_oscillators_eq30_and_eq34_parts_converge_with_the_fock_space():
    omega, g, field = 3.0, 1.3, 0.4
    omega_plus, omega_minus = omega + g, omega - g
    spectral = nl.spectral.PowerLaw(0.05, 1, 1.0, "none")
    baths = [nl.Bath("xa", spectral, 0.9, "a"), nl.Bath("xb", spectral, 1.1, "b")]
    occupations = [bose(w, t) for w in (omega_plus, omega_minus) for t in (0.9, 1.1)]
    nbar = (bose(omega_minus, 0.9) + bose(omega_minus, 1.1)) / 2
    gamma = 2 * 0.05 * omega_minus  # both baths, each through x/√2 of the mode
    total = -3 * field / omega_plus * (2 * nbar + 1)
    kubo = total * 4 * omega_minus**2 / (gamma**2 + 4 * omega_minus**2)
    errors = []
    for n_levels in (7, 9, 11):
        system = nl.models.coupled_oscillators(omega, g, field, n_levels)
        x_minus = (system.op("xb") - system.op("xa")) / np.sqrt(2)
        response = linear_response(system, baths, omega_minus * x_minus @ x_minus @ x_minus)
        occupation = np.trace(system.op("na") @ response.state.rho).real
        parts = response.steady("na")
        errors.append(
            [
                abs(occupation / (sum(occupations) / 4 + (field / omega_plus) ** 2 / 2) - 1),
                abs(parts.total / total - 1),
                abs(parts.kubo / kubo - 1),
            ]
        )
    errors = np.array(errors)
    assert np.all(np.diff(errors[:, 1:], axis=0) < 0)  # the response converges with N_F
    assert errors[-1, 0] < 1e-7  # Eq. 30 (the unperturbed NESS; truncation 2e-8)
    assert np.all(errors[-1, 1:] < 3e-4)


def test_heat_entropy_and_observable_responses_equal_finite_differences():
    system, baths, v = random_model(0.02)
    observable = random_hermitian(4, 7)
    response = linear_response(system, baths, v)
    currents = response.heat_currents()
    assert abs(sum(currents.values())) < 1e-10 * max(abs(c) for c in currents.values())
    assert response.entropy_production() == pytest.approx(
        -currents["hot"] / 1.5 - currents["cold"] / 0.5, rel=1e-12
    )
    h = 1e-5
    values = []
    for sign in (1, -1):
        perturbed = nl.System(system.H + sign * h * v)
        generator = nl.generator(perturbed, baths, "global")
        state = nl.steady_state(generator)
        heat = nl.heat_currents(generator, state)
        values.append(
            [
                heat["hot"],
                heat["cold"],
                nl.von_neumann_entropy(state.rho),
                np.trace(observable @ state.rho).real,
            ]
        )
    numeric = (np.array(values[0]) - np.array(values[1])) / (2 * h)
    computed = [
        currents["hot"],
        currents["cold"],
        response.entropy(),
        response.steady(observable).total,
    ]
    np.testing.assert_allclose(computed, numeric, rtol=1e-6)
    assert min(abs(c) for c in computed) > 1e-4


def test_heat_and_entropy_responses_vanish_at_equal_temperatures():
    system, baths = qubits(5.0, 5.0)
    v = system.op("sx_a") @ system.op("sx_b") - system.op("sy_a") @ system.op("sy_b")
    response = linear_response(system, baths, v)
    assert max(abs(c) for c in response.heat_currents().values()) < 1e-14
    assert abs(response.entropy_production()) < 1e-14
    hot = linear_response(system, qubits(6.0, 4.0)[1], v)
    assert min(abs(c) for c in hot.heat_currents().values()) > 1e-6


def test_bad_perturbations_and_approaches_are_refused():
    system, baths = qubits(6.0, 4.0)
    with pytest.raises(ValueError, match="Hermitian"):
        linear_response(system, baths, system.op("sm_a"))
    with pytest.raises(ValueError, match="shape"):
        linear_response(system, baths, np.eye(3))
    with pytest.raises(ValueError, match="steady_state_gradient"):
        linear_response(system, baths, "sx_a", approach="redfield")
    with pytest.raises(ShiftedBohrFrequencyError, match="treatment='davies'"):
        linear_response(system, baths, system.op("sz_a") @ system.op("sz_b"))
    with pytest.raises(ValueError, match="increasing"):
        linear_response(system, baths, "sx_a").dynamic("sz_a", [1.0, 0.5])


def test_local_response_is_the_commutator_alone_and_equals_the_gradient_in_the_field():
    from nesslab.analysis.response import steady_state_gradient

    channels = [  # seed 000's local channels, the spin also pumped so that heat flows
        nl.Channel("sm", 5e-3, "spin"),
        nl.Channel("sp", 2e-3, "spin"),
        nl.Channel("a", 5e-2, "boson"),
    ]

    def build(bias):
        return nl.generator(nl.models.rabi(1.3, 0.2, 10, bias=bias), channels, "local")

    system = nl.models.rabi(1.3, 0.2, 10, bias=0.1)  # ε ≠ 0: no parity selection rule
    response = linear_response(system, channels, "sx", approach="local")
    assert response.steady("sz").dissipator == 0.0
    gradient = steady_state_gradient(build, {"bias": 0.1}, observables={"sz": "sz"})
    assert abs(gradient.observables["sz"][0]) > 1e-2
    assert response.steady("sz").total == pytest.approx(gradient.observables["sz"][0], rel=1e-8)
    for name, value in response.heat_currents().items():
        assert abs(value) > 1e-5
        assert value == pytest.approx(gradient.currents[name][0], rel=1e-7)


def test_time_resolved_heat_currents_and_entropy_equal_finite_differences_of_dynamics():
    system, baths, v = random_model(0.05)
    response = linear_response(system, baths, v)
    times = np.array([0.0, 0.5, 2.0, 8.0])
    currents = response.heat_currents(times)
    entropy = response.entropy(times)
    h = 1e-5
    start = response.state.rho
    shifted = []
    for sign in (1, -1):
        generator = nl.generator(nl.System(system.H + sign * h * v), baths, "global")
        states = nl.evolve(generator, start, times).states
        shifted.append(
            [
                [nl.heat_currents(generator, rho)["hot"], nl.von_neumann_entropy(rho)]
                for rho in states
            ]
        )
    numeric = (np.array(shifted[0]) - np.array(shifted[1])) / (2 * h)
    np.testing.assert_allclose(currents["hot"], numeric[:, 0], rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(entropy, numeric[:, 1], rtol=1e-5, atol=1e-10)
    assert abs(entropy[0]) < 1e-14 and abs(currents["hot"][0]) > 1e-4  # J₁ jumps at the step
    late = response.heat_currents(np.array([400.0]))
    assert late["hot"][0] == pytest.approx(response.heat_currents()["hot"], rel=1e-8)
