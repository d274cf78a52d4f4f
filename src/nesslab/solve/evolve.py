"""Time evolution ``dx/dt = L x``: Krylov exponentials or the exact modal propagator.

``"krylov"`` (scipy ``expm_multiply``) suits large sparse generators and short, evenly spaced
times. ``"spectral"`` (:mod:`nesslab.solve.propagator`) decomposes the generator once and then
evaluates any time in one step: the method for logarithmic time grids and dissipation rates many
orders of magnitude below the level spacing (times up to 1/rate and beyond).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from nesslab.generators.base import Generator
from nesslab.registry import lookup
from nesslab.solve.propagator import propagator
from nesslab.solve.result import PhysicalityWarning, SteadyState, state_vector
from nesslab.system import resolve_operator

PHYSICALITY_TOL = 1e-10
"""Tolerance of :func:`evolve`'s check of ρ₀ (relative to max|ρ₀|, at least 1)."""


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
    check: bool = True,
) -> Evolution:
    """Evolve ``rho0`` under the generator and record states and expectation values.

    Parameters
    ----------
    generator : Generator
        Any approach (a Pauli generator evolves eigenstate populations only; "spectral" does
        not take a HEOM hierarchy).
    rho0 : SteadyState or ndarray
        Initial density matrix (site basis; the auxiliary operators of a HEOM start at zero), or
        a whole state vector of the generator's space. A density matrix must be Hermitian, of
        unit trace and positive semi-definite within :data:`PHYSICALITY_TOL` (relative to
        ``max(1, max|ρ₀|)``); a SteadyState or a state vector is taken as it is.
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
    check : bool
        Refuse a density matrix ``rho0`` that is not Hermitian, not of trace one or not
        positive (default); ``False`` evolves it anyway, with a
        :class:`~nesslab.PhysicalityWarning` naming the problem (for deliberately
        non-physical inputs, e.g. the response to a traceless perturbation).

    Raises
    ------
    ValueError
        For non-increasing times, an unknown method, a ``rho0`` that does not fit the
        generator, or (with ``check``) a ``rho0`` that is not a density matrix.
    """
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(np.diff(times) < 0):
        raise ValueError("times must be a non-empty increasing 1-d sequence")
    propagate = lookup(EVOLVE_METHODS, method, "method")
    vector = state_vector(generator, rho0).astype(complex)
    if not isinstance(rho0, SteadyState) and np.ndim(rho0) == 2:
        _check_density_matrix(np.asarray(rho0, dtype=complex), check)
    states = np.array(propagate(generator, vector, times))
    operators = [resolve_operator(generator.system, op, "e_ops entry") for op in e_ops]
    expect = np.array([[np.trace(op @ rho) for rho in states] for op in operators])
    if expect.size and all(np.allclose(op, op.conj().T) for op in operators):
        expect = expect.real
    return Evolution(times=times, states=states, expect=expect.reshape(len(operators), times.size))


def _check_density_matrix(rho: np.ndarray, check: bool) -> None:
    """Refuse (``check``) or warn about a ρ₀ that is not Hermitian, of unit trace and positive."""
    tolerance = PHYSICALITY_TOL * max(1.0, float(np.abs(rho).max()))
    problems = []
    hermiticity = float(np.abs(rho - rho.conj().T).max())
    if hermiticity > tolerance:
        problems.append(f"not Hermitian (max|ρ₀ − ρ₀†| = {hermiticity:.3g})")
    trace = complex(np.trace(rho))
    if abs(trace - 1) > tolerance:
        shown = f"{trace.real:.6g}" if abs(trace.imag) <= tolerance else f"{trace:.6g}"
        problems.append(f"trace {shown} instead of 1")
    lowest = float(np.linalg.eigvalsh((rho + rho.conj().T) / 2)[0])
    if lowest < -tolerance:
        problems.append(f"not positive (lowest eigenvalue {lowest:.3g})")
    if not problems:
        return
    message = f"rho0 is not a density matrix: {'; '.join(problems)} (tolerance {tolerance:.1e})"
    if check:
        raise ValueError(f"{message}; pass check=False to evolve it anyway")
    warnings.warn(message, PhysicalityWarning, stacklevel=3)
