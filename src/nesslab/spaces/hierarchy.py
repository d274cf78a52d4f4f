"""The HEOM hierarchy: every auxiliary density operator stacked, tier by tier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from nesslab.spaces.base import StateSpace, _check_dim
from nesslab.superop import expectation_row, unvec, vec


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
