"""Seed 004 Fig. 3: the optimal angle θ* that maximises the heat current, vs coupling α.

For each α (α₁ = α₂) and half gap Δ, I(θ) is computed on a uniform grid of θ ∈ [0, π/2]
(T₁ = 1, T₂ = 0.9, HEOM with fitted shared-rate expansions, depth 4); θ* is the grid maximum
refined by the parabola through it and its two neighbours (a maximum on the edge stays there),
and I_opt = I(θ*) from the same parabola. Panel (a) of the paper is θ*(α), panel (b) I_opt(α),
for Δ = 0.1, 0.05, 0.025, 0; here Δ = 0.1 and 0.025 (at Δ = 0 and θ = π/2 both couplings are
σx, which is then conserved, so the NESS is not unique). The paper's regimes:
(I) θ* = π/2 at very weak coupling (Δ > 0), (II) a transition to (III) θ* = 0, and (IV)
0 < θ* < π/2 at very strong coupling.

Every α carries a depth check at θ = π/4, Δ = 0.1: the relative change of I from depth 3 to 4.
Where it exceeds :data:`CONVERGED_CHANGE` the point is flagged (``converged = False``) and drawn
with open symbols; the figure is then not a reproduction there.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.nesb import DEPTH, common_attrs, heom_point
from nesslab.figures.plotting import new_figure, save

DELTAS = (0.1, 0.025)
TEMPERATURES = (1.0, 0.9)
ALPHA_RANGE = (0.005, 4.0)
CHECK_DELTA = 0.1
CHECK_THETA = np.pi / 4
CONVERGED_CHANGE = 0.05


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


def _depth_change(alpha: float) -> float:
    """|I(depth) − I(depth − 1)| / |I(depth)| at θ = π/4, Δ = 0.1 (the convergence flag)."""
    values = [
        heom_point(CHECK_DELTA, CHECK_THETA, (alpha, alpha), TEMPERATURES, d).current
        for d in (DEPTH - 1, DEPTH)
    ]
    return abs(values[1] - values[0]) / abs(values[1])


def fig3(points: int) -> xr.Dataset:
    """Compute seed 004 Fig. 3 with ``points`` values of α and of θ.

    Parameters
    ----------
    points : int
        α on ``geomspace(0.005, 4)`` and θ on ``linspace(0, π/2)`` (≥ 3 points for θ*).

    Returns
    -------
    xarray.Dataset
        ``current(delta, alpha, theta)`` and its first-law ``residual``, ``theta_opt(delta,
        alpha)`` (rad), ``current_opt(delta, alpha)``, ``depth_change(alpha)`` and
        ``converged(alpha)``; attrs give parameters, units and the convergence criterion.
    """
    if points < 3:
        raise ValueError(f"points must be >= 3 to locate an interior optimum, got {points}")
    alphas = np.geomspace(*ALPHA_RANGE, points)
    thetas = np.linspace(0.0, np.pi / 2, points)
    grid = [
        [[heom_point(d, t, (a, a), TEMPERATURES) for t in thetas] for a in alphas] for d in DELTAS
    ]
    current = np.array([[[p.current for p in row] for row in plane] for plane in grid])
    residual = np.array([[[p.first_law_residual for p in row] for row in plane] for plane in grid])
    optima = np.array([[optimum(thetas, row) for row in plane] for plane in current])
    change = np.array([_depth_change(a) for a in alphas])
    attrs = {
        **common_attrs(),
        "figure": "nesb-fig3",
        "T1": TEMPERATURES[0],
        "T2": TEMPERATURES[1],
        "theta_opt": "argmax over theta in [0, pi/2] of I (grid maximum refined by a parabola)",
        "depth_check": f"depth_change = |I(d={DEPTH}) - I(d={DEPTH - 1})| / |I(d={DEPTH})| at "
        f"theta = pi/4, Delta = {CHECK_DELTA:g}",
        "converged_if_depth_change_below": CONVERGED_CHANGE,
        "heom_modes": grid[0][0][0].modes,
    }
    return xr.Dataset(
        {
            "current": (("delta", "alpha", "theta"), current),
            "residual": (("delta", "alpha", "theta"), residual),
            "theta_opt": (("delta", "alpha"), optima[..., 0]),
            "current_opt": (("delta", "alpha"), optima[..., 1]),
            "depth_change": ("alpha", change),
            "converged": ("alpha", (change < CONVERGED_CHANGE).astype(np.int8)),
        },
        coords={"delta": np.array(DELTAS), "alpha": alphas, "theta": thetas},
        attrs=attrs,
    )


def plot_fig3(dataset: xr.Dataset, path: Path) -> Path:
    """Draw (a) θ*/π and (b) I_opt vs α (log α); unconverged points as open symbols."""
    figure, axes = new_figure(2)
    converged = dataset["converged"].values.astype(bool)
    alphas = dataset["alpha"].values
    for delta in dataset["delta"].values:
        angle = dataset["theta_opt"].sel(delta=delta).values / np.pi
        best = dataset["current_opt"].sel(delta=delta).values
        for panel, values in zip(axes, (angle, best), strict=True):
            (line,) = panel.plot(alphas, values, "-", label=rf"$\Delta = {delta:g}$")
            panel.plot(alphas[converged], values[converged], "o", color=line.get_color())
            panel.plot(
                alphas[~converged], values[~converged], "o", mfc="none", color=line.get_color()
            )
    axes[0].set_xscale("log")
    axes[1].set_xscale("log")
    axes[1].set_yscale("log")
    axes[0].set_ylabel(r"$\theta^* / \pi$")
    axes[1].set_ylabel(r"$I_{opt}$")
    for panel in axes:
        panel.set_xlabel(r"$\alpha$")
        panel.legend(fontsize="small")
    if not converged.all():
        axes[0].set_title("open symbols: depth not converged", fontsize="small")
    return save(figure, path)
