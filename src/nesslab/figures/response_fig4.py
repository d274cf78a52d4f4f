"""Seed 001 Fig. 4 (b, c): two-qubit heat currents vs ΔT at T̄ = 50γ, and the response vs T̄.

(b) J₀, J₀ + δJ₁ and J (Eqs. 42, 43, 46) against ΔT = T_a − T_b at T̄ = 50 and δΩ = 50;
(c) δJ₁ and J − J₀ against T̄ at ΔT = 20. The paper gives neither range: ΔT ∈ [2, 40] (ΔT must
stay below 2T̄) and T̄ ∈ [50, 10⁴] on a log axis are chosen and recorded. Panel (a) is a
schematic.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.response_qubits import (
    SIGN_CONVENTION,
    common_attrs,
    current_labels,
    qubit_point,
)
from nesslab.figures.run import FigureRun, points_computed

SHIFT = 50.0
MEAN_TEMPERATURE = 50.0
DIFFERENCE = 20.0
DIFFERENCE_RANGE = (2.0, 40.0)
MEAN_RANGE = (50.0, 1e4)
LABELS = {
    "difference": Label("temperature difference T_a - T_b (panel b)", "gamma"),
    "mean_temperature": Label("mean temperature (T_a + T_b)/2 (panel c)", "gamma"),
    **current_labels("b_", " (panel b)"),
    **current_labels("c_", " (panel c)"),
    "c_first_order": Label("delta J_1 = J_local - J_0 (panel c)", "gamma^2", SIGN_CONVENTION),
    "c_rebuilt_change": Label(
        "J - J_0 of the rebuilt Davies generator (panel c)", "gamma^2", SIGN_CONVENTION
    ),
}


def fig4(
    points: int,
    run: FigureRun,
    *,
    shift: float = SHIFT,
    mean_temperature: float = MEAN_TEMPERATURE,
    difference: float = DIFFERENCE,
    difference_range: tuple[float, float] = DIFFERENCE_RANGE,
    mean_range: tuple[float, float] = MEAN_RANGE,
) -> xr.Dataset:
    """Compute seed 001 Fig. 4 (b) and (c) with ``points`` values per panel.

    Parameters
    ----------
    points : int
        ΔT values (linear in ``difference_range``, panel b) and T̄ values (geometric in
        ``mean_range``, panel c).
    run : FigureRun
        Sweep settings (grids "difference" and "mean").
    shift : float
        δΩ (units of γ).
    mean_temperature : float
        T̄ of panel (b).
    difference : float
        ΔT of panel (c).
    """
    differences = np.linspace(*difference_range, points)
    means = np.geomspace(*mean_range, points)
    panel_b = run.sweep(
        qubit_point,
        {"mean_temperature": [mean_temperature], "difference": differences, "shift": [shift]},
        "difference",
    )
    panel_c = run.sweep(
        qubit_point,
        {"mean_temperature": means, "difference": [difference], "shift": [shift]},
        "mean",
    )
    data = {}
    for key in ("unperturbed", "local", "davies", "regime_ratio"):
        data[f"b_{key}"] = ("difference", panel_b[key].values.reshape(-1))
        data[f"c_{key}"] = ("mean_temperature", panel_c[key].values.reshape(-1))
    data["c_first_order"] = ("mean_temperature", data["c_local"][1] - data["c_unperturbed"][1])
    data["c_rebuilt_change"] = (
        "mean_temperature",
        data["c_davies"][1] - data["c_unperturbed"][1],
    )
    attrs = {
        **common_attrs(),
        "figure": "response-fig4",
        "delta_Omega": shift,
        "mean_temperature_panel_b": mean_temperature,
        "difference_panel_c": difference,
        "ranges": "Delta T and mean T ranges are not given by the paper: chosen here",
        **points_computed(difference=panel_b, mean=panel_c),
    }
    coords = {"difference": differences, "mean_temperature": means}
    return describe(xr.Dataset(data, coords=coords, attrs=attrs), LABELS)


def plot_fig4(dataset: xr.Dataset, path: Path) -> Path:
    """(b) the three currents vs ΔT (log y); (c) δJ₁ and J − J₀ vs T̄ (log x)."""
    figure, (left, right) = new_figure(2)
    x = dataset["difference"]
    left.semilogy(x, dataset["b_unperturbed"], "k--", label=r"$J_0$ (Eq. 42)")
    left.semilogy(x, dataset["b_local"], "r-", label=r"$J_0 + \delta J_1$ (Eq. 43)")
    left.semilogy(x, dataset["b_davies"], "b-", label=r"$J$ (Eq. 46)")
    left.set_xlabel(r"$\Delta T/\gamma$")
    left.set_ylabel(r"$J^a/\gamma^2$")
    left.set_title(rf"$\bar T = {dataset.attrs['mean_temperature_panel_b']:g}\gamma$")
    left.legend(fontsize="x-small")
    t = dataset["mean_temperature"]
    right.semilogx(t, dataset["c_first_order"], "r-", label=r"$\delta J_1$")
    right.semilogx(t, dataset["c_rebuilt_change"], "b-", label=r"$J - J_0$")
    right.axhline(0.0, color="0.6", lw=0.5)
    right.set_xlabel(r"$\bar T/\gamma$")
    right.set_ylabel(r"response$/\gamma^2$")
    right.set_title(
        rf"$\Delta T = {dataset.attrs['difference_panel_c']:g}\gamma$, "
        rf"$\delta\Omega = {dataset.attrs['delta_Omega']:g}\gamma$"
    )
    right.legend(fontsize="x-small")
    return save(figure, path)
