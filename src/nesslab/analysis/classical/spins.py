"""Single-spin-flip rate generators over the 2^N configurations of N spins.

State code (fixed): configuration σ = (σ_0, …, σ_{N−1}), σ_i = ±1 (+1 = up), is state
``index = Σ_i b_i 2^i`` with ``b_i = (1 + σ_i)/2``: bit i is 1 when spin i is up, spin 0 the
least significant bit. Index 0 is all spins down, ``2^N − 1`` all up, and flipping spin i maps
index k to ``k XOR 2^i``.

The rates come from any object with the interface of :class:`SpinFlipRates` (e.g. seed 003's
adiabatically eliminated rates): ``n``, ``energy(configurations)`` and ``rate(spin,
configurations)``, vectorised over an int array of configurations of shape (M, N).
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp

from nesslab.analysis.classical.generator import RateGenerator
from nesslab.limits import check_limit, count

ENTRY_BYTES = 2 * (8 + 4)
"""Bytes per generator entry while it is assembled: float64 value and int32 index, CSC then CSR."""
STATE_BYTES = 8 + 8
"""Bytes per state besides the entries: its energy and a probability vector."""
SPIN_BYTES = 1 + 8
"""Bytes per spin and state: the int8 configurations and one float64 (M, N) temporary of a rate
evaluation."""


class SpinFlipRates(Protocol):
    """What :func:`spin_flip_generator` and the kinetic Monte Carlo sampler read.

    Attributes
    ----------
    n : int
        Number of spins N.
    """

    n: int

    def energy(self, configurations: np.ndarray) -> np.ndarray:
        """Energy of each configuration, shape (M,), from an int array (M, N) of ±1."""

    def rate(self, spin: int, configurations: np.ndarray) -> np.ndarray:
        """Rate (1/time) of flipping ``spin`` in each configuration (M, N), shape (M,), ≥ 0."""


def spin_configurations(n: int) -> np.ndarray:
    """All 2^n configurations in state-code order (module docstring), int8 (2^n, n) of ±1."""
    n = count(n, "n", minimum=1)
    codes = np.arange(2**n, dtype=np.int64)
    bits = (codes[:, None] >> np.arange(n)) & 1
    return (2 * bits - 1).astype(np.int8)


def configuration_index(configurations: Any) -> np.ndarray | int:
    """The state index of each configuration (last axis: the N spins, ±1); an int for one."""
    configurations = np.asarray(configurations)
    if configurations.ndim == 0 or not np.all(np.isin(configurations, (-1, 1))):
        raise ValueError("configurations must hold spins ±1 (+1 = up) along the last axis")
    bits = (configurations > 0).astype(np.int64)
    index = bits @ (np.int64(1) << np.arange(configurations.shape[-1], dtype=np.int64))
    return int(index) if np.ndim(index) == 0 else index


def spin_flip_generator(
    rates: SpinFlipRates, *, max_memory_mb: float | None = None
) -> RateGenerator:
    """The single-spin-flip generator ``G[k XOR 2^i, k]`` = rate of flipping spin i in state k.

    Parameters
    ----------
    rates : SpinFlipRates
        ``rates.n`` spins, ``rates.energy`` and ``rates.rate`` (module docstring); each
        ``rates.rate(i, ·)`` is called once, on all 2^N configurations.
    max_memory_mb : float, optional
        Memory the assembly may use (default :data:`nesslab.limits.DEFAULTS`, or
        ``NESSLAB_MAX_MEMORY_MB``): about ``2^N (33 N + 40)`` bytes, 0.7 GB at N = 20.

    Returns
    -------
    RateGenerator
        Over the 2^N states in state-code order, with ``energies`` from ``rates.energy`` and
        ``spins = N``.

    Raises
    ------
    nesslab.limits.ResourceLimitError
        Before anything is allocated, when N is too large to enumerate; the message points to
        :func:`~nesslab.analysis.classical.kinetic_monte_carlo`, which samples any N.
    ValueError
        If ``rates.rate`` returns negative or non-finite rates, or an array of the wrong shape.
    """
    n = count(getattr(rates, "n", None), "rates.n", minimum=1)
    check_limit(
        assembly_megabytes(n),
        "max_memory_mb",
        max_memory_mb,
        f"spin_flip_generator: N = {n} spins, 2^N = {2**n} states and N·2^N = {n * 2**n} rates, "
        "MB to assemble",
        "sample large N with nesslab.analysis.kinetic_monte_carlo (any N, no enumeration)",
    )
    configurations = spin_configurations(n)
    size = configurations.shape[0]
    codes = np.arange(size, dtype=np.int32 if size < 2**31 else np.int64)
    data = np.empty((size, n + 1))
    indices = np.empty((size, n + 1), dtype=codes.dtype)
    for spin in range(n):
        data[:, spin] = checked_rates(rates.rate(spin, configurations), size, spin)
        indices[:, spin] = codes ^ (1 << spin)
    data[:, n] = -data[:, :n].sum(axis=1)
    indices[:, n] = codes
    indptr = np.arange(0, size * (n + 1) + 1, n + 1, dtype=np.int64)
    columns = sp.csc_matrix((data.ravel(), indices.ravel(), indptr), shape=(size, size))
    del data, indices
    columns.sort_indices()
    matrix = sp.csr_matrix(columns)
    del columns
    energies = np.asarray(rates.energy(configurations), dtype=float)
    if energies.shape != (size,):
        raise ValueError(f"rates.energy must return {size} energies, got shape {energies.shape}")
    return RateGenerator(matrix, energies, spins=n)


def assembly_megabytes(n: int) -> float:
    """MB (10⁶ bytes) :func:`spin_flip_generator` holds at its peak for ``n`` spins."""
    states = 2.0**n
    return states * ((n + 1) * ENTRY_BYTES + STATE_BYTES + n * SPIN_BYTES) / 1e6


def checked_rates(values: Any, size: int, spin: int) -> np.ndarray:
    """``rates.rate(spin, ·)``'s output as ``size`` finite rates ≥ 0, else a ValueError."""
    values = np.asarray(values, dtype=float)
    if values.shape != (size,):
        raise ValueError(
            f"rates.rate({spin}, configurations) must return one rate per configuration, "
            f"shape ({size},), got {values.shape}"
        )
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"rates.rate({spin}, configurations) returned {int(bad.sum())} negative or "
            f"non-finite rates, e.g. {values[k]} for configuration {k}; rates must be finite "
            "and >= 0"
        )
    return values
