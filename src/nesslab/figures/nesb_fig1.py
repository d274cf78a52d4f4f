"""Seed 004 Fig. 1: heat current vs coupling strength α (Δ = 0.05) and vs half gap Δ (α = 0.01).

θ ∈ {0, π/4, π/2}, T₁ = 1, T₂ = 0.9, HEOM (fitted shared-rate expansions, depth raised per point
until converged, :func:`nesslab.figures.nesb.converged_point`) plus the NE-PTRE (seed 004 Eq. 6,
:func:`nesslab.ptre.ptre_heat_current`) for θ = 0. Panel (a) runs to α = 4, where the deepest
hierarchies are needed; above it the hierarchy does not converge by the largest depth, so a
turnover above α = 4 is out of reach.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.figures.labels import NESB, describe, heat_current, heom_outputs
from nesslab.figures.nesb import (
    DEPTH_TOLERANCE,
    MAX_DEPTH,
    common_attrs,
    heom_sweep,
    point_params,
    spectral_density,
)
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun, points_computed
from nesslab.ptre import ptre_heat_current

THETAS = (0.0, np.pi / 4, np.pi / 2)
TEMPERATURES = (1.0, 0.9)
DELTA_A = 0.05
ALPHA_B = 0.01
ALPHA_RANGE = (0.0025, 4.0)
DELTA_RANGE = (0.005, 0.5)
LABELS = {
    **NESB,
    **heom_outputs("alpha_", " (panel a: vs alpha)"),
    **heom_outputs("delta_", " (panel b: vs Delta)"),
    "alpha_ptre": heat_current("NE-PTRE heat current I out of bath 1 (theta = 0, panel a)"),
    "delta_ptre": heat_current("NE-PTRE heat current I out of bath 1 (theta = 0, panel b)"),
}


def _ptre(delta: float, alpha: float, temperatures: tuple[float, float]) -> float:
    """NE-PTRE current (θ = 0) at (Δ, α)."""
    first, second = (
        nl.Bath(c, spectral_density(alpha), t, n)
        for c, t, n in zip(("sx", "sz"), temperatures, "12", strict=True)
    )
    return ptre_heat_current(delta, first, second)


def fig1(
    points: int,
    run: FigureRun,
    *,
    thetas: tuple[float, ...] = THETAS,
    temperatures: tuple[float, float] = TEMPERATURES,
    delta_a: float = DELTA_A,
    alpha_b: float = ALPHA_B,
    alpha_range: tuple[float, float] = ALPHA_RANGE,
    delta_range: tuple[float, float] = DELTA_RANGE,
    depth_tolerance: float = DEPTH_TOLERANCE,
    max_depth: int = MAX_DEPTH,
) -> xr.Dataset:
    """Compute seed 004 Fig. 1 with ``points`` values of α and of Δ (geometric grids).

    The HEOM points are one sweep per panel (grids "alpha" and "delta"); the NE-PTRE currents
    are computed directly.

    Parameters
    ----------
    points : int
        Grid size: α on ``geomspace(*alpha_range)`` at Δ = ``delta_a`` (panel a) and Δ on
        ``geomspace(*delta_range)`` at α = ``alpha_b`` (panel b).
    run : FigureRun
        Sweep settings.
    thetas : tuple of float
        Directions θ (rad) of bath 2's coupling.
    temperatures : tuple of float
        (T₁, T₂) in units of ω_c.
    delta_a, alpha_b : float
        Δ of panel (a) and α₁ = α₂ of panel (b).
    alpha_range, delta_range : tuple of float
        α range of panel (a), Δ range of panel (b).
    depth_tolerance, max_depth : float, int
        The depth rule of :func:`nesslab.figures.nesb.converged_point`.

    Returns
    -------
    xarray.Dataset
        ``alpha_current(theta, alpha)``, ``delta_current(theta, delta)`` with their first-law
        residuals, HEOM depths, last depth changes, convergence flags and mode counts
        (``alpha_depth`` …), and the NE-PTRE ``alpha_ptre(alpha)``, ``delta_ptre(delta)``
        (θ = 0); attrs give the parameters, units, sign convention and HEOM settings.
    """
    alphas = np.geomspace(*alpha_range, points)
    deltas = np.geomspace(*delta_range, points)
    rule = {"tolerance": depth_tolerance, "max_depth": max_depth}
    panel_a, sweep_a = heom_sweep(
        run,
        "alpha",
        [point_params(delta_a, t, (a, a), temperatures) for t in thetas for a in alphas],
        {"theta": len(thetas), "alpha": points},
        prefix="alpha_",
        **rule,
    )
    panel_b, sweep_b = heom_sweep(
        run,
        "delta",
        [point_params(d, t, (alpha_b, alpha_b), temperatures) for t in thetas for d in deltas],
        {"theta": len(thetas), "delta": points},
        prefix="delta_",
        **rule,
    )
    data = {
        **panel_a,
        **panel_b,
        "alpha_ptre": ("alpha", np.array([_ptre(delta_a, a, temperatures) for a in alphas])),
        "delta_ptre": ("delta", np.array([_ptre(d, alpha_b, temperatures) for d in deltas])),
    }
    attrs = {
        **common_attrs(depth_tolerance, max_depth),
        "figure": "nesb-fig1",
        "T1": temperatures[0],
        "T2": temperatures[1],
        "delta_panel_a": delta_a,
        "alpha_panel_b": alpha_b,
        "heom_modes": int(max(panel_a["alpha_modes"][1].max(), panel_b["delta_modes"][1].max())),
        "ptre": "alpha_ptre/delta_ptre: NE-PTRE (seed 004 Eq. 6), theta = 0 only",
        **points_computed(alpha=sweep_a, delta=sweep_b),
    }
    coords = {"theta": np.array(thetas), "alpha": alphas, "delta": deltas}
    return describe(xr.Dataset(data, coords=coords, attrs=attrs), LABELS)


def plot_fig1(dataset: xr.Dataset, path: Path) -> Path:
    """Draw panels (a) I vs α and (b) I vs Δ on log–log axes; NE-PTRE as crosses."""
    figure, axes = new_figure(2)
    for panel, dim in zip(axes, ("alpha", "delta"), strict=True):
        for theta in dataset["theta"].values:
            values = dataset[f"{dim}_current"].sel(theta=theta)
            panel.loglog(
                dataset[dim], values, "s-", ms=4, label=rf"$\theta = {theta / np.pi:g}\pi$"
            )
        panel.loglog(
            dataset[dim], dataset[f"{dim}_ptre"], "x", color="black", label="NE-PTRE (θ = 0)"
        )
        panel.set_ylabel("I")
        panel.legend(fontsize="small")
    axes[0].set_xlabel(rf"$\alpha$ ($\Delta = {dataset.attrs['delta_panel_a']:g}$)")
    axes[1].set_xlabel(rf"$\Delta$ ($\alpha = {dataset.attrs['alpha_panel_b']:g}$)")
    return save(figure, path)
