"""Dynamics ``P(t) = e^{G t} P(0)`` of a rate generator on a grid of times.

Methods (:data:`PROPAGATION_METHODS`), as in :func:`nesslab.evolve`:

``"krylov"``    scipy ``expm_multiply``: one call on an evenly spaced grid, one call per interval
                otherwise. Sparse, any size; the cost grows with ``‖G‖ · t_max``.
``"spectral"``  one dense eigendecomposition ``G = V Λ V⁻¹`` and then every time at the same
                cost: for logarithmic grids far beyond the slowest relaxation time (seed 003
                Fig. 2(b) reaches t = 10⁷ with a slowest rate of 10⁻⁶). The stationary eigenvalue
                is set to exactly zero, as in nesslab's modal propagator
                (:mod:`nesslab.solve.propagator`); if the eigenvectors are ill-conditioned
                (near-defective rates) each time is computed by ``scipy.linalg.expm`` instead,
                with a RuntimeWarning (it loses digits at ``‖G‖ t ≫ 10⁶``).
``"auto"``      "spectral" up to :data:`SPECTRAL_LIMIT` states, "krylov" beyond.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.linalg as la
import scipy.sparse.linalg as spla

from nesslab.analysis.classical.energy import EnergyDistribution, energy_distribution
from nesslab.analysis.classical.generator import RateGenerator
from nesslab.registry import lookup
from nesslab.solve.propagator import MODAL_CONDITION_LIMIT, ZERO_RATE

SPECTRAL_LIMIT = 2048
"""Largest generator propagated by ``"spectral"`` under ``method="auto"``."""
PROBABILITY_TOL = 1e-10
"""Tolerance of the checks of P(0): entries ≥ −tol and ``|Σ P − 1| ≤ tol``."""


@dataclass(frozen=True, eq=False)
class RateDynamics:
    """P(t) of a rate generator.

    Attributes
    ----------
    times : ndarray
        The times (≥ 0, 1/energy units); P(0) is the initial distribution.
    probabilities : ndarray
        ``P_i(t)``, shape ``(len(times), n)``.
    method : str
        "krylov", "spectral" or "expm" (the spectral fallback for ill-conditioned modes).
    generator : RateGenerator
        The generator it solves.
    """

    times: np.ndarray
    probabilities: np.ndarray
    method: str
    generator: RateGenerator = field(repr=False)

    def mean(self, values: Any) -> np.ndarray:
        """``Σ_i P_i(t) values_i`` at every time, shape ``(len(times),)``."""
        return self.probabilities @ np.asarray(values, dtype=float)

    @property
    def mean_energy(self) -> np.ndarray:
        """⟨E⟩(t) from the generator's energies."""
        return self.mean(_energies(self.generator))

    def energy_distribution(self, bins: int | np.ndarray = 50) -> EnergyDistribution:
        """P(E, t) binned in E (:func:`~nesslab.analysis.classical.energy_distribution`)."""
        return energy_distribution(self.probabilities, _energies(self.generator), bins, self.times)


def _energies(generator: RateGenerator) -> np.ndarray:
    if generator.energies is None:
        raise ValueError("the generator has no state energies; build it with energies=...")
    return generator.energies


def _krylov(generator: RateGenerator, start: np.ndarray, times: np.ndarray) -> tuple:
    matrix = generator.matrix.tocsc()
    steps = np.diff(times)
    if steps.size and times[-1] > times[0] and np.allclose(steps, steps[0], rtol=1e-12, atol=0):
        evolved = spla.expm_multiply(
            matrix, start, start=times[0], stop=times[-1], num=times.size, endpoint=True
        )
        return np.asarray(evolved), "krylov"
    vectors, vector = [], start
    for step in np.diff(np.concatenate([[0.0], times])):
        if step > 0:
            vector = _advance(matrix, vector, step)
        vectors.append(vector)
    return np.array(vectors), "krylov"


def _advance(matrix: Any, vector: np.ndarray, step: float) -> np.ndarray:
    """``e^{G step} vector`` (without a scaled copy of G)."""
    return spla.expm_multiply(matrix, vector, start=0.0, stop=step, num=2, endpoint=True)[-1]


def _spectral(generator: RateGenerator, start: np.ndarray, times: np.ndarray) -> tuple:
    dense = generator.matrix.toarray()
    rates, vectors = la.eig(dense)
    rates[np.abs(rates) <= ZERO_RATE * np.abs(dense).sum(axis=0).max()] = 0.0
    lu = la.lu_factor(vectors, check_finite=False)
    gecon = la.get_lapack_funcs("gecon", (lu[0],))
    rcond, _ = gecon(lu[0], np.abs(vectors).sum(axis=0).max(), norm="1")
    if rcond * MODAL_CONDITION_LIMIT < 1:
        warnings.warn(
            f"the eigenvectors of the generator are ill-conditioned (reciprocal condition "
            f"{rcond:.1e}); P(t) is computed by scipy.linalg.expm at each time instead, which "
            "loses digits when ‖G‖·t ≫ 1e6 — prefer method='krylov' there",
            RuntimeWarning,
            stacklevel=3,
        )
        return np.array([la.expm(dense * t) @ start for t in times]), "expm"
    coefficients = la.lu_solve(lu, start.astype(complex))
    amplitudes = coefficients[:, None] * np.exp(np.outer(rates, times))
    probabilities = (vectors @ amplitudes).real.T
    probabilities[times == 0] = start  # e^{G·0} = 1 exactly, not V V⁻¹
    return probabilities, "spectral"


PROPAGATION_METHODS: dict[str, Callable[[RateGenerator, np.ndarray, np.ndarray], tuple]] = {
    "krylov": _krylov,
    "spectral": _spectral,
}


def initial_distribution(generator: RateGenerator, initial: Any) -> np.ndarray:
    """P(0) from a state index (all weight there) or a probability vector (checked)."""
    if isinstance(initial, (int, np.integer)) and not isinstance(initial, bool):
        if not 0 <= initial < generator.size:
            raise ValueError(f"initial state {initial} is not one of the {generator.size} states")
        start = np.zeros(generator.size)
        start[int(initial)] = 1.0
        return start
    start = np.asarray(initial, dtype=float)
    if start.shape != (generator.size,):
        raise ValueError(
            f"initial must be a state index or {generator.size} probabilities, got shape "
            f"{start.shape}"
        )
    if not np.all(np.isfinite(start)) or start.min() < -PROBABILITY_TOL:
        raise ValueError("initial probabilities must be finite and >= 0")
    if abs(start.sum() - 1.0) > PROBABILITY_TOL:
        raise ValueError(f"initial probabilities must sum to 1, got {start.sum():.12g}")
    return start


def rate_dynamics(
    generator: RateGenerator,
    initial: Any,
    times: Sequence[float] | np.ndarray,
    *,
    method: str = "auto",
) -> RateDynamics:
    """``P(t) = e^{G t} P(0)`` at ``times`` (module docstring for the methods).

    Parameters
    ----------
    generator : RateGenerator
        The rate equation.
    initial : int or array_like
        P(0): a state index (e.g. 0, all spins down for a spin generator) or n probabilities.
    times : sequence of float
        Non-decreasing times ≥ 0 (1/energy units), e.g. ``np.geomspace(0.1, 1e7, 200)``.
    method : {"auto", "krylov", "spectral"}
        See the module docstring.

    Raises
    ------
    ValueError
        For bad times, a bad initial distribution or an unknown method.
    """
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or not np.all(np.isfinite(times)):
        raise ValueError("times must be a non-empty 1-d sequence of finite numbers")
    if times[0] < 0 or np.any(np.diff(times) < 0):
        raise ValueError("times must be >= 0 and non-decreasing (P(0) is the initial state)")
    if method == "auto":
        method = "spectral" if generator.size <= SPECTRAL_LIMIT else "krylov"
    run = lookup(PROPAGATION_METHODS, method, "method")
    start = initial_distribution(generator, initial)
    probabilities, used = run(generator, start, times)
    return RateDynamics(times, np.asarray(probabilities, dtype=float), used, generator)
