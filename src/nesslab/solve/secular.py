"""The slow/fast (secular) split of an eigenbasis generator, shared by every solver that uses it.

In the energy eigenbasis a generator is ``−iω + D``: Bohr frequencies ω on the diagonal plus a
dissipator D of the size of the rates. Components whose ``|ω|`` is far above the rates (the
*fast* coherences) oscillate and average out; the *slow* ones — populations and the coherences
of near-degenerate levels — carry the steady state and the slow relaxation. A component is slow
when ``|ω| ≤ window · ‖D‖∞``; on the fast block ``−iω + D`` is then diagonally dominant with a
Jacobi contraction below ``1/(window − 1)``, which is what makes the exact eliminations of
:mod:`nesslab.solve.reduced` and :mod:`nesslab.solve.propagator` converge fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

SLOW_WINDOW = 100.0


@dataclass(frozen=True)
class SecularSplit:
    """Which components of an eigenbasis generator are slow.

    Attributes
    ----------
    slow : ndarray of bool
        Mask of the slow components (populations and near-degenerate coherences).
    rate_scale : float
        ``‖D‖∞``, the largest absolute row sum of the dissipative part (1 if D vanishes).
    window : float
        The factor of ``rate_scale`` below which a Bohr frequency counts as slow.
    """

    slow: np.ndarray
    rate_scale: float
    window: float

    @property
    def fast(self) -> np.ndarray:
        """Mask of the fast coherences."""
        return ~self.slow

    @property
    def n_slow(self) -> int:
        """Number of slow components."""
        return int(self.slow.sum())


def secular_split(
    frequencies: np.ndarray, dissipator: Any, window: float = SLOW_WINDOW
) -> SecularSplit:
    """Split components by ``|ω| ≤ window · ‖D‖∞`` (module docstring).

    Parameters
    ----------
    frequencies : ndarray
        Bohr frequency of every component (energy units).
    dissipator : matrix
        The generator minus its coherent part ``−iω`` (dense or sparse).
    window : float
        Slow window in units of ``‖D‖∞`` (> 1).
    """
    if not window > 1:
        raise ValueError(f"window must be > 1 (units of the largest rate), got {window!r}")
    scale = float(abs(dissipator).sum(axis=1).max()) or 1.0
    slow = np.abs(np.asarray(frequencies)) <= window * scale
    return SecularSplit(slow, scale, float(window))
