"""Operator builders: Pauli and spin-j matrices, truncated bosons, tensor embedding.

All operators are dense ``complex128`` numpy arrays. Basis conventions:

* spin-½: basis ``(|↑⟩, |↓⟩)``, so ``σz = diag(1, -1)`` and ``σ₋ = |↓⟩⟨↑|`` lowers ``|↑⟩``;
* spin-j: basis ``m = j, j-1, …, -j`` (descending, consistent with spin-½);
* boson: Fock basis ``|0⟩ … |n_levels-1⟩``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

import numpy as np


def sigma_x() -> np.ndarray:
    """Pauli σx."""
    return np.array([[0, 1], [1, 0]], dtype=complex)


def sigma_y() -> np.ndarray:
    """Pauli σy."""
    return np.array([[0, -1j], [1j, 0]], dtype=complex)


def sigma_z() -> np.ndarray:
    """Pauli σz = diag(1, -1) in the basis (|↑⟩, |↓⟩)."""
    return np.array([[1, 0], [0, -1]], dtype=complex)


def sigma_minus() -> np.ndarray:
    """σ₋ = (σx - iσy)/2 = |↓⟩⟨↑|, lowering |↑⟩ to |↓⟩."""
    return np.array([[0, 0], [1, 0]], dtype=complex)


def sigma_plus() -> np.ndarray:
    """σ₊ = (σx + iσy)/2 = |↑⟩⟨↓|."""
    return sigma_minus().T.copy()


def spin_operators(j: float) -> dict[str, np.ndarray]:
    """Spin-j operators ``jx, jy, jz, jp, jm`` (ħ = 1) in the basis m = j, …, -j.

    Parameters
    ----------
    j : float
        Spin quantum number, a positive integer or half-integer.

    Returns
    -------
    dict
        ``{"jx", "jy", "jz", "jp", "jm"}``; for j = ½ these are σ/2.
    """
    if j <= 0 or not float(2 * j).is_integer():
        raise ValueError(f"j must be a positive integer or half-integer, got {j!r}")
    m = np.arange(j, -j - 1, -1)
    jp = np.zeros((m.size, m.size), dtype=complex)
    for row in range(1, m.size):
        mm = m[row]
        jp[row - 1, row] = np.sqrt(j * (j + 1) - mm * (mm + 1))
    jm = jp.conj().T
    return {
        "jx": (jp + jm) / 2,
        "jy": (jp - jm) / 2j,
        "jz": np.diag(m).astype(complex),
        "jp": jp,
        "jm": jm,
    }


def destroy(n_levels: int) -> np.ndarray:
    """Truncated bosonic annihilation operator a on ``n_levels`` Fock states."""
    if int(n_levels) != n_levels or n_levels < 2:
        raise ValueError(f"n_levels must be an integer >= 2, got {n_levels!r}")
    return np.diag(np.sqrt(np.arange(1, n_levels)), 1).astype(complex)


def number(n_levels: int) -> np.ndarray:
    """Bosonic number operator a†a on ``n_levels`` Fock states."""
    return np.diag(np.arange(n_levels)).astype(complex)


def tensor(*operators: np.ndarray) -> np.ndarray:
    """Kronecker product ``A ⊗ B ⊗ …`` (first factor is the slowest index)."""
    return reduce(np.kron, operators)


def embed(operator: np.ndarray, position: int, dims: Sequence[int]) -> np.ndarray:
    """Place ``operator`` on subsystem ``position`` of a tensor product with ``dims``.

    Parameters
    ----------
    operator : ndarray
        Square matrix of size ``dims[position]``.
    position : int
        Index of the subsystem.
    dims : sequence of int
        Subsystem dimensions, in tensor order.
    """
    dims = list(dims)
    if not 0 <= position < len(dims):
        raise ValueError(f"position {position} out of range for dims {dims}")
    if operator.shape != (dims[position], dims[position]):
        raise ValueError(
            f"operator of shape {operator.shape} does not fit subsystem {position} "
            f"of dimension {dims[position]}"
        )
    factors = [np.eye(d, dtype=complex) for d in dims]
    factors[position] = np.asarray(operator, dtype=complex)
    return tensor(*factors)
