"""Level crossings of a swept spectrum: avoided versus exact, and the lowest avoided ones.

Detection works on *sector curves*: the r-th lowest level of each symmetry sector (of the whole
spectrum when no symmetry is declared). Inside one sector these curves never cross, so a
crossing shows up as a local minimum of the gap between neighbouring curves of one sector, and
two sectors' curves cross freely (a sign change of their difference).

References
----------
C. Chuang, A. Kapulkin, A. K. Pattanayak, P. Brumer, Phys. Rev. A 108, 022213 (2023) (seed
000): lowest avoided crossings (LACs), Figs. 2–3, Table I.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.optimize import minimize_scalar

from nesslab.analysis.spectrum import SECTOR_ATOL, Spectrum

EXACT_TOL = 1e-9
ROUNDOFF = 1e-12
ZOOM = 1e-5
T_ATOL = 1e-7

Key = tuple[float | None, int]


@dataclass(frozen=True)
class Crossing:
    """A crossing or avoided crossing of two levels.

    Attributes
    ----------
    kind : str
        ``"avoided"`` (the levels repel: finite minimal gap) or ``"exact"`` (true crossing).
    position : float
        Parameter value of the crossing (refined between grid points).
    gap : float
        Minimal gap ``E_upper − E_lower`` (energy units); exactly 0.0 for a crossing of two
        symmetry sectors, the refined minimum otherwise (round-off level for exact ones).
    energy : float
        Mean energy of the two levels at ``position``.
    levels : tuple of int
        Track ids (see :class:`Spectrum`) of the lower and upper level at the grid point
        nearest the crossing (before it, for a crossing of two sectors).
    sectors : tuple
        Symmetry quantum numbers of (lower, upper) level, ``(None, None)`` without symmetry.
    evidence : str
        ``"symmetry"`` (different sectors) or ``"refinement"`` (gap under refinement).
    grid_gap : float
        Smallest gap of the pair on the grid, before refinement.
    """

    kind: str
    position: float
    gap: float
    energy: float
    levels: tuple[int, int]
    sectors: tuple[float | None, float | None]
    evidence: str
    grid_gap: float


def avoided_crossings(spectrum: Spectrum, exact_tol: float = EXACT_TOL) -> tuple[Crossing, ...]:
    """Find the avoided and the exact crossings among the levels of a :class:`Spectrum`.

    Parameters
    ----------
    spectrum : Spectrum
        A sweep from :func:`spectrum_sweep`; its model is re-evaluated to refine.
    exact_tol : float
        A same-sector gap minimum whose refined gap is at most
        ``exact_tol · spectrum.energy_scale`` is an exact crossing (a symmetry that the System
        does not declare, such as the Jaynes–Cummings excitation number).

    Returns
    -------
    tuple of Crossing
        Sorted by position, then energy.

    Notes
    -----
    Detection: a local minimum at grid point i of the gap between adjacent curves of one
    sector (the gap must rise by more than ``1e-12 · energy_scale`` to the right, so round-off
    on the constant gaps of decoupled levels is not taken for a minimum).

    Refinement: bounded Brent minimisation (``scipy.optimize.minimize_scalar``) of the gap on
    ``[values[i−1], values[i+1]]``, then once more on a window ``1e-5`` times narrower around
    the first result, each to 1e-7 of its half-width. Rescaling each window to ``[−1, 1]``
    removes the ``√ε·|x|`` floor of the bounded method, so the position is located to ~1e-12
    of the grid step. An exact crossing's gap then refines to round-off (~1e-14 · ‖H‖) while
    an avoided one converges to its finite minimum; hence the threshold ``exact_tol = 1e-9``
    of the energy scale, which also means that avoided crossings with gaps below it are
    reported as exact. Crossings of two symmetry sectors are exact by symmetry; their
    position is interpolated linearly between grid points.

    Limitations: only adjacent levels of a sector are compared, so a level of an undeclared
    symmetry sector lying inside an avoided crossing's gap hides it (e.g. the flat singlet
    levels of the Dicke dimer when its exchange symmetry is not declared); two crossings of
    one pair within one grid step may be refined to either. Declare the symmetry or refine
    the grid.
    """
    curves = _sector_curves(spectrum)
    threshold = exact_tol * spectrum.energy_scale
    found = [
        crossing
        for key in curves
        if (key[0], key[1] + 1) in curves
        for crossing in _pair_minima(spectrum, curves, key, threshold)
    ]
    if spectrum.sectors is not None:
        found += _sector_crossings(spectrum, curves)
    return tuple(sorted(found, key=lambda c: (c.position, c.energy)))


def lowest_avoided_crossings(
    crossings: Iterable[Crossing],
    resonances: Sequence[float] | None = None,
    window: float = 0.25,
) -> tuple[Crossing, ...]:
    """The lowest-energy avoided crossing near each resonance: the LAC sequence of seed 000.

    Parameters
    ----------
    crossings : iterable of Crossing
        Output of :func:`avoided_crossings`; exact crossings are ignored.
    resonances : sequence of float, optional
        Parameter values to look near (e.g. odd integers Δ/ω for the Rabi model). Without
        them, avoided crossings are grouped by position: neighbours closer than ``window``
        share a group.
    window : float
        Half-width of the neighbourhood of a resonance, or the grouping distance.

    Returns
    -------
    tuple of Crossing
        One per resonance (or group) that has an avoided crossing, sorted by position.
    """
    avoided = sorted((c for c in crossings if c.kind == "avoided"), key=lambda c: c.position)
    if resonances is None:
        groups: list[list[Crossing]] = []
        for crossing in avoided:
            if groups and crossing.position - groups[-1][-1].position < window:
                groups[-1].append(crossing)
            else:
                groups.append([crossing])
    else:
        groups = [[c for c in avoided if abs(c.position - r) <= window] for r in resonances]
    lowest = {min(group, key=lambda c: c.energy) for group in groups if group}
    return tuple(sorted(lowest, key=lambda c: c.position))


def _sector_curves(spectrum: Spectrum) -> dict[Key, np.ndarray]:
    """Map (sector, rank in sector) to the window index of that level per point (−1: absent)."""
    n_points, n_levels = spectrum.energies.shape
    labels = spectrum.sectors
    curves: dict[Key, np.ndarray] = {}
    for j in range(n_points):
        row = [None] * n_levels if labels is None else [float(s) for s in labels[j]]
        seen: dict[float | None, int] = {}
        for k, sector in enumerate(row):
            rank = seen.get(sector, 0)
            seen[sector] = rank + 1
            curves.setdefault((sector, rank), np.full(n_points, -1))[j] = k
    return curves


def _curve_energy(spectrum: Spectrum, index: np.ndarray) -> np.ndarray:
    values = spectrum.energies[np.arange(index.size), np.maximum(index, 0)]
    return np.where(index >= 0, values, np.nan)


def _pair_minima(
    spectrum: Spectrum, curves: dict[Key, np.ndarray], key: Key, threshold: float
) -> list[Crossing]:
    """Refined local gap minima between sector curves ``key`` and the next one up."""
    sector, rank = key
    lower, upper = curves[key], curves[(sector, rank + 1)]
    gap = _curve_energy(spectrum, upper) - _curve_energy(spectrum, lower)
    left, mid, right = gap[:-2], gap[1:-1], gap[2:]
    noise = ROUNDOFF * spectrum.energy_scale
    valid = np.isfinite(left) & np.isfinite(mid) & np.isfinite(right)
    gap_at = _gap_function(spectrum, sector, rank)
    found = []
    for i in np.nonzero(valid & (mid <= left + noise) & (right - mid > noise))[0] + 1:
        position, refined = _minimise(
            gap_at, spectrum.values[i - 1], spectrum.values[i + 1], (spectrum.values[i], gap[i])
        )
        found.append(
            Crossing(
                kind="exact" if refined <= threshold else "avoided",
                position=float(position),
                gap=refined,
                energy=_mean_energy(spectrum, sector, rank, position),
                levels=(int(spectrum.tracks[i, lower[i]]), int(spectrum.tracks[i, upper[i]])),
                sectors=(sector, sector),
                evidence="refinement",
                grid_gap=float(gap[i]),
            )
        )
    return found


def _sector_energies(spectrum: Spectrum, sector: float | None, value: float) -> np.ndarray:
    """Ascending eigenvalues of one symmetry sector (all of them for ``sector=None``)."""
    system = spectrum.system_at(value)
    if sector is None:
        return np.linalg.eigvalsh(system.H)
    labels, vectors = np.linalg.eigh(system.op(system.symmetry))
    basis = vectors[:, np.isclose(labels, sector, atol=SECTOR_ATOL)]
    return np.linalg.eigvalsh(basis.conj().T @ system.H @ basis)


def _gap_function(spectrum: Spectrum, sector: float | None, rank: int) -> Callable[[float], float]:
    def gap_at(value: float) -> float:
        energies = _sector_energies(spectrum, sector, value)
        return float(energies[rank + 1] - energies[rank])

    return gap_at


def _mean_energy(spectrum: Spectrum, sector: float | None, rank: int, value: float) -> float:
    energies = _sector_energies(spectrum, sector, value)
    return float((energies[rank] + energies[rank + 1]) / 2)


def _minimise(
    function: Callable[[float], float], lower: float, upper: float, start: tuple[float, float]
) -> tuple[float, float]:
    """Two-stage bounded minimisation on windows rescaled to [−1, 1]: (argmin, min).

    The result is never worse than ``start = (x, f(x))``.
    """
    centre, half = (lower + upper) / 2, (upper - lower) / 2
    best_x, best_f = float(start[0]), float(start[1])
    for _ in range(2):
        result = minimize_scalar(
            lambda t, c=centre, h=half: function(c + h * t),
            bounds=(-1.0, 1.0),
            method="bounded",
            options={"xatol": T_ATOL},
        )
        if result.fun < best_f:
            best_x, best_f = centre + half * float(result.x), float(result.fun)
        centre, half = best_x, half * ZOOM
    return best_x, best_f


def _sector_crossings(spectrum: Spectrum, curves: dict[Key, np.ndarray]) -> list[Crossing]:
    """Sign changes of the energy difference of curves in different sectors (exact)."""
    values = spectrum.values
    found = []
    for key_a, key_b in combinations(curves, 2):
        if key_a[0] == key_b[0]:
            continue
        diff = _curve_energy(spectrum, curves[key_a]) - _curve_energy(spectrum, curves[key_b])
        before, after = diff[:-1], diff[1:]
        for j in np.nonzero(np.isfinite(before) & np.isfinite(after) & (before * after < 0))[0]:
            weight = before[j] / (before[j] - after[j])
            ends = [_curve_energy(spectrum, curves[k])[j : j + 2] for k in (key_a, key_b)]
            low, high = (key_a, key_b) if before[j] < 0 else (key_b, key_a)
            found.append(
                Crossing(
                    kind="exact",
                    position=float(values[j] + weight * (values[j + 1] - values[j])),
                    gap=0.0,
                    energy=float(np.mean([e[0] + weight * (e[1] - e[0]) for e in ends])),
                    levels=tuple(int(spectrum.tracks[j, curves[k][j]]) for k in (low, high)),
                    sectors=(low[0], high[0]),
                    evidence="symmetry",
                    grid_gap=float(min(abs(before[j]), abs(after[j]))),
                )
            )
    return found
