"""The HEOM index: auxiliary density operator (ADO) labels ↔ positions in the ADO vector.

An ADO is labelled by ``n = (n_1, …, n_K)``, one occupation per exponential ("mode") of every
bath, with tier ``|n| = Σ_j n_j ≤ depth``. Positions are tier-major, so position 0 is the
reduced density matrix (tier 0) and the first-tier ADOs follow it. Lookups are vectorised: each
label is encoded as the integer ``Σ_j n_j (depth + 1)^j`` and found by binary search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

_MAX_CODE = 2**62


@dataclass(frozen=True)
class HierarchyIndex:
    """All labels ``n ∈ ℕ^K`` with ``|n| ≤ depth`` and their neighbours.

    Parameters
    ----------
    mode_baths : tuple of int
        Bath number of each mode (exponential), length K.
    depth : int
        Largest tier kept (the hierarchy truncation), ≥ 0.

    Attributes
    ----------
    labels : ndarray of int, shape (n_ados, K)
        Row p is the label at position p.
    """

    mode_baths: tuple[int, ...]
    depth: int
    labels: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode_baths", tuple(int(b) for b in self.mode_baths))
        if not self.mode_baths:
            raise ValueError("a hierarchy needs at least one mode")
        if int(self.depth) != self.depth or self.depth < 0:
            raise ValueError(f"depth must be an integer >= 0, got {self.depth!r}")
        if float(self.depth + 1) ** self.n_modes >= _MAX_CODE:
            raise ValueError("too many modes for this depth: label codes would overflow int64")
        object.__setattr__(self, "labels", _enumerate(self.n_modes, int(self.depth)))

    @property
    def n_modes(self) -> int:
        """Number of modes K (exponentials of all baths)."""
        return len(self.mode_baths)

    @property
    def n_ados(self) -> int:
        """Number of ADOs, ``binomial(K + depth, depth)``."""
        return int(self.labels.shape[0])

    @cached_property
    def _weights(self) -> np.ndarray:
        return (self.depth + 1) ** np.arange(self.n_modes, dtype=np.int64)

    @cached_property
    def _codes(self) -> tuple[np.ndarray, np.ndarray]:
        codes = self.labels @ self._weights
        order = np.argsort(codes)
        return codes[order], order

    @cached_property
    def tiers(self) -> np.ndarray:
        """Tier ``|n|`` of every position."""
        return self.labels.sum(axis=1)

    def find(self, labels: np.ndarray) -> np.ndarray:
        """Positions of ``labels`` (shape (m, K) or (K,)); −1 where a label is not kept."""
        labels = np.asarray(labels, dtype=np.int64)
        single = labels.ndim == 1
        labels = np.atleast_2d(labels)
        if labels.shape[1] != self.n_modes:
            raise ValueError(f"labels must have {self.n_modes} entries, got {labels.shape[1]}")
        valid = np.all(labels >= 0, axis=1) & (labels.sum(axis=1) <= self.depth)
        codes = np.where(valid[:, None], labels, 0) @ self._weights
        sorted_codes, order = self._codes
        slot = np.clip(np.searchsorted(sorted_codes, codes), 0, sorted_codes.size - 1)
        found = valid & (sorted_codes[slot] == codes)
        positions = np.where(found, order[slot], -1)
        return positions[0] if single else positions

    def label(self, position: int) -> tuple[int, ...]:
        """The label at ``position``."""
        return tuple(int(n) for n in self.labels[position])

    def next(self, mode: int) -> tuple[np.ndarray, np.ndarray]:
        """Pairs ``(p, q)`` with ``label(q) = label(p) + e_mode`` (both kept)."""
        return self._shifted(mode, +1)

    def prev(self, mode: int) -> tuple[np.ndarray, np.ndarray]:
        """Pairs ``(p, q)`` with ``label(q) = label(p) − e_mode`` (both kept)."""
        return self._shifted(mode, -1)

    def _shifted(self, mode: int, step: int) -> tuple[np.ndarray, np.ndarray]:
        shifted = self.labels.copy()
        shifted[:, mode] += step
        targets = self.find(shifted)
        sources = np.flatnonzero(targets >= 0)
        return sources, targets[sources]

    def filter(self, tier: int | None = None, bath: int | None = None) -> np.ndarray:
        """Positions at ``tier`` whose occupied modes all belong to ``bath`` (either optional)."""
        keep = np.ones(self.n_ados, dtype=bool)
        if tier is not None:
            keep &= self.tiers == tier
        if bath is not None:
            other = np.asarray(self.mode_baths) != bath
            keep &= ~np.any(self.labels[:, other] > 0, axis=1)
        return np.flatnonzero(keep)

    def modes_of(self, bath: int) -> np.ndarray:
        """Mode numbers of ``bath``."""
        return np.flatnonzero(np.asarray(self.mode_baths) == bath)


def _enumerate(n_modes: int, depth: int) -> np.ndarray:
    """All labels with ``|n| ≤ depth``, tier by tier, lexicographic within a tier."""
    tiers = [np.zeros((1, n_modes), dtype=np.int64)]
    unit = np.eye(n_modes, dtype=np.int64)
    for _ in range(depth):
        grown = (tiers[-1][:, None, :] + unit[None, :, :]).reshape(-1, n_modes)
        tiers.append(np.unique(grown, axis=0)[::-1])
    return np.concatenate(tiers)
