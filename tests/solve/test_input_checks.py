"""States that do not belong to a generator, and initial states that are not density matrices."""

import warnings

import numpy as np
import pytest

import nesslab as nl
from nesslab import models

from setups import two_qubit_generator


def spin_generator(n_boson, approach="local"):
    system = models.rabi(1.0, 0.1, n_boson)
    return nl.generator(system, [nl.Channel("sm", 1e-2, "spin", 0.5)], approach)


def test_a_steady_state_of_another_dimension_is_refused_naming_both():
    small, large = spin_generator(3), spin_generator(4)
    with pytest.raises(
        ValueError, match=r"state is the SteadyState .*dimension 8.*has dimension 6"
    ):
        nl.heat_currents(small, nl.steady_state(large))
    with pytest.raises(
        ValueError, match=r"state must be .* 6×6 density matrix .* got shape \(8, 8\)"
    ):
        nl.heat_currents(small, nl.steady_state(large).rho)
    with pytest.raises(ValueError, match="has 36 entries, got 64"):
        nl.heat_currents(small, nl.steady_state(large).vector)
    with pytest.raises(TypeError, match="state must be a SteadyState, a state vector"):
        nl.heat_currents(small, "rho")


def test_a_steady_state_of_another_generator_of_the_same_dimension_gives_its_rho():
    """Documented use: the flux of a local generator in the state of a Pauli generator."""
    local, pauli = spin_generator(3), spin_generator(3, "pauli")
    state = nl.steady_state(pauli)
    flux = nl.flux(local, state, "sz", "spin")
    assert flux == pytest.approx(nl.flux(local, state.rho, "sz", "spin"), rel=1e-12)


def mixed_rho():
    return np.diag([0.1, 0.2, 0.3, 0.4]).astype(complex)


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda rho: rho + np.triu(np.full_like(rho, 0.01), 1), "not Hermitian"),
        (lambda rho: 4 * rho, "trace 4"),
        (
            lambda rho: rho + np.diag([-0.3, 0.3, 0.0, 0.0]),
            r"not positive \(lowest eigenvalue -0.2",
        ),
    ],
)
def test_evolve_refuses_an_initial_state_that_is_not_a_density_matrix(change, problem):
    gen = two_qubit_generator(60.0, 40.0)
    rho0 = change(mixed_rho())
    with pytest.raises(ValueError, match=rf"rho0 is not a density matrix: .*{problem}"):
        nl.evolve(gen, rho0, [0.0, 1e-3])
    with pytest.warns(nl.PhysicalityWarning, match=rf"rho0 .*{problem}"):
        evolution = nl.evolve(gen, rho0, [0.0, 1e-3], check=False)
    assert np.allclose(evolution.states[0], rho0)  # evolved as given, not repaired


def test_evolve_takes_density_matrices_steady_states_and_vectors_silently():
    gen = two_qubit_generator(60.0, 40.0)
    state = nl.steady_state(gen)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for rho0 in (mixed_rho(), state, state.vector, state.rho):
            evolution = nl.evolve(gen, rho0, [0.0, 1e-3])
            assert np.trace(evolution.states[-1]).real == pytest.approx(1.0, abs=1e-10)
