"""Shared physics of seed 000's figures: the open quantum Rabi model with local channels.

``H = (Δ/2)σz + ω a†a + λ[σ₋a† + σ₊a + s(σ₋a + σ₊a†)] + ε σx`` (:func:`nesslab.models.rabi`,
ω = 1 so every energy is in units of ω), local channels ``√r_s σ₋`` on the spin and ``√r_b a``
on the boson at the paper's rates ``(r_s, r_b)/ω = (5e-12, 5e-6)`` unless a figure says
otherwise. The spin flux ``J_s = Tr[σz D_s(ρ)]/2`` is reported in units of r_s; with these
conventions ``J_s/r_s = −⟨|↑⟩⟨↑|⟩`` exactly, so it is negative and the paper's "dips" are dips
of ``|J_s|``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import nesslab as nl
from nesslab.models import rabi

RATES = (5e-12, 5e-6)
N_BOSON = 20
SIGN_CONVENTION = (
    "J_s = Tr[sigma_z D_s(rho_ss)]/2 in units of r_s (= -<up|rho|up>, negative); energies in "
    "units of omega; hbar = 1"
)


@dataclass(frozen=True)
class RabiPoint:
    """Local-Lindblad NESS observables of one Rabi-model point.

    Attributes
    ----------
    spin_flux : float
        ``J_s / r_s`` (dimensionless, ≤ 0).
    spin_down : float
        NESS population of the spin ground state ``|↓⟩`` (boson traced out).
    boson_ground : float
        NESS population of the boson vacuum ``|0⟩`` (spin traced out).
    method : str
        Steady-state method actually used (:class:`nesslab.SteadyState`).
    """

    spin_flux: float
    spin_down: float
    boson_ground: float
    method: str


def local_channels(rates: tuple[float, float] = RATES) -> list[nl.Channel]:
    """The channels ``√r_s σ₋`` ("spin") and ``√r_b a`` ("boson")."""
    return [nl.Channel("sm", rates[0], "spin"), nl.Channel("a", rates[1], "boson")]


def rabi_ness(
    delta: float,
    coupling: float,
    *,
    counter_rotating: float = 1.0,
    bias: float = 0.0,
    rates: tuple[float, float] = RATES,
    n_boson: int = N_BOSON,
) -> RabiPoint:
    """The local-Lindblad NESS of the Rabi model at one point (seed 000 Eqs. 2, 4, 5).

    Parameters
    ----------
    delta, coupling : float
        Δ/ω and λ/ω.
    counter_rotating : float
        s of Eq. 4 (1 = Rabi, 0 = Jaynes–Cummings).
    bias : float
        ε/ω of the symmetry-breaking ``ε σx``.
    rates : tuple of float
        ``(r_s, r_b)/ω``.
    n_boson : int
        Fock cutoff N_b.
    """
    system = rabi(delta, coupling, n_boson, counter_rotating=counter_rotating, bias=bias)
    state = nl.steady_state(nl.generator(system, local_channels(rates), "local"))
    populations = np.real(np.diag(state.rho)).reshape(2, n_boson)
    return RabiPoint(
        spin_flux=-float(populations[0].sum()),
        spin_down=float(populations[1].sum()),
        boson_ground=float(populations[:, 0].sum()),
        method=state.method,
    )


def flux_point(
    delta: float,
    coupling: float,
    counter_rotating: float = 1.0,
    bias: float = 0.0,
    n_boson: float = N_BOSON,
) -> dict[str, float]:
    """``{"spin_flux": J_s/r_s}`` at one point of :func:`rabi_ness` (a sweep point function).

    ``n_boson`` may arrive as a float from a sweep grid; it is the integer Fock cutoff N_b.
    """
    point = rabi_ness(
        delta, coupling, counter_rotating=counter_rotating, bias=bias, n_boson=int(n_boson)
    )
    return {"spin_flux": point.spin_flux}


def common_attrs(rates: tuple[float, float] = RATES, n_boson: int = N_BOSON) -> dict:
    """Attrs shared by every seed-000 figure: model, rates, cutoff, units and sign convention."""
    return {
        "source": "seed 000 (open quantum Rabi model, Chuang et al. PRA 108, 022213)",
        "hamiltonian": "H = (Delta/2) sz + omega a^dag a + lambda [s_- a^dag + s_+ a "
        "+ s (s_- a + s_+ a^dag)] + eps sx, omega = 1",
        "channels": "local Lindblad: sqrt(r_s) sigma_- on the spin, sqrt(r_b) a on the boson",
        "r_s": rates[0],
        "r_b": rates[1],
        "n_boson": n_boson,
        "sign_convention": SIGN_CONVENTION,
    }
