"""Weak-symmetry sectors: solve only the block of the state that commutes with a symmetry."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.generators.base import Generator

LEAK_TOL = 1e-12


def symmetric_sector(gen: Generator) -> np.ndarray | None:
    """Mask of the state components that commute with the system's symmetry.

    The space names the components (:meth:`nesslab.spaces.StateSpace.symmetry_mask`); the mask is
    returned only if the generator leaves them invariant (a weak symmetry: H commutes with the
    symmetry and every bath respects it). Returns ``None`` when there is no symmetry, the
    space has no such components, or the environment breaks it.
    """
    mask = gen.space.symmetry_mask(gen.system)
    if mask is None:
        return None
    matrix = gen.matrix
    if sp.issparse(matrix):
        entries = matrix.tocoo()
        leaking = ~mask[entries.row] & mask[entries.col]
        leak_size = float(np.abs(entries.data[leaking]).max()) if leaking.any() else 0.0
        scale = float(np.abs(entries.data).max())
    else:
        leak_size = float(np.abs(matrix[np.ix_(~mask, mask)]).max())
        scale = float(np.abs(matrix).max())
    return mask if leak_size <= LEAK_TOL * scale else None


def restrict(matrix: Any, mask: np.ndarray) -> Any:
    """The block of ``matrix`` on the components selected by ``mask`` (rows and columns)."""
    if not sp.issparse(matrix):
        return matrix[np.ix_(mask, mask)]
    kept = np.flatnonzero(mask)
    return sp.csr_matrix(matrix)[kept][:, kept]
