"""Spaces holding ρ only: vec ρ (:class:`DensitySpace`), its diagonal (:class:`PopulationSpace`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from nesslab.spaces.base import EigenRotation, StateSpace, _check_dim_and_basis, _identity
from nesslab.superop import expectation_row, unvec, vec

if TYPE_CHECKING:
    from nesslab.system import System


@dataclass(frozen=True, eq=False)
class DensitySpace(StateSpace):
    """x = vec(ρ) (column-stacked, size N²) in the site basis or in ``basis``.

    Parameters
    ----------
    dim : int
        Hilbert-space dimension N.
    basis : ndarray, optional
        The energy eigenbasis ``system.eigen[1]`` of the generator's system (columns in the
        site basis), for the eigenbasis approaches; None: the site basis.
    """

    dim: int
    basis: np.ndarray | None = None

    def __post_init__(self) -> None:
        _check_dim_and_basis(self)

    @property
    def size(self) -> int:  # noqa: D102
        return self.dim**2

    def to_site(self, vector: np.ndarray) -> np.ndarray:  # noqa: D102
        matrix = unvec(np.asarray(vector), self.dim)
        if self.basis is None:
            return matrix.astype(complex)
        return self.basis @ matrix @ self.basis.conj().T

    def from_site(self, rho: np.ndarray) -> np.ndarray:  # noqa: D102
        return vec(self.in_basis(np.asarray(rho, dtype=complex)))

    def observable_row(self, operator: np.ndarray) -> np.ndarray:  # noqa: D102
        return expectation_row(self.in_basis(operator))

    def bohr_frequencies(self, system: System) -> np.ndarray | None:
        """``E_m − E_n`` at vec index ``m + N n`` when the basis is the eigenbasis."""
        if self.basis is None:
            return None
        energies = system.eigen[0]
        return vec(energies[:, None] - energies[None, :]).real

    def eigenbasis(self, system: System) -> EigenRotation | None:
        """The eigenbasis space; a site-basis generator is rotated by ``T = conj(V) ⊗ V``."""
        if self.basis is not None:
            return EigenRotation(self, _identity, _identity)
        vectors = system.eigen[1]

        def row(values: np.ndarray) -> np.ndarray:
            operator = np.asarray(values).reshape(self.dim, self.dim)
            return expectation_row(vectors.conj().T @ operator @ vectors)

        return EigenRotation(
            DensitySpace(self.dim, vectors),
            lambda matrix: rotate_superoperator(matrix, vectors),
            row,
        )

    def symmetry_mask(self, system: System) -> np.ndarray | None:
        """Components ρ_ij whose basis states i, j share a symmetry eigenvalue.

        In the site basis the symmetry operator must be diagonal there; in the eigenbasis the
        sector labels of ``system.sectors`` are used.
        """
        if system.symmetry is None:
            return None
        if self.basis is None:
            symmetry = system.op(system.symmetry)
            if np.abs(symmetry - np.diag(np.diag(symmetry))).max() > 1e-12:
                return None
            labels = np.round(np.real(np.diag(symmetry)), 8)
        else:
            labels = system.sectors
        mask = (labels[:, None] == labels[None, :]).ravel(order="F")
        return None if mask.all() else mask


@dataclass(frozen=True, eq=False)
class PopulationSpace(StateSpace):
    """x = the populations of the basis states (size N): a classical master equation.

    Parameters
    ----------
    dim : int
        Number of basis states N.
    basis : ndarray, optional
        The energy eigenbasis ``system.eigen[1]`` (the Pauli rate equation); None: the site
        basis states themselves (e.g. classical configurations).
    """

    dim: int
    basis: np.ndarray | None = None

    def __post_init__(self) -> None:
        _check_dim_and_basis(self)

    @property
    def size(self) -> int:  # noqa: D102
        return self.dim

    def to_site(self, vector: np.ndarray) -> np.ndarray:  # noqa: D102
        matrix = np.diag(np.asarray(vector)).astype(complex)
        if self.basis is None:
            return matrix
        return self.basis @ matrix @ self.basis.conj().T

    def from_site(self, rho: np.ndarray) -> np.ndarray:  # noqa: D102
        return np.diag(self.in_basis(np.asarray(rho, dtype=complex))).copy()

    def observable_row(self, operator: np.ndarray) -> np.ndarray:  # noqa: D102
        return np.diag(self.in_basis(operator)).astype(complex)

    def trace_row(self) -> np.ndarray:  # noqa: D102
        return np.ones(self.dim, dtype=complex)

    def bohr_frequencies(self, system: System) -> np.ndarray | None:
        """Zero for every population (they carry no coherent phase)."""
        return np.zeros(self.dim)


def rotate_superoperator(matrix: Any, vectors: np.ndarray) -> np.ndarray:
    """``T† M T`` with ``T = conj(V) ⊗ V``: a site-basis superoperator in the basis V (dense)."""
    dim = vectors.shape[0]
    transform = np.kron(vectors.conj(), vectors)
    columns = np.asarray(matrix @ transform).reshape(dim, dim, dim * dim, order="F")
    rotated = np.tensordot(vectors.conj(), columns, axes=(0, 0))
    rotated = np.tensordot(rotated, vectors, axes=(1, 0)).transpose(0, 2, 1)
    return rotated.reshape(dim * dim, dim * dim, order="F")
