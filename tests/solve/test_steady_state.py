import numpy as np
import pytest

import nesslab as nl
from nesslab import models, operators, spectral
from nesslab.spaces import PopulationSpace

from setups import ohmic_baths


def test_matches_qutip_steadystate_local_rabi():
    qutip = pytest.importorskip("qutip")
    system = models.rabi(1.0, 0.2, 20)
    rates = {"sm": 5e-4, "a": 5e-2}
    gen = nl.generator(system, [nl.Channel(k, r, k) for k, r in rates.items()], "local")
    state = nl.steady_state(gen)
    dims = [[2, 20], [2, 20]]
    H = qutip.Qobj(system.H, dims=dims)
    c_ops = [np.sqrt(r) * qutip.Qobj(system.op(k), dims=dims) for k, r in rates.items()]
    reference = qutip.steadystate(H, c_ops).full()
    assert nl.trace_distance(state, reference) < 1e-8


def test_non_unique_steady_state_is_reported():
    dims = (2, 2)
    system = nl.System(
        operators.embed(operators.sigma_z(), 0, dims)
        + 0.7 * operators.embed(operators.sigma_z(), 1, dims),
        dims,
        {"sm_a": operators.embed(operators.sigma_minus(), 0, dims)},
    )
    gen = nl.generator(system, [nl.Channel("sm_a", 0.1, "a")], "local")
    for method in ("direct", "reduced", "eigen"):
        with pytest.raises(nl.NonUniqueSteadyStateError, match="dimension 2"):
            nl.steady_state(gen, method=method)


def test_unknown_method_lists_valid_ones(rabi_small):
    gen = nl.generator(rabi_small, [nl.Channel("sm", 1e-2, "spin")], "local")
    with pytest.raises(ValueError, match="unknown method .lu.; valid: auto, direct"):
        nl.steady_state(gen, method="lu")


def test_positivity_loss_is_reported():
    """A (deliberately unphysical) rate matrix with a negative rate: the NESS has a negative
    population, which must be reported as a warning and a note, never silently returned."""
    system = models.spin_boson(0.5)
    rates = np.array([[-1.0, -0.5], [1.0, 0.5]])
    gen = nl.Generator(
        "test", system, PopulationSpace(2, system.eigen[1]), np.zeros((2, 2)), {"bad": rates}
    )
    with pytest.warns(nl.PhysicalityWarning, match="negative eigenvalue"):
        state = nl.steady_state(gen)
    assert state.positivity_error == pytest.approx(1.0)
    assert any("positivity" in note for note in state.notes)


@pytest.mark.parametrize("approach", ["local", "redfield"])
def test_symmetric_sector_solve_matches_full_solve(approach):
    symmetric = models.rabi(1.3, 0.2, 8)
    plain = nl.System(symmetric.H, symmetric.dims, symmetric.operators)
    assert symmetric.symmetry == "parity" and plain.symmetry is None
    if approach == "local":
        environment = [nl.Channel("sm", 3e-3, "spin"), nl.Channel("a", 2e-2, "boson")]
    else:
        environment = ohmic_baths(0.9, 0.1)
    states = [nl.steady_state(nl.generator(s, environment, approach)) for s in (symmetric, plain)]
    assert any("symmetric sector" in note for note in states[0].notes)
    assert not any("symmetric sector" in note for note in states[1].notes)
    assert nl.trace_distance(*states) < 1e-10
    assert states[0].residual < 1e-12


def test_symmetry_breaking_environment_uses_the_full_space():
    system = models.rabi(1.3, 0.2, 8)
    mixed = system.op("sx") + system.op("sz")
    gen = nl.generator(
        system, [nl.Channel(mixed, 1e-2, "spin"), nl.Channel("a", 2e-2, "b")], "local"
    )
    state = nl.steady_state(gen)
    assert not any("symmetric sector" in note for note in state.notes)
    assert nl.trace_distance(state, nl.steady_state(gen, method="eigen")) < 1e-9
    parity_leak = state.rho - system.op("parity") @ state.rho @ system.op("parity")
    assert np.abs(parity_leak).max() > 1e-6


def test_symmetry_must_commute_with_h():
    with pytest.raises(ValueError, match="does not commute"):
        nl.System(np.diag([0.0, 1.0]), operators={"p": np.array([[0, 1], [1, 0]])}, symmetry="p")


def test_non_unique_pauli_steady_state_is_reported():
    """Pure dephasing (σz coupling) drives no transitions: every population vector is steady."""
    system = models.spin_boson(0.5)
    gen = nl.generator(system, nl.Bath("sz", spectral.Ohmic(0.1, 1.0), 0.3, "b"), "pauli")
    with pytest.raises(nl.NonUniqueSteadyStateError, match="dimension 2"):
        nl.steady_state(gen)


@pytest.mark.parametrize("ordering", ["RCM", "COLAMD", "MMD_AT_PLUS_A"])
def test_sparse_factorization_solves_and_adjoint_solves(ordering):
    """Each LU ordering solves A x = b and A† y = c; RCM's symmetric permutation is undone."""
    import scipy.sparse as sp

    from nesslab.solve.factorization import factorize

    rng = np.random.default_rng(7)
    size = 60
    matrix = sp.random(size, size, density=0.08, random_state=rng, format="csr") * (1 + 0.5j)
    matrix = (matrix + sp.eye(size) * (3.0 - 1.0j)).tocsr()
    rhs = rng.normal(size=size) + 1j * rng.normal(size=size)
    lu = factorize(matrix, ordering)
    assert (lu.order is not None) == (ordering == "RCM")
    assert np.abs(matrix @ lu.solve(rhs) - rhs).max() < 1e-12
    assert np.abs(matrix.conj().T @ lu.solve(rhs, adjoint=True) - rhs).max() < 1e-12
