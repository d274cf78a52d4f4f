"""The relaxation spectrum of a rate generator: its eigenvalues ``λ_k``, ``Re λ_k ≤ 0``.

Each nonzero eigenvalue is a relaxation mode ``e^{λ_k t}`` of P(t); ``−Re λ_k`` is its rate
(1/time) and the slowest one sets the time to reach the stationary state. Exact zeros are the
stationary modes (one per closed class). Dense: every eigenvalue (LAPACK). Sparse: the ``count``
slowest by shift-invert Arnoldi (ARPACK) about a shift just right of zero, on the complement of
the stationary state (which must be unique), with a sparse LU of ``G − σ I`` (practical up to
~2^13 states).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from nesslab.analysis.classical.generator import RateGenerator
from nesslab.analysis.classical.stationary import stationary_distribution
from nesslab.limits import count as as_count
from nesslab.solve.linalg import ConvergenceError
from nesslab.solve.propagator import ZERO_RATE

DENSE_LIMIT = 2048
"""Largest generator diagonalised densely by ``method="auto"``."""
SHIFT = 1e-10
"""Shift-invert shift σ = SHIFT · max escape rate (right of every eigenvalue, none at σ)."""


@dataclass(frozen=True, eq=False)
class RelaxationSpectrum:
    """The slowest relaxation modes of a rate generator.

    Attributes
    ----------
    eigenvalues : ndarray
        Nonzero eigenvalues (complex, 1/time), slowest first (decreasing real part).
    stationary_modes : int
        Number of eigenvalues at zero (within ``ZERO_RATE · ‖G‖₁``): one for a unique
        stationary state (the sparse method needs a unique one, so 1 there).
    method : str
        "dense" or "sparse".
    """

    eigenvalues: np.ndarray
    stationary_modes: int
    method: str

    @property
    def rates(self) -> np.ndarray:
        """Relaxation rates ``−Re λ_k`` (1/time), slowest first."""
        return -self.eigenvalues.real

    @property
    def slowest_rate(self) -> float:
        """The smallest relaxation rate (the spectral gap), 1/time."""
        return float(self.rates[0])

    @property
    def relaxation_time(self) -> float:
        """``1 / slowest_rate``: the time scale of the approach to stationarity."""
        return 1.0 / self.slowest_rate


def _split(values: np.ndarray, scale: float) -> tuple[np.ndarray, int]:
    zero = np.abs(values) <= ZERO_RATE * scale
    values = values[~zero]
    order = np.lexsort((values.imag, -values.real))
    return values[order], int(zero.sum())


def relaxation_spectrum(
    generator: RateGenerator, count: int | None = None, *, method: str = "auto"
) -> RelaxationSpectrum:
    """The ``count`` slowest relaxation modes (all, densely, when ``count`` is None).

    Parameters
    ----------
    generator : RateGenerator
        The rate equation.
    count : int, optional
        How many nonzero eigenvalues to return (≥ 1); required by the sparse method.
    method : {"auto", "dense", "sparse"}
        "auto": dense up to :data:`DENSE_LIMIT` states, sparse beyond.

    Raises
    ------
    ValueError
        For an unknown method, a bad ``count``, or the sparse method without ``count``.
    ConvergenceError
        If ARPACK does not converge.
    nesslab.NonUniqueSteadyStateError
        For the sparse method on a generator with several stationary states.
    """
    if count is not None:
        count = as_count(count, "count", minimum=1)
    if method == "auto":
        method = "dense" if generator.size <= DENSE_LIMIT else "sparse"
    matrix = generator.matrix
    scale = float(np.abs(matrix.diagonal()).max(initial=0.0)) * 2
    if method == "dense":
        values, zeros = _split(la.eigvals(matrix.toarray()), scale)
        return RelaxationSpectrum(values[:count], zeros, "dense")
    if method != "sparse":
        raise ValueError(f"unknown method {method!r}; valid: auto, dense, sparse")
    if count is None:
        raise ValueError("the sparse method needs count (how many slow modes to compute)")
    if count >= generator.size - 2:
        raise ValueError(
            f"count={count} needs (nearly) the whole spectrum of {generator.size} states; use "
            "method='dense'"
        )
    values = _slowest(generator, count, SHIFT * scale)
    return RelaxationSpectrum(_split(values, scale)[0][:count], 1, "sparse")


def _slowest(generator: RateGenerator, count: int, shift: float) -> np.ndarray:
    """The ``count`` eigenvalues nearest ``shift``, the stationary mode projected out.

    Shift-invert ``θ = 1/(λ − σ)`` on the complement of π: ``x ↦ P (G − σI)⁻¹ P x`` with
    ``P = I − π 1ᵀ`` (1ᵀ is the left null vector of G). Without the projection the stationary
    mode's ``θ = −1/σ`` would dominate ARPACK's tolerance and spoil the slow rates.
    """
    stationary = stationary_distribution(generator).probabilities
    size = generator.size
    lu = spla.splu(
        sp.csc_matrix(generator.matrix - shift * sp.identity(size)), permc_spec="MMD_AT_PLUS_A"
    )

    def inverse(vector: np.ndarray) -> np.ndarray:
        vector = np.ravel(vector)
        image = lu.solve(vector - stationary * vector.sum())
        return image - stationary * image.sum()

    operator = spla.LinearOperator((size, size), matvec=inverse, dtype=float)
    try:
        theta = spla.eigs(operator, k=count, which="LM", return_eigenvectors=False)
    except spla.ArpackNoConvergence as error:
        raise ConvergenceError(
            f"ARPACK did not find the {count} slowest eigenvalues of {size} states: {error}"
        ) from None
    return shift + 1.0 / theta
