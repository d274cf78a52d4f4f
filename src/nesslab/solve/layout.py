"""The bordered, row-equilibrated, RCM-permuted sector system of a sparse generator, by pattern.

A sweep factorises generators of one sparsity pattern at every point. The structural work
between the generator and SuperLU — restricting to a symmetry sector, replacing one equation by
the trace condition, the reverse Cuthill–McKee ordering, the CSC layout — depends on the pattern
only. :func:`sector_system` does it once per pattern on an index-valued copy of the matrix and
caches the result; at each point the system's values are one gather from the generator's data.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from nesslab.solve.factorization import cached, pattern_key, rcm_order

LAYOUT_CACHE_SIZE = 16


@dataclass(frozen=True)
class Layout:
    """Where each entry of the final CSC system comes from.

    Attributes
    ----------
    indptr, indices : ndarray
        CSC structure of the permuted bordered system (``indices`` are its row indices).
    source : ndarray
        For each entry: ``k + 1`` for entry k of the generator's CSR data, or ``−(j + 1)`` for
        the trace-row value of sector component j.
    order : ndarray
        The RCM permutation: entry i of the permuted system is sector component ``order[i]``.
    row : int
        Permuted index of the equation replaced by the trace condition.
    """

    indptr: np.ndarray
    indices: np.ndarray
    source: np.ndarray
    order: np.ndarray
    row: int


_LAYOUTS: OrderedDict[bytes, Layout] = OrderedDict()


def sector_system(
    matrix: sp.csr_matrix, kept: np.ndarray, trace_row: np.ndarray
) -> tuple[sp.csc_matrix, np.ndarray, np.ndarray]:
    """The permuted, bordered, row-equilibrated system of ``matrix`` on the components ``kept``.

    Parameters
    ----------
    matrix : csr_matrix
        The whole generator (sorted indices).
    kept : ndarray of int
        The sector's components.
    trace_row : ndarray
        The trace row restricted to the sector.

    Returns
    -------
    system : csc_matrix
        ``P · S · B · Pᵀ``: B the sector block with its first population equation replaced by
        the trace condition, S the row equilibration, P the RCM permutation.
    rhs : ndarray
        Its right-hand side.
    order : ndarray
        The permutation (the solution y of the system gives ``x[order] = y``).
    """
    layout = _layout(matrix, kept, trace_row)
    source = layout.source
    values = np.where(
        source > 0,
        matrix.data[np.maximum(source, 1) - 1],
        trace_row[np.maximum(-source, 1) - 1],
    ).astype(complex)
    size = kept.size
    largest = np.zeros(size)
    np.maximum.at(largest, layout.indices, np.abs(values))
    scale = 1.0 / np.where(largest > 0, largest, 1.0)
    values *= scale[layout.indices]
    system = sp.csc_matrix((values, layout.indices, layout.indptr), shape=(size, size))
    rhs = np.zeros(size, dtype=complex)
    rhs[layout.row] = scale[layout.row]
    return system, rhs, layout.order


def _layout(matrix: sp.csr_matrix, kept: np.ndarray, trace_row: np.ndarray) -> Layout:
    """The cached :class:`Layout` of this pattern, sector and trace-row support."""
    support = np.flatnonzero(trace_row)
    key = pattern_key(matrix, kept, support)
    return cached(_LAYOUTS, key, lambda: _build_layout(matrix, kept, support), LAYOUT_CACHE_SIZE)


def _build_layout(matrix: sp.csr_matrix, kept: np.ndarray, support: np.ndarray) -> Layout:
    """Do the structural work once on a matrix whose values are their own source codes."""
    codes = sp.csr_matrix(
        (np.arange(1, matrix.nnz + 1, dtype=float), matrix.indices, matrix.indptr),
        shape=matrix.shape,
    )
    block = codes[kept][:, kept].tolil()
    row = int(support[0])
    block.rows[row] = list(support)
    block.data[row] = [-(j + 1.0) for j in support]
    block = block.tocsr()
    order = rcm_order(block)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(order.size)
    permuted = sp.csc_matrix(block[order][:, order])
    permuted.sort_indices()
    return Layout(
        permuted.indptr.copy(),
        permuted.indices.copy(),
        permuted.data.astype(np.int64),
        order,
        int(inverse[row]),
    )
