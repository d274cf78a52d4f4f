"""LU factorisations for steady-state solves: dense (LAPACK) and sparse (SuperLU, RCM order).

With the pattern-keyed cache of orderings a sweep reuses, and the 1-norm condition estimates
every direct solve reports.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse.csgraph import reverse_cuthill_mckee


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
        rhs = np.asarray(rhs)
        if np.iscomplexobj(rhs) and not np.iscomplexobj(self.factors.U.data):
            # SuperLU's real factors take real right-hand sides only: Re and Im separately.
            return self.solve(rhs.real, adjoint) + 1j * self.solve(rhs.imag, adjoint)
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
        # A C-contiguous complex (n,) or (n, m) array viewed as real is (n, 2) or (n, 2m):
        # its real and imaginary parts as interleaved columns, solved as one real system.
        rhs = np.ascontiguousarray(rhs, dtype=complex)
        columns = rhs.view(float).reshape(rhs.shape[0], -1)
        parts = _dense_lu_solve(factors, columns, adjoint)
        return np.ascontiguousarray(parts).view(complex).reshape(rhs.shape)
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
        matrix = np.asarray(matrix)
        if not np.isfinite(matrix).all():
            raise ValueError("matrix contains NaN or infinite entries")
        (getrf,) = la.get_lapack_funcs(("getrf",), (matrix,))
        lu, pivots, info = getrf(matrix)
        if info > 0:
            raise RuntimeError("matrix is exactly singular")
        return Factorization((lu, pivots), sparse=False)
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
        signs = np.where(magnitude > 0, np.exp(1j * np.angle(image)), 1.0)  # no division
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
