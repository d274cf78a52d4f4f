"""Linear algebra for steady states: bordered LU solves, condition and null-space checks."""

from __future__ import annotations

import hashlib
import warnings
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse.csgraph import reverse_cuthill_mckee

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


@dataclass(frozen=True)
class Factorization:
    """LU factors of a square matrix with ``solve(b, adjoint=False)``.

    ``order`` is the symmetric permutation the sparse factors were computed with (the factors
    are those of ``A[order][:, order]``), or None when SuperLU ordered the columns itself.
    """

    factors: Any
    sparse: bool
    order: np.ndarray | None = None

    def solve(self, rhs: np.ndarray, adjoint: bool = False) -> np.ndarray:
        """Solve ``A x = rhs`` (or ``A† x = rhs``)."""
        if not self.sparse:
            return _dense_lu_solve(self.factors, rhs, adjoint)
        trans = "H" if adjoint else "N"
        if self.order is None:
            return self.factors.solve(rhs, trans=trans)
        solution = np.empty_like(rhs, dtype=np.result_type(rhs, self.factors.U.dtype))
        solution[self.order] = self.factors.solve(rhs[self.order], trans=trans)
        return solution


def _dense_lu_solve(factors: tuple[np.ndarray, np.ndarray], rhs: np.ndarray, adjoint: bool):
    """LAPACK ``getrs`` on ``lu_factor``'s output, without ``lu_solve``'s input checks.

    Their overhead dominates the small slow blocks solved at every defect-correction step.
    """
    lu, pivots = factors
    rhs = np.asarray(rhs)
    if np.isrealobj(lu) and np.iscomplexobj(rhs):
        parts = _dense_lu_solve(factors, np.stack([rhs.real, rhs.imag], axis=-1), adjoint)
        return parts[..., 0] + 1j * parts[..., 1]
    getrs = la.get_lapack_funcs("getrs", (lu, rhs))
    solution, info = getrs(lu, pivots, rhs, trans=2 if adjoint else 0)
    if info != 0:
        raise ValueError(f"LAPACK getrs failed (info {info})")
    return solution


# Reverse Cuthill–McKee orderings of recent sparsity patterns: a sweep factorises the same
# pattern at every point, so its ordering is computed once per pattern and process.
_RCM_ORDERS: OrderedDict[bytes, np.ndarray] = OrderedDict()
RCM_CACHE_SIZE = 16


def factorize(matrix: Any, ordering: str = "RCM") -> Factorization:
    """Sparse (SuperLU) or dense (LAPACK) LU factorisation; raises on exact singularity.

    ``ordering`` for sparse matrices: "RCM" (default) permutes rows and columns symmetrically by
    reverse Cuthill–McKee on the pattern of ``|A| + |A|ᵀ`` and factorises in that order. For
    bordered Liouvillians it is the robust choice: SuperLU's COLAMD orders ``AᵀA``, where the
    trace row makes the populations a dense clique, and fills in far more. Any other value is
    passed to SuperLU as ``permc_spec`` ("MMD_AT_PLUS_A" suits the HEOM, "COLAMD", …).
    """
    if not sp.issparse(matrix):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", la.LinAlgWarning)
            factors = la.lu_factor(np.asarray(matrix), check_finite=True)
        if np.any(np.diag(factors[0]) == 0):
            raise RuntimeError("matrix is exactly singular")
        return Factorization(factors, sparse=False)
    if ordering != "RCM":
        return Factorization(spla.splu(sp.csc_matrix(matrix), permc_spec=ordering), sparse=True)
    matrix = sp.csr_matrix(matrix)
    order = rcm_order(matrix)
    permuted = sp.csc_matrix(matrix[order][:, order])
    return Factorization(spla.splu(permuted, permc_spec="NATURAL"), True, order)


def pattern_key(matrix: sp.csr_matrix, *extra: np.ndarray) -> bytes:
    """Digest of a CSR matrix's shape and sparsity pattern, and of the ``extra`` arrays."""
    matrix.sort_indices()
    parts = (np.asarray(matrix.shape), matrix.indptr, matrix.indices, *extra)
    return hashlib.blake2b(b"".join(np.ascontiguousarray(p).tobytes() for p in parts)).digest()


def cached(cache: OrderedDict, key: bytes, build: Callable[[], Any], size: int) -> Any:
    """``cache[key]``, built by ``build()`` on a miss; the ``size`` most recent are kept."""
    value = cache.get(key)
    if value is None:
        value = cache[key] = build()
        if len(cache) > size:
            cache.popitem(last=False)
    cache.move_to_end(key)
    return value


def rcm_order(matrix: sp.csr_matrix) -> np.ndarray:
    """Reverse Cuthill–McKee order of ``|A| + |A|ᵀ``, cached by sparsity pattern."""

    def build() -> np.ndarray:
        pattern = sp.csr_matrix(
            (np.ones(matrix.nnz), matrix.indices, matrix.indptr), shape=matrix.shape
        )
        return reverse_cuthill_mckee(pattern + pattern.T, symmetric_mode=True)

    return cached(_RCM_ORDERS, pattern_key(matrix), build, RCM_CACHE_SIZE)


def condition_estimate(matrix: Any, factorization: Factorization) -> float:
    """1-norm condition number estimate ``‖A‖₁ ‖A⁻¹‖₁``.

    LAPACK ``gecon`` on the dense LU factors; the Hager–Higham iteration (a few solves) for
    sparse ones — an order-of-magnitude indicator, which is all its callers need.
    """
    if not factorization.sparse:
        gecon = la.get_lapack_funcs("gecon", (factorization.factors[0],))
        norm = np.linalg.norm(matrix, 1)
        reciprocal, info = gecon(factorization.factors[0], norm, norm="1")
        return float(1.0 / reciprocal) if info == 0 and reciprocal > 0 else np.inf
    inverse_norm = _inverse_norm_estimate(factorization, matrix.shape[0])
    return float(one_norm(matrix) * inverse_norm)


def one_norm(matrix: Any) -> float:
    """``‖A‖₁``, the largest absolute column sum, of a dense or sparse matrix.

    Sparse: one weighted ``bincount`` over the stored entries' columns, not
    ``scipy.sparse.linalg.norm``'s temporary ``|A|`` matrix.
    """
    if not sp.issparse(matrix):
        return float(np.linalg.norm(matrix, 1))
    if matrix.format == "csc":
        columns = np.repeat(np.arange(matrix.shape[1]), np.diff(matrix.indptr))
    elif matrix.format == "csr":
        columns = matrix.indices
    else:
        matrix = matrix.tocoo()
        columns = matrix.col
    sums = np.bincount(columns, weights=np.abs(matrix.data), minlength=matrix.shape[1])
    return float(sums.max()) if sums.size else 0.0


def _inverse_norm_estimate(factorization: Factorization, size: int, steps: int = 4) -> float:
    """Hager–Higham estimate of ``‖A⁻¹‖₁`` (LAPACK ``zlacn2``'s iteration), a lower bound.

    Each step solves once with A and once with A†; it stops when the estimate stops growing.
    """
    probe = np.full(size, 1.0 / size, dtype=complex)
    image = factorization.solve(probe)
    estimate = float(np.abs(image).sum())
    for _ in range(steps):
        magnitude = np.abs(image)
        signs = np.where(magnitude > 0, image / np.where(magnitude > 0, magnitude, 1), 1.0)
        gradient = factorization.solve(signs, adjoint=True)
        index = int(np.argmax(np.abs(gradient)))
        if np.abs(gradient[index]) <= np.real(np.vdot(gradient, probe)):
            break
        probe = np.zeros(size, dtype=complex)
        probe[index] = 1.0
        image = factorization.solve(probe)
        updated = float(np.abs(image).sum())
        if updated <= estimate:
            break
        estimate = updated
    return estimate


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


def bordered_system(matrix: Any, trace_row: np.ndarray) -> tuple[Any, np.ndarray]:
    """Replace the first row with a population of ``trace_row`` by the trace condition.

    Returns the row-equilibrated matrix and right-hand side of ``A x = b`` whose solution is the
    normalised null vector. Trace preservation makes the replaced equation redundant.
    """
    size = matrix.shape[0]
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
    rhs = np.zeros(size, dtype=complex)
    rhs[row] = 1.0
    scaled, scale = _row_scaled(bordered)
    return scaled, rhs * scale


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
