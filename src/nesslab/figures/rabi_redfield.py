"""Shared model of seed 000 Figs. 9 and 10: the Rabi model between two thermal baths (App. E).

λ/ω = 0.2. The spin couples through σx to an Ohmic bath ``J_s(ω) = η_s ω e^{−ω/Δ}`` (cutoff at
the spin splitting), the boson through ``a + a†`` to ``J_b(ω) = η_b ω e^{−ω/ω}``, with
``η_s/η_b = 0.01`` as in the paper; the boson bath is at ``T_b = 0`` unless a figure says
otherwise. The generator is nesslab's "global" approach: the Redfield tensor of Eqs. E2–E4
under the full secular approximation (the paper's "secular Redfield method"), which obeys
detailed balance, so equal temperatures give exactly ``e^{−H/T}/Z`` and ``T_s = T_b = 0`` the
ground state.

Conventions: nesslab's power spectrum ``S(ω) = 2J(ω)(n + 1)`` (DESIGN.md); the paper's Eq. E4
writes the rates as ``J(ω) n_BE`` — the factor only rescales η. The paper does not give η_b
itself. η_b = 10⁻⁵ (η_s = 10⁻⁷) keeps every transition rate below the level gaps, so that the
full secular approximation holds (Fig. 9 records the margin, ``secular_margin``); a much larger
η_b would break it at the narrow avoided crossings. In the secular limit the NESS populations
depend on η_s/η_b only; fluxes are reported in units of η_s.
"""

from __future__ import annotations

import numpy as np

import nesslab as nl
from nesslab import spectral

COUPLING = 0.2
ETA_BOSON = 1e-5
ETA_SPIN = 1e-2 * ETA_BOSON
T_BOSON = 0.0
DELTA_RANGE = (0.1, 6.0)
N_BOSON = 10
APPROACH = "global"
SIGN_CONVENTION = (
    "spin_flux = Tr[sigma_z D_spin(rho_ss)]/2 in units of eta_s: positive when the spin bath "
    "raises <sigma_z> (pumps the spin up); energies and temperatures in units of omega"
)


def redfield_baths(delta: float, t_spin: float, t_boson: float = T_BOSON) -> list[nl.Bath]:
    """The two App. E baths: "spin" (σx, cutoff Δ) and "boson" (a + a†, cutoff ω = 1)."""
    return [
        nl.Bath("sx", spectral.Ohmic(ETA_SPIN, delta), t_spin, "spin"),
        nl.Bath("x", spectral.Ohmic(ETA_BOSON, 1.0), t_boson, "boson"),
    ]


def redfield_attrs(n_boson: int = N_BOSON) -> dict:
    """Attrs shared by the Redfield figures (Figs. 9 and 10)."""
    return {
        "source": "seed 000 (open quantum Rabi model, Chuang et al. PRA 108, 022213), App. E",
        "hamiltonian": "H = (Delta/2) sz + omega a^dag a + lambda sx (a + a^dag), omega = 1",
        "baths": "spin: sx, J_s = eta_s w exp(-w/Delta); boson: a + a^dag, "
        "J_b = eta_b w exp(-w/omega); S(w) = 2 J(w) (n(w) + 1), Lamb shift omitted",
        "approach": f"{APPROACH} (secular Redfield, Davies)",
        "eta_spin": ETA_SPIN,
        "eta_boson": ETA_BOSON,
        "eta_choice": "eta_s/eta_b = 0.01 from the paper, which does not give eta_b; eta_b = 1e-5 "
        "keeps every rate below the level gaps (secular approximation valid)",
        "coupling": COUPLING,
        "n_boson": n_boson,
        "sign_convention": SIGN_CONVENTION,
    }


def spin_down(rho: np.ndarray, n_boson: int) -> float:
    """Population of the spin ground state ``|↓⟩`` (spin index 1), boson traced out."""
    return float(np.real(np.diag(rho)).reshape(2, n_boson)[1].sum())
