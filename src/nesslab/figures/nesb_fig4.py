"""Seed 004 Fig. 4: thermal rectification with asymmetric couplings α₁ ≠ α₂.

T_hot = 10, T_cold = 1, Δ = 0.5, α₁ = 0.01, α₂ = α₁ / r for r = α₁/α₂ on a geometric grid,
θ ∈ {π/2, π/8}; HEOM with fitted shared-rate expansions, each point at the depth where two
successive tiers each change I by less than the tolerance
(:func:`nesslab.figures.nesb.converged_point`).
Forward: bath 1 hot (T₁ = 10, T₂ = 1); reverse: temperatures exchanged (T₁ = 1, T₂ = 10). The
rectification ratio is ``R = |I_forward| / |I_reverse|`` (I out of bath 1, so I_reverse < 0).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import NESB, Label, describe, heom_outputs
from nesslab.figures.nesb import (
    DEPTH_TOLERANCE,
    MAX_DEPTH,
    common_attrs,
    heom_sweep,
    point_params,
)
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun, points_computed

THETAS = (np.pi / 2, np.pi / 8)
HOT, COLD = 10.0, 1.0
DELTA = 0.5
ALPHA_1 = 0.01
RATIO_RANGE = (0.1, 10.0)
LABELS = {
    **NESB,
    **heom_outputs(),
    "direction": Label("forward: T_1 hot, T_2 cold; reverse: the temperatures exchanged"),
    "ratio": Label("coupling ratio alpha_1/alpha_2"),
    "alpha2": Label("coupling strength alpha_2 of bath 2"),
    "rectification": Label("rectification ratio |I_forward|/|I_reverse|"),
}


def fig4(
    points: int,
    run: FigureRun,
    *,
    thetas: tuple[float, ...] = THETAS,
    hot: float = HOT,
    cold: float = COLD,
    delta: float = DELTA,
    alpha_1: float = ALPHA_1,
    ratio_range: tuple[float, float] = RATIO_RANGE,
    depth_tolerance: float = DEPTH_TOLERANCE,
    max_depth: int = MAX_DEPTH,
) -> xr.Dataset:
    """Compute seed 004 Fig. 4 on ``points`` values of α₁/α₂ (geometric).

    Parameters
    ----------
    points : int
        α₁/α₂ on ``geomspace(*ratio_range, points)``.
    run : FigureRun
        Sweep settings: one sweep, grid "heom", over (direction, θ, α₁/α₂).
    thetas : tuple of float
        Directions θ (rad) of bath 2's coupling.
    hot, cold : float
        The two temperatures (units of ω_c); forward: T₁ = hot, T₂ = cold; reverse: exchanged.
    delta : float
        Half gap Δ.
    alpha_1 : float
        Coupling α₁ of bath 1; α₂ = α₁ / ratio.
    ratio_range : tuple of float
        Range of α₁/α₂.
    depth_tolerance, max_depth : float, int
        The depth rule of :func:`nesslab.figures.nesb.converged_point`.

    Returns
    -------
    xarray.Dataset
        ``current(direction, theta, ratio)`` with its first-law ``residual``, ``depth``,
        ``depth_change``, ``converged`` and ``modes``, and ``rectification(theta, ratio)`` =
        |I_forward|/|I_reverse|; coordinate ``alpha2``.
    """
    ratios = np.geomspace(*ratio_range, points)
    directions = {"forward": (hot, cold), "reverse": (cold, hot)}
    grid = [
        point_params(delta, t, (alpha_1, alpha_1 / r), temps)
        for temps in directions.values()
        for t in thetas
        for r in ratios
    ]
    variables, result = heom_sweep(
        run,
        "heom",
        grid,
        {"direction": len(directions), "theta": len(thetas), "ratio": points},
        tolerance=depth_tolerance,
        max_depth=max_depth,
    )
    current = variables["current"][1]
    attrs = {
        **common_attrs(depth_tolerance, max_depth),
        "figure": "nesb-fig4",
        "T_hot": hot,
        "T_cold": cold,
        "delta": delta,
        "alpha1": alpha_1,
        "heom_modes": int(variables["modes"][1].max()),
        "rectification_definition": f"|I_forward| / |I_reverse|; forward: T1 = {hot:g}, "
        f"T2 = {cold:g}; reverse: T1 = {cold:g}, T2 = {hot:g}; ratio = alpha1/alpha2",
        **points_computed(heom=result),
    }
    dataset = xr.Dataset(
        {
            **variables,
            "rectification": (("theta", "ratio"), np.abs(current[0] / current[1])),
        },
        coords={
            "direction": list(directions),
            "theta": np.array(thetas),
            "ratio": ratios,
            "alpha2": ("ratio", alpha_1 / ratios),
        },
        attrs=attrs,
    )
    return describe(dataset, LABELS)


def plot_fig4(dataset: xr.Dataset, path: Path) -> Path:
    """Draw the rectification ratio against α₁/α₂ (log x axis) for each θ."""
    figure, (axes,) = new_figure(1)
    for theta in dataset["theta"].values:
        values = dataset["rectification"].sel(theta=theta)
        axes.semilogx(dataset["ratio"], values, "o-", label=rf"$\theta = {theta / np.pi:g}\pi$")
    axes.axhline(1.0, color="0.5", linestyle=":")
    axes.set_xlabel(r"$\alpha_1 / \alpha_2$")
    axes.set_ylabel(r"$|I_\mathrm{forward}| / |I_\mathrm{reverse}|$")
    axes.legend()
    return save(figure, path)
