"""Global detailed-balance test of a rate generator at its stationary state π.

Three views of one property, all returned by :func:`detailed_balance`:

* stationary probability currents ``J_{i→j} = W[j, i] π_i − W[i, j] π_j`` (``W[j, i]`` = rate
  of i → j), all zero at detailed balance;
* the affinities of a cycle basis (:mod:`nesslab.analysis.classical.cycles`), all zero at
  detailed balance (Kolmogorov's criterion; independent of π);
* the entropy production rate (Schnakenberg)
  ``Σ = ½ Σ_{i≠j} (W[j,i]π_i − W[i,j]π_j) ln(W[j,i]π_i / (W[i,j]π_j)) ≥ 0`` (1/time, k_B = 1),
  zero exactly at detailed balance, +inf when a transition has no reverse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nesslab.analysis.classical.cycles import cycle_affinities
from nesslab.analysis.classical.generator import RateGenerator, Transitions
from nesslab.analysis.classical.stationary import StationaryDistribution, stationary_distribution
from nesslab.limits import real_number

AFFINITY_TOL = 1e-9
"""Default tolerance on |affinity| (the log of a loop ratio) for :attr:`DetailedBalance.holds`."""


def probability_currents(
    transitions: Transitions, probabilities: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Net stationary current ``source → target`` of each transition, and its traffic.

    Returns ``J = forward·π_source − backward·π_target`` and ``max`` of the two one-way
    fluxes (the scale against which J is small or not).
    """
    outgoing = transitions.forward * probabilities[transitions.source]
    incoming = transitions.backward * probabilities[transitions.target]
    return outgoing - incoming, np.maximum(outgoing, incoming)


def entropy_production_rate(transitions: Transitions, probabilities: np.ndarray) -> float:
    """Schnakenberg's entropy production rate Σ ≥ 0 (module docstring), 1/time."""
    outgoing = transitions.forward * probabilities[transitions.source]
    incoming = transitions.backward * probabilities[transitions.target]
    both = (outgoing > 0) & (incoming > 0)
    if np.any((outgoing > 0) != (incoming > 0)):
        return float("inf")
    a, b = outgoing[both], incoming[both]
    return float(np.sum((a - b) * (np.log(a) - np.log(b))))


@dataclass(frozen=True, eq=False)
class DetailedBalance:
    """The global detailed-balance test (module docstring).

    Attributes
    ----------
    stationary : StationaryDistribution
        π.
    transitions : Transitions
        Every pair of states joined by a rate (source < target, both rates).
    currents : ndarray
        Net stationary current source → target of each transition (1/time).
    traffic : ndarray
        The larger one-way flux of each transition (1/time).
    affinities : ndarray
        Affinity (log loop ratio) of each cycle of the basis; ±inf through a one-way
        transition, NaN for a square that is not a cycle of the graph.
    cycles : str
        The basis: "squares" (hypercube, order of
        :func:`~nesslab.analysis.classical.hypercube_squares`) or "fundamental".
    one_way : int
        Number of transitions whose reverse rate is zero.
    entropy_production : float
        Σ (1/time).
    tolerance : float
        The |affinity| below which a cycle counts as balanced.
    """

    stationary: StationaryDistribution = field(repr=False)
    transitions: Transitions = field(repr=False)
    currents: np.ndarray = field(repr=False)
    traffic: np.ndarray = field(repr=False)
    affinities: np.ndarray = field(repr=False)
    cycles: str
    one_way: int
    entropy_production: float
    tolerance: float

    @property
    def loop_ratios(self) -> np.ndarray:
        """Kolmogorov ratio ``e^A`` of each cycle of the basis."""
        return np.exp(self.affinities)

    @property
    def max_affinity(self) -> float:
        """``max |A|`` over the cycles of the graph (0 without cycles)."""
        finite = self.affinities[~np.isnan(self.affinities)]
        return float(np.abs(finite).max(initial=0.0))

    @property
    def relative_current(self) -> float:
        """``max |J| / traffic`` over transitions with traffic (0 at detailed balance)."""
        used = self.traffic > 0
        return float(np.max(np.abs(self.currents[used]) / self.traffic[used], initial=0.0))

    @property
    def holds(self) -> bool:
        """Kolmogorov's criterion: no one-way transition, every ``|A| ≤ tolerance``."""
        return self.one_way == 0 and self.max_affinity <= self.tolerance


def detailed_balance(
    generator: RateGenerator,
    *,
    cycles: str = "auto",
    tolerance: float = AFFINITY_TOL,
    stationary: StationaryDistribution | None = None,
) -> DetailedBalance:
    """Test detailed balance globally: currents, cycle affinities and entropy production.

    Parameters
    ----------
    generator : RateGenerator
        The rate equation (with a unique stationary state).
    cycles : {"auto", "squares", "fundamental"}
        The cycle basis; "auto": hypercube squares for a spin generator, fundamental cycles
        otherwise.
    tolerance : float
        |affinity| counted as zero (> 0).
    stationary : StationaryDistribution, optional
        π if already solved (else :func:`stationary_distribution`).

    Raises
    ------
    ValueError
        For an unknown basis or a bad tolerance.
    nesslab.NonUniqueSteadyStateError
        If π is not unique.
    """
    tolerance = real_number(tolerance, "tolerance")
    if not tolerance > 0:
        raise ValueError(f"tolerance must be > 0, got {tolerance}")
    affinities, basis = cycle_affinities(generator, cycles)
    if stationary is None:
        stationary = stationary_distribution(generator)
    pairs = generator.transitions()
    probabilities = stationary.probabilities
    currents, traffic = probability_currents(pairs, probabilities)
    one_way = int(np.sum((pairs.forward > 0) != (pairs.backward > 0)))
    return DetailedBalance(
        stationary=stationary,
        transitions=pairs,
        currents=currents,
        traffic=traffic,
        affinities=affinities,
        cycles=basis,
        one_way=one_way,
        entropy_production=entropy_production_rate(pairs, probabilities),
        tolerance=tolerance,
    )
