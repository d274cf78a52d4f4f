"""Exceptional points (EPs) of a matrix family ``matrix(x)``: located, ordered, evidenced.

An EP is where eigenvalues *and* eigenvectors coalesce (a Jordan block), unlike a degeneracy
of a diagonalisable matrix. :func:`exceptional_points` tracks the eigenpairs on a grid
(:func:`nesslab.analysis.track_eigenvalues`); for every pair of tracks a, b the discriminant-like
``p = (λ_a − λ_b)²`` (analytic through an EP of order 2, where the eigenvalues themselves have
a square-root branch) is scanned for sign changes of its real part and for minima of ``|p|``.
Each candidate is located by root finding (``scipy.optimize.brentq`` on Re p, or a bounded
minimisation of ``|p|`` polished by secant steps on the complex p) and accepted only if the
pair's eigenvalues coincide and its eigenvectors are parallel there. The order of an EP is the
number of eigenvalues that coalesce with eigenvectors parallel to the pair's. Evidence: the
condition number of the eigenvector matrix near the EP, which diverges as ``|x − x_EP|^{-κ}``,
and its fitted exponent κ. A range without an EP gives an empty result with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from nesslab.analysis.eigentracks import (
    EigenTracks,
    Family,
    assign_tracks,
    eigenpairs,
    square_matrix,
    track_eigenvalues,
)

VALUE_TOL = 1e-4
"""Eigenvalues closer than this times the spectral scale count as coalesced. A perturbation ε
splits an EP of order n by ~ε^{1/n}: 1.5e-8 (n = 2), 6e-6 (n = 3) of the scale."""
VECTOR_TOL = 1e-6
"""Eigenvectors with ``1 − |cos angle| ≤ VECTOR_TOL`` count as parallel."""
EVIDENCE_OFFSETS = (1e-2, 1e-3, 1e-4, 1e-5)
"""Distances from a located EP, in units of the grid range, of the condition-number evidence."""


@dataclass(frozen=True)
class ExceptionalPoint:
    """One located exceptional point of a matrix family.

    Attributes
    ----------
    location : float
        The parameter value x_EP.
    eigenvalue : complex
        The coalescing eigenvalue: the mean of the coalescing eigenvalues, whose numerical
        splitting (~ε^{1/order}) cancels to first order in it.
    order : int
        How many eigenvalues coalesce there with eigenvectors parallel to the pair's (2 for a
        Jordan block of size 2; a size-n Jordan block gives n).
    tracks : tuple of int
        The pair of tracks (:class:`EigenTracks` columns) it was located from.
    method : str
        ``"sign change"`` (brentq on Re (λ_a − λ_b)²) or ``"minimum"`` (of |λ_a − λ_b|²).
    distance : float
        ``|λ_a − λ_b|`` at the location (the numerical splitting, ~ε^{1/order} of the scale).
    parallelism : float
        ``1 − |⟨r_a|r_b⟩|`` of the unit eigenvectors at the location (0: parallel).
    offsets : ndarray
        Distances δ from the location of the evidence points (toward the grid's interior).
    condition : ndarray
        Condition number of the unit eigenvector matrix at those points.
    condition_exponent : float
        Slope of ``log condition`` against ``log δ``: negative where it diverges (−1/2 at a
        generic EP of order 2, −(n − 1)/n at one of order n).
    """

    location: float
    eigenvalue: complex
    order: int
    tracks: tuple[int, int]
    method: str
    distance: float
    parallelism: float
    offsets: np.ndarray
    condition: np.ndarray
    condition_exponent: float


@dataclass(frozen=True)
class ExceptionalPointSearch:
    """The result of :func:`exceptional_points`: the EPs found (possibly none) and why.

    Attributes
    ----------
    points : tuple of ExceptionalPoint
        By increasing location; empty when none was found.
    tracks : EigenTracks
        The tracked eigenpairs on the grid.
    reason : str
        When ``points`` is empty, why: the closest approach of any pair of tracks, with its
        eigenvalue distance and eigenvector parallelism; empty otherwise.
    """

    points: tuple[ExceptionalPoint, ...]
    tracks: EigenTracks
    reason: str

    @property
    def found(self) -> bool:
        """Whether at least one EP was located."""
        return bool(self.points)


@dataclass(frozen=True)
class _Search:
    """One search: the family, its tracks and the tolerances (module docstring)."""

    matrix: Family
    tracks: EigenTracks
    scale: float
    value_tol: float
    vector_tol: float

    def pair(self, x: float, pair: tuple[int, int]) -> tuple:
        """Eigenvalues, vectors (rows) of ``pair`` at x, and all eigenpairs there.

        The eigenpairs at x are assigned to the tracks of the grid interval holding x:
        eigenvectors of its nearer end, eigenvalues interpolated between its ends.
        """
        grid, tracks = self.tracks.parameters, self.tracks
        lo = int(np.clip(np.searchsorted(grid, x) - 1, 0, grid.size - 2))
        weight = (x - grid[lo]) / (grid[lo + 1] - grid[lo])
        predicted = tracks.values[lo] + weight * (tracks.values[lo + 1] - tracks.values[lo])
        anchor = tracks.vectors[lo + int(weight > 0.5)]
        values, vectors, _ = eigenpairs(square_matrix(self.matrix, x))
        columns = assign_tracks(anchor, predicted, values, vectors)[list(pair)]
        return values[columns], vectors[:, columns].T, values, vectors

    def discriminant(self, x: float, pair: tuple[int, int]) -> complex:
        """``(λ_a − λ_b)²`` at x."""
        (a, b), *_ = self.pair(x, pair)
        return complex((a - b) ** 2)

    def locate(self, index: int, pair: tuple[int, int], sign_change: bool) -> float:
        """Root of Re p on ``[x_i, x_{i+1}]`` or minimum of |p| on ``[x_{i−1}, x_{i+1}]``.

        A sign change that the eigenpairs recomputed at the ends do not confirm (a
        reassignment among degenerate eigenvalues) is searched as a minimum on its interval.
        """
        grid = self.tracks.parameters
        if sign_change:
            lo, hi = grid[index], grid[index + 1]
            ends = [self.discriminant(x, pair).real for x in (lo, hi)]
            if ends[0] * ends[1] < 0:  # recomputed at the ends: the same pair, as a rule
                return float(
                    brentq(
                        lambda x: self.discriminant(x, pair).real,
                        lo,
                        hi,
                        xtol=1e-15 * (grid[-1] - grid[0]),
                        rtol=4 * np.finfo(float).eps,
                        maxiter=200,
                    )
                )
            if 0.0 in ends:
                return float(lo if ends[0] == 0 else hi)
        else:
            lo, hi = grid[max(index - 1, 0)], grid[min(index + 1, grid.size - 1)]
        found = minimize_scalar(
            lambda x: abs(self.discriminant(x, pair)),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-15 * (hi - lo)},
        )
        return self._polish(float(found.x), lo, hi, pair)

    def _polish(self, x: float, lo: float, hi: float, pair: tuple[int, int]) -> float:
        """Secant steps on the complex p (analytic): exact for a root on the real axis.

        The bounded minimisation stops at ~√ε relative; an EP on the real axis is a root of p,
        which the secant reaches to ~ε. Steps stop as soon as |p| no longer decreases.
        """
        step = 1e-7 * (hi - lo)
        x0, x1 = x, (x + step if x + step <= hi else x - step)
        p0, p1 = self.discriminant(x0, pair), self.discriminant(x1, pair)
        for _ in range(20):
            if p1 == p0 or p1 == 0:
                break
            x2 = float(np.clip(x1 - (p1 * (x1 - x0) / (p1 - p0)).real, lo, hi))
            p2 = self.discriminant(x2, pair)
            if abs(p2) >= abs(p1) or abs(x2 - x1) <= 4 * np.finfo(float).eps * (hi - lo):
                return x2 if abs(p2) < abs(p1) else x1
            x0, p0, x1, p1 = x1, p1, x2, p2
        return x1 if abs(p1) <= abs(p0) else x0

    def verify(self, x: float, pair: tuple[int, int], method: str) -> tuple:
        """``(ExceptionalPoint or None, distance, parallelism)`` at a located candidate."""
        (a, b), (ra, rb), values, vectors = self.pair(x, pair)
        distance = float(abs(a - b))
        parallelism = float(1 - abs(np.vdot(ra, rb)))
        if distance > self.value_tol * self.scale or parallelism > self.vector_tol:
            return None, distance, parallelism
        radius = max(self.value_tol * self.scale, 2 * distance)
        close = np.abs(values - (a + b) / 2) <= radius
        members = close & (1 - np.abs(vectors.conj().T @ ra) <= self.vector_tol)
        members[np.argmin(np.abs(values - a))] = members[np.argmin(np.abs(values - b))] = True
        offsets, condition, exponent = self.evidence(x)
        point = ExceptionalPoint(
            float(x),
            complex(values[members].mean()),  # the split roots of a Jordan block average out
            int(members.sum()),
            (int(pair[0]), int(pair[1])),
            method,
            distance,
            parallelism,
            offsets,
            condition,
            exponent,
        )
        return point, distance, parallelism

    def evidence(self, x: float) -> tuple[np.ndarray, np.ndarray, float]:
        """Eigenvector condition numbers at :data:`EVIDENCE_OFFSETS` from x, and their slope."""
        grid = self.tracks.parameters
        offsets = np.array(EVIDENCE_OFFSETS) * (grid[-1] - grid[0])
        side = 1.0 if x + offsets[0] <= grid[-1] else -1.0
        condition = np.array(
            [
                np.linalg.cond(eigenpairs(square_matrix(self.matrix, x + side * d))[1])
                for d in offsets
            ]
        )
        exponent = float(np.polyfit(np.log(offsets), np.log(condition), 1)[0])
        return offsets, condition, exponent


def _candidates(discriminant: np.ndarray, distance: np.ndarray) -> list[tuple[int, bool]]:
    """Candidates ``(grid index, sign change?)`` of one pair of tracks.

    Intervals where Re p changes sign while p stays near the real axis (|Im p| < |Re p| at
    both ends: a real eigenvalue pair turning complex-conjugate, the EP of a real family),
    and grid points where ``|λ_a − λ_b|`` has a local minimum below 0.9 × its larger
    neighbour (a shallower minimum is a resolved avoided crossing, not the cusp
    ``|x − x_EP|^{1/n}`` of an EP).
    """
    real = discriminant.real
    near_axis = np.abs(discriminant.imag) < np.abs(real)
    changes = [
        i
        for i in range(real.size - 1)
        if real[i] * real[i + 1] < 0 and near_axis[i] and near_axis[i + 1]
    ]
    minima = []
    for i in range(distance.size):
        neighbours = distance[max(i - 1, 0) : i + 2]
        if distance[i] <= neighbours.min() and distance[i] < 0.9 * neighbours.max():
            if i not in changes and i - 1 not in changes:
                minima.append(i)
    return [(i, True) for i in changes] + [(i, False) for i in minima]


def _merged(points: list[ExceptionalPoint], width: float) -> tuple[ExceptionalPoint, ...]:
    """One point per location (pairs of one coalescing cluster), the highest order kept."""
    merged: list[ExceptionalPoint] = []
    for point in sorted(points, key=lambda p: (p.location, -p.order)):
        if merged and abs(point.location - merged[-1].location) <= 1e-8 * width:
            if point.order > merged[-1].order:
                merged[-1] = point
            continue
        merged.append(point)
    return tuple(merged)


def exceptional_points(
    matrix: Family,
    parameters: Sequence[float] | np.ndarray,
    *,
    value_tol: float = VALUE_TOL,
    vector_tol: float = VECTOR_TOL,
) -> ExceptionalPointSearch:
    """Locate the exceptional points of ``matrix(x)`` on the range of ``parameters``.

    Parameters
    ----------
    matrix : callable
        ``matrix(x) -> ndarray`` (k × k), e.g.
        ``lambda w: moment_equations(generator_at(w), operators).matrix``.
    parameters : sequence of float
        Strictly increasing grid over the range searched (at least 3 values); it must resolve
        the tracks (an EP between two grid points is found and located to root-finding
        precision, but two EPs within one grid step may merge).
    value_tol : float
        Eigenvalues coalesce when closer than ``value_tol`` × the spectral scale (the largest
        |λ| on the grid); default :data:`VALUE_TOL`.
    vector_tol : float
        Eigenvectors are parallel when ``1 − |cos angle| ≤ vector_tol``; default
        :data:`VECTOR_TOL`.

    Returns
    -------
    ExceptionalPointSearch
        The EPs by location (each with order, eigenvalue, and the diverging eigenvector
        condition number as evidence), or none with the reason (the closest approach of any
        pair of tracks). Pairs whose eigenvalues coincide on the whole grid (a symmetry
        degeneracy) are not candidates.

    Raises
    ------
    ValueError
        For a bad grid, a matrix that is not finite and square, or non-positive tolerances.
    """
    if not (value_tol > 0 and vector_tol > 0):
        raise ValueError(f"value_tol and vector_tol must be > 0, got {value_tol}, {vector_tol}")
    tracks = track_eigenvalues(matrix, parameters)
    grid = tracks.parameters
    scale = (
        float(np.abs(tracks.values).max())
        or float(max(np.linalg.norm(square_matrix(matrix, x)) for x in grid[[0, -1]]))
        or 1.0
    )
    search = _Search(matrix, tracks, scale, value_tol, vector_tol)
    found, closest = [], None
    for pair in combinations(range(tracks.values.shape[1]), 2):
        difference = tracks.values[:, pair[0]] - tracks.values[:, pair[1]]
        distance = np.abs(difference)
        if distance.max() <= value_tol * scale:
            continue
        for index, sign_change in _candidates(difference**2, distance):
            x = search.locate(index, pair, sign_change)
            method = "sign change" if sign_change else "minimum"
            point, gap, parallelism = search.verify(x, pair, method)
            if point is not None:
                found.append(point)
            elif closest is None or gap < closest[0]:
                closest = (gap, parallelism, x, pair)
    points = _merged(found, grid[-1] - grid[0])
    return ExceptionalPointSearch(
        points, tracks, "" if points else _reason(grid, scale, value_tol, closest)
    )


def _reason(grid: np.ndarray, scale: float, value_tol: float, closest: tuple | None) -> str:
    """Why no EP was found: the closest approach of any pair of tracks."""
    where = f"no exceptional point on [{grid[0]:g}, {grid[-1]:g}]"
    if closest is None:
        return f"{where}: no pair of eigenvalues approaches another on the grid"
    gap, parallelism, x, (a, b) = closest
    verdict = (
        "the eigenvalues coincide but the eigenvectors do not: a degeneracy, not an EP"
        if gap <= value_tol * scale
        else "the eigenvalues do not coalesce"
    )
    return (
        f"{where}: the closest approach is tracks {a}, {b} at x = {x:.6g}, |λ_a − λ_b| = "
        f"{gap:.3g} ({gap / scale:.3g} of the spectral scale {scale:.3g}), eigenvectors "
        f"1 − |cos| = {parallelism:.3g}; {verdict}"
    )
