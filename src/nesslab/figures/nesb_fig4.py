"""Seed 004 Fig. 4: thermal rectification with asymmetric couplings α₁ ≠ α₂.

T_hot = 10, T_cold = 1, Δ = 0.5, α₁ = 0.01, α₂ = α₁ / r for r = α₁/α₂ on a geometric grid,
θ ∈ {π/2, π/8}; HEOM with fitted shared-rate expansions, each point at the depth where two
successive tiers each change I by < 1 % (:func:`nesslab.figures.nesb.converged_point`).
Forward: bath 1 hot (T₁ = 10, T₂ = 1); reverse: temperatures exchanged (T₁ = 1, T₂ = 10). The
rectification ratio is ``R = |I_forward| / |I_reverse|`` (I out of bath 1, so I_reverse < 0).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.nesb import common_attrs, converged_point, point_variables
from nesslab.figures.plotting import new_figure, save

THETAS = (np.pi / 2, np.pi / 8)
HOT, COLD = 10.0, 1.0
DELTA = 0.5
ALPHA_1 = 0.01
RATIO_RANGE = (0.1, 10.0)
DIRECTIONS = {"forward": (HOT, COLD), "reverse": (COLD, HOT)}


def fig4(points: int) -> xr.Dataset:
    """Compute seed 004 Fig. 4 on ``points`` values of α₁/α₂ in [0.1, 10] (geometric).

    Returns
    -------
    xarray.Dataset
        ``current(direction, theta, ratio)`` with its first-law ``residual``, ``depth``,
        ``depth_change`` and ``converged``, and ``rectification(theta, ratio)`` =
        |I_forward|/|I_reverse|; coordinate ``alpha2``.
    """
    ratios = np.geomspace(*RATIO_RANGE, points)
    grid = [
        [[converged_point(DELTA, t, (ALPHA_1, ALPHA_1 / r), temps) for r in ratios] for t in THETAS]
        for temps in DIRECTIONS.values()
    ]
    variables = point_variables(grid, ("direction", "theta", "ratio"))
    current = variables["current"][1]
    attrs = {
        **common_attrs(),
        "figure": "nesb-fig4",
        "T_hot": HOT,
        "T_cold": COLD,
        "delta": DELTA,
        "alpha1": ALPHA_1,
        "heom_modes": grid[0][0][0].modes,
        "rectification_definition": "|I_forward| / |I_reverse|; forward: T1 = 10, T2 = 1; "
        "reverse: T1 = 1, T2 = 10; ratio = alpha1/alpha2",
    }
    return xr.Dataset(
        {
            **variables,
            "rectification": (("theta", "ratio"), np.abs(current[0] / current[1])),
        },
        coords={
            "direction": list(DIRECTIONS),
            "theta": np.array(THETAS),
            "ratio": ratios,
            "alpha2": ("ratio", ALPHA_1 / ratios),
        },
        attrs=attrs,
    )


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
