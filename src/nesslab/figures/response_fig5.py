"""Seed 001 Fig. 5: two-qubit heat current vs perturbation strength δΩ at T̄ = 50γ and 5000γ.

J₀ (constant), J₀ + δJ₁ (a straight line) and J of the rebuilt Davies generator, each divided
by J₀, at ΔT = 20γ. Ω is not given by the paper (its axis is "δ"); the physics depends on δΩ
only, which is the axis here, over [0, 200]γ (it must stay below ω₋/2 = 400γ for the lowered
transition ω₋ − 2δΩ to stay positive).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.response_qubits import common_attrs, current_labels, qubit_point
from nesslab.figures.run import FigureRun, points_computed

MEAN_TEMPERATURES = (50.0, 5000.0)
DIFFERENCE = 20.0
SHIFT_RANGE = (0.0, 200.0)
LABELS = {
    "mean_temperature": Label("mean temperature (T_a + T_b)/2", "gamma"),
    "shift": Label("perturbation strength delta Omega", "gamma"),
    **current_labels(),
}


def fig5(
    points: int,
    run: FigureRun,
    *,
    mean_temperatures: tuple[float, ...] = MEAN_TEMPERATURES,
    difference: float = DIFFERENCE,
    shift_range: tuple[float, float] = SHIFT_RANGE,
) -> xr.Dataset:
    """Compute seed 001 Fig. 5 with ``points`` values of δΩ per temperature.

    Parameters
    ----------
    points : int
        δΩ values, linear in ``shift_range`` (units of γ).
    run : FigureRun
        Sweep settings (grid "shift").
    mean_temperatures : tuple of float
        T̄ of each panel.
    difference : float
        ΔT = T_a − T_b.
    """
    grid = {
        "mean_temperature": np.asarray(mean_temperatures, float),
        "difference": [difference],
        "shift": np.linspace(*shift_range, points),
    }
    result = run.sweep(qubit_point, grid, "shift").squeeze("difference", drop=True)
    data = {key: result[key] for key in ("unperturbed", "local", "davies", "regime_ratio")}
    attrs = {
        **common_attrs(),
        "figure": "response-fig5",
        "difference": difference,
        "range": "the delta Omega range is not given by the paper: chosen here",
        **points_computed(shift=result),
    }
    coords = {"mean_temperature": grid["mean_temperature"], "shift": grid["shift"]}
    dataset = xr.Dataset(
        {k: (("mean_temperature", "shift"), v.values) for k, v in data.items()},
        coords=coords,
        attrs=attrs,
    )
    return describe(dataset, LABELS)


def plot_fig5(dataset: xr.Dataset, path: Path) -> Path:
    """One panel per T̄: J/J₀ of the three treatments vs δΩ (log y at low T̄)."""
    temperatures = dataset["mean_temperature"].values
    figure, panels = new_figure(len(temperatures))
    for axes, temperature in zip(panels, temperatures, strict=True):
        point = dataset.sel(mean_temperature=temperature)
        base = point["unperturbed"]
        axes.plot(dataset["shift"], base / base, "k--", label=r"$J_0$")
        axes.plot(dataset["shift"], point["local"] / base, "r-", label=r"$J_0 + \delta J_1$")
        axes.plot(dataset["shift"], point["davies"] / base, "b-", label=r"$J$ (Eq. 46)")
        if float((point["davies"] / base).max()) > 10:
            axes.set_yscale("log")
        axes.set_xlabel(r"$\delta\Omega/\gamma$")
        axes.set_ylabel(r"$J^a/J_0^a$")
        axes.set_title(rf"$\bar T = {temperature:g}\gamma$")
        axes.legend(fontsize="x-small")
    return save(figure, path)
