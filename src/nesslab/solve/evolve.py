"""Time evolution ``dx/dt = L x``: Krylov exponentials or the exact modal propagator.

``"krylov"`` (scipy ``expm_multiply``) suits large sparse generators and short, evenly spaced
times. ``"spectral"`` (:mod:`nesslab.solve.propagator`) decomposes the generator once and then
evaluates any time in one step: the method for logarithmic time grids and dissipation rates many
orders of magnitude below the level spacing (times up to 1/rate and beyond).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from nesslab.generators.base import Generator
from nesslab.registry import lookup
from nesslab.solve.propagator import propagator
from nesslab.solve.result import state_vector
from nesslab.system import resolve_operator


@dataclass(frozen=True)
class Evolution:
    """Result of :func:`evolve`.

    Attributes
    ----------
    times : ndarray
        The requested times.
    states : ndarray
        Density matrices (site basis), shape ``(len(times), N, N)``.
    expect : ndarray
        ``Tr[A_k ρ(t)]`` with shape ``(len(e_ops), len(times))`` (real part if A_k Hermitian).
    """

    times: np.ndarray
    states: np.ndarray
    expect: np.ndarray


def _krylov(generator: Generator, vector: np.ndarray, times: np.ndarray) -> list[np.ndarray]:
    matrix = generator.matrix
    matrix = sp.csc_matrix(matrix) if sp.issparse(matrix) else np.asarray(matrix)
    steps = np.diff(times)
    uniform = steps.size > 0 and np.allclose(steps, steps[0], rtol=1e-12, atol=0)
    if uniform:
        vectors = spla.expm_multiply(
            matrix, vector, start=0.0, stop=times[-1] - times[0], num=times.size, endpoint=True
        )
    else:
        vectors = [vector]
        for step in steps:
            vectors.append(spla.expm_multiply(matrix * step, vectors[-1]))
    return [generator.to_site(v) for v in vectors]


def _spectral(generator: Generator, vector: np.ndarray, times: np.ndarray) -> list[np.ndarray]:
    modal = propagator(generator, vector)
    return [modal.generator.to_site(v) for v in modal.vectors(times - times[0])]


EVOLVE_METHODS: dict[str, Callable[[Generator, np.ndarray, np.ndarray], list[np.ndarray]]] = {
    "krylov": _krylov,
    "spectral": _spectral,
}


def evolve(
    generator: Generator,
    rho0: Any,
    times: Sequence[float],
    *,
    e_ops: Sequence[Any] = (),
    method: str = "krylov",
) -> Evolution:
    """Evolve ``rho0`` under the generator and record states and expectation values.

    Parameters
    ----------
    generator : Generator
        Any approach (a Pauli generator evolves eigenstate populations only; "spectral" does
        not take a HEOM hierarchy).
    rho0 : SteadyState or ndarray
        Initial density matrix (site basis; the auxiliary operators of a HEOM start at zero), or
        a whole state vector of the generator's space.
    times : sequence of float
        Increasing times (≥ 0, in units of 1/energy), starting anywhere; ``rho0`` is the state at
        ``times[0]``.
    e_ops : sequence of ndarray or str
        Observables (site basis) or system operator names.
    method : {"krylov", "spectral"}
        ``"krylov"``: ``expm_multiply`` step by step (cost grows with ``‖L‖ · t``);
        ``"spectral"``: one modal decomposition in the energy eigenbasis, then every time at
        the same cost, exact for times far beyond the slowest relaxation (see
        :mod:`nesslab.solve.propagator`).

    Raises
    ------
    ValueError
        For non-increasing times, an invalid ``rho0`` or an unknown method.
    """
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(np.diff(times) < 0):
        raise ValueError("times must be a non-empty increasing 1-d sequence")
    propagate = lookup(EVOLVE_METHODS, method, "method")
    vector = state_vector(generator, rho0).astype(complex)
    states = np.array(propagate(generator, vector, times))
    operators = [resolve_operator(generator.system, op, "e_ops entry") for op in e_ops]
    expect = np.array([[np.trace(op @ rho) for rho in states] for op in operators])
    if expect.size and all(np.allclose(op, op.conj().T) for op in operators):
        expect = expect.real
    return Evolution(times=times, states=states, expect=expect.reshape(len(operators), times.size))
