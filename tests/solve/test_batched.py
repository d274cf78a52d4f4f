"""Batched dense steady states (NumPy and JAX on the CPU) against the one-by-one solve."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nesslab as nl
from nesslab import models, spectral
from nesslab.solve.batched import MAX_DENSE_SIZE, steady_states

from references import eq42_current
from setups import two_qubit_generator

TEMPERATURES = [(60.0, 40.0), (55.0, 45.0), (500.0, 300.0), (40.0, 60.0), (50.0, 50.0)]


def test_batch_equals_one_by_one_and_closed_form():
    generators = [two_qubit_generator(*t) for t in TEMPERATURES]
    states = steady_states(generators)
    for gen, state, temperatures in zip(generators, states, TEMPERATURES, strict=True):
        single = nl.steady_state(gen)
        assert nl.trace_distance(state.rho, single.rho) < 1e-12
        currents = nl.heat_currents(gen, state)
        expected = eq42_current(*temperatures)
        assert currents["a"] == pytest.approx(expected, rel=1e-8, abs=1e-14)
        assert state.method == "batched" and state.residual < 1e-12
        assert state.trace_error < 1e-12 and state.positivity_error == 0.0
        assert 1 <= state.condition < 1e8


def test_batch_of_local_rabi_models_in_the_density_space():
    """A non-secular case (coherences matter): the local Rabi model at moderate rates."""
    channels = [nl.Channel("sm", 5e-3, "spin"), nl.Channel("a", 5e-2, "boson")]
    generators = [
        nl.generator(models.rabi(delta, 0.2, 4), channels, "local") for delta in (0.5, 1.0, 3.0)
    ]
    for gen, state in zip(generators, steady_states(generators), strict=True):
        assert nl.trace_distance(state.rho, nl.steady_state(gen).rho) < 1e-11


def test_a_non_unique_steady_state_is_named():
    """Two uncoupled qubits with one bath each on qubit a: qubit b keeps its initial state."""
    system = models.two_qubits_xy(1000.0, 0.0)
    lonely = nl.generator(system, [nl.Bath("sx_a", spectral.Flat(0.5), 50.0, "a")], "global")
    with pytest.raises(nl.NonUniqueSteadyStateError, match=r"generators \[1\]"):
        steady_states([two_qubit_generator(60.0, 40.0), lonely])


def test_bad_batches_are_refused():
    with pytest.raises(ValueError, match="empty"):
        steady_states([])
    with pytest.raises(ValueError, match="unknown backend"):
        steady_states([two_qubit_generator(60.0, 40.0)], backend="fortran")
    mixed = [
        two_qubit_generator(60.0, 40.0),
        nl.generator(models.rabi(1.0, 0.1, 3), [nl.Channel("sm", 1e-2, "spin")], "local"),
    ]
    with pytest.raises(ValueError, match="share one space and size"):
        steady_states(mixed)
    big = nl.generator(models.rabi(1.0, 0.1, 17), [nl.Channel("a", 1e-2, "boson")], "local")
    assert big.size > MAX_DENSE_SIZE
    with pytest.raises(ValueError, match="MAX_DENSE_SIZE"):
        steady_states([big])
    with pytest.raises(TypeError, match="Generator"):
        steady_states([np.eye(16)])


JAX_SCRIPT = """
import numpy as np, nesslab as nl
from nesslab import models
from nesslab.solve.batched import steady_states
from setups import two_qubit_generator
TEMPERATURES = [(60.0, 40.0), (55.0, 45.0), (500.0, 300.0), (40.0, 60.0)]
channels = [nl.Channel("sm", 5e-3, "spin"), nl.Channel("a", 5e-2, "boson")]
batches = [
    [two_qubit_generator(*t) for t in TEMPERATURES],
    [nl.generator(models.rabi(d, 0.2, 4), channels, "local") for d in (0.5, 1.0, 3.0)],
]
worst = 0.0
for generators in batches:
    pairs = zip(
        steady_states(generators, backend="jax"),
        steady_states(generators, backend="numpy"),
        strict=True,
    )
    for jax_state, numpy_state in pairs:
        assert jax_state.method == "batched" and jax_state.residual < 1e-12
        worst = max(worst, nl.trace_distance(jax_state.rho, numpy_state.rho))
print(worst)
"""


@pytest.mark.slow
def test_jax_backend_equals_numpy():
    """JAX (on the CPU here) gives the NumPy batch's states. It runs in a subprocess: a process
    that has started JAX's threads must not fork the sweep workers of the other tests."""
    pytest.importorskip("jax")
    result = subprocess.run(
        [sys.executable, "-c", JAX_SCRIPT],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert float(result.stdout.split()[-1]) < 1e-12
