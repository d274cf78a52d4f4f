"""Seed 000 Fig. 9: the Rabi model between two thermal baths, secular Redfield (App. E).

λ/ω = 0.2. The spin couples through σx to an Ohmic bath ``J_s(ω) = η_s ω e^{−ω/Δ}`` (cutoff at
the spin splitting), the boson through ``a + a†`` to ``J_b(ω) = η_b ω e^{−ω/ω}``, with
``η_s/η_b = 0.01`` as in the paper; the boson bath is at ``T_b = 0`` and the spin bath at
``T_s/ω ∈ {0, 0.5, …, 2.5}``. The generator is nesslab's "global" approach: the Redfield tensor
of Eqs. E2–E4 under the full secular approximation (the paper's "secular Redfield method"), which
obeys detailed balance, so equal temperatures give exactly ``e^{−H/T}/Z`` (as the paper states)
and ``T_s = T_b = 0`` the ground state. Panel (a): NESS spin-down population vs Δ, with the
thermal population at ``T_s`` dashed; panel (b): NESS spin flux vs Δ per ``T_s``.

Conventions: nesslab's power spectrum ``S(ω) = 2J(ω)(n + 1)`` (DESIGN.md); the paper's Eq. E4
writes the rates as ``J(ω) n_BE`` — the factor only rescales η. The paper does not give η_b
itself. η_b = 10⁻⁵ (η_s = 10⁻⁷) keeps every transition rate below the level gaps on the grid —
``secular_margin`` (smallest level gap over largest rate, ≥ 3.9, at the Δ ≈ 4.9 avoided crossing
whose gap is 2.8 × 10⁻⁴ ω) records it — so the full secular approximation holds: there
"global" agrees with "partial_secular" to 1e-6. At η_b = 10⁻² it would not (gap/rate ≈ 0.04):
the secular NESS at Δ = 4.9 then overstates P_↓ by 0.1 against partial-secular and Redfield.
In the secular limit the NESS populations depend on η_s/η_b only; the flux is reported in
units of η_s.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib import colormaps

import nesslab as nl
from nesslab import spectral
from nesslab.figures.plotting import new_figure, save
from nesslab.models import rabi

COUPLING = 0.2
ETA_BOSON = 1e-5
ETA_SPIN = 1e-2 * ETA_BOSON
T_BOSON = 0.0
SPIN_TEMPERATURES = np.linspace(0.0, 2.5, 6)
DELTA_RANGE = (0.1, 6.0)
N_BOSON = 10
N_BOSON_CHECK = 20
CHECK_DELTA = 4.9
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
        "keeps every rate below the level gaps (secular_margin > 1, secular approximation valid)",
        "coupling": COUPLING,
        "n_boson": n_boson,
        "sign_convention": SIGN_CONVENTION,
    }


def spin_down(rho: np.ndarray, n_boson: int) -> float:
    """Population of the spin ground state ``|↓⟩`` (spin index 1), boson traced out."""
    return float(np.real(np.diag(rho)).reshape(2, n_boson)[1].sum())


def secular_margin(gen: nl.Generator) -> float:
    """Smallest gap between adjacent levels over the largest dissipator entry (≫ 1: secular)."""
    rate = max(float(abs(part).max()) for part in gen.parts.values())
    return float(np.diff(gen.system.eigen[0]).min() / rate)


def ness_point(delta: float, t_spin: float, n_boson: int = N_BOSON) -> tuple[float, float, float]:
    """NESS spin-down population, spin flux (units of η_s) and secular margin, T_b = 0."""
    system = rabi(delta, COUPLING, n_boson)
    gen = nl.generator(system, redfield_baths(delta, t_spin), APPROACH)
    state = nl.steady_state(gen)
    flux = nl.flux(gen, state, "sz", "spin") / 2 / ETA_SPIN
    return spin_down(state.rho, n_boson), flux, secular_margin(gen)


def thermal_spin_down(delta: float, temperature: float, n_boson: int = N_BOSON) -> float:
    """Spin-down population of ``e^{−H/T}/Z`` (the ground state at T = 0)."""
    return spin_down(nl.gibbs_state(rabi(delta, COUPLING, n_boson), temperature), n_boson)


def fig9(points: int) -> xr.Dataset:
    """Compute seed 000 Fig. 9 on ``points`` values of Δ/ω in [0.1, 6] (uniform).

    Returns
    -------
    xarray.Dataset
        ``spin_down(t_spin, delta)``, ``thermal_spin_down(t_spin, delta)`` and
        ``spin_flux(t_spin, delta)`` (units of η_s), ``secular_margin(delta)`` (smallest level
        gap over the largest rate, minimum over T_s); attrs with the bath model, the
        convention and a boson-cutoff check (N_b = 10 vs 20 at the Δ ≈ 4.9 LAC, T_s = 2.5).
    """
    deltas = np.linspace(*DELTA_RANGE, points)
    grid = np.array([[ness_point(d, t) for d in deltas] for t in SPIN_TEMPERATURES])
    thermal = [[thermal_spin_down(d, t) for d in deltas] for t in SPIN_TEMPERATURES]
    coarse, fine = (
        ness_point(CHECK_DELTA, SPIN_TEMPERATURES[-1], n) for n in (N_BOSON, N_BOSON_CHECK)
    )
    dims = ("t_spin", "delta")
    return xr.Dataset(
        {
            "spin_down": (dims, grid[..., 0]),
            "thermal_spin_down": (dims, np.array(thermal)),
            "spin_flux": (dims, grid[..., 1]),
            "secular_margin": (("delta",), grid[..., 2].min(axis=0)),
        },
        coords={"t_spin": SPIN_TEMPERATURES, "delta": deltas},
        attrs={
            **redfield_attrs(),
            "figure": "rabi-fig9",
            "t_boson": T_BOSON,
            "cutoff_check": f"Delta = {CHECK_DELTA} (LAC), T_s = 2.5: |change| of spin_down, "
            f"spin_flux from N_b = {N_BOSON} to {N_BOSON_CHECK}",
            "cutoff_check_spin_down": abs(fine[0] - coarse[0]),
            "cutoff_check_spin_flux": abs(fine[1] - coarse[1]),
        },
    )


def plot_fig9(dataset: xr.Dataset, path: Path) -> Path:
    """Draw (a) NESS (solid) and thermal (dashed) spin-down population, (b) spin flux (log y).

    Colours run from T_s = 0 (blue) to 2.5 (red); the unbiased flux (T_s = T_b, zero up to
    round-off) is not drawn on the log scale.
    """
    figure, (populations, fluxes) = new_figure(2)
    temperatures = dataset["t_spin"].values
    colors = colormaps["coolwarm"](np.linspace(0.0, 1.0, temperatures.size))
    for t_spin, color in zip(temperatures, colors, strict=True):
        row = dataset.sel(t_spin=t_spin)
        label = rf"$T_s = {t_spin:g}$"
        populations.plot(dataset["delta"], row["spin_down"], color=color, label=label)
        populations.plot(dataset["delta"], row["thermal_spin_down"], "--", color=color, lw=0.8)
        if t_spin != dataset.attrs["t_boson"]:
            fluxes.semilogy(dataset["delta"], row["spin_flux"], color=color, label=label)
    populations.set_ylabel(r"$P_\downarrow$ (NESS solid, thermal at $T_s$ dashed)")
    fluxes.set_ylabel(r"$J_s / \eta_s$")
    for panel in (populations, fluxes):
        panel.set_xlabel(r"$\Delta / \omega$")
    populations.legend(fontsize="small")
    return save(figure, path)
