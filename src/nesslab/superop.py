"""Superoperators on column-stacked vec(ρ): vec(AρB) = (Bᵀ ⊗ A) vec(ρ), as in QuTiP.

A superoperator is assembled from *terms* ``(coefficient, A, B)`` meaning ``ρ ↦ c·AρB`` with
``None`` standing for the identity. :func:`assemble` builds the whole matrix (sparse, or dense
when the operators are dense), or only the entries on a list of (row, column) index pairs, which
is how secular and partial-secular filters are applied without forming the full matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

Term = tuple[complex, np.ndarray | None, np.ndarray | None]
Matrix = np.ndarray | sp.sparray | sp.spmatrix


def vec(rho: np.ndarray) -> np.ndarray:
    """Column-stack a matrix: ``vec(ρ)[i + N j] = ρ[i, j]``."""
    return np.asarray(rho).ravel(order="F")


def unvec(vector: np.ndarray, dim: int) -> np.ndarray:
    """Inverse of :func:`vec`."""
    return np.asarray(vector).reshape(dim, dim, order="F")


def expectation_row(operator: np.ndarray) -> np.ndarray:
    """Row r with ``r · vec(X) = Tr[operator · X]`` (no conjugation)."""
    return np.asarray(operator).ravel(order="C")


def lindblad_terms(jump: np.ndarray, rate: float = 1.0) -> list[Term]:
    """Terms of ``rate·(LρL† − ½{L†L, ρ})``."""
    jump_dag = jump.conj().T
    product = jump_dag @ jump
    return [(rate, jump, jump_dag), (-rate / 2, product, None), (-rate / 2, None, product)]


def commutator_terms(hamiltonian: np.ndarray) -> list[Term]:
    """Terms of ``−i[H, ρ]``."""
    return [(-1j, hamiltonian, None), (1j, None, hamiltonian)]


def assemble(terms: Sequence[Term], dim: int, sparse: bool = True) -> Matrix:
    """Sum of ``c·(Bᵀ ⊗ A)`` over the terms, as a CSR matrix or a dense array."""
    if sparse:
        return _assemble_sparse(terms, dim)
    # Dense: entry c·B[l, n]·A[m, k] of a 4-index array [n, m, l, k] (row m + N n, column
    # k + N l). All two-sided terms go through one matrix product; identity factors only touch
    # the block diagonal.
    sandwiches = [(c, a, b) for c, a, b in terms if a is not None and b is not None]
    if sandwiches:
        rights = np.stack([b.T.ravel() for _, _, b in sandwiches])
        lefts = np.stack([c * a.ravel() for c, a, _ in sandwiches])
        product = (rights.T @ lefts).reshape(dim, dim, dim, dim)
        total = np.ascontiguousarray(product.transpose(0, 2, 1, 3))
    else:
        total = np.zeros((dim, dim, dim, dim), dtype=complex)
    diagonal = np.arange(dim)
    for coef, left, right in terms:
        if left is None and right is None:
            total[diagonal, :, diagonal, :] += coef * np.eye(dim)
        elif right is None:
            total[diagonal, :, diagonal, :] += coef * left
        elif left is None:
            total[:, diagonal, :, diagonal] += coef * right.T
    return total.reshape(dim * dim, dim * dim)


def _nonzeros(matrix: np.ndarray | None, dim: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row indices, column indices and values of the nonzero entries (identity for None)."""
    if matrix is None:
        diagonal = np.arange(dim)
        return diagonal, diagonal, np.ones(dim, dtype=complex)
    rows, cols = np.nonzero(matrix)
    return rows, cols, np.asarray(matrix)[rows, cols]


def _assemble_sparse(terms: Sequence[Term], dim: int) -> sp.csr_matrix:
    """Sparse :func:`assemble`: the Kronecker products' entries in one COO → CSR conversion."""
    rows, cols, values = [], [], []
    for coef, left, right in terms:
        a_rows, a_cols, a_values = _nonzeros(left, dim)
        b_rows, b_cols, b_values = _nonzeros(right, dim)
        # (Bᵀ ⊗ A)[l·N + m, n·N + k] = B[n, l]·A[m, k] for B[n, l] ≠ 0 and A[m, k] ≠ 0.
        rows.append((b_cols[:, None] * dim + a_rows[None, :]).ravel())
        cols.append((b_rows[:, None] * dim + a_cols[None, :]).ravel())
        values.append((coef * b_values[:, None] * a_values[None, :]).ravel())
    size = dim * dim
    matrix = sp.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(size, size)
    )
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    return matrix


def assemble_on_pairs(
    terms: Sequence[Term], dim: int, rows: np.ndarray, cols: np.ndarray
) -> sp.csr_matrix:
    """Only the entries (rows[p], cols[p]) of :func:`assemble`, as a CSR matrix.

    With row index ``m + N n`` and column index ``k + N l``, a term ``AρB`` contributes
    ``A[m, k] · B[l, n]`` (a Kronecker delta for an identity).
    """
    m, n = rows % dim, rows // dim
    k, l = cols % dim, cols // dim
    values = np.zeros(rows.size, dtype=complex)
    for coef, left, right in terms:
        a = (m == k).astype(complex) if left is None else left[m, k]
        b = (l == n).astype(complex) if right is None else right[l, n]
        values += coef * a * b
    keep = values != 0
    size = dim * dim
    matrix = sp.csr_matrix((values[keep], (rows[keep], cols[keep])), shape=(size, size))
    matrix.sum_duplicates()
    return matrix


def frequency_pairs(frequencies: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """All index pairs (i, j) with ``|frequencies[i] − frequencies[j]| ≤ tolerance``."""
    order = np.argsort(frequencies, kind="stable")
    ordered = frequencies[order]
    lo = np.searchsorted(ordered, ordered - tolerance, side="left")
    hi = np.searchsorted(ordered, ordered + tolerance, side="right")
    counts = hi - lo
    rows = np.repeat(order, counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    cols = order[np.repeat(lo, counts) + offsets]
    return rows, cols
