"""Seed 004 Fig. 2: heat current vs the direction θ of bath 2's coupling, Δ = 0.1.

α ∈ {0.01, 0.02} (panel a) and {1, 4} (panel b), T₁ = 1, T₂ = 0.9, HEOM with fitted shared-rate
expansions (8 modes), each point at the depth where two successive tiers each change I by < 1 %
(:func:`nesslab.figures.nesb.converged_point`): depth 5 at weak coupling, 7 at α = 1 and 9 at
α = 4 (24 310 ADOs, solved by GMRES with the tier preconditioner).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.nesb import common_attrs, converged_point, point_variables
from nesslab.figures.plotting import flagged_line, new_figure, save

ALPHAS = (0.01, 0.02, 1.0, 4.0)
PANELS = ((0.01, 0.02), (1.0, 4.0))
TEMPERATURES = (1.0, 0.9)
DELTA = 0.1


def fig2(points: int) -> xr.Dataset:
    """Compute seed 004 Fig. 2 on ``points`` values of θ in [0, π/2].

    Returns
    -------
    xarray.Dataset
        ``current(alpha, theta)``, its first-law ``residual``, and the ``depth``,
        ``depth_change`` and ``converged`` flag of every point; attrs as for every seed-004
        figure.
    """
    thetas = np.linspace(0.0, np.pi / 2, points)
    grid = [[converged_point(DELTA, t, (a, a), TEMPERATURES) for t in thetas] for a in ALPHAS]
    attrs = {
        **common_attrs(),
        "figure": "nesb-fig2",
        "T1": TEMPERATURES[0],
        "T2": TEMPERATURES[1],
        "delta": DELTA,
        "heom_modes": grid[0][0].modes,
    }
    return xr.Dataset(
        point_variables(grid, ("alpha", "theta")),
        coords={"alpha": np.array(ALPHAS), "theta": thetas},
        attrs=attrs,
    )


def plot_fig2(dataset: xr.Dataset, path: Path) -> Path:
    """Draw I vs θ/π: panel (a) weak, panel (b) strong coupling; unconverged points open."""
    figure, axes = new_figure(2)
    for panel, alphas in zip(axes, PANELS, strict=True):
        for alpha in alphas:
            point = dataset.sel(alpha=alpha)
            flagged_line(
                panel,
                point["theta"] / np.pi,
                point["current"],
                point["converged"],
                rf"$\alpha = {alpha:g}$",
            )
        panel.set_xlabel(r"$\theta / \pi$")
        panel.set_ylabel("I")
        panel.legend()
    if not dataset["converged"].all():
        axes[1].set_title("open symbols: depth not converged", fontsize="small")
    return save(figure, path)
