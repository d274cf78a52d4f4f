"""Seed 002 Fig. 5 (App. B): the NESS energy flow J^st = −J₁ vs γ₁ at Ω = 0.01, local and PS.

The caption's Δω = −0.009ω₁ is ten times smaller than everywhere else in the paper (possibly a
typo for −0.09); both give a maximum, so both are drawn, and the global flow (which grows
linearly for ever) is added for reference. The caption's "Ω = 0.01Ω" is read as Ω = 0.01ω₁.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun, points_computed
from nesslab.figures.tls_maps import (
    APPROACH_OPTIONS,
    LABELS,
    SIGN_CONVENTION,
    common_attrs,
    flow_point,
)

DETUNINGS = (-0.009, -0.09)
GAMMA1_RANGE = (1e-4, 1e-1)
COUPLING = 0.01
APPROACHES = ("local", "partial_secular", "global")
CAPTION_NOTE = (
    "the caption's Delta omega = -0.009 omega_1 is ten times smaller than in every other "
    "figure (possibly a typo for -0.09); both are drawn"
)
FIG5_LABELS = {
    **{key: LABELS[key] for key in ("detuning", "gamma1")},
    **{
        f"flow_{approach}": Label(
            f"NESS energy flow J^st = -J_1 ({approach})", "omega_1^2", SIGN_CONVENTION
        )
        for approach in APPROACHES
    },
}


def fig5(
    points: int,
    run: FigureRun,
    *,
    detunings: tuple[float, ...] = DETUNINGS,
    gamma1_range: tuple[float, float] = GAMMA1_RANGE,
    coupling: float = COUPLING,
) -> xr.Dataset:
    """Compute seed 002 Fig. 5 at ``points`` logarithmic values of γ₁ per detuning.

    Parameters
    ----------
    points : int
        γ₁ values (geometric) in ``gamma1_range``.
    run : FigureRun
        Sweep settings (one grid per approach, named after it).
    detunings : tuple of float
        Δω = ω₁ − ω₂ (units of ω₁): the caption's −0.009 and the −0.09 of Figs. 2–4.
    gamma1_range : tuple of float
        γ₁ range (units of ω₁).
    coupling : float
        Ω (units of ω₁).

    Returns
    -------
    xarray.Dataset
        ``flow_<approach>`` over ``(detuning, gamma1)`` for "local", "partial_secular" and
        "global"; attrs ``caption_detuning_note`` and the parameters.
    """
    grid = {"detuning": np.asarray(detunings, float), "gamma1": np.geomspace(*gamma1_range, points)}
    data, results = {}, {}
    for approach in APPROACHES:
        point = partial(flow_point, coupling=coupling, approach=approach)
        config = {"approach": approach, "options": APPROACH_OPTIONS[approach], "coupling": coupling}
        results[approach] = run.sweep(point, grid, approach, config)
        data[f"flow_{approach}"] = (("detuning", "gamma1"), results[approach]["flow"].values)
    attrs = {
        **common_attrs(),
        "figure": "tls-fig5",
        "coupling": coupling,
        "caption_detuning_note": CAPTION_NOTE,
        **points_computed(**results),
    }
    return describe(xr.Dataset(data, coords=grid, attrs=attrs), FIG5_LABELS)


def plot_fig5(dataset: xr.Dataset, path: Path) -> Path:
    """One log–log panel per detuning: J^st of each approach vs γ₁."""
    detunings = dataset["detuning"].values
    figure, panels = new_figure(len(detunings))
    for axes, detuning in zip(panels, detunings, strict=True):
        for approach in APPROACHES:
            flow = dataset[f"flow_{approach}"].sel(detuning=detuning)
            axes.loglog(dataset["gamma1"], flow, label=approach.replace("_", " "))
        axes.set_xlabel(r"$\gamma_1/\omega_1$")
        axes.set_ylabel(r"$J^{st}$")
        axes.set_title(rf"$\Delta\omega = {detuning:g}$, $\Omega = {dataset.attrs['coupling']:g}$")
        axes.legend(fontsize="x-small")
    return save(figure, path)
