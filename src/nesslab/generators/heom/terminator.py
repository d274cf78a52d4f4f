r"""The terminator of a truncated Padé or Matsubara expansion: its neglected poles as white noise.

Derivation (ħ = k_B = 1). An analytic expansion keeps K exponentials of
``C(t) = Σ_{k≤K} c_k e^{−ν_k t} + R(t)``; the remainder R collects the poles of the Bose function
beyond the kept ones, with real amplitudes (c̄_k = c_k) and rates ν_k far above the system's
frequencies. Such a mode follows the system adiabatically, ``ρ_{e_k} ≈ −i c_k [Q, ρ]/ν_k``, and
its closing term ``−i[Q, ρ_{e_k}]`` sums over the neglected modes to

    −Δ [Q, [Q, ρ]],   Δ = Σ_{k>K} c_k/ν_k = ∫₀^∞ R(t) dt = T J′(0) − Re Σ_{k≤K} c_k/ν_k,

on every ADO (Ishizaki & Tanimura, J. Phys. Soc. Jpn. 74, 3131 (2005); QuTiP's
``system_terminator``, the same term). ``Re ∫₀^∞ C dt = ½ lim_{ω→0} J(ω) coth(ω/2T) = T J′(0)``;
the imaginary part of ∫C is carried entirely by the kept Drude pole.

Heat currents (:func:`terminator_rows`). At next order in 1/ν_k the neglected modes carry the
bath-side current ``−Δ_α Tr(ρ₀ [Q_α, [Q_α, H_S]])`` (positive from the bath into the system; the
terminator's own ``Tr[H_S (−Δ_α[Q_α, [Q_α, ρ₀]])]``). The kept modes' bath-side expression
(:mod:`nesslab.generators.heom.currents`) was derived from the first-tier equations, which now
also hold the other baths' terminators: ``d⟨Q_α X_α⟩/dt`` gains
``Σ_{β≠α} Tr[Q_α (−Δ_β[Q_β, [Q_β, Y_α]])]``, which the bath side therefore includes. With both
terms the bath side equals the system side at a steady state and Σ_α J_α = 0 exactly; the
second vanishes for commuting couplings. Only for the analytic expansions ("pade",
"matsubara"), whose remainder is that tail of poles; a fit has no such tail.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from nesslab.environment.baths import Bath
from nesslab.environment.expansion import Expansion
from nesslab.generators.heom.assembly import Hierarchy
from nesslab.generators.heom.currents import first_tier
from nesslab.superop import assemble, expectation_row

ANALYTIC = ("pade", "matsubara")
"""Expansions that have a terminator."""


def terminator_strength(bath: Bath, expansion: Expansion) -> float:
    """Δ of the module docstring (energy units).

    Raises
    ------
    ValueError
        If ``expansion`` is not one of the analytic expansions :data:`ANALYTIC`.
    """
    if expansion.method not in ANALYTIC:
        raise ValueError(
            f"terminator: the expansion of bath {bath.name!r} is {expansion.method!r}; a "
            f"terminator exists for the analytic expansions {ANALYTIC} only (the tail of "
            "poles they leave out)"
        )
    kept = np.sum(expansion.amplitudes / expansion.rates).real
    return float(bath.temperature * bath.spectral_density.slope_at_zero() - kept)


def _double_commutator(coupling: np.ndarray, strength: float) -> list:
    """Terms of ``−Δ[Q, [Q, ρ]] = Δ(2QρQ − Q²ρ − ρQ²)``."""
    square = coupling @ coupling
    return [
        (2 * strength, coupling, coupling),
        (-strength, square, None),
        (-strength, None, square),
    ]


def terminator_block(coupling: np.ndarray, strength: float, n_ados: int) -> sp.csr_matrix:
    """``1_ADO ⊗ (−Δ[Q, [Q, ·]])`` on the ADO vector."""
    dim = coupling.shape[0]
    local = assemble(_double_commutator(coupling, strength), dim)
    return sp.kron(sp.identity(n_ados, format="csr"), local, format="csr")


def terminator_rows(
    hamiltonian: np.ndarray, hierarchy: Hierarchy, strengths: Sequence[float]
) -> list[sp.csr_array]:
    """Each bath's heat-current row gained from the terminators (module docstring).

    ``−Δ_α Tr(ρ₀ [Q_α, [Q_α, H_S]])`` on tier 0 and ``−Σ_{β≠α} Δ_β Tr([Q_β, [Q_β, Q_α]] Y_α)``
    on bath α's first-tier ADOs (``Y_α = Σ_{k∈α} ρ_{e_k}``).
    """
    block = hamiltonian.shape[0] ** 2
    size = hierarchy.n_ados * block
    rows = []
    for alpha, q_alpha in enumerate(hierarchy.couplings):
        own = -strengths[alpha] * expectation_row(_nested(q_alpha, q_alpha, hamiltonian))
        cross = sum(
            -strengths[beta] * expectation_row(_nested(q_beta, q_beta, q_alpha))
            for beta, q_beta in enumerate(hierarchy.couplings)
            if beta != alpha
        )
        _, positions = first_tier(hierarchy, alpha)
        columns = [np.arange(block)] + [p * block + np.arange(block) for p in positions]
        values = [own] + [np.broadcast_to(cross, (block,))] * positions.size
        columns, values = np.concatenate(columns), np.concatenate(values)
        rows.append(
            sp.csr_array((values, (np.zeros(columns.size, dtype=int), columns)), shape=(1, size))
        )
    return rows


def _nested(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """``[a, [b, c]]``."""
    inner = b @ c - c @ b
    return a @ inner - inner @ a
