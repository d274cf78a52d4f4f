"""Time evolution ``dx/dt = L x`` by Krylov exponentials (scipy ``expm_multiply``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from nesslab.generators.base import Generator
from nesslab.solve.steady import state_vector
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


def evolve(
    generator: Generator, rho0: Any, times: Sequence[float], e_ops: Sequence[Any] = ()
) -> Evolution:
    """Evolve ``rho0`` under the generator and record states and expectation values.

    Parameters
    ----------
    generator : Generator
        Any approach (a Pauli generator evolves eigenstate populations only).
    rho0 : SteadyState or ndarray
        Initial density matrix, site basis.
    times : sequence of float
        Increasing times (≥ 0, in units of 1/energy), starting anywhere; ``rho0`` is the state at
        ``times[0]``.
    e_ops : sequence of ndarray or str
        Observables (site basis) or system operator names.
    """
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(np.diff(times) < 0):
        raise ValueError("times must be a non-empty increasing 1-d sequence")
    matrix = generator.matrix
    matrix = sp.csc_matrix(matrix) if sp.issparse(matrix) else np.asarray(matrix)
    vector = state_vector(generator, rho0).astype(complex)
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
        vectors = np.array(vectors)
    states = np.array([generator.to_site(v) for v in vectors])
    operators = [resolve_operator(generator.system, op, "e_ops entry") for op in e_ops]
    expect = np.array([[np.trace(op @ rho) for rho in states] for op in operators])
    if expect.size and all(np.allclose(op, op.conj().T) for op in operators):
        expect = expect.real
    return Evolution(times=times, states=states, expect=expect.reshape(len(operators), times.size))
