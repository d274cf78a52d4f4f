"""Seed 004 Fig. 2: heat current vs the direction θ of bath 2's coupling, Δ = 0.1.

α ∈ {0.01, 0.02} (panel a) and {1, 4} (panel b), T₁ = 1, T₂ = 0.9, HEOM with fitted shared-rate
expansions, each point at the depth where two successive tiers each change I by less than the
tolerance (:func:`nesslab.figures.nesb.converged_point`); the strong-coupling panel needs the
deepest hierarchies, solved by GMRES with the tier preconditioner.
"""

from __future__ import annotations

from pathlib import Path
from string import ascii_lowercase

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
from nesslab.figures.plotting import flagged_line, new_figure, save
from nesslab.figures.run import FigureRun, points_computed

PANELS = ((0.01, 0.02), (1.0, 4.0))
TEMPERATURES = (1.0, 0.9)
DELTA = 0.1
LABELS = {
    **NESB,
    **heom_outputs(),
    "panel": Label("panel of the coupling alpha (0 = a, 1 = b, ...)"),
}


def fig2(
    points: int,
    run: FigureRun,
    *,
    panels: tuple[tuple[float, ...], ...] = PANELS,
    temperatures: tuple[float, float] = TEMPERATURES,
    delta: float = DELTA,
    depth_tolerance: float = DEPTH_TOLERANCE,
    max_depth: int = MAX_DEPTH,
) -> xr.Dataset:
    """Compute seed 004 Fig. 2 on ``points`` values of θ in [0, π/2].

    Parameters
    ----------
    points : int
        θ on ``linspace(0, π/2, points)``.
    run : FigureRun
        Sweep settings: one sweep per panel, grids "a", "b", ….
    panels : tuple of tuple of float
        The couplings α₁ = α₂ of each panel (distinct across panels).
    temperatures : tuple of float
        (T₁, T₂) in units of ω_c.
    delta : float
        Half gap Δ.
    depth_tolerance, max_depth : float, int
        The depth rule of :func:`nesslab.figures.nesb.converged_point`.

    Returns
    -------
    xarray.Dataset
        ``current(alpha, theta)``, its first-law ``residual``, and the ``depth``,
        ``depth_change``, ``converged`` flag and ``modes`` of every point; coordinate
        ``panel(alpha)`` (0 = a, 1 = b, …); attrs as for every seed-004 figure.
    """
    thetas = np.linspace(0.0, np.pi / 2, points)
    variables, sweeps = [], {}
    for index, alphas in enumerate(panels):
        label = ascii_lowercase[index]
        grid = [point_params(delta, t, (a, a), temperatures) for a in alphas for t in thetas]
        data, sweeps[label] = heom_sweep(
            run,
            label,
            grid,
            {"alpha": len(alphas), "theta": points},
            tolerance=depth_tolerance,
            max_depth=max_depth,
        )
        coords = {
            "alpha": np.array(alphas),
            "theta": thetas,
            "panel": ("alpha", np.full(len(alphas), index)),
        }
        variables.append(xr.Dataset(data, coords=coords))
    dataset = describe(xr.concat(variables, "alpha"), LABELS)
    dataset.attrs = {
        **common_attrs(depth_tolerance, max_depth),
        "figure": "nesb-fig2",
        "T1": temperatures[0],
        "T2": temperatures[1],
        "delta": delta,
        "heom_modes": int(dataset["modes"].max()),
        **points_computed(**sweeps),
    }
    return dataset


def plot_fig2(dataset: xr.Dataset, path: Path) -> Path:
    """Draw I vs θ/π, one panel per group of α (weak, strong); unconverged points open."""
    panels = np.unique(dataset["panel"].values)
    figure, axes = new_figure(panels.size)
    for panel, index in zip(axes, panels, strict=True):
        for alpha in dataset["alpha"].values[dataset["panel"].values == index]:
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
        axes[-1].set_title("open symbols: depth not converged", fontsize="small")
    return save(figure, path)
