"""Exact Schur-complement reduction of a density-space generator onto its secular block."""

from __future__ import annotations

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

SLOW_WINDOW = 100.0
JACOBI_MAXITER = 200


def schur_reduction(gen: Generator) -> Solution | None:
    """Exact Schur-complement reduction onto the slow (secular) block in the eigenbasis.

    Fast components F are the coherences with ``|ω| > SLOW_WINDOW · ‖D‖_∞``; on them the generator
    is ``−iω + D`` with a Jacobi contraction below ``1/(SLOW_WINDOW − 1)``, so ``L_FF⁻¹ L_FS`` is
    obtained by Jacobi iteration to machine precision. The reduced matrix on the slow block (of
    the size of the rates, rescaled to order one) is then solved with the trace condition.
    Returns ``None`` when there is no scale separation (more than half the components slow).
    """
    eigen = in_eigenbasis(gen)
    notes = [] if eigen is gen else ["solved in the energy eigenbasis"]
    matrix = eigen.matrix
    dissipator = matrix - eigen.coherent
    dense = not sp.issparse(dissipator)
    rate_scale = float(abs(dissipator).sum(axis=1).max()) or 1.0
    slow = np.abs(eigen.frequencies) <= SLOW_WINDOW * rate_scale
    n_slow = int(slow.sum())
    if n_slow > eigen.size // 2:
        return None
    fast = ~slow
    dissipator = np.asarray(dissipator) if dense else sp.csr_matrix(dissipator)
    block_ff = dissipator[np.ix_(fast, fast)] if dense else dissipator[fast][:, fast]
    block_fs = dissipator[np.ix_(fast, slow)] if dense else dissipator[fast][:, slow].toarray()
    block_sf = dissipator[np.ix_(slow, fast)] if dense else dissipator[slow][:, fast]
    diagonal = block_ff.diagonal().copy()
    off_diagonal = block_ff - (np.diag(diagonal) if dense else sp.diags(diagonal))
    inverse_diagonal = 1.0 / (-1j * eigen.frequencies[fast] + diagonal)
    coupling = inverse_diagonal[:, None] * block_fs
    for _ in range(JACOBI_MAXITER):
        update = inverse_diagonal[:, None] * (block_fs - off_diagonal @ coupling)
        change = np.abs(update - coupling).max()
        coupling = update
        if change <= 1e-17 * np.abs(coupling).max():
            break
    else:
        raise ConvergenceError("Jacobi elimination of the fast coherences did not converge")
    slow_block = (
        np.asarray(matrix[np.ix_(slow, slow)])
        if dense
        else (sp.csr_matrix(matrix)[slow][:, slow].toarray())
    )
    reduced = (slow_block - block_sf @ coupling) / rate_scale
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
    notes.append(f"Schur reduction onto {n_slow} slow components (window {SLOW_WINDOW:g}·‖D‖∞)")
    return Solution(_back(gen, eigen, vector), condition, notes, "reduced")


def _back(original: Generator, solved: Generator, vector: np.ndarray) -> np.ndarray:
    if solved is original:
        return vector
    return original.from_site(solved.to_site(vector))
