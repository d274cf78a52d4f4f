"""Low-lying spectrum versus one parameter, with symmetry sectors and overlap tracking."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from nesslab.system import System

SECTOR_ATOL = 1e-6


@dataclass(frozen=True)
class Spectrum:
    """The ``n_levels`` lowest eigenpairs of a model at each value of one parameter.

    At every point the levels are stored in ascending energy ("rank" order). Overlap tracking
    links ranks between neighbouring points into continuous curves, the *tracks*: a track keeps
    its id while its eigenvector changes continuously, so it passes through crossings.

    Attributes
    ----------
    param : str
        Name of the swept keyword argument of ``model_fn``.
    values : ndarray, shape (n_points,)
        Parameter values, strictly increasing.
    energies : ndarray, shape (n_points, n_levels)
        Eigenvalues (energy units of the model), ascending at each point.
    vectors : ndarray, shape (n_points, dim, n_levels)
        Normalised eigenvectors (columns) in the model's tensor-product basis.
    sectors : ndarray or None, shape (n_points, n_levels)
        Symmetry quantum number of each eigenvector (e.g. Rabi parity ±1) when the System
        declares a ``symmetry``; ``None`` otherwise.
    tracks : ndarray of int, shape (n_points, n_levels)
        Track id of the level at each (point, rank). Ids are numbered in order of appearance;
        a state entering the window of ``n_levels`` from above starts a new track.
    overlaps : ndarray, shape (n_points - 1, n_levels)
        ``|⟨ψ_prev|ψ⟩|²`` between each level at point ``j + 1`` and the state of its track at
        point ``j`` (NaN where a track starts): the evidence of the tracking. Values near 1
        mean a well-resolved curve; near 0.5, the grid is as coarse as the avoided crossing is
        narrow and the track identity there is a coin toss.
    dims : tuple of int
        Subsystem dimensions of the model (for entanglement entropies).
    model_fn : callable
        The model, re-evaluated off the grid to refine crossings.
    fixed : mapping
        The other keyword arguments passed to ``model_fn``.
    """

    param: str
    values: np.ndarray
    energies: np.ndarray
    vectors: np.ndarray
    sectors: np.ndarray | None
    tracks: np.ndarray
    overlaps: np.ndarray
    dims: tuple[int, ...]
    model_fn: Callable[..., System] = field(repr=False)
    fixed: Mapping[str, Any] = field(default_factory=dict)

    @property
    def n_levels(self) -> int:
        """Number of stored levels per point."""
        return self.energies.shape[1]

    @property
    def n_tracks(self) -> int:
        """Number of distinct tracks."""
        return int(self.tracks.max()) + 1

    @property
    def energy_scale(self) -> float:
        """Largest energy span of the stored window over the sweep (≥ 1e-300)."""
        return float(max(np.ptp(self.energies, axis=1).max(), 1e-300))

    def system_at(self, value: float) -> System:
        """The model's System at ``param = value`` (other arguments as in the sweep)."""
        return self.model_fn(**{self.param: float(value)}, **self.fixed)

    def level(self, track: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One tracked level: the points where it lies in the window, its energies and states.

        Returns
        -------
        points : ndarray of int
            Indices into :attr:`values` where the track is among the ``n_levels`` lowest.
        energies : ndarray
            Its energy at those points.
        vectors : ndarray, shape (len(points), dim)
            Its eigenvector at those points.
        """
        if not 0 <= track < self.n_tracks:
            raise ValueError(f"track must be in [0, {self.n_tracks}), got {track!r}")
        points, ranks = np.nonzero(self.tracks == track)
        return points, self.energies[points, ranks], self.vectors[points, :, ranks]


def spectrum_sweep(
    model_fn: Callable[..., System],
    param: str,
    values: Sequence[float] | np.ndarray,
    n_levels: int,
    **fixed: Any,
) -> Spectrum:
    """Diagonalise ``model_fn(param=value, **fixed)`` on a grid and track its lowest levels.

    Parameters
    ----------
    model_fn : callable returning System
        A model builder, e.g. :func:`nesslab.models.rabi`.
    param : str
        Keyword argument of ``model_fn`` to sweep (e.g. ``"delta"``).
    values : sequence of float
        Strictly increasing parameter values (at least 3).
    n_levels : int
        Number of lowest levels kept at each point (at most the Hilbert dimension).
    **fixed
        The other keyword arguments of ``model_fn``.

    Returns
    -------
    Spectrum
        Energies, eigenvectors, symmetry sectors and tracks.

    Notes
    -----
    Eigenpairs come from :attr:`System.eigen`, which diagonalises inside each symmetry sector,
    so eigenvectors stay labelled even at degeneracies. Tracks are built between neighbouring
    points by maximising the total overlap ``Σ|⟨ψ_j|ψ_{j+1}⟩|²`` (Hungarian assignment,
    restricted to equal sectors), matching the window at point j against the window plus up to
    ``n_levels`` states above it at point j + 1, so a level leaving the window ends its track.
    An avoided crossing that the grid resolves is followed adiabatically (the track repels);
    one narrower than the grid step is followed diabatically (the track keeps its character
    and appears to cross). :func:`nesslab.analysis.avoided_crossings` does not rely on tracks
    for detection.
    """
    grid = _check_grid(values, param)
    n_levels = int(n_levels)
    points = [_eigenpairs(model_fn(**{param: float(v)}, **fixed)) for v in grid]
    dim = points[0][1].shape[0]
    if not 1 <= n_levels <= dim:
        raise ValueError(f"n_levels must be in [1, {dim}], got {n_levels!r}")
    tracks, overlaps = _track(points, n_levels)
    symmetric = points[0][2] is not None
    return Spectrum(
        param=param,
        values=grid,
        energies=np.array([p[0][:n_levels] for p in points]),
        vectors=np.array([p[1][:, :n_levels] for p in points]),
        sectors=np.array([p[2][:n_levels] for p in points]) if symmetric else None,
        tracks=tracks,
        overlaps=overlaps,
        dims=model_fn(**{param: float(grid[0])}, **fixed).dims,
        model_fn=model_fn,
        fixed=dict(fixed),
    )


def _check_grid(values: Sequence[float] | np.ndarray, param: str) -> np.ndarray:
    grid = np.asarray(values, dtype=float)
    if grid.ndim != 1 or grid.size < 3:
        raise ValueError(f"values of {param!r} must be a 1-D grid of at least 3 points")
    if not np.all(np.isfinite(grid)) or np.any(np.diff(grid) <= 0):
        raise ValueError(f"values of {param!r} must be finite and strictly increasing")
    return grid


def _eigenpairs(system: System) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    energies, vectors = system.eigen
    return energies, vectors, system.sectors


def _track(
    points: list[tuple[np.ndarray, np.ndarray, np.ndarray | None]], n_levels: int
) -> tuple[np.ndarray, np.ndarray]:
    """Track ids (n_points, n_levels) and matched overlaps (n_points - 1, n_levels)."""
    tracks = np.empty((len(points), n_levels), dtype=int)
    tracks[0] = np.arange(n_levels)
    overlaps = np.full((len(points) - 1, n_levels), np.nan)
    next_id = n_levels
    for j in range(len(points) - 1):
        (_, old, old_sec), (_, new, new_sec) = points[j], points[j + 1]
        n_cols = min(new.shape[1], 2 * n_levels)
        weight = np.abs(old[:, :n_levels].conj().T @ new[:, :n_cols]) ** 2
        if old_sec is not None:
            same = np.isclose(old_sec[:n_levels, None], new_sec[None, :n_cols], atol=SECTOR_ATOL)
            weight = np.where(same, weight, 0.0)
        rows, cols = linear_sum_assignment(weight, maximize=True)
        inherited = cols < n_levels
        tracks[j + 1] = -1
        tracks[j + 1, cols[inherited]] = tracks[j, rows[inherited]]
        overlaps[j, cols[inherited]] = weight[rows[inherited], cols[inherited]]
        for rank in np.nonzero(tracks[j + 1] < 0)[0]:
            tracks[j + 1, rank] = next_id
            next_id += 1
    return tracks, overlaps
