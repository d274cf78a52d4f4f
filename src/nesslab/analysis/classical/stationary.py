"""The stationary distribution ``G π = 0``, ``Σ π = 1`` of a rate generator, and its uniqueness.

Uniqueness is decided on the transition graph, before any solve: π is unique exactly when the
graph has one *closed* communicating class (a strongly connected set of states that no rate
leaves). States outside it are transient and carry no stationary weight. Several closed classes
(a reducible generator with several stationary states) are refused with the classes named.

Methods (:data:`STATIONARY_METHODS`): ``"dense"`` and ``"direct"`` solve the system bordered by
the normalisation with nesslab's LU null-vector solver (:func:`nesslab.solve.linalg.null_vector`,
with iterative refinement), dense or sparse; ``"iterative"`` fixes π of one state and solves the
remaining non-singular M-matrix system by GMRES with a Jacobi preconditioner, for generators too
large to factorise (the sparse LU of a hypercube of 2^N states fills in catastrophically beyond
N ≈ 13). ``"auto"`` picks by size (:data:`DENSE_LIMIT`, :data:`DIRECT_LIMIT`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse.csgraph import connected_components

from nesslab.analysis.classical.generator import RateGenerator
from nesslab.registry import lookup
from nesslab.solve.linalg import ConvergenceError, NonUniqueSteadyStateError, null_vector
from nesslab.solve.result import PhysicalityWarning

DENSE_LIMIT = 2048
"""Largest closed class solved densely by ``"auto"``."""
DIRECT_LIMIT = 8192
"""Largest closed class solved by sparse LU under ``"auto"``; ``"iterative"`` beyond."""
NEGATIVE_TOL = 1e-10
"""Negative probabilities below ``NEGATIVE_TOL · max π`` are rounding (set to zero); larger ones
are reported with a :class:`~nesslab.PhysicalityWarning`."""
GMRES_RTOL = 1e-12
GMRES_RESTART = 100
GMRES_MAXITER = 500


@dataclass(frozen=True, eq=False)
class StationaryDistribution:
    """The unique stationary distribution of a rate generator, with its evidence.

    Attributes
    ----------
    probabilities : ndarray
        π (n,), non-negative, summing to one.
    method : str
        The method that solved it ("dense", "direct" or "iterative").
    residual : float
        ``‖G π‖₁ / max_i |G[i, i]|``: the probability flow out of balance, relative to the
        fastest escape rate (rounding level ~1e-16 for a good solve).
    recurrent : ndarray
        Indices of the closed class that carries π; every other state is transient.
    clipped : float
        The most negative raw probability set to zero as rounding (0 if none).
    """

    probabilities: np.ndarray
    method: str
    residual: float
    recurrent: np.ndarray
    clipped: float = 0.0

    @property
    def transient(self) -> int:
        """Number of transient states (stationary weight zero)."""
        return self.probabilities.size - self.recurrent.size

    def mean(self, values: np.ndarray) -> float:
        """``Σ_i π_i values_i`` (e.g. the mean energy of the state energies)."""
        return float(self.probabilities @ np.asarray(values, dtype=float))


def closed_classes(generator: RateGenerator) -> list[np.ndarray]:
    """The closed communicating classes of the transition graph (index arrays, largest first).

    An edge i → j for every rate ``G[j, i] > 0``; a class is closed when no edge leaves it.
    """
    rates = generator.rates.tocoo()
    adjacency = sp.csr_matrix((np.ones(rates.nnz), (rates.col, rates.row)), shape=rates.shape)
    count, labels = connected_components(adjacency, directed=True, connection="strong")
    leaving = labels[rates.col] != labels[rates.row]
    open_classes = np.unique(labels[rates.col[leaving]])
    closed = np.setdiff1d(np.arange(count), open_classes)
    classes = [np.flatnonzero(labels == label) for label in closed]
    return sorted(classes, key=lambda members: -members.size)


def _bordered(matrix: sp.csr_matrix, dense: bool) -> np.ndarray:
    system = matrix.toarray() if dense else matrix
    vector, _ = null_vector(
        system.astype(complex), np.ones(matrix.shape[0]), ordering="MMD_AT_PLUS_A"
    )
    return vector.real


def _dense(matrix: sp.csr_matrix) -> np.ndarray:
    return _bordered(matrix, dense=True)


def _direct(matrix: sp.csr_matrix) -> np.ndarray:
    return _bordered(matrix, dense=False)


def _iterative(matrix: sp.csr_matrix) -> np.ndarray:
    """π_p = 1 for the state p of smallest escape rate; ``G_rr π_r = −G_rp`` by GMRES.

    The state that is left most slowly is typically among the most probable ones.
    """
    size = matrix.shape[0]
    pinned = int(np.argmax(matrix.diagonal()))
    rest = np.flatnonzero(np.arange(size) != pinned)
    reduced = sp.csr_matrix(matrix[rest][:, rest])
    rhs = -matrix[rest, pinned].toarray().ravel()
    diagonal = reduced.diagonal()
    preconditioner = spla.LinearOperator(reduced.shape, lambda x: x / diagonal, dtype=float)
    solution, info = spla.gmres(
        reduced,
        rhs,
        M=preconditioner,
        rtol=GMRES_RTOL,
        atol=0.0,
        restart=GMRES_RESTART,
        maxiter=GMRES_MAXITER,
    )
    if info != 0:
        reached = np.linalg.norm(rhs - reduced @ solution) / np.linalg.norm(rhs)
        raise ConvergenceError(
            f"GMRES did not converge for the stationary distribution of {size} states "
            f"(relative residual {reached:.2e} > {GMRES_RTOL:g} after {GMRES_MAXITER} restarts): "
            "the generator mixes too slowly; try method='direct' (sparse LU, practical up to "
            "~2^14 states) or sample with nesslab.analysis.kinetic_monte_carlo"
        )
    vector = np.empty(size)
    vector[pinned], vector[rest] = 1.0, solution
    return vector / vector.sum()


STATIONARY_METHODS: dict[str, Callable[[sp.csr_matrix], np.ndarray]] = {
    "dense": _dense,
    "direct": _direct,
    "iterative": _iterative,
}


def _auto(size: int) -> str:
    if size <= DENSE_LIMIT:
        return "dense"
    return "direct" if size <= DIRECT_LIMIT else "iterative"


def stationary_distribution(
    generator: RateGenerator, *, method: str = "auto"
) -> StationaryDistribution:
    """The unique stationary distribution π of ``generator`` (module docstring).

    Parameters
    ----------
    generator : RateGenerator
        The rate equation.
    method : {"auto", "dense", "direct", "iterative"}
        How the closed class is solved (module docstring).

    Raises
    ------
    NonUniqueSteadyStateError
        If the generator has several closed classes (the message gives their number, sizes
        and a member of each): π is then not unique.
    ConvergenceError
        If "iterative" does not converge.
    ValueError
        For an unknown method.
    """
    if not isinstance(generator, RateGenerator):
        raise TypeError(f"generator must be a RateGenerator, got {type(generator).__name__}")
    if method != "auto":
        lookup(STATIONARY_METHODS, method, "method")
    classes = closed_classes(generator)
    if len(classes) > 1:
        shown = ", ".join(
            f"{members.size} states with {generator.state_name(int(members[0]))}"
            for members in classes[:5]
        )
        raise NonUniqueSteadyStateError(
            f"the stationary distribution is not unique: the generator is reducible, with "
            f"{len(classes)} closed classes that no rate connects ({shown}"
            f"{', …' if len(classes) > 5 else ''}); each carries its own stationary state. "
            "Add rates that connect them, or study one class at a time"
        )
    recurrent = classes[0]
    whole = recurrent.size == generator.size
    block = generator.matrix if whole else sp.csr_matrix(generator.matrix[recurrent][:, recurrent])
    name = _auto(recurrent.size) if method == "auto" else method
    raw = STATIONARY_METHODS[name](block) if recurrent.size > 1 else np.ones(1)
    probabilities, clipped = _cleaned(raw)
    full = np.zeros(generator.size)
    full[recurrent] = probabilities
    scale = float(np.abs(generator.matrix.diagonal()).max(initial=0.0))
    residual = float(np.abs(generator.matrix @ full).sum()) / scale if scale > 0 else 0.0
    return StationaryDistribution(full, name, residual, recurrent, clipped)


def _cleaned(raw: np.ndarray) -> tuple[np.ndarray, float]:
    """π normalised with rounding-level negatives set to zero (larger ones warned about)."""
    raw = raw / raw.sum()
    lowest = float(raw.min())
    if lowest < -NEGATIVE_TOL * float(raw.max()):
        warnings.warn(
            f"the stationary distribution has negative probabilities down to {lowest:.3e} "
            "(beyond rounding); the solve is inaccurate — check the residual or try "
            "method='dense'",
            PhysicalityWarning,
            stacklevel=3,
        )
        return raw, lowest
    clipped = min(lowest, 0.0)
    cleaned = np.where(raw < 0, 0.0, raw)
    return cleaned / cleaned.sum(), clipped
