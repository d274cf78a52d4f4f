"""Seed 003 Fig. 3: Kolmogorov's loop ratio of two spins against η (SPECS §3.9).

The loop (↑↑) → (↑↓) → (↓↓) → (↓↑) → (↑↑) of the single-flip rate equation
(:func:`nesslab.analysis.classical.spin_flip_generator`) has the ratio of its clockwise to its
counter-clockwise rate products (:func:`nesslab.analysis.classical.loop_ratio`), equal to
[R₂(G)/R₁(G)]² with G = g₁g₂ and R_i(ΔE) = W_i(ΔE)/W_i(−ΔE); it is 1 at detailed balance:
for η → 0 (regime (i), R = e^{−β'ΔE} whatever the spin) and η → ∞ (R → 1). Ω cancels.
The paper's couplings (drawn from U[−4, 4], g₀ = 4) are not given: the default g = (1.5, 3.2)
is SPECS's verified pair; the crossing η where the ratio returns to 1 depends on the draw.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import scipy.optimize as so
import xarray as xr

from nesslab.analysis.classical import loop_ratio, spin_flip_generator
from nesslab.figures.disorder import ETA, MARGIN, common_attrs, rates_at
from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun, points_computed

COUPLINGS = (1.5, 3.2)
ETA_RANGE = (1e-2, 1e2)
LOOP = (3, 1, 0, 2)
"""State codes of (↑↑, ↑↓, ↓↓, ↓↑): spin 0 is bit 0, up = 1."""
LABELS = {
    "eta": ETA,
    "loop_ratio": Label(
        "Kolmogorov ratio of the loop uu -> ud -> dd -> du -> uu, clockwise over "
        "counter-clockwise rate products"
    ),
    "ratio_closed_form": Label("[R_2(G)/R_1(G)]^2, G = g_1 g_2, from the rate ratios"),
    "elimination_margin": MARGIN,
}


def loop_point(eta: float, couplings: tuple[float, float] = COUPLINGS) -> dict[str, float]:
    """One sweep point: the loop ratio from the generator and from [R₂(G)/R₁(G)]²."""
    rates = rates_at(couplings, eta)
    product = couplings[0] * couplings[1]
    spin_ratio = rates.ratio(1, np.array([product]))[0] / rates.ratio(0, np.array([product]))[0]
    return {
        "loop_ratio": loop_ratio(spin_flip_generator(rates), LOOP),
        "ratio_closed_form": float(spin_ratio**2),
        "elimination_margin": float(rates.elimination_margins.min()),
    }


def crossings(etas: np.ndarray, ratios: np.ndarray, couplings: tuple[float, float]) -> np.ndarray:
    """The η where the ratio crosses 1, each refined by Brent's method off the grid."""
    sign = np.sign(np.log(ratios))
    found = []
    for k in np.flatnonzero(sign[:-1] * sign[1:] < 0):

        def log_ratio(log_eta: float) -> float:
            return float(np.log(loop_point(float(np.exp(log_eta)), couplings)["loop_ratio"]))

        root = so.brentq(log_ratio, np.log(etas[k]), np.log(etas[k + 1]), xtol=1e-12)
        found.append(float(np.exp(root)))
    return np.array(found)


def fig3(
    points: int,
    run: FigureRun,
    *,
    couplings: tuple[float, float] = COUPLINGS,
    eta_range: tuple[float, float] = ETA_RANGE,
) -> xr.Dataset:
    """Compute seed 003 Fig. 3 on ``points`` logarithmically spaced η.

    Parameters
    ----------
    points : int
        η on ``geomspace(*eta_range, points)``.
    run : FigureRun
        Sweep settings (grid "loop").
    couplings : tuple of float
        (g₁, g₂), nonzero (units of ω).
    eta_range : tuple of float
        First and last η.

    Returns
    -------
    xarray.Dataset
        ``loop_ratio(eta)``, ``ratio_closed_form(eta)`` and ``elimination_margin(eta)`` (below
        10 at large η: the ratio there is that of the weak-drive rates); attrs give the
        parameters, the couplings and the crossings ``crossing_eta`` (η where the ratio is 1,
        refined between grid points; NaN, with ``crossings_found`` = 0, when the grid shows
        none).
    """
    couplings = tuple(float(g) for g in couplings)
    etas = np.geomspace(*eta_range, points)
    config = {"couplings": list(couplings)}
    result = run.sweep(partial(loop_point, couplings=couplings), {"eta": etas}, "loop", config)
    ratios = result["loop_ratio"].values
    found = crossings(etas, ratios, couplings)
    dataset = xr.Dataset(
        {
            "loop_ratio": ("eta", ratios),
            "ratio_closed_form": ("eta", result["ratio_closed_form"].values),
            "elimination_margin": ("eta", result["elimination_margin"].values),
        },
        coords={"eta": etas},
        attrs={
            **common_attrs(),
            "figure": "disorder-fig3",
            "couplings": list(couplings),
            "couplings_choice": "g_0 = 4: paper's draw from U[-4, 4] not given; SPECS 3.9's "
            "verified pair",
            "loop": "uu -> ud -> dd -> du -> uu (state codes 3, 1, 0, 2)",
            "crossing_eta": found if found.size else np.array([np.nan]),
            "crossings_found": int(found.size),
            **points_computed(loop=result),
        },
    )
    return describe(dataset, LABELS)


def plot_fig3(dataset: xr.Dataset, path: Path) -> Path:
    """Loop ratio against η (log axis), 1 dashed, crossings marked."""
    figure, (axes,) = new_figure(1)
    axes.semilogx(dataset["eta"], dataset["loop_ratio"], "-", label="loop ratio")
    axes.axhline(1.0, color="k", ls="--", lw=0.8)
    for eta in np.atleast_1d(dataset.attrs["crossing_eta"])[: dataset.attrs["crossings_found"]]:
        axes.axvline(float(eta), color="C3", ls=":", lw=0.8)
    g1, g2 = np.atleast_1d(dataset.attrs["couplings"])
    axes.set_title(f"g = ({g1:g}, {g2:g})", fontsize="small")
    axes.set_xlabel(r"$\eta$")
    axes.set_ylabel("Kolmogorov ratio")
    return save(figure, path)
