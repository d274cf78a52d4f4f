"""Linear algebra for steady states: bordered LU solves, condition and null-space checks."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from nesslab.solve.factorization import Factorization, condition_estimate, factorize, one_norm

SINGULAR_CONDITION = 1e13
NULL_TOL = 1e-12
DENSE_SVD_LIMIT = 3000


class Solution(NamedTuple):
    """What a steady-state method returns.

    The raw vector, its condition estimate (NaN if not estimated), notes for the user, the
    method object (:class:`nesslab.solve.method.SteadyStateMethod`) that actually produced it,
    the method's own estimate of the trace distance to the exact steady state (NaN where
    the method does not estimate it), and, for a method that never assembled the generator,
    its action ``x ↦ L x`` (any unitarily equivalent basis) and ``‖L‖_F`` for the residuals.
    """

    vector: np.ndarray
    condition: float
    notes: list[str]
    method: Any
    error_estimate: float = float("nan")
    action: Any = None
    frobenius_norm: float = float("nan")


class NonUniqueSteadyStateError(RuntimeError):
    """The generator has more than one steady state (null space of dimension > 1)."""


class ConvergenceError(RuntimeError):
    """An iterative solve did not converge."""


def null_space_dimension(matrix: Any, tol: float = NULL_TOL) -> int:
    """Number of singular values below ``tol · σ_max``.

    Dense SVD up to ``DENSE_SVD_LIMIT``, sparse shift-invert eigenvalues beyond.
    """
    size = matrix.shape[0]
    if size <= DENSE_SVD_LIMIT:
        dense = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
        singular = la.svdvals(dense)
        return int(np.sum(singular <= tol * singular[0]))
    values = spla.eigs(sp.csc_matrix(matrix), k=6, sigma=0, return_eigenvectors=False)
    scale = one_norm(matrix)
    return int(np.sum(np.abs(values) <= tol * scale))


def _row_scaled(matrix: Any) -> tuple[Any, np.ndarray]:
    """Each row divided by its largest absolute entry (CSR rows scaled in place on a copy)."""
    if not sp.issparse(matrix):
        scale = np.abs(matrix).max(axis=1)
        scale = 1.0 / np.where(scale > 0, scale, 1.0)
        return scale[:, None] * matrix, scale
    scaled = sp.csr_matrix(matrix, copy=True)
    lengths = np.diff(scaled.indptr)
    largest = np.zeros(scaled.shape[0])
    filled = lengths > 0
    largest[filled] = np.maximum.reduceat(np.abs(scaled.data), scaled.indptr[:-1][filled])
    scale = 1.0 / np.where(largest > 0, largest, 1.0)
    scaled.data *= np.repeat(scale, lengths)
    return scaled, scale


def bordered_rows(matrix: Any, trace_row: np.ndarray) -> tuple[Any, np.ndarray, int]:
    """``matrix`` with its first row that has a population of ``trace_row`` replaced by it.

    Row-equilibrated: returns the scaled bordered matrix, the row scale (multiply a right-hand
    side by it) and the replaced row. Its solutions with a zero in that row are the traceless
    solutions of ``A x = b`` for right-hand sides of zero trace; with a one, the normalised null
    vector (trace preservation makes the replaced equation redundant).
    """
    row = int(np.flatnonzero(trace_row)[0])
    if sp.issparse(matrix):
        matrix = sp.csr_matrix(matrix)
        matrix.sort_indices()
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        columns = np.flatnonzero(trace_row)
        indptr = matrix.indptr.copy()
        indptr[row + 1 :] += columns.size - (end - start)
        bordered = sp.csr_matrix(
            (
                np.concatenate([matrix.data[:start], trace_row[columns], matrix.data[end:]]),
                np.concatenate([matrix.indices[:start], columns, matrix.indices[end:]]),
                indptr,
            ),
            shape=matrix.shape,
        )
    else:
        bordered = np.array(matrix, dtype=complex)
        bordered[row, :] = trace_row
    scaled, scale = _row_scaled(bordered)
    return scaled, scale, row


def bordered_system(matrix: Any, trace_row: np.ndarray) -> tuple[Any, np.ndarray]:
    """The bordered matrix of :func:`bordered_rows` and the right-hand side of its null vector.

    ``A x = b`` (row-equilibrated) has the normalised null vector as its solution.
    """
    scaled, scale, row = bordered_rows(matrix, trace_row)
    rhs = np.zeros(matrix.shape[0], dtype=complex)
    rhs[row] = scale[row]
    return scaled, rhs


def permuted_null_vector(
    system: sp.csc_matrix, rhs: np.ndarray, order: np.ndarray, refine: int = 2
) -> tuple[np.ndarray, float] | None:
    """:func:`null_vector` of a system already bordered, equilibrated and permuted.

    (:func:`nesslab.solve.layout.sector_system`.) Returns the solution in the original order
    (``x[order] = y``) and the condition estimate, or None when the system is singular to
    working precision (the caller then diagnoses it with :func:`null_vector`).
    """
    try:
        lu = Factorization(spla.splu(system, permc_spec="NATURAL"), sparse=True)
        condition = condition_estimate(system, lu)
    except RuntimeError:
        return None
    if not condition < SINGULAR_CONDITION:
        return None
    solution = lu.solve(rhs)
    solution = refined(system, lu, rhs, solution, refine)
    vector = np.empty_like(solution)
    vector[order] = solution
    return vector, condition


def null_vector(
    matrix: Any, trace_row: np.ndarray, refine: int = 2, ordering: str = "RCM"
) -> tuple[np.ndarray, float]:
    """The unique normalised null vector by an LU solve, with iterative refinement.

    Returns the vector and the condition estimate of the bordered system. ``ordering`` is the
    sparse LU ordering (:func:`factorize`).

    Raises
    ------
    NonUniqueSteadyStateError
        If the bordered system is (numerically) singular and the null space of ``matrix`` has
        dimension > 1.
    """
    bordered, rhs = bordered_system(matrix, trace_row)
    try:
        lu = factorize(bordered, ordering)
        condition = condition_estimate(bordered, lu)
    except RuntimeError:
        condition = np.inf
    if not condition < SINGULAR_CONDITION:
        dimension = null_space_dimension(matrix)
        if dimension == 0:
            raise NonUniqueSteadyStateError(
                f"the bordered steady-state system is nearly singular (condition estimate "
                f"{condition:.2e}), but the generator has no null vector at relative tolerance "
                f"{NULL_TOL:g}: it has no well-defined steady state at working precision (e.g. a "
                "truncated hierarchy that is unstable at this coupling; raise the depth or use "
                "method='iterative')"
            )
        if dimension != 1:
            raise NonUniqueSteadyStateError(
                f"the steady state is not unique: null space of dimension {dimension} "
                f"(relative tolerance {NULL_TOL:g}, condition estimate {condition:.2e}). "
                "Add dissipation that connects every sector, or fix the symmetry sector; if the "
                "rates are tiny compared with the level spacing, try method='reduced'"
            )
        raise NonUniqueSteadyStateError(
            f"the bordered steady-state system is singular to working precision (condition "
            f"estimate {condition:.2e}); try method='reduced' or method='eigen'"
        )
    solution = lu.solve(rhs)
    return refined(bordered, lu, rhs, solution, refine), condition


def refined(
    matrix: Any, lu: Factorization, rhs: np.ndarray, solution: np.ndarray, steps: int
) -> np.ndarray:
    """Up to ``steps`` steps of iterative refinement ``x ← x + A⁻¹(b − A x)``.

    Stops early once a correction is at the rounding level of x (``‖δx‖ ≤ 4ε‖x‖``): a
    further step would change nothing.
    """
    for _ in range(steps):
        correction = lu.solve(rhs - matrix @ solution)
        solution = solution + correction
        if np.linalg.norm(correction) <= 4 * np.finfo(float).eps * np.linalg.norm(solution):
            break
    return solution
