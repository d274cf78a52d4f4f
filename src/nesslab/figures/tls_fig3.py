"""Seed 002 Fig. 3: the global (Davies) approach's j^st(γ₁, Ω) at Δω = −0.09, with Ω_max(γ₁).

At fixed c₂/c₁ the global flow is linear in the overall rate scale, so its Ω_max line is
vertical (independent of γ₁); j^st grows with γ₁ without the local suppression.
"""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from nesslab.figures.labels import describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun
from nesslab.figures.tls_maps import COUPLING_MAX, GAMMA1_MAX, LABELS, draw_map, flow_maps

DETUNINGS = (-0.09,)


def fig3(
    points: int,
    run: FigureRun,
    *,
    detunings: tuple[float, ...] = DETUNINGS,
    gamma1_max: float = GAMMA1_MAX,
    coupling_max: float = COUPLING_MAX,
) -> xr.Dataset:
    """Compute seed 002 Fig. 3 on a ``points × points`` (γ₁, Ω) grid per detuning.

    Parameters
    ----------
    points : int
        Grid size per axis.
    run : FigureRun
        Sweep settings (grids "map" and "line").
    detunings : tuple of float
        Δω = ω₁ − ω₂ (units of ω₁); the paper's figure has −0.09 only.
    gamma1_max, coupling_max : float
        γ₁ ∈ (0, gamma1_max] and Ω ∈ (0, coupling_max] (units of ω₁).

    Returns
    -------
    xarray.Dataset
        :func:`nesslab.figures.tls_maps.flow_maps` of "global".
    """
    dataset = flow_maps(points, run, "global", detunings, gamma1_max, coupling_max)
    dataset.attrs["figure"] = "tls-fig3"
    return describe(dataset, LABELS)


def plot_fig3(dataset: xr.Dataset, path: Path) -> Path:
    """Draw the map with its refined Ω_max line (red dots)."""
    detunings = dataset["detuning"].values
    figure, panels = new_figure(len(detunings))
    for axes, detuning in zip(panels, detunings, strict=True):
        draw_map(axes, dataset, detuning, rf"global, $\Delta\omega = {detuning:g}$")
        axes.legend(fontsize="x-small")
    return save(figure, path)
