"""The reaction-coordinate space: vec ρ of the system and its reaction coordinates together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from nesslab.spaces.base import StateSpace, _check_dim
from nesslab.spaces.density import DensitySpace


@dataclass(frozen=True, eq=False)
class ReactionCoordinateSpace(StateSpace):
    """x = vec ρ_aug of the system ⊗ its reaction coordinates, in the basis of ``augmented``.

    The system's ρ is the partial trace over the RCs; observables of the system are measured
    as ``A ⊗ 1``. The vector holds more than ρ (the RC states and their correlations with the
    system), so it is :attr:`auxiliary`.

    Parameters
    ----------
    dim : int
        Hilbert-space dimension N of the system.
    levels : tuple of int
        Fock levels kept of each RC, in tensor order after the system.
    augmented : DensitySpace
        The space of vec ρ_aug (dimension N · Π levels; eigenbasis of the augmented H).
    """

    auxiliary: ClassVar[bool] = True

    dim: int
    levels: tuple[int, ...]
    augmented: DensitySpace
    basis: None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "dim", _check_dim(self.dim))
        levels = tuple(int(n) for n in self.levels)
        if not levels or min(levels) < 1:
            raise ValueError(f"levels must be one or more integers >= 1, got {self.levels!r}")
        object.__setattr__(self, "levels", levels)
        if self.augmented.dim != self.dim * self.rc_dim:
            raise ValueError(
                f"the augmented space has dimension {self.augmented.dim}, but the system "
                f"({self.dim}) and the RC levels {list(levels)} make {self.dim * self.rc_dim}"
            )

    @property
    def rc_dim(self) -> int:
        """Dimension of all RCs together, Π levels."""
        return int(np.prod(self.levels))

    @property
    def size(self) -> int:  # noqa: D102
        return self.augmented.size

    def augmented_state(self, vector: np.ndarray) -> np.ndarray:
        """ρ_aug of a vector, in the product (site ⊗ Fock) basis."""
        return self.augmented.to_site(vector)

    def to_site(self, vector: np.ndarray) -> np.ndarray:  # noqa: D102
        rho = self.augmented_state(vector).reshape(self.dim, self.rc_dim, self.dim, self.rc_dim)
        return np.trace(rho, axis1=1, axis2=3)

    def from_site(self, rho: np.ndarray) -> np.ndarray:
        """The vector of ``ρ ⊗ |0⟩⟨0|`` (every RC in its ground state)."""
        vacuum = np.zeros((self.rc_dim, self.rc_dim), dtype=complex)
        vacuum[0, 0] = 1.0
        return self.augmented.from_site(np.kron(np.asarray(rho, dtype=complex), vacuum))

    def observable_row(self, operator: np.ndarray) -> np.ndarray:  # noqa: D102
        return self.augmented.observable_row(np.kron(operator, np.eye(self.rc_dim)))

    def normalised(self, raw: np.ndarray, rho: np.ndarray) -> np.ndarray:
        """The whole vector divided by the trace of ρ (the RC components are kept)."""
        return np.asarray(raw) / np.trace(self.to_site(raw))

    def describe(self) -> str:  # noqa: D102
        return (
            f"ReactionCoordinateSpace(dim={self.dim}, levels={list(self.levels)}, size={self.size})"
        )
