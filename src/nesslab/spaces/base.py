"""The state-space interface (:class:`StateSpace`) and what every space shares."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

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
        (:func:`nesslab.solve.factorization.factorize`).
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
