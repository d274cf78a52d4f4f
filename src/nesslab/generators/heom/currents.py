r"""Bath heat currents of the HEOM from the first-tier ADOs.

Derivation (ħ = 1; nesslab's sign: J_α > 0 when energy flows from bath α into the system).
With ``H = H_S + Σ_α (H_Bα + Q_α X_α)`` and ``Ẋ_α = i[H_Bα, X_α]``,

    J_α ≡ −d⟨H_Bα⟩/dt = −i⟨[H, H_Bα]⟩ = −i⟨Q_α [X_α, H_Bα]⟩ = ⟨Q_α Ẋ_α⟩.

The Heisenberg equation of ``Q_α X_α`` splits it into HEOM-computable pieces:

    d⟨Q_α X_α⟩/dt = i⟨[H_S, Q_α] X_α⟩ + ⟨Q_α Ẋ_α⟩ + i Σ_{β≠α} ⟨[Q_β, Q_α] X_β X_α⟩.   (1)

For a Gaussian bath the ADOs are the bath moments: ``Σ_{k∈α} ρ_{e_k} = Tr_B[X_α ρ_tot] ≡ Y_α``
(compare tier 0, ``dρ₀/dt = −i[H_S, ρ₀] − i Σ_j [Q_j, ρ_{e_j}]``, with the exact
``−i Σ_α [Q_α, Tr_B(X_α ρ_tot)]``) and ``Σ_{k∈β, j∈α} ρ_{e_k+e_j} = Tr_B[X_β X_α ρ_tot] ≡ Y_βα``
for β ≠ α (different baths, no contraction). Taking ``d⟨Q_α X_α⟩/dt = Tr[Q_α dY_α/dt]`` from the
tier-1 equations (:mod:`nesslab.generators.heom.assembly`) and inserting it in (1): the H_S
terms and the cross-bath tier-2 terms cancel identically, ``Σ_j Tr(Q_α [Q_j, ρ_{e_k+e_j}])``
vanishes for the modes j of bath α itself, and the contraction term leaves
``−i Σ_k (c_k − c̄_k) Tr[Q_α² ρ₀] = 2 Im C_α(0⁺) Tr[Q_α² ρ₀]``. Hence, at any time,

    J_α = −Σ_{k∈α} ν_k Tr[Q_α ρ_{e_k}] + 2 Im C_α(0⁺) Tr[Q_α² ρ₀]                      (bath side)

(Kato & Tanimura, J. Chem. Phys. 145, 224105 (2016); seed 004 Eq. 3 is the same bath-side
expression for auxiliary fields normalised differently, with ∂_t C written through its own basis;
it is minus the "system into bath" current of QuTiP's HEOM heat-transport tutorial).
For Drude–Lorentz ``Im C_α(0⁺) = −λ_α γ_α``. At a steady state the left side of (1) vanishes,
which gives the independent system-side expression (seed 004 Eq. 4)

    J_α = −i Tr([H_S, Q_α] Y_α) − i Σ_{β≠α} Tr([Q_β, Q_α] Y_βα),                   (system side)

whose second term exists only for non-commuting couplings. ``Σ_α J_α = 0`` at a steady state.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from nesslab.generators.heom.assembly import Hierarchy
from nesslab.superop import expectation_row


def ado_blocks(hierarchy: Hierarchy, vector: np.ndarray) -> np.ndarray:
    """The ADO vector as rows ``vec(ρ_n)``, shape ``(n_ados, N²)``."""
    vector = np.asarray(vector)
    if vector.size % hierarchy.n_ados:
        raise ValueError("the vector does not hold a whole number of ADOs of this hierarchy")
    return vector.reshape(hierarchy.n_ados, -1)


def first_tier(hierarchy: Hierarchy, bath: int) -> tuple[np.ndarray, np.ndarray]:
    """Modes of ``bath`` and the positions of their first-tier ADOs ``ρ_{e_k}``."""
    index = hierarchy.index
    modes = index.modes_of(bath)
    return modes, index.find(np.eye(index.n_modes, dtype=int)[modes])


def heat_rows(hierarchy: Hierarchy) -> dict[str, sp.csr_array]:
    """Bath-side heat current of every bath (module docstring) as a row on the ADO vector.

    ``J_α = Re(row_α · x)`` for the full ADO vector x of a state (trace 1), positive when energy
    flows from bath α into the system. Only tier 0 and bath α's first-tier ADOs enter.
    """
    block = hierarchy.couplings[0].shape[0] ** 2
    size = hierarchy.n_ados * block
    rates = np.concatenate([e.rates for e in hierarchy.expansions])
    rows = {}
    for bath, name in enumerate(hierarchy.names):
        coupling = hierarchy.couplings[bath]
        modes, positions = first_tier(hierarchy, bath)
        moment = expectation_row(coupling)
        square = 2 * hierarchy.expansions[bath].imag_at_zero * expectation_row(coupling @ coupling)
        offsets = np.concatenate([[0], positions]) * block
        columns = (offsets[:, None] + np.arange(block)[None, :]).ravel()
        values = np.concatenate([square] + [-rates[k] * moment for k in modes])
        rows[name] = sp.csr_array(
            (values, (np.zeros(columns.size, dtype=int), columns)), shape=(1, size)
        )
    return rows


def bath_currents(hierarchy: Hierarchy, vector: np.ndarray) -> dict[str, float]:
    """Bath-side heat current of every bath (module docstring), positive into the system.

    Parameters
    ----------
    hierarchy : Hierarchy
        The hierarchy of the generator.
    vector : ndarray
        The full ADO vector of a state (from :func:`nesslab.steady_state`), trace 1.
    """
    vector = ado_blocks(hierarchy, vector).ravel()
    return {name: float(np.real(row @ vector)[0]) for name, row in heat_rows(hierarchy).items()}


def bath_moment(hierarchy: Hierarchy, vector: np.ndarray, bath: int) -> np.ndarray:
    """``Y_α = Tr_B[X_α ρ_tot] = Σ_{k∈α} ρ_{e_k}`` (an N×N matrix, site basis)."""
    blocks = ado_blocks(hierarchy, vector)
    _, positions = first_tier(hierarchy, bath)
    dim = hierarchy.couplings[bath].shape[0]
    return blocks[positions].sum(axis=0).reshape(dim, dim, order="F")


def cross_moment(hierarchy: Hierarchy, vector: np.ndarray, first: int, second: int) -> np.ndarray:
    """``Y_βα = Tr_B[X_β X_α ρ_tot] = Σ_{k∈β, j∈α} ρ_{e_k+e_j}`` for baths β ≠ α."""
    index = hierarchy.index
    blocks = ado_blocks(hierarchy, vector)
    unit = np.eye(index.n_modes, dtype=int)
    labels = (unit[index.modes_of(first)][:, None] + unit[index.modes_of(second)][None]).reshape(
        -1, index.n_modes
    )
    positions = index.find(labels)
    dim = hierarchy.couplings[first].shape[0]
    return blocks[positions[positions >= 0]].sum(axis=0).reshape(dim, dim, order="F")


def system_currents(
    hierarchy: Hierarchy, hamiltonian: np.ndarray, vector: np.ndarray
) -> dict[str, float]:
    """System-side heat currents (module docstring); equal to the bath side at a steady state.

    Needs depth ≥ 2 for non-commuting couplings (the cross-bath second-tier ADOs).
    """
    currents = {}
    for alpha, name in enumerate(hierarchy.names):
        q_alpha = hierarchy.couplings[alpha]
        moment = bath_moment(hierarchy, vector, alpha)
        value = -1j * np.trace((hamiltonian @ q_alpha - q_alpha @ hamiltonian) @ moment)
        for beta, q_beta in enumerate(hierarchy.couplings):
            if beta != alpha:
                cross = cross_moment(hierarchy, vector, beta, alpha)
                value += -1j * np.trace((q_beta @ q_alpha - q_alpha @ q_beta) @ cross)
        currents[name] = float(np.real(value))
    return currents
