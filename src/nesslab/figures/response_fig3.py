"""Seed 001 Fig. 3: steady-state response δ(Φ^(1,1)(∞) + Φ^(1,2)(∞)) of ⟨a†a⟩ vs T̄ = (T_a + T_b)/2.

At ΔT = 50 (only n̄₋ enters, so the sign of ΔT is irrelevant), δ = 0.02 and the other Fig. 2
parameters. The printed Eq. 34 grows as T̄² and changes sign at n̄₋ = 1 + 4ω₋²/γ² (T̄ ≈ 4015);
the computed response (Gaussian route) is −3δ(ε/ω₊)(2n̄₋ + 1): linear in T̄, negative, γ-free.
T̄ ∈ [50, 10⁴] (not given by the paper) on a log axis.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.optimize as so
import xarray as xr

from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.response_oscillators import (
    DELTA,
    common_attrs,
    computed_response,
    printed_steady,
)
from nesslab.figures.run import FigureRun, points_computed

DIFFERENCE = 50.0
MEAN_RANGE = (50.0, 1e4)
LABELS = {
    "mean_temperature": Label("mean temperature (T_a + T_b)/2", "gamma"),
    "kubo": Label("delta Phi^(1,1)(infinity) of <a^dag a> (computed)"),
    "dissipator": Label("delta Phi^(1,2)(infinity) of <a^dag a> (computed)"),
    "total": Label("delta Phi(infinity) of <a^dag a> (computed)"),
    "total_printed": Label("delta Phi(infinity) of <a^dag a> from the printed Eq. 34"),
}


def steady_point(mean_temperature: float, difference: float) -> dict:
    """Computed and printed steady responses (× δ) at one T̄ (a sweep point)."""
    temperatures = (mean_temperature - difference / 2, mean_temperature + difference / 2)
    computed = computed_response(temperatures)
    return {
        "kubo": DELTA * float(np.real(computed.kubo_steady)),
        "dissipator": DELTA * float(np.real(computed.rotation_steady)),
        "total_printed": DELTA * sum(printed_steady(temperatures)),
    }


def _printed_zero(difference: float, bracket: tuple[float, float]) -> float:
    """T̄ where the printed total changes sign (nan when it does not in ``bracket``)."""

    def printed(mean: float) -> float:
        return sum(printed_steady((mean - difference / 2, mean + difference / 2)))

    low, high = bracket
    if np.sign(printed(low)) == np.sign(printed(high)):
        return float("nan")
    return float(so.brentq(printed, low, high, xtol=1e-10))


def fig3(
    points: int,
    run: FigureRun,
    *,
    difference: float = DIFFERENCE,
    mean_range: tuple[float, float] = MEAN_RANGE,
) -> xr.Dataset:
    """Compute seed 001 Fig. 3 at ``points`` geometric values of T̄ (grid "mean").

    Parameters
    ----------
    points : int
        T̄ values in ``mean_range`` (units of γ).
    run : FigureRun
        Sweep settings.
    difference : float
        ΔT = T_b − T_a (> 0; the response depends on n̄₋ only).
    """
    means = np.geomspace(*mean_range, points)
    result = run.sweep(
        steady_point, {"mean_temperature": means, "difference": [difference]}, "mean"
    )
    result = result.squeeze("difference", drop=True)
    data = {key: ("mean_temperature", result[key].values) for key in ("kubo", "dissipator")}
    data["total"] = ("mean_temperature", result["kubo"].values + result["dissipator"].values)
    data["total_printed"] = ("mean_temperature", result["total_printed"].values)
    zero = _printed_zero(difference, mean_range)
    attrs = {
        **common_attrs(),
        "figure": "response-fig3",
        "difference": difference,
        "printed_sign_change_at": zero,
        "discrepancy": f"the printed total changes sign at mean T = {zero:.1f} and grows as T^2 "
        "above it; the computed total is negative and linear in mean T at every temperature",
        "range": "the mean-temperature range is not given by the paper: chosen here",
        **points_computed(mean=result),
    }
    coords = {"mean_temperature": means}
    return describe(xr.Dataset(data, coords=coords, attrs=attrs), LABELS)


def plot_fig3(dataset: xr.Dataset, path: Path) -> Path:
    """The printed and computed steady responses vs T̄ (log x, symmetric-log y)."""
    figure, (axes,) = new_figure(1)
    t = dataset["mean_temperature"]
    axes.semilogx(t, dataset["total_printed"], "k-", label="printed Eq. 34")
    axes.semilogx(t, dataset["total"], "g--", label="computed (Gaussian route)")
    axes.semilogx(t, dataset["kubo"], "b:", label=r"computed $\delta\Phi^{(1,1)}(\infty)$")
    axes.axhline(0.0, color="0.6", lw=0.5)
    axes.set_yscale("symlog", linthresh=0.1)
    axes.set_xlabel(r"$\bar T/\gamma$")
    axes.set_ylabel(r"$\delta\Phi(\infty)$ of $\langle a^\dagger a\rangle$")
    axes.set_title(rf"$\Delta T = {dataset.attrs['difference']:g}\gamma$")
    axes.legend(fontsize="x-small")
    return save(figure, path)
