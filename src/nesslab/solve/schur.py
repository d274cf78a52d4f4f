"""Exact Schur-complement reduction of an assembled density generator onto its slow block.

The route of method "reduced" for generators without a jump form (Redfield, partial-secular).
In the energy eigenbasis the fast coherences F (:mod:`nesslab.solve.secular`) obey
``−iω + D`` with a Jacobi contraction below ``1/(window − 1)``, so ``L_FF⁻¹ L_FS`` is obtained by
Jacobi iteration to machine precision. The reduced matrix on the slow block S (of the size of
the rates, rescaled to order one) is then solved with the trace condition: the solve stays well
conditioned when the rates are 10⁻¹² of the level spacing, where the full bordered system is not.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.generators.base import Generator, in_eigenbasis
from nesslab.solve.linalg import (
    NULL_TOL,
    ConvergenceError,
    NonUniqueSteadyStateError,
    Solution,
    null_space_dimension,
    null_vector,
)
from nesslab.solve.secular import secular_split


def schur_reduction(gen: Generator, options: Any) -> Solution | None:
    """The steady state by exact Schur reduction; None without scale separation.

    ``options`` is the :class:`nesslab.solve.reduced.Reduced` method (its ``window`` and
    ``max_iterations``).
    """
    eigen = in_eigenbasis(gen)
    notes = [] if eigen is gen else ["solved in the energy eigenbasis"]
    matrix = eigen.matrix
    dissipator = matrix - eigen.coherent
    split = secular_split(eigen.frequencies, dissipator, options.window)
    if split.n_slow > eigen.size // 2:
        return None
    slow, fast = split.slow, split.fast
    dense = not sp.issparse(dissipator)
    dissipator = np.asarray(dissipator) if dense else sp.csr_matrix(dissipator)
    block_ff = dissipator[np.ix_(fast, fast)] if dense else dissipator[fast][:, fast]
    block_fs = dissipator[np.ix_(fast, slow)] if dense else dissipator[fast][:, slow].toarray()
    block_sf = dissipator[np.ix_(slow, fast)] if dense else dissipator[slow][:, fast]
    diagonal = block_ff.diagonal().copy()
    off_diagonal = block_ff - (np.diag(diagonal) if dense else sp.diags(diagonal))
    inverse_diagonal = 1.0 / (-1j * eigen.frequencies[fast] + diagonal)
    coupling = inverse_diagonal[:, None] * block_fs
    for _ in range(options.max_iterations):
        update = inverse_diagonal[:, None] * (block_fs - off_diagonal @ coupling)
        change = np.abs(update - coupling).max()
        coupling = update
        if change <= 1e-17 * np.abs(coupling).max():
            break
    else:
        raise ConvergenceError(
            f"Jacobi elimination of the fast coherences did not converge in "
            f"{options.max_iterations} iterations; raise Reduced(max_iterations=...) or use "
            "method='direct'"
        )
    slow_block = (
        np.asarray(matrix[np.ix_(slow, slow)])
        if dense
        else (sp.csr_matrix(matrix)[slow][:, slow].toarray())
    )
    reduced = (slow_block - block_sf @ coupling) / split.rate_scale
    dimension = null_space_dimension(reduced)
    if dimension != 1:
        raise NonUniqueSteadyStateError(
            f"the steady state is not unique: the slow (secular) block has a null space of "
            f"dimension {dimension} (relative tolerance {NULL_TOL:g})"
        )
    slow_vector, condition = null_vector(reduced, eigen.trace_row()[slow])
    vector = np.zeros(eigen.size, dtype=complex)
    vector[slow] = slow_vector
    vector[fast] = -coupling @ slow_vector
    notes.append(
        f"Schur reduction onto {split.n_slow} slow components (window {options.window:g}·‖D‖∞)"
    )
    return Solution(_back(gen, eigen, vector), condition, notes, options)


def _back(original: Generator, solved: Generator, vector: np.ndarray) -> np.ndarray:
    if solved is original:
        return vector
    return original.from_site(solved.to_site(vector))
