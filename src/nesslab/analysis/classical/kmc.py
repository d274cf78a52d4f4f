"""Kinetic Monte Carlo (Gillespie) sampling of single-spin-flip dynamics, for any N.

Each trajectory waits an exponential time of rate ``Σ_i W_i(σ)`` in configuration σ, then flips
spin i with probability ``W_i(σ)/Σ_j W_j(σ)`` — the exact stochastic process of the rate
equation of :func:`~nesslab.analysis.classical.spin_flip_generator`, without enumerating the
2^N configurations. All trajectories advance together, one flip each per vectorised step
(``rates.rate(i, ·)`` is called for every spin i on the configurations of all running
trajectories). Trajectories are independent, so statistical errors are standard errors over
them. A given integer ``seed`` reproduces every trajectory exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nesslab.analysis.classical.energy import (
    EnergyDistribution,
    bin_indices,
    energy_edges,
)
from nesslab.analysis.classical.spins import SpinFlipRates, checked_rates
from nesslab.limits import count

MAX_STEPS = 10**6
"""Default limit on flips per trajectory (a runaway guard: raise it for long, fast runs)."""


@dataclass(frozen=True, eq=False)
class KineticMonteCarlo:
    """Sampled trajectories of a spin-flip process.

    Attributes
    ----------
    times : ndarray
        The sampling times (T,), 1/energy units.
    energies : ndarray
        Energy of each trajectory at each time, shape (T, M).
    final : ndarray
        Configurations at the last time, int8 (M, N) of ±1.
    seed : int
        The seed that reproduces the run.
    events : int
        Total number of flips over all trajectories.
    """

    times: np.ndarray
    energies: np.ndarray
    final: np.ndarray
    seed: int
    events: int

    @property
    def trajectories(self) -> int:
        """Number of trajectories M."""
        return self.energies.shape[1]

    @property
    def mean_energy(self) -> np.ndarray:
        """⟨E⟩(t), the mean over trajectories (T,)."""
        return self.energies.mean(axis=1)

    @property
    def mean_energy_error(self) -> np.ndarray:
        """Standard error of ⟨E⟩(t): sample standard deviation / √M."""
        return self.energies.std(axis=1, ddof=1) / np.sqrt(self.trajectories)

    def energy_distribution(self, bins: int | Any = 50) -> EnergyDistribution:
        """The sampled P(E, t) with standard errors ``√(p(1 − p)/(M − 1))`` per bin.

        ``bins``: a number of bins over the sampled energies, or edges (e.g. those of the
        exact distribution, to compare the two).
        """
        edges = energy_edges(self.energies.ravel(), bins)
        index = bin_indices(self.energies, edges)
        counts = np.stack([np.bincount(row, minlength=edges.size - 1) for row in index])
        probabilities = counts / self.trajectories
        errors = np.sqrt(probabilities * (1 - probabilities) / (self.trajectories - 1))
        return EnergyDistribution(
            self.times, edges, probabilities, self.mean_energy, errors, self.mean_energy_error
        )


def _seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(
            f"seed must be an int (e.g. seed=2019), so that the run can be reproduced; got "
            f"{type(seed).__name__} {seed!r}"
        )
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed}")
    return int(seed)


def _times(times: Any) -> np.ndarray:
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or not np.all(np.isfinite(times)):
        raise ValueError("times must be a non-empty 1-d sequence of finite numbers")
    if times[0] < 0 or np.any(np.diff(times) < 0):
        raise ValueError("times must be >= 0 and non-decreasing (t = 0 is the initial state)")
    return times


def _initial(initial: Any, n: int, trajectories: int) -> np.ndarray:
    if initial is None:
        return -np.ones((trajectories, n), dtype=np.int8)
    configurations = np.asarray(initial)
    if configurations.shape == (n,):
        configurations = np.broadcast_to(configurations, (trajectories, n))
    if configurations.shape != (trajectories, n) or not np.all(np.isin(configurations, (-1, 1))):
        raise ValueError(
            f"initial must be one configuration ({n},) or one per trajectory ({trajectories}, "
            f"{n}) of spins ±1 (+1 = up)"
        )
    return configurations.astype(np.int8)


def _flip_rates(rates: SpinFlipRates, configurations: np.ndarray, n: int) -> np.ndarray:
    size = configurations.shape[0]
    return np.stack(
        [checked_rates(rates.rate(i, configurations), size, i) for i in range(n)], axis=1
    )


def _record(
    energies: np.ndarray, columns: np.ndarray, start: np.ndarray, stop: np.ndarray, values: Any
) -> None:
    """``energies[start[k]:stop[k], columns[k]] = values[k]`` for every k, at once."""
    lengths = stop - start
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    rows = np.repeat(start, lengths) + offsets
    energies[rows, np.repeat(columns, lengths)] = np.repeat(values, lengths)


def kinetic_monte_carlo(
    rates: SpinFlipRates,
    times: Sequence[float] | np.ndarray,
    *,
    seed: int,
    trajectories: int = 1000,
    initial: Any = None,
    max_steps: int = MAX_STEPS,
) -> KineticMonteCarlo:
    """Sample ``trajectories`` Gillespie trajectories of the spin-flip process at ``times``.

    Parameters
    ----------
    rates : SpinFlipRates
        ``rates.n`` spins, ``rates.energy`` and ``rates.rate`` (see
        :mod:`nesslab.analysis.classical.spins`).
    times : sequence of float
        Sampling times, non-decreasing, ≥ 0; the configuration at t = 0 is ``initial``.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same trajectories.
    trajectories : int
        Number of independent trajectories M (≥ 2, for the standard errors).
    initial : array_like, optional
        Configuration (N,) or one per trajectory (M, N) of ±1; default all spins down (state 0
        of the spin generator).
    max_steps : int
        Most flips a trajectory may make before ``times[-1]``.

    Raises
    ------
    TypeError
        For a seed that is not an int.
    ValueError
        For bad times, counts or initial configurations, or rates that are negative or
        non-finite.
    RuntimeError
        If a trajectory needs more than ``max_steps`` flips.
    """
    n = count(getattr(rates, "n", None), "rates.n", minimum=1)
    seed = _seed(seed)
    times = _times(times)
    trajectories = count(trajectories, "trajectories", minimum=2)
    max_steps = count(max_steps, "max_steps", minimum=1)
    configurations = _initial(initial, n, trajectories)
    rng = np.random.default_rng(seed)
    energies = np.empty((times.size, trajectories))
    clock = np.zeros(trajectories)
    recorded = np.zeros(trajectories, dtype=np.int64)
    flips = _flip_rates(rates, configurations, n)
    energy = np.asarray(rates.energy(configurations), dtype=float)
    running = np.arange(trajectories)
    events = 0
    for _ in range(max_steps + 1):
        total = flips[running].sum(axis=1)
        with np.errstate(divide="ignore"):
            leave = clock[running] + rng.exponential(size=running.size) / total
        upto = np.searchsorted(times, leave, side="left")
        _record(energies, running, recorded[running], upto, energy[running])
        recorded[running] = upto
        going = upto < times.size
        running, leave, total = running[going], leave[going], total[going]
        if running.size == 0:
            break
        cumulative = np.cumsum(flips[running], axis=1)
        draw = rng.random(running.size) * total
        spin = np.minimum((cumulative <= draw[:, None]).sum(axis=1), n - 1)
        configurations[running, spin] *= -1
        clock[running] = leave
        moved = configurations[running]
        flips[running] = _flip_rates(rates, moved, n)
        energy[running] = np.asarray(rates.energy(moved), dtype=float)
        events += running.size
    else:
        raise RuntimeError(
            f"kinetic_monte_carlo: {running.size} trajectories needed more than max_steps = "
            f"{max_steps} flips to reach t = {times[-1]:g}; raise max_steps or shorten times"
        )
    return KineticMonteCarlo(times, energies, configurations, seed, events)
