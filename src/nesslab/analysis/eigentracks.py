"""Spectra of generators and of matrix families, with eigenvalues tracked along a parameter.

* :func:`liouvillian_spectrum`: every eigenvalue of a small generator (dense).
* :func:`eigenpairs`: eigenvalues, unit eigenvectors and Petermann factors of one matrix.
* :func:`track_eigenvalues`: eigenpairs of ``matrix(x)`` on a grid, linked into continuous
  *tracks* by a Hungarian assignment (``scipy.optimize.linear_sum_assignment``, as
  :func:`nesslab.analysis.spectrum_sweep` links Hamiltonian levels) that rewards eigenvector
  overlap and eigenvalue continuity, never by sorting. Works for any family: a moment matrix
  (:func:`nesslab.analysis.moment_equations`), a whole Liouvillian, a textbook Jordan block.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment

from nesslab.generators.base import Generator
from nesslab.limits import ResourceLimitError

MAX_DENSE_SIZE = 2500
"""Largest generator (state-vector length, N² for a density matrix: N = 50) that
:func:`liouvillian_spectrum` diagonalises densely, an O(size³) computation."""

Family = Callable[[float], np.ndarray]


def liouvillian_spectrum(generator: Generator, *, max_size: int = MAX_DENSE_SIZE) -> np.ndarray:
    """All eigenvalues of ``generator.matrix``, slowest relaxation (largest real part) first.

    Parameters
    ----------
    generator : Generator
        Any generator; its state vector (``generator.size``, N² for a density matrix) must
        have at most ``max_size`` entries.
    max_size : int
        Size limit of the dense diagonalisation (default :data:`MAX_DENSE_SIZE`).

    Returns
    -------
    ndarray of complex
        Eigenvalues (inverse time units of the generator; Re ≤ 0 for a stable generator, one
        zero per steady state), by decreasing real part, then increasing imaginary part.

    Raises
    ------
    nesslab.limits.ResourceLimitError
        If ``generator.size > max_size`` (the message names both and how to raise the limit).
    """
    if generator.size > max_size:
        raise ResourceLimitError(
            f"liouvillian_spectrum: a dense eigendecomposition of size {generator.size} "
            f"> max_size = {max_size}; pass max_size=... to allow it (O(size³) work), or use "
            "moment_equations on a small operator set",
            "max_size",
            float(generator.size),
            float(max_size),
        )
    matrix = generator.matrix
    dense = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
    values = la.eigvals(dense)
    return values[np.lexsort((values.imag, -values.real))]


def eigenpairs(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eigenvalues, unit right eigenvectors (columns) and Petermann factors of a matrix.

    The Petermann factor ``K_j = ‖l_j‖² ‖r_j‖² / |l_j r_j|²`` (left eigenvectors l the rows of
    ``V⁻¹``) is 1 for a normal matrix and diverges at an EP; it is ``inf`` where V is singular.
    """
    values, vectors = la.eig(np.asarray(matrix, dtype=complex))
    vectors = vectors / np.linalg.norm(vectors, axis=0)
    if np.linalg.cond(vectors) * np.finfo(float).eps >= 1:
        return values, vectors, np.full(values.size, np.inf)
    petermann = np.linalg.norm(np.linalg.inv(vectors), axis=1) ** 2
    return values, vectors, petermann


def assign_tracks(
    old_vectors: np.ndarray, predicted: np.ndarray, new_values: np.ndarray, new_vectors: np.ndarray
) -> np.ndarray:
    """Index of the new eigenpair that continues each old track (Hungarian assignment).

    Cost: ``1 − |⟨r_old|r_new⟩|²`` plus the distance of the new eigenvalue from the track's
    predicted one relative to the largest such distance; overlap decides where eigenvectors
    differ, continuity where they (nearly) coincide, as near an EP.
    """
    overlap = np.abs(old_vectors.conj().T @ new_vectors) ** 2
    distance = np.abs(predicted[:, None] - new_values[None, :])
    cost = (1 - overlap) + distance / max(float(distance.max()), np.finfo(float).tiny)
    _, columns = linear_sum_assignment(cost)
    return columns


@dataclass(frozen=True)
class EigenTracks:
    """Eigenpairs of ``matrix(x)`` on a grid, ordered into continuous tracks.

    Attributes
    ----------
    parameters : ndarray, shape (n,)
        The grid, strictly increasing.
    values : ndarray, shape (n, k), complex
        ``values[i, j]``: eigenvalue of track j at ``parameters[i]``.
    vectors : ndarray, shape (n, k, k), complex
        ``vectors[i, :, j]``: its unit right eigenvector.
    petermann : ndarray, shape (n, k)
        Its Petermann factor (:func:`eigenpairs`), ≥ 1.
    overlaps : ndarray, shape (n - 1, k)
        ``|⟨r_j(x_i)|r_j(x_{i+1})⟩|``: the evidence of each link (near 1: well resolved).
    """

    parameters: np.ndarray
    values: np.ndarray
    vectors: np.ndarray
    petermann: np.ndarray
    overlaps: np.ndarray

    def condition(self) -> np.ndarray:
        """Condition number of the unit-column eigenvector matrix at each point (∞ at an EP)."""
        return np.array([np.linalg.cond(v) for v in self.vectors])


def check_grid(parameters: Sequence[float] | np.ndarray) -> np.ndarray:
    """The parameter grid as a float array, checked 1-D, finite, increasing, ≥ 3 values."""
    grid = np.asarray(parameters, dtype=float)
    if grid.ndim != 1 or grid.size < 3:
        raise ValueError("parameters must be a 1-D grid of at least 3 values")
    if not np.all(np.isfinite(grid)) or np.any(np.diff(grid) <= 0):
        raise ValueError("parameters must be finite and strictly increasing")
    return grid


def square_matrix(matrix: Family, x: float) -> np.ndarray:
    """``matrix(x)`` as an array, checked finite and square."""
    value = np.asarray(matrix(float(x)))
    if value.ndim != 2 or value.shape[0] != value.shape[1] or not np.all(np.isfinite(value)):
        raise ValueError(f"matrix({x:g}) must return a finite square array, got {value.shape}")
    return value


def track_eigenvalues(matrix: Family, parameters: Sequence[float] | np.ndarray) -> EigenTracks:
    """Diagonalise ``matrix(x)`` on a grid and link the eigenpairs into continuous tracks.

    Parameters
    ----------
    matrix : callable
        ``matrix(x) -> ndarray`` (k × k) for a real parameter x.
    parameters : sequence of float
        Strictly increasing grid (at least 3 values).

    Returns
    -------
    EigenTracks
        At the first point, tracks are ordered by decreasing real part; afterwards each track
        continues with the eigenpair assigned by :func:`assign_tracks` (predicted eigenvalue:
        linear extrapolation of the track's last two values).

    Raises
    ------
    ValueError
        For a grid that is not 1-D, finite and strictly increasing with at least 3 values, or
        a matrix that is not finite and square or changes size along the grid.
    """
    grid = check_grid(parameters)
    first = eigenpairs(square_matrix(matrix, grid[0]))
    order = np.lexsort((first[0].imag, -first[0].real))
    values, vectors, petermann = ([part[..., order]] for part in first)
    overlaps = []
    for i, x in enumerate(grid[1:], start=1):
        new_values, new_vectors, new_petermann = eigenpairs(square_matrix(matrix, x))
        if new_values.size != values[0].size:
            raise ValueError(f"matrix({x:g}) changes size along the grid")
        previous = values[-1]
        if i >= 2:
            step = (x - grid[i - 1]) / (grid[i - 1] - grid[i - 2])
            previous = previous + step * (values[-1] - values[-2])
        columns = assign_tracks(vectors[-1], previous, new_values, new_vectors)
        overlaps.append(np.abs(np.sum(vectors[-1].conj() * new_vectors[:, columns], axis=0)))
        values.append(new_values[columns])
        vectors.append(new_vectors[:, columns])
        petermann.append(new_petermann[columns])
    return EigenTracks(
        grid, np.array(values), np.array(vectors), np.array(petermann), np.array(overlaps)
    )
