"""Seed 004 Fig. 3: the optimal angle θ* that maximises the heat current, vs coupling α.

For each α (α₁ = α₂) and half gap Δ, I(θ) is computed on a uniform grid of θ ∈ [0, π/2] (T₁ = 1,
T₂ = 0.9, HEOM with fitted shared-rate expansions, every point at the depth where two successive
tiers each change I by less than the tolerance, :func:`nesslab.figures.nesb.converged_point`);
θ* is the grid maximum refined by the parabola through it and its two neighbours (a maximum on
the edge stays there), and I_opt = I(θ*) from the same parabola. Panel (a) of the paper is
θ*(α), panel (b) I_opt(α), for Δ = 0.1, 0.05, 0.025, 0, all four here. At Δ = 0 and θ = π/2
both couplings are σx, which is then conserved: the NESS is not unique, and I = 0 exactly in
every sector (:func:`nesslab.figures.nesb.conserves_sigma_x`), which is the value used there;
at weak coupling I(θ) ∝ cos²θ at Δ = 0, so it tends to zero continuously. The paper's
regimes: (I) θ* = π/2 at very weak coupling (Δ > 0), (II) a transition to (III) θ* = 0, and (IV)
0 < θ* < π/2 at very strong coupling.

A (Δ, α) whose I(θ) has a point that did not converge by the largest depth is flagged
(``converged_opt`` = 0) and drawn with open symbols; the figure is then not a reproduction there.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import NESB, Label, describe, heat_current, heom_outputs
from nesslab.figures.nesb import (
    DEPTH_TOLERANCE,
    MAX_DEPTH,
    common_attrs,
    heom_sweep,
    point_params,
)
from nesslab.figures.plotting import flagged_line, new_figure, save
from nesslab.figures.run import FigureRun, points_computed

DELTAS = (0.1, 0.05, 0.025, 0.0)
TEMPERATURES = (1.0, 0.9)
ALPHA_RANGE = (0.005, 4.0)
LABELS = {
    **NESB,
    **heom_outputs(),
    "theta_opt": Label("optimal angle theta* maximising I over theta in [0, pi/2]", "rad"),
    "current_opt": heat_current("largest heat current I(theta*) out of bath 1"),
    "converged_opt": Label("every theta of I(theta) converged in depth (1) or not (0)"),
}


def optimum(thetas: np.ndarray, currents: np.ndarray) -> tuple[float, float]:
    """Maximiser and maximum of I(θ) sampled on a uniform grid ``thetas`` (rad).

    The grid maximum is refined by the parabola through it and its neighbours; a maximum at
    either end of the grid is returned as it is.

    Raises
    ------
    ValueError
        If ``thetas`` is not a uniform increasing grid of ≥ 3 points matching ``currents``.
    """
    thetas = np.asarray(thetas, dtype=float)
    currents = np.asarray(currents, dtype=float)
    steps = np.diff(thetas)
    if thetas.size < 3 or currents.shape != thetas.shape:
        raise ValueError("thetas and currents must be 1-d of one size >= 3")
    if steps.min() <= 0 or np.ptp(steps) > 1e-9 * steps.mean():
        raise ValueError("thetas must be a uniform increasing grid")
    best = int(np.argmax(currents))
    if best in (0, thetas.size - 1):
        return float(thetas[best]), float(currents[best])
    left, middle, right = currents[best - 1 : best + 2]
    curvature = left - 2 * middle + right
    shift = 0.5 * (left - right) / curvature
    return float(thetas[best] + shift * steps[0]), float(middle - 0.25 * (left - right) * shift)


def fig3(
    points: int,
    run: FigureRun,
    *,
    deltas: tuple[float, ...] = DELTAS,
    temperatures: tuple[float, float] = TEMPERATURES,
    alpha_range: tuple[float, float] = ALPHA_RANGE,
    depth_tolerance: float = DEPTH_TOLERANCE,
    max_depth: int = MAX_DEPTH,
) -> xr.Dataset:
    """Compute seed 004 Fig. 3 with ``points`` values of α and of θ.

    Both panels come from one grid over (Δ, α, θ): one sweep, grid "heom".

    Parameters
    ----------
    points : int
        α on ``geomspace(*alpha_range)`` and θ on ``linspace(0, π/2)`` (≥ 3 points for θ*).
    run : FigureRun
        Sweep settings.
    deltas : tuple of float
        Half gaps Δ ≥ 0 (at Δ = 0, θ = π/2 the current is zero exactly: module docstring).
    temperatures : tuple of float
        (T₁, T₂) in units of ω_c.
    alpha_range : tuple of float
        Range of α₁ = α₂.
    depth_tolerance, max_depth : float, int
        The depth rule of :func:`nesslab.figures.nesb.converged_point`.

    Returns
    -------
    xarray.Dataset
        ``current(delta, alpha, theta)`` with its first-law ``residual``, ``depth``,
        ``depth_change``, ``converged`` and ``modes``; ``theta_opt(delta, alpha)`` (rad),
        ``current_opt(delta, alpha)`` and ``converged_opt(delta, alpha)`` (every θ converged);
        attrs give parameters, units and the convergence rule.

    Raises
    ------
    ValueError
        For fewer than 3 points.
    """
    if points < 3:
        raise ValueError(f"points must be >= 3 to locate an interior optimum, got {points}")
    alphas = np.geomspace(*alpha_range, points)
    thetas = np.linspace(0.0, np.pi / 2, points)
    grid = [
        point_params(d, t, (a, a), temperatures) for d in deltas for a in alphas for t in thetas
    ]
    variables, result = heom_sweep(
        run,
        "heom",
        grid,
        {"delta": len(deltas), "alpha": points, "theta": points},
        tolerance=depth_tolerance,
        max_depth=max_depth,
    )
    optima = np.array(
        [[optimum(thetas, row) for row in plane] for plane in variables["current"][1]]
    )
    attrs = {
        **common_attrs(depth_tolerance, max_depth),
        "figure": "nesb-fig3",
        "T1": temperatures[0],
        "T2": temperatures[1],
        "theta_opt": "argmax over theta in [0, pi/2] of I (grid maximum refined by a parabola)",
        "heom_modes": int(variables["modes"][1].max()),
        **points_computed(heom=result),
    }
    dataset = xr.Dataset(
        {
            **variables,
            "theta_opt": (("delta", "alpha"), optima[..., 0]),
            "current_opt": (("delta", "alpha"), optima[..., 1]),
            "converged_opt": (("delta", "alpha"), variables["converged"][1].all(axis=-1)),
        },
        coords={"delta": np.array(deltas), "alpha": alphas, "theta": thetas},
        attrs=attrs,
    )
    return describe(dataset, LABELS)


def plot_fig3(dataset: xr.Dataset, path: Path) -> Path:
    """Draw (a) θ*/π and (b) I_opt vs α (log α); unconverged points as open symbols."""
    figure, axes = new_figure(2)
    for delta in dataset["delta"].values:
        plane = dataset.sel(delta=delta)
        angle = plane["theta_opt"] / np.pi
        for panel, values in zip(axes, (angle, plane["current_opt"]), strict=True):
            flagged_line(
                panel, plane["alpha"], values, plane["converged_opt"], rf"$\Delta = {delta:g}$"
            )
    axes[0].set_xscale("log")
    axes[1].set_xscale("log")
    axes[1].set_yscale("log")
    axes[0].set_ylabel(r"$\theta^* / \pi$")
    axes[1].set_ylabel(r"$I_{opt}$")
    for panel in axes:
        panel.set_xlabel(r"$\alpha$")
        panel.legend(fontsize="small")
    if not dataset["converged_opt"].all():
        axes[0].set_title("open symbols: depth not converged", fontsize="small")
    return save(figure, path)
