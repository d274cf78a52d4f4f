import numpy as np
import pytest

import nesslab as nl

from setups import ohmic_baths


def initial_state(system):
    psi = np.zeros(system.dim)
    psi[3] = 1.0
    return np.outer(psi, psi)


def test_evolution_relaxes_to_the_steady_state(rabi_small):
    gen = nl.generator(
        rabi_small, [nl.Channel("sm", 0.2, "spin"), nl.Channel("a", 0.5, "boson")], "local"
    )
    result = nl.evolve(gen, initial_state(rabi_small), np.linspace(0, 400, 5), e_ops=["sz"])
    assert np.allclose([np.trace(rho).real for rho in result.states], 1.0, atol=1e-12)
    assert nl.trace_distance(result.states[-1], nl.steady_state(gen)) < 1e-8
    assert result.expect.shape == (1, 5)
    assert np.isclose(result.expect[0, -1], np.trace(rabi_small.op("sz") @ result.states[-1]).real)


def test_evolution_matches_qutip_mesolve(rabi_small):
    qutip = pytest.importorskip("qutip")
    rates = {"sm": 0.05, "a": 0.1}
    gen = nl.generator(rabi_small, [nl.Channel(k, r, k) for k, r in rates.items()], "local")
    times = np.array([0.0, 0.7, 1.9, 5.0])
    rho0 = initial_state(rabi_small)
    ours = nl.evolve(gen, rho0, times)
    dims = [[2, 8], [2, 8]]
    reference = qutip.mesolve(
        qutip.Qobj(rabi_small.H, dims=dims),
        qutip.Qobj(rho0, dims=dims),
        times,
        c_ops=[np.sqrt(r) * qutip.Qobj(rabi_small.op(k), dims=dims) for k, r in rates.items()],
        options={"atol": 1e-12, "rtol": 1e-10},
    )
    for rho, ref in zip(ours.states, reference.states, strict=True):
        assert nl.trace_distance(rho, ref.full()) < 1e-7


def test_eigenbasis_generators_evolve_consistently(rabi_small):
    baths = ohmic_baths(0.8, 0.1, eta_spin=0.05, eta_boson=0.05)
    davies = nl.generator(rabi_small, baths, "global")
    pauli = nl.generator(rabi_small, baths, "pauli")
    rho0 = nl.gibbs_state(rabi_small, 2.0)
    times = [0.0, 3.0, 10.0]
    full = nl.evolve(davies, rho0, times)
    populations = nl.evolve(pauli, rho0, times)
    for rho_full, rho_pop in zip(full.states, populations.states, strict=True):
        assert np.allclose(
            nl.populations(rho_full, rabi_small), nl.populations(rho_pop, rabi_small), atol=1e-10
        )


def test_evolve_rejects_bad_times(rabi_small):
    gen = nl.generator(rabi_small, [nl.Channel("sm", 0.2, "spin")], "local")
    with pytest.raises(ValueError, match="increasing"):
        nl.evolve(gen, initial_state(rabi_small), [1.0, 0.5])
    with pytest.raises(ValueError, match="density matrix"):
        nl.evolve(gen, np.eye(3), [0.0, 1.0])
