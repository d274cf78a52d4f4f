"""Seed 000 Fig. 7: relaxation of the open Rabi model, non-secular versus secular (App. C).

(Δ, λ)/ω = (0.6, 0.05), N_b = 10 (as in the paper), local channels ``√r_s σ₋`` and ``√r_b a`` at
``(r_s, r_b)/ω = 5 × (10⁻¹², 10⁻⁶)``, initial state ``|↑⟩ ⊗ |n = 5⟩``. The full local Lindbladian
("nonsecular") is compared with its secularisation in the energy eigenbasis ("secular":
populations follow the Pauli rates of Eq. C2, coherences only rotate and decay), in the site
(product) basis and in the energy eigenbasis, with both NESSs as markers. Times span
``ωt ∈ [10⁻¹, 10¹⁰]`` on a logarithmic grid, out to the slowest relaxation, propagated exactly
by the modal propagator (:mod:`nesslab.solve.propagator`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.analysis.dynamics import product_state, secular_comparison
from nesslab.figures.labels import RABI, Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import RATES, common_attrs, local_channels
from nesslab.figures.run import FigureRun
from nesslab.models import rabi

DELTA, COUPLING = 0.6, 0.05
N_BOSON = 10
INITIAL = (0, 5)
TIME_RANGE = (1e-1, 1e10)
SHOWN_POPULATION = 1e-2
ROUTE_STYLES = {"nonsecular": ("-", "o"), "secular": ("--", "x")}
SITE = "population <spin, n|rho|spin, n> of the site (product) basis state"
EIGEN = "population <E_k|rho|E_k> of the energy eigenstate"
LABELS = {
    "time": RABI["time"],
    "route": Label("route: nonsecular (local Lindbladian) or secular (its secular limit)"),
    "approach": Label("nesslab generator approach of the route"),
    "site": Label("site (product) basis index spin * n_boson + n"),
    "spin": Label("spin state of the site (0: up, 1: down)"),
    "n": Label("Fock number n of the site"),
    "level": Label("energy eigenstate index k, lowest energy first"),
    "energy": Label("eigenenergy E_k", "omega"),
    "site_population": Label(SITE),
    "eigen_population": Label(EIGEN),
    "purity": Label("purity Tr rho^2"),
    "trace_error": Label("|Tr rho - 1| of the propagated state"),
    "hermiticity_error": Label("max |rho - rho^dag| of the propagated state"),
    "ness_site_population": Label(f"NESS {SITE}"),
    "ness_eigen_population": Label(f"NESS {EIGEN}"),
    "ness_purity": Label("NESS purity Tr rho_ss^2"),
    "ness_residual": Label("steady-state residual ||L x||_2", "omega"),
}


def fig7(
    points: int,
    run: FigureRun,
    *,
    delta: float = DELTA,
    coupling: float = COUPLING,
    n_boson: int = N_BOSON,
    initial: tuple[int, int] = INITIAL,
    time_range: tuple[float, float] = TIME_RANGE,
) -> xr.Dataset:
    """Compute seed 000 Fig. 7 on ``points`` logarithmically spaced times ωt.

    Computed directly, not through ``run``: one trajectory per route on one time grid.

    Parameters
    ----------
    points : int
        Times on ``geomspace(*time_range, points)``.
    run : FigureRun
        Sweep settings (unused, see above).
    delta, coupling : float
        Δ/ω and λ/ω.
    n_boson : int
        Fock cutoff N_b.
    initial : tuple of int
        Initial product state ``(spin, n)``: spin 0 = ↑, 1 = ↓; n the Fock number.
    time_range : tuple of float
        First and last ωt.

    Returns
    -------
    xarray.Dataset
        :func:`nesslab.analysis.secular_comparison` (``route`` = nonsecular, secular):
        ``site_population(route, time, site)`` with coordinates ``spin(site)`` (0 = ↑, 1 = ↓)
        and ``n(site)`` (Fock number), ``eigen_population(route, time, level)``, ``purity``,
        the NESS markers ``ness_site_population``/``ness_eigen_population`` and diagnostics.
    """
    system = rabi(delta, coupling, n_boson)
    times = np.geomspace(*time_range, points)
    dataset = secular_comparison(
        system, local_channels(RATES), product_state(system.dims, initial), times
    )
    spin, boson = np.unravel_index(np.arange(system.dim), system.dims)
    dataset = dataset.assign_coords(spin=("site", spin), n=("site", boson))
    dataset.attrs.update(
        {
            **common_attrs(RATES, n_boson),
            "figure": "rabi-fig7",
            "delta": delta,
            "coupling": coupling,
            "initial_state": f"|{('up', 'down')[initial[0]]}> (x) |n={initial[1]}> "
            "(site index spin * n_boson + n, spin 0 = up)",
            "time_units": "1/omega",
            "secular": "partial_secular with tolerance 0 (App. C secular limit)",
        }
    )
    return describe(dataset, LABELS)


def _shown(values: xr.DataArray, dim: str) -> np.ndarray:
    """Indices along ``dim`` whose population exceeds SHOWN_POPULATION at some time."""
    peak = values.max(dim=[d for d in values.dims if d != dim])
    return np.flatnonzero(peak.values > SHOWN_POPULATION)


def plot_fig7(dataset: xr.Dataset, path: Path) -> Path:
    """Draw site-basis (left) and eigenbasis (right) populations against ωt (log axis).

    Solid lines non-secular, dashed secular; NESS markers right of the last time (circles
    non-secular, crosses secular). Only states populated above 1 % at some time are drawn.
    """
    figure, axes = new_figure(2)
    marker_time = float(dataset["time"][-1]) * 10
    panels = (
        ("site_population", "site", "site basis"),
        ("eigen_population", "level", "eigenbasis"),
    )
    for panel, (name, dim, title) in zip(axes, panels, strict=True):
        for color, index in enumerate(_shown(dataset[name], dim)):
            for route, (line, marker) in ROUTE_STYLES.items():
                trace = dataset[name].sel(route=route).isel({dim: index})
                panel.semilogx(dataset["time"], trace, line, color=f"C{color % 10}", lw=1)
                ness = dataset[f"ness_{name}"].sel(route=route).isel({dim: index})
                panel.plot(marker_time, ness, marker, color=f"C{color % 10}", mfc="none")
        panel.set_xlabel(r"$\omega t$")
        panel.set_ylabel("population")
        panel.set_title(title, fontsize="small")
    for route, (line, marker) in ROUTE_STYLES.items():
        axes[0].plot([], [], line + marker, color="k", mfc="none", label=route)
    axes[0].legend(fontsize="small")
    return save(figure, path)
