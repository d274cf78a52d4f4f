"""Seed 000 Fig. 9: the Rabi model between two thermal baths, secular Redfield (App. E).

The model of :mod:`nesslab.figures.rabi_redfield` (λ/ω = 0.2, Ohmic baths with
``η_s/η_b = 0.01``, the "global" secular Redfield generator), the boson bath at ``T_b = 0`` and
the spin bath at ``T_s/ω ∈ {0, 0.5, …, 2.5}``. Panel (a): NESS spin-down population vs Δ, with
the thermal population at ``T_s`` dashed; panel (b): NESS spin flux vs Δ per ``T_s``. The
dataset's ``secular_margin`` (smallest level gap over the largest rate) says whether the full
secular approximation holds on the grid (≫ 1).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib import colormaps

import nesslab as nl
from nesslab.figures.labels import REDFIELD, Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi_redfield import (
    APPROACH,
    COUPLING,
    DELTA_RANGE,
    ETA_SPIN,
    N_BOSON,
    SIGN_CONVENTION,
    T_BOSON,
    redfield_attrs,
    redfield_baths,
    spin_down,
)
from nesslab.figures.run import FigureRun, points_computed
from nesslab.models import rabi

SPIN_TEMPERATURES = tuple(np.linspace(0.0, 2.5, 6))
CHECK_DELTA = 4.9
CHECK_N_BOSON = 20
LABELS = {
    **REDFIELD,
    "spin_down": Label("NESS spin-down population <down|rho_ss|down> (boson traced out)"),
    "thermal_spin_down": Label("spin-down population of the Gibbs state e^(-H/T_s)/Z"),
    "spin_flux": Label("NESS spin flux J_s = Tr[sz D_spin(rho_ss)]/2", "eta_s", SIGN_CONVENTION),
    "secular_margin": Label("smallest level gap over the largest rate, minimum over T_s"),
}


def secular_margin(gen: nl.Generator) -> float:
    """Smallest gap between adjacent levels over the largest dissipator entry (≫ 1: secular)."""
    rate = max(float(abs(part).max()) for part in gen.parts.values())
    return float(np.diff(gen.system.eigen[0]).min() / rate)


def redfield_point(
    delta: float, t_spin: float, t_boson: float = T_BOSON, n_boson: float = N_BOSON
) -> dict[str, float]:
    """NESS and thermal observables at one (Δ, T_s) (a sweep point).

    Returns
    -------
    dict
        ``spin_down`` (NESS), ``spin_flux`` (units of η_s), ``secular_margin`` and
        ``thermal_spin_down``: the spin-down population of ``e^{−H/T_s}/Z`` (the ground state
        at T_s = 0).
    """
    n_boson = int(n_boson)
    system = rabi(delta, COUPLING, n_boson)
    gen = nl.generator(system, redfield_baths(delta, t_spin, t_boson), APPROACH)
    state = nl.steady_state(gen)
    return {
        "spin_down": spin_down(state.rho, n_boson),
        "spin_flux": nl.flux(gen, state, "sz", "spin") / 2 / ETA_SPIN,
        "secular_margin": secular_margin(gen),
        "thermal_spin_down": spin_down(nl.gibbs_state(system, t_spin), n_boson),
    }


def fig9(
    points: int,
    run: FigureRun,
    *,
    delta_range: tuple[float, float] = DELTA_RANGE,
    spin_temperatures: tuple[float, ...] = SPIN_TEMPERATURES,
    t_boson: float = T_BOSON,
    check_delta: float = CHECK_DELTA,
    check_n_boson: int = CHECK_N_BOSON,
) -> xr.Dataset:
    """Compute seed 000 Fig. 9 on ``points`` uniform values of Δ/ω.

    Parameters
    ----------
    points : int
        Δ/ω grid size.
    run : FigureRun
        Sweep settings: grid "ness" over (T_s, Δ), grid "cutoff" for the cutoff check.
    delta_range : tuple of float
        Δ/ω range.
    spin_temperatures : tuple of float
        T_s/ω values.
    t_boson : float
        T_b/ω.
    check_delta, check_n_boson : float, int
        The cutoff check: Δ/ω (a LAC by default) and the larger Fock cutoff, at the highest T_s.

    Returns
    -------
    xarray.Dataset
        ``spin_down(t_spin, delta)``, ``thermal_spin_down(t_spin, delta)`` and
        ``spin_flux(t_spin, delta)`` (units of η_s), ``secular_margin(delta)`` (minimum over
        T_s); attrs with the bath model, the convention and the cutoff check (``|change|`` of
        spin_down and spin_flux from N_b = 10 to ``check_n_boson``).
    """
    deltas = np.linspace(*delta_range, points)
    point = partial(redfield_point, t_boson=t_boson)
    config = {"t_boson": t_boson}
    grid = run.sweep(
        point, {"t_spin": np.array(spin_temperatures), "delta": deltas}, "ness", config=config
    )
    t_check = max(spin_temperatures)
    check = run.sweep(
        point,
        [{"delta": check_delta, "t_spin": t_check, "n_boson": n} for n in (N_BOSON, check_n_boson)],
        "cutoff",
        config=config,
    )
    change = {n: float(abs(np.diff(check[n].values)[0])) for n in ("spin_down", "spin_flux")}
    dims = ("t_spin", "delta")
    dataset = xr.Dataset(
        {
            "spin_down": (dims, grid["spin_down"].values),
            "thermal_spin_down": (dims, grid["thermal_spin_down"].values),
            "spin_flux": (dims, grid["spin_flux"].values),
            "secular_margin": (("delta",), grid["secular_margin"].values.min(axis=0)),
        },
        coords={"t_spin": np.array(spin_temperatures), "delta": deltas},
        attrs={
            **redfield_attrs(),
            "figure": "rabi-fig9",
            "t_boson": t_boson,
            "cutoff_check": f"Delta = {check_delta:g}, T_s = {t_check:g}: |change| of spin_down, "
            f"spin_flux from N_b = {N_BOSON} to {check_n_boson}",
            "cutoff_check_spin_down": change["spin_down"],
            "cutoff_check_spin_flux": change["spin_flux"],
            **points_computed(ness=grid, cutoff=check),
        },
    )
    return describe(dataset, LABELS)


def plot_fig9(dataset: xr.Dataset, path: Path) -> Path:
    """Draw (a) NESS (solid) and thermal (dashed) spin-down population, (b) spin flux (log y).

    Colours run from the lowest T_s (blue) to the highest (red); the unbiased flux
    (T_s = T_b, zero up to round-off) is not drawn on the log scale.
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
