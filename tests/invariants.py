"""Invariants every registered approach must satisfy, as plain functions of a ``cases.Case``.

``generators/test_invariants.py`` runs each on every registered approach it applies to (its
``applies`` predicate: thermodynamic consistency, a space that holds ρ only); a test module that
registers an approach of its own runs them on it too (:func:`applicable`).
"""

import numpy as np
import scipy.sparse as sp

import nesslab as nl

from cases import BIASED, EQUAL, STRENGTH
from setups import random_hermitian


def dense(matrix):
    return matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)


INVARIANTS = []


def invariant(applies=lambda case: True):
    """Register an invariant and the predicate saying which cases it applies to."""

    def register(function):
        function.applies = applies
        INVARIANTS.append(function)
        return function

    return register


def applicable(cases):
    """``(case, invariant)`` pairs of ``cases`` and every invariant that applies to them."""
    return [(case, check) for case in cases for check in INVARIANTS if check.applies(case)]


def _holds_rho_only(case):
    return not case.generator().space.auxiliary


def _consistent(case):
    return case.consistent


@invariant()
def trace_is_preserved(case):
    """``Tr L x = 0`` for every x: the trace row annihilates the generator."""
    gen = case.generator()
    matrix = gen.matrix
    scale = abs(matrix).max()
    assert np.abs(gen.trace_row() @ matrix).max() < 1e-13 * scale


@invariant(_holds_rho_only)
def hermiticity_is_preserved(case):
    """``L(ρ)`` is Hermitian for Hermitian ρ (spaces that hold ρ only)."""
    gen = case.generator()
    rho = random_hermitian(gen.dim, seed=1)
    image = gen.to_site(dense(gen.matrix) @ gen.from_site(rho))
    assert np.abs(image - image.conj().T).max() < 1e-12 * np.abs(image).max()


@invariant()
def steady_state_is_a_state_and_obeys_the_first_law(case):
    """The NESS is Hermitian with unit trace, solves L x = 0, and ``Σ_α J_α = 0``."""
    gen = case.generator()
    state = nl.steady_state(gen)
    assert np.isclose(np.trace(state.rho), 1) and np.allclose(state.rho, state.rho.conj().T)
    assert state.relative_residual < 1e-12
    currents = nl.heat_currents(gen, state)
    assert set(currents) == set(gen.parts)
    assert abs(currents["1"]) > 0
    assert currents.first_law_residual < 1e-10


@invariant(_consistent)
def equal_temperatures_give_gibbs_and_no_current(case):
    """Thermal baths at one temperature: no current, and the Gibbs state of H in the weak-coupling
    limit (exactly for secular approaches; for the others the distance to Gibbs falls with λ)."""
    biased = case.generator(BIASED)
    scale = abs(nl.heat_currents(biased, nl.steady_state(biased))["1"])
    gibbs = nl.gibbs_state(case.system(), EQUAL[0])
    distances = []
    for strength in (STRENGTH, STRENGTH / 10):
        gen = case.generator(EQUAL, strength)
        state = nl.steady_state(gen)
        currents = nl.heat_currents(gen, state)
        assert max(abs(j) for j in currents.values()) < 1e-6 * scale
        distances.append(nl.trace_distance(state, gibbs))
    assert distances[0] < 1e-2
    assert distances[1] <= max(1e-10, distances[0] / 5)


@invariant(_consistent)
def one_bath_relaxes_to_gibbs(case):
    """A single thermal bath drives the system to its Gibbs state (weak-coupling limit)."""
    gibbs = nl.gibbs_state(case.system(), BIASED[0])
    distances = [
        nl.trace_distance(
            nl.steady_state(case.generator(BIASED[:1], strength, names=("1",))), gibbs
        )
        for strength in (STRENGTH, STRENGTH / 10)
    ]
    assert distances[0] < 1e-2
    assert distances[1] <= max(1e-10, distances[0] / 5)


@invariant(_consistent)
def heat_flows_from_hot_to_cold(case):
    """Second law at unequal temperatures: σ = −Σ J_α/T_α > 0 and heat leaves the hot bath."""
    gen = case.generator(BIASED)
    state = nl.steady_state(gen)
    currents = nl.heat_currents(gen, state)
    assert currents["1"] > 0 > currents["2"]
    assert nl.entropy_production(gen, state) > 0
