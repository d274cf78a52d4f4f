"""Seed 002 Fig. 4: the partial-secular j^st(γ₁, Ω), Δω = −0.09 and 0, with Ω_max(γ₁).

Seed 002's partial-secular equation: Bloch–Redfield without Lamb shift, secular only between
components of opposite frequency sign (``criterion="frequency_sign"``), the same at every map
point — never a rate-dependent window, which would switch the equation to the global one inside
the map. Each point records the trace distance of its NESS to the Bloch–Redfield NESS
(``redfield_distance``): what the dropped pairs cost.
"""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from nesslab.figures.labels import describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun
from nesslab.figures.tls_maps import COUPLING_MAX, GAMMA1_MAX, LABELS, draw_map, flow_maps

DETUNINGS = (-0.09, 0.0)


def fig4(
    points: int,
    run: FigureRun,
    *,
    detunings: tuple[float, ...] = DETUNINGS,
    gamma1_max: float = GAMMA1_MAX,
    coupling_max: float = COUPLING_MAX,
) -> xr.Dataset:
    """Compute seed 002 Fig. 4 on a ``points × points`` (γ₁, Ω) grid per detuning.

    Parameters
    ----------
    points : int
        Grid size per axis.
    run : FigureRun
        Sweep settings (grids "map" and "line").
    detunings : tuple of float
        Δω = ω₁ − ω₂ of the panels (units of ω₁).
    gamma1_max, coupling_max : float
        γ₁ ∈ (0, gamma1_max] and Ω ∈ (0, coupling_max] (units of ω₁).

    Returns
    -------
    xarray.Dataset
        :func:`nesslab.figures.tls_maps.flow_maps` of "partial_secular"; attrs
        ``redfield_distance_max``: the largest trace distance to the Redfield NESS on the map.
    """
    dataset = flow_maps(points, run, "partial_secular", detunings, gamma1_max, coupling_max)
    dataset.attrs["figure"] = "tls-fig4"
    dataset.attrs["redfield_distance_max"] = float(dataset["redfield_distance"].max())
    return describe(dataset, LABELS)


def plot_fig4(dataset: xr.Dataset, path: Path) -> Path:
    """Draw one map per detuning with its refined Ω_max line (red dots)."""
    detunings = dataset["detuning"].values
    figure, panels = new_figure(len(detunings))
    for axes, detuning in zip(panels, detunings, strict=True):
        draw_map(axes, dataset, detuning, rf"partial secular, $\Delta\omega = {detuning:g}$")
        axes.legend(fontsize="x-small")
    return save(figure, path)
