"""The local approach: phenomenological Lindblad channels (seed 000 Eq. 1, seed 002 Eq. 8)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from nesslab.environment.baths import Channel
from nesslab.generators.base import Generator
from nesslab.generators.couplings import as_list, channel_terms, group_channels
from nesslab.generators.deferred import Build, Deferred
from nesslab.generators.jump_form import JumpForm
from nesslab.generators.local_baths import derived_channels
from nesslab.limits import DENSE_TEMPORARIES, check_limit, dense_megabytes, sparse_megabytes
from nesslab.spaces import DensitySpace
from nesslab.superop import assemble, commutator_terms
from nesslab.system import System


def local(
    system: System, environment: Any, *, basis: str = "site", max_memory_mb: float | None = None
) -> Generator:
    """Lindblad generator ``−i[H, ρ] + Σ_k rate_k (L_k ρ L_k† − ½{L_k†L_k, ρ})``.

    Parameters
    ----------
    system : System
        The system.
    environment : Channel, Bath or a list of them
        Jump operators with their rates; channels sharing a name form one part (one bath).
        A Bath is split into the jump operators of its subsystem's bare Hamiltonian
        (:mod:`nesslab.generators.local_baths`).
    basis : {"site", "eigen"}
        Basis the superoperator is written in. ``"site"`` keeps sparsity; ``"eigen"`` makes
        the coherent part diagonal (the well-conditioned route at tiny rates), but the
        superoperators are then dense.
    max_memory_mb : float, optional
        Refuse to assemble when the estimate (:mod:`nesslab.limits`: the sparse entries in the
        site basis; the dense N²×N² parts in the eigenbasis, before the eigendecomposition)
        exceeds this many MB (default 4000, or ``NESSLAB_MAX_MEMORY_MB``).

    Returns
    -------
    Generator
        With one dissipator part per channel name and the coherent part, assembled on first
        use (a solver that works from the jump form never assembles them).

    Raises
    ------
    nesslab.limits.ResourceLimitError
        If the estimated assembly exceeds ``max_memory_mb`` (a MemoryError).
    """
    if basis not in ("site", "eigen"):
        raise ValueError(f"basis must be 'site' or 'eigen', got {basis!r}")
    sparse = basis == "site"
    environment = derived_channels(system, environment)  # Baths → local channels
    channels = as_list(environment, Channel, "local")
    grouped = group_channels(system, channels)
    groups = grouped[0]
    if sparse:
        _check_sparse(system, groups, max_memory_mb)
    else:
        _check_dense(system.dim, channels, max_memory_mb)
    vectors = None if sparse else system.eigen[1]
    hamiltonian = system.H if sparse else np.diag(system.eigen[0]).astype(complex)
    size = system.dim**2
    coherent_terms = commutator_terms(hamiltonian)

    @cache
    def terms() -> dict[str, list]:
        """The superoperator terms, formed on first assembly (the jump form needs none)."""
        return channel_terms(system, channels, "local", vectors, grouped)[0]

    def every_term() -> list:
        return [*coherent_terms, *(term for group in terms().values() for term in group)]

    def assembled(selected: Callable[[], list]) -> Callable[[], Any]:
        return lambda: assemble(selected(), system.dim, sparse=sparse)

    def part(name: str) -> Callable[[], Any]:
        return assembled(lambda: terms()[name])

    coherent = Build(assembled(lambda: coherent_terms), (size, size))
    assembly = Build(assembled(every_term), (size, size))
    parts = Deferred({name: part(name) for name in groups}, (size, size))
    return Generator(
        approach="local",
        system=system,
        space=DensitySpace(system.dim, vectors),
        coherent=coherent,
        parts=parts,
        temperatures=grouped[1],
        options={"basis": basis},
        jump_form=JumpForm({name: tuple(jumps) for name, jumps in groups.items()}),
        assembly=assembly,
    )


def _check_dense(dim: int, channels: list[Channel], given: float | None) -> None:
    """The dense eigenbasis parts (one per channel name, and the coherent one) and temporaries."""
    count = len({channel.name for channel in channels}) + 1
    check_limit(
        dense_megabytes(dim * dim, count + DENSE_TEMPORARIES),
        "max_memory_mb",
        given,
        f"local generator of dimension {dim} in the eigenbasis ({count} dense "
        f"{dim * dim}×{dim * dim} parts), MB",
        'lower the dimension, or use basis="site" (sparse)',
    )


def _check_sparse(
    system: System, groups: dict[str, list[tuple[np.ndarray, float]]], given: float | None
) -> None:
    """The sparse entries the site-basis assembly generates, from operator nonzeros only.

    ``vec(AρB) = (Bᵀ ⊗ A) vec(ρ)`` generates ``nnz(A)·nnz(B)`` entries (N for an identity):
    ``2N·nnz(H)`` for ``−i[H, ·]``, and for a jump L ``nnz(L)² + 2N·nnz(L†L)``, where
    ``nnz(L†L) ≤ min(N², Σ_i r_i²)`` with r_i the nonzeros of row i of L (no product is formed).
    """
    dim = system.dim
    entries = 2 * dim * int(np.count_nonzero(system.H))
    for jumps in groups.values():
        for operator, _ in jumps:
            rows = np.count_nonzero(operator, axis=1).astype(np.int64)
            product = min(dim * dim, int((rows**2).sum()))
            entries += int(np.count_nonzero(operator)) ** 2 + 2 * dim * product
    check_limit(
        sparse_megabytes(entries),
        "max_memory_mb",
        given,
        f"local generator of dimension {dim} ({entries} sparse entries to assemble), MB",
        "lower the dimension",
    )
