"""Seed 004 Fig. 1: heat current vs coupling strength α (Δ = 0.05) and vs half gap Δ (α = 0.01).

θ ∈ {0, π/4, π/2}, T₁ = 1, T₂ = 0.9, HEOM (fitted shared-rate expansions, 8 modes, depth raised
per point until converged to 1 %, :func:`nesslab.figures.nesb.converged_point`) plus the NE-PTRE
(seed 004 Eq. 6, :func:`nesslab.ptre.ptre_heat_current`) for θ = 0. Panel (a) runs to α = 4,
where depths 8–9 are needed; beyond it the hierarchy does not converge by depth 9 (α = 8,
θ = π/4, Δ = 0.1: 5.5, 26.5, 8.6 e-3 at depths 5–7), so a turnover above α = 4 is out of reach.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.figures.nesb import common_attrs, converged_point, point_variables, spectral_density
from nesslab.figures.plotting import new_figure, save
from nesslab.ptre import ptre_heat_current

THETAS = (0.0, np.pi / 4, np.pi / 2)
TEMPERATURES = (1.0, 0.9)
DELTA_A = 0.05
ALPHA_B = 0.01
ALPHA_RANGE = (0.0025, 4.0)
DELTA_RANGE = (0.005, 0.5)


def _ptre(delta: float, alpha: float) -> float:
    """NE-PTRE current (θ = 0) at (Δ, α) with the figure's temperatures."""
    first, second = (
        nl.Bath(c, spectral_density(alpha), t, n)
        for c, t, n in zip(("sx", "sz"), TEMPERATURES, "12", strict=True)
    )
    return ptre_heat_current(delta, first, second)


def fig1(points: int) -> xr.Dataset:
    """Compute seed 004 Fig. 1 with ``points`` values of α and of Δ (geometric grids).

    Parameters
    ----------
    points : int
        Grid size: α on ``geomspace(0.0025, 4)`` at Δ = 0.05 (panel a) and Δ on
        ``geomspace(0.005, 0.5)`` at α = 0.01 (panel b).

    Returns
    -------
    xarray.Dataset
        ``alpha_current(theta, alpha)``, ``delta_current(theta, delta)`` with their first-law
        residuals, HEOM depths, last depth changes and convergence flags (``alpha_depth`` …), and
        the NE-PTRE ``alpha_ptre(alpha)``, ``delta_ptre(delta)`` (θ = 0); attrs give the
        parameters, units, sign convention and HEOM settings.
    """
    alphas = np.geomspace(*ALPHA_RANGE, points)
    deltas = np.geomspace(*DELTA_RANGE, points)
    panel_a = [[converged_point(DELTA_A, t, (a, a), TEMPERATURES) for a in alphas] for t in THETAS]
    panel_b = [
        [converged_point(d, t, (ALPHA_B,) * 2, TEMPERATURES) for d in deltas] for t in THETAS
    ]
    data = {
        **point_variables(panel_a, ("theta", "alpha"), "alpha_"),
        **point_variables(panel_b, ("theta", "delta"), "delta_"),
        "alpha_ptre": ("alpha", np.array([_ptre(DELTA_A, a) for a in alphas])),
        "delta_ptre": ("delta", np.array([_ptre(d, ALPHA_B) for d in deltas])),
    }
    attrs = {
        **common_attrs(),
        "figure": "nesb-fig1",
        "T1": TEMPERATURES[0],
        "T2": TEMPERATURES[1],
        "delta_panel_a": DELTA_A,
        "alpha_panel_b": ALPHA_B,
        "heom_modes": panel_a[0][0].modes,
        "ptre": "alpha_ptre/delta_ptre: NE-PTRE (seed 004 Eq. 6), theta = 0 only",
    }
    return xr.Dataset(
        data, coords={"theta": np.array(THETAS), "alpha": alphas, "delta": deltas}, attrs=attrs
    )


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
    axes[0].set_xlabel(r"$\alpha$ ($\Delta = 0.05$)")
    axes[1].set_xlabel(r"$\Delta$ ($\alpha = 0.01$)")
    return save(figure, path)
