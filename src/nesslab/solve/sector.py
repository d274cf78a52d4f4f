"""Weak-symmetry sectors: solve only the block of vec(ρ) that commutes with a symmetry."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.generators.base import Generator


def symmetric_sector(gen: Generator) -> np.ndarray | None:
    """Mask of the vec(ρ) components that commute with the system's symmetry.

    The mask is returned only if the generator leaves those components invariant (a weak
    symmetry: H commutes with the symmetry and every bath respects it). Returns ``None`` when
    there is no symmetry, the basis does not diagonalise it, or the environment breaks it.
    """
    system = gen.system
    if system.symmetry is None or gen.space != "density":
        return None
    if gen.basis is None:
        symmetry = system.op(system.symmetry)
        labels = np.round(np.real(np.diag(symmetry)), 8)
        if np.abs(symmetry - np.diag(np.diag(symmetry))).max() > 1e-12:
            return None
    else:
        labels = system.sectors
    mask = (labels[:, None] == labels[None, :]).ravel(order="F")
    if mask.all():
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
    return mask if leak_size <= 1e-12 * scale else None


def restrict(matrix: Any, mask: np.ndarray) -> Any:
    """The block of ``matrix`` on the components selected by ``mask`` (rows and columns)."""
    if not sp.issparse(matrix):
        return matrix[np.ix_(mask, mask)]
    kept = np.flatnonzero(mask)
    return sp.csr_matrix(matrix)[kept][:, kept]
