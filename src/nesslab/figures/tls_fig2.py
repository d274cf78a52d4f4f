"""Seed 002 Fig. 2: the local approach's specific energy flow j^st(γ₁, Ω), Δω = −0.09 and 0.

Local Lindblad channels of Eq. 8 (:mod:`nesslab.figures.tls_maps`), solved numerically at every
map point; the red line is Eq. 17's ``Ω_max(γ₁)``, drawn beside the map's own refined argmax
(which must follow it: at Δω = 0 a straight line through the origin, at Δω = −0.09 a line
starting at Ω_cr = |Δω|√(g₁g₂)/(g₁+g₂) and bending to larger Ω).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun
from nesslab.figures.tls_maps import (
    COUPLING_MAX,
    GAMMA1_MAX,
    LABELS,
    draw_map,
    eq17_coupling,
    flow_maps,
)

DETUNINGS = (-0.09, 0.0)
LINE_POINTS = 200
FIG2_LABELS = {**LABELS, "coupling_max_eq17": Label("Omega_max of Eq. 17 (closed form)", "omega_1")}


def fig2(
    points: int,
    run: FigureRun,
    *,
    detunings: tuple[float, ...] = DETUNINGS,
    gamma1_max: float = GAMMA1_MAX,
    coupling_max: float = COUPLING_MAX,
) -> xr.Dataset:
    """Compute seed 002 Fig. 2 on a ``points × points`` (γ₁, Ω) grid per detuning.

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
        :func:`nesslab.figures.tls_maps.flow_maps` of "local", plus ``coupling_max_eq17``
        (Eq. 17) over ``(detuning, gamma1)``.
    """
    dataset = flow_maps(points, run, "local", detunings, gamma1_max, coupling_max)
    eq17 = [eq17_coupling(dataset["gamma1"].values, d) for d in dataset["detuning"].values]
    dataset["coupling_max_eq17"] = (("detuning", "gamma1"), eq17)
    dataset.attrs["figure"] = "tls-fig2"
    return describe(dataset, FIG2_LABELS)


def plot_fig2(dataset: xr.Dataset, path: Path) -> Path:
    """Draw one map per detuning with Eq. 17's Ω_max line (red) and the refined argmax (dots)."""
    detunings = dataset["detuning"].values
    figure, panels = new_figure(len(detunings))
    for axes, detuning in zip(panels, detunings, strict=True):
        draw_map(axes, dataset, detuning, rf"local, $\Delta\omega = {detuning:g}$")
        gamma1 = np.linspace(0.0, float(dataset["gamma1"].max()), LINE_POINTS + 1)[1:]
        eq17 = eq17_coupling(gamma1, detuning)
        visible = eq17 <= float(dataset["coupling"].max())
        axes.plot(gamma1[visible], eq17[visible], "r-", lw=1, label="Eq. 17")
        axes.legend(fontsize="x-small")
    return save(figure, path)
