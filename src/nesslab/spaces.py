"""State spaces: what a generator's state vector x is, and how ρ and observables are read off it.

A master-equation generator evolves a vector ``dx/dt = L x``. Its *space* owns every convention
of that vector, so that solvers and observables never need to know which approach built it:

* the size of x, and the site-basis density matrix ρ of a vector (and back);
* the row r with ``r · x = Tr[A ρ]`` of an observable A, the trace row in particular;
* optional structure a solver may exploit: the energy eigenbasis (Bohr frequencies), the
  components that commute with a weak symmetry, the tiers of a hierarchy.

Three spaces exist today:

``DensitySpace``     x = vec(ρ), column-stacked (vec(AρB) = (Bᵀ ⊗ A) vec ρ), in the site basis or
                     in the energy eigenbasis (size N²).
``PopulationSpace``  x = the populations of a basis (the energy eigenbasis for Pauli rate
                     equations), a classical master equation (size N).
``HierarchySpace``   x stacks vec(ρ_n) of every HEOM auxiliary density operator, tier by tier,
                     the reduced ρ (tier 0) first, all in the site basis (size n_ados · N²).

A new kind of state (a covariance matrix, classical configurations, …) is one new subclass of
:class:`StateSpace`; nothing else in nesslab needs to change.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from nesslab.superop import expectation_row, unvec, vec

if TYPE_CHECKING:
    from nesslab.system import System


@dataclass(frozen=True)
class EigenRotation:
    """A space written in the energy eigenbasis and the maps that carry a generator into it.

    Attributes
    ----------
    space : StateSpace
        The eigenbasis space (the same object when the space already is one).
    superoperator : callable
        ``M ↦ T† M T``: a block of the generator (a superoperator on the old vectors) on the new
        vectors, with ``x_old = T x_new`` (T unitary).
    row : callable
        ``r ↦ r T``: a row on the old vectors (an observable or heat-current row) on the new.
    """

    space: StateSpace
    superoperator: Callable[[Any], Any]
    row: Callable[[np.ndarray], np.ndarray]


def _identity(value: Any) -> Any:
    return value


class StateSpace(ABC):
    """The conventions of one kind of state vector (module docstring).

    Attributes
    ----------
    auxiliary : bool
        True when the vector holds more than ρ (e.g. HEOM auxiliary operators), so that a
        density matrix alone does not determine it.
    lu_ordering : str
        Fill-reducing ordering that suits sparse LU factorisations of generators on this space
        (:func:`nesslab.solve.linalg.factorize`).
    """

    auxiliary: ClassVar[bool] = False
    lu_ordering: ClassVar[str] = "RCM"

    dim: int
    basis: np.ndarray | None

    @property
    @abstractmethod
    def size(self) -> int:
        """Length of the state vector."""

    @abstractmethod
    def to_site(self, vector: np.ndarray) -> np.ndarray:
        """The density matrix (site basis, N×N) of a state vector."""

    @abstractmethod
    def from_site(self, rho: np.ndarray) -> np.ndarray:
        """The state vector of a site-basis density matrix (auxiliary components zero)."""

    @abstractmethod
    def observable_row(self, operator: np.ndarray) -> np.ndarray:
        """Row r with ``r · x = Tr[operator · X]`` for a site-basis operator and any vector x."""

    def trace_row(self) -> np.ndarray:
        """Row r with ``r · x = Tr X``."""
        return self.observable_row(np.eye(self.dim, dtype=complex))

    def in_basis(self, operator: np.ndarray) -> np.ndarray:
        """A site-basis operator written in this space's basis."""
        if self.basis is None:
            return np.asarray(operator)
        return self.basis.conj().T @ operator @ self.basis

    def normalised(self, raw: np.ndarray, rho: np.ndarray) -> np.ndarray:
        """The state vector of a solution ``raw`` whose Hermitian, unit-trace ρ is ``rho``.

        By default the vector of ``rho`` itself; a space with auxiliary components keeps them
        and only divides by the trace.
        """
        return self.from_site(rho)

    def bohr_frequencies(self, system: System) -> np.ndarray | None:
        """Bohr frequency of every component in the energy eigenbasis; None if not in it."""
        return None

    def eigenbasis(self, system: System) -> EigenRotation | None:
        """The space in the energy eigenbasis of ``system``; None if it cannot be written there."""
        if self.bohr_frequencies(system) is not None:
            return EigenRotation(self, _identity, _identity)
        return None

    def symmetry_mask(self, system: System) -> np.ndarray | None:
        """Mask of the components that commute with the system's symmetry, or None.

        A solver may restrict a generator that leaves these components invariant (a weak
        symmetry) to them. None when there is nothing to restrict.
        """
        return None

    def describe(self) -> str:
        """A short name for messages, e.g. ``"DensitySpace(dim=4, eigenbasis)"``."""
        basis = "site basis" if self.basis is None else "eigenbasis"
        return f"{type(self).__name__}(dim={self.dim}, size={self.size}, {basis})"


def _check_dim(dim: int) -> int:
    if int(dim) != dim or dim < 1:
        raise ValueError(f"dim must be an integer >= 1, got {dim!r}")
    return int(dim)


def _check_dim_and_basis(space: StateSpace) -> None:
    """Validate (and store as an int and an array) the ``dim`` and ``basis`` of a space."""
    dim = _check_dim(space.dim)
    object.__setattr__(space, "dim", dim)
    if space.basis is None:
        return
    basis = np.asarray(space.basis)
    if basis.shape != (dim, dim):
        raise ValueError(f"basis must be a {dim}×{dim} matrix of column vectors, got {basis.shape}")
    object.__setattr__(space, "basis", basis)


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


@dataclass(frozen=True, eq=False)
class HierarchySpace(StateSpace):
    """x stacks vec(ρ_n) of every HEOM auxiliary density operator, tier 0 (ρ itself) first.

    Parameters
    ----------
    dim : int
        Hilbert-space dimension N of the system; every ADO is an N×N matrix (site basis).
    tiers : ndarray of int
        Tier ``|n|`` of every ADO, in vector order: nondecreasing, one ADO at tier 0.

    Attributes
    ----------
    n_ados : int
        Number of ADOs.
    block : int
        Unknowns per ADO, N².
    """

    auxiliary: ClassVar[bool] = True
    lu_ordering: ClassVar[str] = "MMD_AT_PLUS_A"

    dim: int
    tiers: np.ndarray
    basis: None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "dim", _check_dim(self.dim))
        tiers = np.asarray(self.tiers, dtype=np.int64)
        if tiers.ndim != 1 or tiers.size == 0 or tiers[0] != 0 or np.sum(tiers == 0) != 1:
            raise ValueError("tiers must be a 1-d array with exactly one ADO at tier 0, first")
        if np.any(np.diff(tiers) < 0):
            raise ValueError("tiers must be nondecreasing (ADOs ordered tier by tier)")
        tiers.setflags(write=False)
        object.__setattr__(self, "tiers", tiers)

    @property
    def n_ados(self) -> int:  # noqa: D102
        return int(self.tiers.size)

    @property
    def block(self) -> int:  # noqa: D102
        return self.dim**2

    @property
    def size(self) -> int:  # noqa: D102
        return self.n_ados * self.block

    def _padded(self, values: np.ndarray) -> np.ndarray:
        padded = np.zeros(self.size, dtype=complex)
        padded[: self.block] = values
        return padded

    def to_site(self, vector: np.ndarray) -> np.ndarray:  # noqa: D102
        return unvec(np.asarray(vector)[: self.block], self.dim).astype(complex)

    def from_site(self, rho: np.ndarray) -> np.ndarray:  # noqa: D102
        return self._padded(vec(np.asarray(rho, dtype=complex)))

    def observable_row(self, operator: np.ndarray) -> np.ndarray:  # noqa: D102
        return self._padded(expectation_row(operator))

    def normalised(self, raw: np.ndarray, rho: np.ndarray) -> np.ndarray:
        """The whole ADO vector divided by the trace of ρ (the auxiliary operators are kept)."""
        return np.asarray(raw) / np.trace(self.to_site(raw))

    def ados(self, vector: np.ndarray) -> np.ndarray:
        """The vector as rows ``vec(ρ_n)``, shape ``(n_ados, N²)``."""
        vector = np.asarray(vector)
        if vector.shape != (self.size,):
            raise ValueError(f"expected an ADO vector of size {self.size}, got {vector.shape}")
        return vector.reshape(self.n_ados, self.block)

    def describe(self) -> str:  # noqa: D102
        return f"HierarchySpace(dim={self.dim}, n_ados={self.n_ados}, size={self.size})"


def rotate_superoperator(matrix: Any, vectors: np.ndarray) -> np.ndarray:
    """``T† M T`` with ``T = conj(V) ⊗ V``: a site-basis superoperator in the basis V (dense)."""
    dim = vectors.shape[0]
    transform = np.kron(vectors.conj(), vectors)
    columns = np.asarray(matrix @ transform).reshape(dim, dim, dim * dim, order="F")
    rotated = np.tensordot(vectors.conj(), columns, axes=(0, 0))
    rotated = np.tensordot(rotated, vectors, axes=(1, 0)).transpose(0, 2, 1)
    return rotated.reshape(dim * dim, dim * dim, order="F")


__all__ = [
    "DensitySpace",
    "EigenRotation",
    "HierarchySpace",
    "PopulationSpace",
    "StateSpace",
    "rotate_superoperator",
]
