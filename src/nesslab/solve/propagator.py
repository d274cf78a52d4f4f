"""Modal propagation ``x(t) = e^{Lt} x₀`` at any set of times, exact at extreme scale separations.

The generator is written in the energy eigenbasis (coherent part exactly ``−iω``), split into the
blocks it leaves invariant (weak symmetries, secular structure: connected components of its
sparsity pattern), and each block is block-diagonalised into a *slow* part (populations and the
near-degenerate coherences) and a *fast* part (the other coherences; the split of
:mod:`nesslab.solve.secular`, on the block's own rate scale) by the two Riccati equations of the
invariant subspaces::

    slow subspace [I; X]:  F X + C − X A − X B X = 0,   slow generator K = A + B X
    fast subspace [Y; I]:  A Y + B − Y F − Y C Y = 0,   fast generator G = F + C Y

for ``L = [[A, B], [C, F]]``. Both are solved by fixed-point iteration, contracting by about
``1/window``. K holds only rate-sized entries, so its eigenvalues (rates spanning 10⁻¹² …
10⁻⁶ of ω) come with *relative* accuracy and its zero mode is the steady state to working
precision; the propagation is then a sum of exponentials valid at any time, with no time
stepping. Fast coherences keep absolute eigenvalue errors of order ``ε_mach · max|ω|``.
A block whose eigenvectors are ill conditioned (near-defective rates) is propagated by
``scipy.linalg.expm`` of its (small) generator at each time instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from nesslab.generators.base import Generator, in_eigenbasis
from nesslab.solve.linalg import ConvergenceError
from nesslab.solve.secular import secular_split

RICCATI_MAXITER = 100
MODAL_CONDITION_LIMIT = 1e8
ZERO_RATE = 64 * np.finfo(float).eps


@dataclass(frozen=True)
class _Modes:
    """``x[index](t) = modes @ (coefficients · e^{rates·t})``, or ``modes @ expm(K t) c``.

    ``modes=None`` stands for the identity (uncoupled components).
    """

    index: np.ndarray
    modes: np.ndarray | None
    rates: np.ndarray
    coefficients: np.ndarray
    generator: np.ndarray | None = None

    def at(self, times: np.ndarray) -> np.ndarray:
        """The block's components at ``times``, shape ``(len(index), len(times))``."""
        if self.generator is None:
            amplitudes = self.coefficients[:, None] * np.exp(np.outer(self.rates, times))
            return amplitudes if self.modes is None else self.modes @ amplitudes
        columns = [la.expm(self.generator * t) @ self.coefficients for t in times]
        return self.modes @ np.array(columns).T


def _eigen_modes(generator: np.ndarray, basis: np.ndarray, start: np.ndarray) -> tuple:
    """(modes, rates, coefficients, None), or the expm fallback for ill-conditioned vectors.

    Eigenvalues within ``ZERO_RATE · ‖generator‖₁`` of zero are below the resolution of the
    decomposition and are set to exactly zero: they are the stationary modes, whose exact rate
    zero (trace preservation) must not turn into a drift at times of 1/rate and beyond.
    """
    rates, vectors = la.eig(generator)
    rates[np.abs(rates) <= ZERO_RATE * np.abs(generator).sum(axis=0).max()] = 0.0
    lu = la.lu_factor(vectors, check_finite=False)
    gecon = la.get_lapack_funcs("gecon", (lu[0],))
    rcond, _ = gecon(lu[0], np.abs(vectors).sum(axis=0).max(), norm="1")
    if rcond * MODAL_CONDITION_LIMIT >= 1:
        return basis @ vectors, rates, la.lu_solve(lu, start), None
    return basis, np.zeros(0), start, generator


Step = Callable[[np.ndarray], np.ndarray]


def _riccati(solve: Step, update: Step, start: np.ndarray) -> np.ndarray:
    """Fixed point of ``Z = solve(update(Z))`` from ``start`` to machine precision."""
    value = start
    for _ in range(RICCATI_MAXITER):
        new = solve(update(value))
        change = np.abs(new - value).max(initial=0.0)
        value = new
        if change <= 1e-14 * max(np.abs(value).max(initial=0.0), 1e-300):
            return value
    raise ConvergenceError("the slow/fast Riccati decoupling of the generator did not converge")


def _split_block(matrix: np.ndarray, slow: np.ndarray, start: np.ndarray) -> list[tuple]:
    """Modal data (see :func:`_eigen_modes`) of the slow and the fast invariant subspace."""
    fast = ~slow
    a, b = matrix[np.ix_(slow, slow)], matrix[np.ix_(slow, fast)]
    c, f = matrix[np.ix_(fast, slow)], matrix[np.ix_(fast, fast)]
    lu = la.lu_factor(f)
    x = _riccati(lambda z: la.lu_solve(lu, z), lambda z: z @ a + z @ b @ z - c, la.lu_solve(lu, -c))
    y = _riccati(
        lambda z: la.lu_solve(lu, z.T, trans=1).T,
        lambda z: a @ z + b - z @ c @ z,
        la.lu_solve(lu, b.T, trans=1).T,
    )
    fast_part = np.linalg.solve(np.eye(fast.sum()) - x @ y, start[fast] - x @ start[slow])
    slow_part = start[slow] - y @ fast_part
    n_slow, n_fast = int(slow.sum()), int(fast.sum())
    slow_basis = np.zeros((slow.size, n_slow), dtype=complex)
    slow_basis[slow], slow_basis[fast] = np.eye(n_slow), x
    fast_basis = np.zeros((slow.size, n_fast), dtype=complex)
    fast_basis[slow], fast_basis[fast] = y, np.eye(n_fast)
    return [
        _eigen_modes(a + b @ x, slow_basis, slow_part),
        _eigen_modes(f + c @ y, fast_basis, fast_part),
    ]


def _block_modes(
    matrix: np.ndarray, frequencies: np.ndarray, index: np.ndarray, start: np.ndarray
) -> list[_Modes]:
    """Modes of one invariant block, split into slow and fast parts when both are present."""
    slow = secular_split(frequencies, matrix + np.diag(1j * frequencies)).slow
    if slow.all() or not slow.any():
        parts = [_eigen_modes(matrix, np.eye(index.size, dtype=complex), start)]
    else:
        parts = _split_block(matrix, slow, start)
    return [_Modes(index, *part) for part in parts]


def _blocks(matrix: sp.csr_matrix) -> list[np.ndarray]:
    """Index sets of the invariant blocks (weakly connected components of the pattern)."""
    pattern = sp.csr_matrix((np.ones(matrix.nnz), matrix.indices, matrix.indptr), matrix.shape)
    count, labels = connected_components(pattern, directed=True, connection="weak")
    return [np.flatnonzero(labels == label) for label in range(count)]


@dataclass(frozen=True)
class Propagator:
    """``x(t) = e^{Lt} x₀`` of one generator and initial state, evaluable at any times.

    Attributes
    ----------
    generator : Generator
        The generator the state vectors belong to (energy eigenbasis for density generators).
    parts : tuple of _Modes
        Per-block modal decompositions (internal).
    """

    generator: Generator
    parts: tuple

    def vectors(self, times: np.ndarray) -> np.ndarray:
        """State vectors at ``times`` (measured from the initial state), ``(len(times), size)``."""
        times = np.asarray(times, dtype=float)
        result = np.zeros((self.generator.size, times.size), dtype=complex)
        for part in self.parts:
            result[part.index] += part.at(times)
        return result.T


def propagator(generator: Generator, vector: np.ndarray) -> Propagator:
    """Modal propagator of ``generator`` from the state vector ``vector`` (module docstring).

    Parameters
    ----------
    generator : Generator
        A generator whose space can be written in the energy eigenbasis (density matrices,
        populations; not a HEOM hierarchy).
    vector : ndarray
        Initial state vector in ``generator``'s own space and basis.

    Raises
    ------
    ValueError
        For a space without an eigenbasis form (a hierarchy is too large for a modal
        decomposition anyway; use "krylov").
    """
    if generator.space.eigenbasis(generator.system) is None:
        raise ValueError(
            f"spectral propagation needs a generator that can be written in the energy "
            f"eigenbasis, not one on {generator.space.describe()}; use method='krylov'"
        )
    eigen = in_eigenbasis(generator)
    if eigen is not generator:
        vector = eigen.from_site(generator.to_site(vector))
    matrix = sp.csr_matrix(eigen.matrix)
    frequencies = eigen.frequencies
    blocks = _blocks(matrix)
    single = np.array([index[0] for index in blocks if index.size == 1], dtype=int)
    diagonal = matrix.diagonal()[single]
    parts = [_Modes(single, None, diagonal, vector[single])] if single.size else []
    for index in (index for index in blocks if index.size > 1):
        block = matrix[index][:, index].toarray()
        parts += _block_modes(block, frequencies[index], index, vector[index])
    return Propagator(eigen, tuple(parts))
