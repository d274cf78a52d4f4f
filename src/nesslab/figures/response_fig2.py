"""Seed 001 Fig. 2(b): response of ⟨a†a⟩ to the step V = Ωx₋³, Kubo and dissipator parts in time.

δΦ^(1,1)(t) (blue) and δΦ^(1,2)(t) (red) at δ = 0.02, γ = 1, ω = 100, g = 90, ε = 5,
T_a = 2000, T_b = 2100 — the printed curves (Eqs. 31 and 32 integrated) and nesslab's (the
exact Gaussian route). The paper plots δΦ or Φ without saying which (δ is in the caption);
δΦ is drawn, and t ∈ [0, 15/γ] (not given) shows the ringing at ω₋ = 10γ and the plateau.
Panel (a) is a schematic.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.response_oscillators import (
    DELTA,
    TEMPERATURES,
    common_attrs,
    computed_response,
    occupation,
    printed_response,
)
from nesslab.figures.run import FigureRun

TIME_RANGE = (0.0, 15.0)
LABELS = {
    "time": Label("time t after the step", "1/gamma"),
    "kubo": Label("delta Phi^(1,1)(t) of <a^dag a>, Kubo term (computed)"),
    "dissipator": Label("delta Phi^(1,2)(t) of <a^dag a>, dissipator rotation (computed)"),
    "kubo_printed": Label("delta Phi^(1,1)(t) from the printed Eq. 31"),
    "dissipator_printed": Label("delta Phi^(1,2)(t) from the printed Eq. 32"),
}


def fig2(
    points: int,
    run: FigureRun,
    *,
    time_range: tuple[float, float] = TIME_RANGE,
    temperatures: tuple[float, float] = TEMPERATURES,
) -> xr.Dataset:
    """Compute seed 001 Fig. 2(b) at ``points`` times (one Gaussian-route solve: no grid).

    Parameters
    ----------
    points : int
        Times, linear in ``time_range`` (units 1/γ).
    run : FigureRun
        Unused: the whole curve is one computation.
    temperatures : tuple of float
        (T_a, T_b).
    """
    times = np.linspace(*time_range, points)
    computed = computed_response(temperatures, times)
    kubo_printed, dissipator_printed = printed_response(times, temperatures)
    nbar = occupation(temperatures)
    data = {
        "kubo": ("time", DELTA * np.real(computed.kubo)),
        "dissipator": ("time", DELTA * np.real(computed.rotation)),
        "kubo_printed": ("time", DELTA * kubo_printed),
        "dissipator_printed": ("time", DELTA * dissipator_printed),
    }
    attrs = {
        **common_attrs(),
        "figure": "response-fig2",
        "T_a": temperatures[0],
        "T_b": temperatures[1],
        "n_minus": nbar,
        "occupation_a": float(np.real(computed.unperturbed)),
        "plateau_kubo": DELTA * float(np.real(computed.kubo_steady)),
        "plateau_dissipator": DELTA * float(np.real(computed.rotation_steady)),
        "plateau_dissipator_printed": DELTA * float(printed_response(np.array([1e6]))[1][0]),
        "discrepancy": f"printed/computed dissipator term = -(n_- - 1) = {-(nbar - 1):.4g} at "
        "every t; the Kubo terms agree",
        "plotted": "delta Phi (the caption's delta = 0.02 included); t range not given: chosen",
    }
    return describe(xr.Dataset(data, coords={"time": times}, attrs=attrs), LABELS)


def plot_fig2(dataset: xr.Dataset, path: Path) -> Path:
    """(left) the paper's curves and nesslab's; (right) the computed dissipator term, enlarged."""
    figure, (left, right) = new_figure(2)
    t = dataset["time"]
    left.plot(t, dataset["kubo_printed"], "b-", lw=1, label=r"$\delta\Phi^{(1,1)}$ (Eq. 31)")
    left.plot(t, dataset["dissipator_printed"], "r-", lw=1, label=r"$\delta\Phi^{(1,2)}$ printed")
    left.plot(t, dataset["dissipator"], "r--", lw=1.5, label=r"$\delta\Phi^{(1,2)}$ computed")
    left.set_xlabel(r"$\gamma t$")
    left.set_ylabel(r"$\delta\Phi(t)$ of $\langle a^\dagger a\rangle$")
    left.set_title("as printed (solid) and computed (dashed)")
    left.legend(fontsize="x-small")
    right.plot(t, dataset["kubo"], "b-", lw=1, label=r"$\delta\Phi^{(1,1)}$ computed")
    right.plot(
        t, 20 * dataset["dissipator"], "r-", lw=1, label=r"$20\,\delta\Phi^{(1,2)}$ computed"
    )
    right.set_xlabel(r"$\gamma t$")
    right.set_title(rf"computed ($\bar n_- = {dataset.attrs['n_minus']:.1f}$)")
    right.legend(fontsize="x-small")
    return save(figure, path)
