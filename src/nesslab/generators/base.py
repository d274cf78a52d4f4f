"""The Generator: what every master-equation approach returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.superop import Matrix, expectation_row, unvec, vec
from nesslab.system import System

SPACES = ("density", "populations", "hierarchy")


def bohr_frequencies(system: System) -> np.ndarray:
    """``E_m − E_n`` at vec index ``m + N n`` (the eigenbasis coherent part is −i times it)."""
    energies = system.eigen[0]
    return vec(energies[:, None] - energies[None, :]).real


@dataclass(frozen=True)
class Generator:
    """A master-equation generator ``dx/dt = (coherent + Σ_α parts[α]) x``.

    Attributes
    ----------
    approach : str
        Name of the approach that built it ("local", "global", "redfield", …).
    system : System
        The system it describes.
    space : {"density", "populations", "hierarchy"}
        ``"density"``: x = vec(ρ) (column-stacked, size N²) in ``basis``; ``"populations"``:
        x = eigenstate populations (size N), a classical rate equation; ``"hierarchy"``: x stacks
        the vec of every HEOM auxiliary density operator, the reduced ρ (tier 0) first (site
        basis, size ``n_ados · N²``).
    coherent : matrix
        The Hamiltonian part ``−i[H, ·]`` (all zeros for ``"populations"``).
    parts : mapping of str to matrix
        Dissipator of each bath (Channels that share a name are summed into one part).
    basis : ndarray or None
        Columns are the basis vectors in the site basis (the eigenvectors of H for the
        eigenbasis approaches); ``None`` means the site basis itself.
    temperatures : mapping of str to float or None
        Temperature of each part's bath, where known (entropy production needs it).
    options : mapping
        Options the approach was built with, for the record.
    hierarchy : object, optional
        For ``space="hierarchy"``: the HEOM index, couplings and bath expansions
        (:class:`nesslab.generators.heom.Hierarchy`, anything with ``n_ados``).
    """

    approach: str
    system: System
    space: str
    coherent: Matrix
    parts: Mapping[str, Matrix]
    basis: np.ndarray | None = None
    temperatures: Mapping[str, float | None] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    hierarchy: Any = None

    def __post_init__(self) -> None:
        if self.space not in SPACES:
            raise ValueError(f"space must be one of {SPACES}, got {self.space!r}")
        if (self.space == "hierarchy") != (self.hierarchy is not None):
            raise ValueError('a hierarchy is given exactly when space == "hierarchy"')
        if not self.parts:
            raise ValueError("a Generator needs at least one bath or channel")

    @property
    def dim(self) -> int:
        """Hilbert-space dimension N."""
        return self.system.dim

    @property
    def size(self) -> int:
        """Length of the state vector (N², N, or n_ados · N²)."""
        if self.space == "hierarchy":
            return self.hierarchy.n_ados * self.dim**2
        return self.dim**2 if self.space == "density" else self.dim

    def _padded(self, row: np.ndarray) -> np.ndarray:
        """A tier-0 row (or vector) of a hierarchy extended by zeros over the other ADOs."""
        if self.space != "hierarchy":
            return row
        padded = np.zeros(self.size, dtype=complex)
        padded[: row.size] = row
        return padded

    @property
    def basis_name(self) -> str:
        """``"site"`` or ``"eigen"``."""
        return "site" if self.basis is None else "eigen"

    @cached_property
    def matrix(self) -> Matrix:
        """The full generator: coherent part plus every dissipator."""
        total = self.coherent
        for part in self.parts.values():
            total = total + part
        return total.tocsr() if sp.issparse(total) else np.asarray(total)

    @cached_property
    def frequencies(self) -> np.ndarray:
        """Bohr frequency ``E_m − E_n`` of each vec index ``m + N n`` (eigenbasis only)."""
        if self.basis is None:
            raise ValueError("Bohr frequencies are defined for eigenbasis generators only")
        return bohr_frequencies(self.system)

    def in_basis(self, operator: np.ndarray) -> np.ndarray:
        """A site-basis operator written in this generator's basis."""
        if self.basis is None:
            return np.asarray(operator)
        return self.basis.conj().T @ operator @ self.basis

    def observable_row(self, operator: np.ndarray) -> np.ndarray:
        """Row r with ``r · x = Tr[operator · X]`` for a state (or derivative) vector x."""
        local = self.in_basis(operator)
        if self.space == "populations":
            return np.diag(local).copy()
        return self._padded(expectation_row(local))

    def trace_row(self) -> np.ndarray:
        """Row r with ``r · x = Tr X``."""
        if self.space == "populations":
            return np.ones(self.dim, dtype=complex)
        return self._padded(expectation_row(np.eye(self.dim, dtype=complex)))

    def to_site(self, vector: np.ndarray) -> np.ndarray:
        """The density matrix (site basis) of a state vector in this generator's space."""
        vector = np.asarray(vector)
        if self.space == "hierarchy":
            vector = vector[: self.dim**2]
        matrix = np.diag(vector) if self.space == "populations" else unvec(vector, self.dim)
        if self.basis is None:
            return matrix.astype(complex)
        return self.basis @ matrix @ self.basis.conj().T

    def from_site(self, rho: np.ndarray) -> np.ndarray:
        """The state vector in this generator's space of a site-basis density matrix."""
        local = self.in_basis(np.asarray(rho, dtype=complex))
        if self.space == "populations":
            return np.diag(local).copy()
        return self._padded(vec(local))


def rotate_superoperator(matrix: Any, vectors: np.ndarray) -> np.ndarray:
    """``T† M T`` with ``T = conj(V) ⊗ V``: a site-basis superoperator in the basis V (dense)."""
    dim = vectors.shape[0]
    transform = np.kron(vectors.conj(), vectors)
    columns = np.asarray(matrix @ transform).reshape(dim, dim, dim * dim, order="F")
    rotated = np.tensordot(vectors.conj(), columns, axes=(0, 0))
    rotated = np.tensordot(rotated, vectors, axes=(1, 0)).transpose(0, 2, 1)
    return rotated.reshape(dim * dim, dim * dim, order="F")


def in_eigenbasis(generator: Generator) -> Generator:
    """The same generator written in the energy eigenbasis (exactly diagonal coherent part).

    Only the dissipators are rotated; the coherent part is rebuilt as ``−i(E_m − E_n)`` from
    the eigenvalues, so the Hamiltonian loses no digits to the rotation.
    """
    if generator.basis is not None:
        return generator
    if generator.space != "density":
        raise ValueError("only density-space generators can be rotated")
    vectors = generator.system.eigen[1]
    parts = {name: rotate_superoperator(p, vectors) for name, p in generator.parts.items()}
    return Generator(
        approach=generator.approach,
        system=generator.system,
        space="density",
        coherent=sp.diags(-1j * bohr_frequencies(generator.system), format="csr"),
        parts=parts,
        basis=vectors,
        temperatures=generator.temperatures,
        options={**generator.options, "basis": "eigen"},
    )
