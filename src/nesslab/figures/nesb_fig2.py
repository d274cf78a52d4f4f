"""Seed 004 Fig. 2: heat current vs the direction θ of bath 2's coupling, Δ = 0.1.

α ∈ {0.01, 0.02} (panel a) and {1, 4} (panel b), T₁ = 1, T₂ = 0.9, HEOM depth 4 with fitted
shared-rate expansions (10 modes). Depth 4 is converged at weak coupling but NOT at α = 1, 4
(θ = π/4: depth 3 → 4 changes I by 16 % and 6 %, depth 4 → 5 by 4 % and 18 %; the α = 4 check is
stored in the attrs), and depth 5 takes minutes per point on two cores, so panel (b) is a depth-4
estimate only, not a reproduction of the paper's strong-coupling curves.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.nesb import DEPTH, common_attrs, depth_check, heom_point
from nesslab.figures.plotting import new_figure, save

ALPHAS = (0.01, 0.02, 1.0, 4.0)
PANELS = ((0.01, 0.02), (1.0, 4.0))
TEMPERATURES = (1.0, 0.9)
DELTA = 0.1


def fig2(points: int) -> xr.Dataset:
    """Compute seed 004 Fig. 2 on ``points`` values of θ in [0, π/2].

    Returns
    -------
    xarray.Dataset
        ``current(alpha, theta)`` and its first-law ``residual``; attrs as for every seed-004
        figure plus a depth check at the strongest coupling.
    """
    thetas = np.linspace(0.0, np.pi / 2, points)
    grid = [[heom_point(DELTA, t, (a, a), TEMPERATURES) for t in thetas] for a in ALPHAS]
    dims = ("alpha", "theta")
    attrs = {
        **common_attrs(),
        "figure": "nesb-fig2",
        "T1": TEMPERATURES[0],
        "T2": TEMPERATURES[1],
        "delta": DELTA,
        "heom_modes": grid[0][0].modes,
        "converged": "alpha = 0.01, 0.02 only; alpha = 1, 4 are unconverged depth-4 estimates",
        **depth_check(DELTA, np.pi / 4, (ALPHAS[-1],) * 2, TEMPERATURES),
    }
    return xr.Dataset(
        {
            "current": (dims, np.array([[p.current for p in row] for row in grid])),
            "residual": (dims, np.array([[p.first_law_residual for p in row] for row in grid])),
        },
        coords={"alpha": np.array(ALPHAS), "theta": thetas},
        attrs=attrs,
    )


def plot_fig2(dataset: xr.Dataset, path: Path) -> Path:
    """Draw I vs θ/π: panel (a) weak, panel (b) strong coupling (depth-4 estimate)."""
    figure, axes = new_figure(2)
    for panel, alphas in zip(axes, PANELS, strict=True):
        for alpha in alphas:
            values = dataset["current"].sel(alpha=alpha)
            panel.plot(dataset["theta"] / np.pi, values, "o-", label=rf"$\alpha = {alpha:g}$")
        panel.set_xlabel(r"$\theta / \pi$")
        panel.set_ylabel("I")
        panel.legend()
    axes[1].set_title(f"depth {DEPTH}, not converged", fontsize="small")
    return save(figure, path)
