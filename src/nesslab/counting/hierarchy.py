r"""Counting field of the HEOM: the energy exchanged with one bath, to second order in χ.

Derivation (ħ = k_B = 1; the hierarchy of :mod:`nesslab.generators.heom.assembly`). The
two-point measurement of the bath energy H_B gives the characteristic function
``Tr[e^{iλH_B} U e^{−iλH_B} ρ₀ U†]`` of the energy the bath gains, λ its counting field. For
an initial state commuting with H_B it equals ``Tr[U_{λ/2} ρ₀ U_{−λ/2}†]`` with the bath
operator X of the coupling Q X shifted in time by ±λ/2 on the forward (left) and backward
(right) branch. Pairs of vertices on one branch keep their correlation; a pair with its left
vertex at u and its right vertex at v carries ``C(v − u − λ)`` instead of ``C(v − u)``
(Esposito, Harbola, Mukamel, Rev. Mod. Phys. 81, 1665 (2009); for the HEOM: Cerrillo,
Buser, Brandes, Phys. Rev. B 94, 214308 (2016); Kato, Tanimura, J. Chem. Phys. 145, 224105
(2016)). The hierarchy splits each kernel at v = u, and two things follow:

1. **The exponentials.** ``C(τ − λ) = Σ_k c_k e^{ν_k λ} e^{−ν_k τ}`` for a pair created on the
   left and closed on the right, ``C(τ + λ)* = Σ_k c̄_k e^{−ν_k λ} e^{−ν_k τ}`` for the reverse,
   unchanged on one branch. Per mode these weights factorise: the creation term
   ``−i n_j c̄_j ρ_{n−e_j} Q`` takes ``e^{−ν_j λ}`` and the closing term ``+i ρ_{n+e_j} Q``
   takes ``e^{ν_j λ}``; the left-handed terms are untouched.
2. **The kink at τ = 0.** The exponential series holds for positive arguments only:
   ``C_+(u) = Σ c_k e^{−ν_k u}`` for u > 0 and ``C_−(u) = Σ c̄_k e^{ν_k u}`` for u < 0, and
   ``Δ(u) = C_−(u) − C_+(u)`` does not vanish at 0 when Im C(0⁺) ≠ 0 (Drude–Lorentz:
   −λ_Dγ). Shifting the argument by λ moves the kink off τ = 0, and the part of the kernel
   within |λ| of it is not what the exponentials give. For λ > 0 that window is ``Δ(τ − λ)``
   on 0 < τ < λ of the left-created pairs, for λ < 0 it is ``−Δ(−τ − λ)`` on 0 < τ < −λ of the
   right-created ones. A pair confined to such a window acts, to second order in λ, locally:
   ``d₀ Q^L Q^R + m₁ Q^R [𝓛, Q^L]`` (Q^L, Q^R left and right multiplication on every ADO,
   𝓛 the hierarchy), with ``d₀ = ∫Δ = λΔ(0) − λ²Δ′(0)/2`` and ``m₁ = ∫τΔ = λ²Δ(0)/2`` for both
   signs of λ. (For λ < 0 the moment term reads ``−m₁ Q^L [𝓛, Q^R]``; the two differ by
   ``m₁ [𝓛, Q^L Q^R]``, because every term of 𝓛 acts from one side, and a commutator with
   𝓛 changes no cumulant up to the second: Tr 𝓛 = 0 and 𝓛π = 0.)

With s = iχ, χ the field of :mod:`nesslab.counting.fields` (energy from the bath into the
system, the sign of :func:`nesslab.heat_currents`), λ = is and ``L(s) = L + s L₁ + s²L₂/2``:

    L₁ = Σ_{j∈α} [ +i(iν_j) ρ_{n+e_j}Q + i n_j c̄_j (−iν_j) ρ_{n−e_j}Q ] + 2 Im C(0⁺) Q·Q,
    L₂ = Σ_{j∈α} [ +i(iν_j)² ρ_{n+e_j}Q + i n_j c̄_j (−iν_j)² ρ_{n−e_j}Q ]
         + Δ′(0) Q·Q − Δ(0) Q^R[𝓛, Q^L],

with Δ(0) = Σ(c̄_k − c_k) = −2i Im C(0⁺) and Δ′(0) = Σ ν_k(c_k + c̄_k). The tier-0 trace of
L₁π is ``−Σ_k ν_k Tr[Q ρ_{e_k}] + 2 Im C(0⁺) Tr[Q²ρ₀]``, the bath-side heat current of
:mod:`nesslab.generators.heom.currents`: the mean needs no separate derivation. Limits: the
window expansion is a series in λ, so the field is known to second order only (mean, noise and
covariances; no third cumulant, no θ(χ)), and Δ′(0) grows with the number of exponentials
(the Drude C(t) has a log-divergent real part at t → 0); the fast modes' closing terms cancel
that growth, and the noise converges with ``n_exponents`` — for Drude–Lorentz baths with
non-commuting couplings markedly more slowly than the mean (measured in the CHANGELOG; the
fluctuation–dissipation test of ``tests/counting/test_fcs_heom.py`` shows it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from nesslab.generators.base import Generator
from nesslab.generators.heom import hierarchy_of
from nesslab.generators.heom.assembly import Hierarchy
from nesslab.superop import assemble

ORDER = 2
"""Highest order in χ of the HEOM counting field (module docstring)."""


@dataclass(frozen=True)
class HierarchyCountingField:
    """Derivatives ``L_k = d^k L/ds^k`` (s = iχ) of a HEOM's tilted generator, k ≤ 2.

    Attributes
    ----------
    bath : str
        The bath counted.
    kind : str
        "energy" (from the bath into the system).
    moments : tuple of csr_matrix
        L₁ and L₂ on the ADO vector.
    """

    bath: str
    kind: str
    moments: tuple[sp.csr_matrix, ...]

    @property
    def max_order(self) -> int:
        """Highest order in χ available, :data:`ORDER`."""
        return len(self.moments)

    def moment(self, order: int) -> sp.csr_matrix:
        """``L_order``; the HEOM field is known to second order only."""
        if not 1 <= order <= len(self.moments):
            raise ValueError(
                f"the HEOM counting field is derived to order {len(self.moments)} in the counting "
                f"field (mean and noise); order {order} is not available"
            )
        return self.moments[order - 1]

    def tilt(self, chi: complex) -> sp.csr_matrix:
        """Not available: the window terms are a series in χ (module docstring)."""
        raise ValueError(
            "the HEOM counting field is a series to second order in chi; it has no closed "
            "tilted generator, so theta(chi) cannot be computed for HEOM (use "
            "current_statistics with order=2)"
        )


def _exponential_terms(hierarchy: Hierarchy, bath: int) -> tuple[sp.csr_matrix, ...]:
    """``Σ_j [i(iν_j)^k ρ_{n+e_j}Q + i n_j c̄_j (−iν_j)^k ρ_{n−e_j}Q]`` for k = 1, 2."""
    index = hierarchy.index
    expansion = hierarchy.expansions[bath]
    rows, cols, weights, factors = [], [], [], []
    for local, mode in enumerate(index.modes_of(bath)):
        rate = expansion.rates[local]
        up_rows, up_cols = index.next(mode)
        down_rows, down_cols = index.prev(mode)
        rows += [up_rows, down_rows]
        cols += [up_cols, down_cols]
        occupation = index.labels[down_rows, mode]
        weights += [np.ones(up_rows.size), occupation * expansion.conjugate_amplitudes[local]]
        factors += [np.full(up_rows.size, 1j * rate), np.full(down_rows.size, -1j * rate)]
    rows, cols, weights, factors = map(np.concatenate, (rows, cols, weights, factors))
    coupling = hierarchy.couplings[bath]
    right = assemble([(1j, None, coupling)], coupling.shape[0])
    shape = (index.n_ados, index.n_ados)
    return tuple(
        sp.kron(
            sp.csr_matrix((weights * factors**order, (rows, cols)), shape=shape, dtype=complex),
            right,
            format="csr",
        )
        for order in range(1, ORDER + 1)
    )


def hierarchy_field(
    generator: Generator, hierarchy: Hierarchy, bath: str
) -> HierarchyCountingField:
    """L₁ and L₂ of the energy from ``bath`` into the system (module docstring)."""
    number = hierarchy.names.index(bath)
    expansion = hierarchy.expansions[number]
    coupling = hierarchy.couplings[number]
    dim = coupling.shape[0]
    identity = sp.identity(hierarchy.n_ados, format="csr")

    def on_every_ado(terms: list) -> sp.csr_matrix:
        return sp.kron(identity, assemble(terms, dim), format="csr")

    sandwich = on_every_ado([(1.0, coupling, coupling)])
    left = on_every_ado([(1.0, coupling, None)])
    right = on_every_ado([(1.0, None, coupling)])
    kink = complex(np.sum(expansion.conjugate_amplitudes - expansion.amplitudes))
    slope = complex(
        np.sum(expansion.rates * (expansion.amplitudes + expansion.conjugate_amplitudes))
    )
    matrix = sp.csr_matrix(generator.matrix)
    first, second = _exponential_terms(hierarchy, number)
    first = first + 1j * kink * sandwich
    second = second + slope * sandwich - kink * (right @ (matrix @ left - left @ matrix))
    return HierarchyCountingField(bath, "energy", (sp.csr_matrix(first), sp.csr_matrix(second)))


def heom_counting_field(generator: Generator, bath: str, kind: str) -> HierarchyCountingField:
    """:data:`nesslab.counting.COUNTING`'s builder for "heom" (energy only)."""
    if kind != "energy":
        raise ValueError(
            "counting='jumps' needs the jumps of a channel: a HEOM has none (its baths are exact); "
            "count energy (counting='energy')"
        )
    if generator.options.get("terminator"):
        raise ValueError(
            "the HEOM counting field is derived for the kept exponentials only; this generator "
            "has terminators (white-noise tails, whose counting is not derived): build it "
            "without terminator=True, with more exponentials instead"
        )
    return hierarchy_field(generator, hierarchy_of(generator), bath)
