"""Seed 003's Ising energy function (Eq. 4) and single-flip energy changes ΔE_i.

Configurations are int arrays of shape (M, N) with entries ±1 (+1 = up), one row per
configuration. Energies are in the units of g² (the paper's "energies measured in ω²").
"""

from __future__ import annotations

import numpy as np


def as_configurations(configurations: object, n: int) -> np.ndarray:
    """``configurations`` as an int array (M, N) of ±1; a single configuration (N,) gives M = 1.

    Raises
    ------
    ValueError
        For entries other than ±1, a non-integer dtype or a number of spins other than ``n``.
    """
    array = np.asarray(configurations)
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or array.shape[1] != n or array.dtype.kind not in "iu":
        raise ValueError(
            f"configurations must be an int array of shape (M, {n}) with entries ±1, got "
            f"dtype {array.dtype} and shape {array.shape}"
        )
    if not np.all((array == 1) | (array == -1)):
        raise ValueError("configurations must hold spins ±1 (+1 = up)")
    return array


def ising_energy(couplings: np.ndarray, configurations: np.ndarray) -> np.ndarray:
    """``E(σ) = −¼ Σ_{i≠j} g_i g_j σ_i σ_j = −[(Σ_i g_iσ_i)² − Σ_i g_i²]/4`` (Eq. 4), shape (M,).

    E(σ) = E(−σ); absolute rounding error ≈ ε Σ g².
    """
    g = np.asarray(couplings, dtype=float)
    configurations = as_configurations(configurations, g.size)
    total = configurations @ g
    return -(total**2 - np.sum(g**2)) / 4


def flip_energy(couplings: np.ndarray, configurations: np.ndarray, spin: int) -> np.ndarray:
    """``ΔE_i = E(σ') − E(σ) = g_iσ_i Σ_{l≠i} g_lσ_l`` for flipping ``spin`` = i, shape (M,)."""
    g = np.asarray(couplings, dtype=float)
    configurations = as_configurations(configurations, g.size)
    if not 0 <= int(spin) < g.size or isinstance(spin, bool):
        raise ValueError(f"spin must be an index in [0, {g.size}), got {spin!r}")
    spin = int(spin)
    own = g[spin] * configurations[:, spin]
    others = np.delete(configurations, spin, axis=1) @ np.delete(g, spin)
    return own * others
