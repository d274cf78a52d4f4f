"""Every steady-state method of the registry against an independent reference, on every space.

The reference is a dense least-squares solve of ``[L; trace row] x = [0; 1]``, a route none of
the methods takes. The cases are those of the invariant tests (every registered approach and
environment kind on the dimer model), so a new method or space is covered once registered.
"""

import dataclasses
import functools

import numpy as np
import pytest
import scipy.sparse as sp

import nesslab as nl
from nesslab.solve import (
    METHODS,
    Auto,
    Direct,
    Eigen,
    Iterative,
    Reduced,
    SteadyStateMethod,
    TierGMRES,
)

from cases import Case, registered_cases

# A smaller hierarchy than the invariant tests' (the dense reference and "eigen" are O(size³)).
CASES = [
    dataclasses.replace(case, options=(("depth", 2), ("n_exponents", 2)))
    if case.approach == "heom"
    else case
    for case in registered_cases(models=("dimer",))
]


@functools.cache
def generator(case):
    return case.generator()


@functools.cache
def reference(case):
    gen = generator(case)
    matrix = gen.matrix.toarray() if sp.issparse(gen.matrix) else np.asarray(gen.matrix)
    stacked = np.vstack([matrix, gen.trace_row()])
    rhs = np.zeros(stacked.shape[0], dtype=complex)
    rhs[-1] = 1.0
    vector = np.linalg.lstsq(stacked, rhs, rcond=None)[0]
    return gen.to_site(vector)


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_method_agrees_with_the_reference(case, method):
    gen = generator(case)
    state = nl.steady_state(gen, method=method)
    assert nl.trace_distance(state.rho, reference(case)) < 1e-9
    assert state.relative_residual < 1e-12 and state.trace_error < 1e-8
    assert isinstance(state.solver, SteadyStateMethod) and state.solver.supports(gen.space)
    assert state.method == state.solver.name


def test_method_names_resolve_by_space():
    density = generator(Case("local", nl.Channel))
    hierarchy = generator(Case("heom", nl.Bath))
    populations = generator(Case("pauli", nl.Bath))
    assert isinstance(nl.steady_state(density, method="iterative").solver, Iterative)
    assert isinstance(nl.steady_state(hierarchy, method="iterative").solver, TierGMRES)
    fallback = nl.steady_state(populations, method="reduced")
    assert isinstance(fallback.solver, Direct) and fallback.method == "direct"
    assert "does not apply to PopulationSpace" in fallback.notes[0]


def test_methods_take_options_and_classes():
    gen = generator(Case("local", nl.Channel))
    colamd = nl.steady_state(gen, method=Direct(ordering="COLAMD"))
    assert colamd.solver == Direct(ordering="COLAMD")
    assert any("COLAMD" in note for note in colamd.notes)
    loose = nl.steady_state(gen, method=Iterative(rtol=1e-6))
    assert any("rtol 1e-06" in note for note in loose.notes)
    assert nl.steady_state(gen, method=Eigen).solver == Eigen()
    reduced = nl.steady_state(gen, method=Reduced(window=3.0))
    assert reduced.method in ("reduced", "direct")
    with pytest.raises(ValueError, match="window must be > 1"):
        nl.steady_state(gen, method=Reduced(window=0.5))
    with pytest.raises(Exception, match="frozen|cannot assign"):
        Direct().refine = 3


def test_a_method_that_cannot_solve_the_space_is_refused_before_any_work():
    density = generator(Case("local", nl.Channel))
    hierarchy = generator(Case("heom", nl.Bath))
    with pytest.raises(ValueError, match="supports HierarchySpace"):
        nl.steady_state(density, method=TierGMRES())
    with pytest.raises(ValueError, match="supports DensitySpace"):
        nl.steady_state(hierarchy, method=Reduced())
    with pytest.raises(TypeError, match="SteadyStateMethod"):
        nl.steady_state(density, method=3)
    with pytest.raises(ValueError, match="dense; use 'direct'"):
        nl.steady_state(density, method=Eigen(max_size=4))


def _extreme_rabi(approach="local", rates=(5e-12, 5e-6), n_boson=10):
    system = nl.models.rabi(1.0, 0.2, n_boson)
    channels = [nl.Channel("sm", rates[0], "spin"), nl.Channel("a", rates[1], "boson")]
    return nl.generator(system, channels, approach)


def test_auto_solves_a_lindbladian_at_extreme_rates_by_reduction_and_says_why():
    gen = _extreme_rabi()
    state = nl.steady_state(gen, method=Auto())
    assert state.method == "reduced" and "auto: used 'reduced'" in state.notes[0]
    assert state.error_estimate <= 1e-10
    assert nl.trace_distance(state, nl.steady_state(gen, method="direct")) < 1e-9


def test_auto_falls_back_to_direct_when_the_reduction_misses_the_tolerance_or_does_not_apply():
    strict = nl.steady_state(_extreme_rabi(), method=Auto(tolerance=1e-30))
    assert strict.method == "direct" and "not 'reduced'" in strict.notes[0]
    moderate = nl.steady_state(_extreme_rabi(rates=(5e-4, 5e-2)), method=Auto())
    assert moderate.method == "direct" and "no scale separation" in moderate.notes[0]
    assert np.isnan(moderate.error_estimate)


def test_auto_escalates_to_reduced_on_an_ill_conditioned_direct_solve_and_says_why():
    """A generator without a jump form (partial-secular, in the eigenbasis)."""
    gen = _extreme_rabi("partial_secular")
    direct = nl.steady_state(gen, method=Auto())
    assert direct.method == "direct" and direct.condition < 1e10
    escalated = nl.steady_state(gen, method=Auto(escalate_condition=direct.condition / 2))
    assert escalated.method == "reduced" and "used 'reduced'" in escalated.notes[0]
    assert nl.trace_distance(escalated, direct) < 1e-9
