"""The statistical energy distribution P(E, t), binned in E (seed 003 Fig. 2(a, b)), and ⟨E⟩(t).

``P(E ∈ bin, t) = Σ_{i: E_i ∈ bin} P_i(t)``; ``⟨E⟩(t) = Σ_i E_i P_i(t)`` (exact, not from the bins).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.limits import count


@dataclass(frozen=True, eq=False)
class EnergyDistribution:
    """P(E, t) in energy bins and the mean energy.

    Attributes
    ----------
    times : ndarray or None
        The times of the rows (None for a single distribution given without times).
    edges : ndarray
        Bin edges (B + 1,), energy units; bin b is ``[edges[b], edges[b+1])``, the last one
        closed.
    probabilities : ndarray
        Probability of each bin, shape ``(len(times), B)`` (each row sums to one).
    mean : ndarray
        ⟨E⟩ at each time, from the unbinned energies.
    errors, mean_errors : ndarray or None
        Standard errors of ``probabilities`` and ``mean`` for a sampled distribution
        (:func:`~nesslab.analysis.classical.kinetic_monte_carlo`); None for an exact one.
    """

    times: np.ndarray | None
    edges: np.ndarray
    probabilities: np.ndarray
    mean: np.ndarray
    errors: np.ndarray | None = None
    mean_errors: np.ndarray | None = None

    @property
    def centers(self) -> np.ndarray:
        """Bin centres (B,)."""
        return (self.edges[1:] + self.edges[:-1]) / 2

    @property
    def density(self) -> np.ndarray:
        """Probability per unit energy, ``probabilities / bin width``."""
        return self.probabilities / np.diff(self.edges)


def energy_edges(energies: np.ndarray, bins: int | Any) -> np.ndarray:
    """Bin edges: ``bins`` equal bins spanning the energies, or the given increasing edges.

    Raises
    ------
    ValueError
        For fewer than one bin, edges that do not increase, or edges that leave energies out.
    """
    energies = np.asarray(energies, dtype=float)
    low, high = float(energies.min()), float(energies.max())
    if np.ndim(bins) == 0:
        number = count(bins, "bins", minimum=1)
        if high == low:
            low, high = low - 0.5, high + 0.5
        return np.linspace(low, high, number + 1)
    edges = np.asarray(bins, dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("bins must be a number of bins or at least two increasing edges")
    if edges[0] > low or edges[-1] < high:
        raise ValueError(
            f"bin edges [{edges[0]:g}, {edges[-1]:g}] leave out energies of [{low:g}, {high:g}]"
        )
    return edges


def bin_indices(energies: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """The bin of each energy (the last bin includes its upper edge)."""
    index = np.searchsorted(edges, np.asarray(energies, dtype=float), side="right") - 1
    return np.clip(index, 0, edges.size - 2)


def energy_distribution(
    probabilities: Any,
    energies: Any,
    bins: int | Any = 50,
    times: Any = None,
) -> EnergyDistribution:
    """P(E, t) binned in E, and ⟨E⟩(t), from state probabilities and state energies.

    Parameters
    ----------
    probabilities : array_like
        ``P_i`` (n,) or ``P_i(t)`` (T, n).
    energies : array_like
        ``E_i`` (n,), energy units.
    bins : int or array_like
        A number of equal bins from min E to max E, or the bin edges.
    times : array_like, optional
        The T times, recorded with the result.

    Raises
    ------
    ValueError
        If the shapes do not match, or for bad bins (:func:`energy_edges`).
    """
    energies = np.asarray(energies, dtype=float)
    probabilities = np.atleast_2d(np.asarray(probabilities, dtype=float))
    if energies.ndim != 1 or probabilities.shape[1:] != energies.shape:
        raise ValueError(
            f"probabilities {probabilities.shape} must end with the {energies.size} states "
            "of energies"
        )
    edges = energy_edges(energies, bins)
    index = bin_indices(energies, edges)
    indicator = sp.csr_matrix(
        (np.ones(energies.size), (np.arange(energies.size), index)),
        shape=(energies.size, edges.size - 1),
    )
    binned = np.asarray((indicator.T @ probabilities.T).T)
    times = None if times is None else np.asarray(times, dtype=float)
    return EnergyDistribution(times, edges, binned, probabilities @ energies)
