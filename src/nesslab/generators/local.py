"""The local approach: phenomenological Lindblad channels (seed 000 Eq. 1, seed 002 Eq. 8)."""

from __future__ import annotations

from typing import Any

import numpy as np

from nesslab.generators.base import Generator
from nesslab.generators.couplings import channel_terms
from nesslab.spaces import DensitySpace
from nesslab.superop import assemble, commutator_terms
from nesslab.system import System


def local(system: System, environment: Any, *, basis: str = "site") -> Generator:
    """Lindblad generator ``−i[H, ρ] + Σ_k rate_k (L_k ρ L_k† − ½{L_k†L_k, ρ})``.

    Parameters
    ----------
    system : System
        The system.
    environment : Channel or list of Channel
        Jump operators with their rates; channels sharing a name form one part (one bath).
    basis : {"site", "eigen"}
        Basis the superoperator is written in. ``"site"`` keeps sparsity; ``"eigen"`` makes
        the coherent part diagonal (the well-conditioned route at tiny rates).

    Returns
    -------
    Generator
        With one dissipator part per channel name.
    """
    if basis not in ("site", "eigen"):
        raise ValueError(f"basis must be 'site' or 'eigen', got {basis!r}")
    vectors = system.eigen[1] if basis == "eigen" else None
    sparse = basis == "site"
    terms, temperatures = channel_terms(system, environment, "local", vectors)
    hamiltonian = np.diag(system.eigen[0]).astype(complex) if vectors is not None else system.H
    coherent = assemble(commutator_terms(hamiltonian), system.dim, sparse=sparse)
    parts = {name: assemble(t, system.dim, sparse=sparse) for name, t in terms.items()}
    return Generator(
        approach="local",
        system=system,
        space=DensitySpace(system.dim, vectors),
        coherent=coherent,
        parts=parts,
        temperatures=temperatures,
        options={"basis": basis},
    )
