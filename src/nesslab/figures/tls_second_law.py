"""Seed 002 Sec. III: where the local approach violates the second law, over (Δω, Ω).

The local flow (Eq. 15) has ``sign(J₁) = sign(n₁(ω₁) − n₂(ω₂))``: with reservoir 2 hotter
(T₂ > T₁) the local approach pumps heat out of the cold reservoir 1 — σ < 0 — wherever
ω₂/T₂ > ω₁/T₁, i.e. Δω < ω₁(1 − T₂/T₁) = −0.1ω₁, at any Ω. The map draws σ of the local
approach with that boundary, and computes σ of "global", "partial_secular" (seed 002's,
``criterion="frequency_sign"``) and "redfield" on the same grid, which stay ≥ 0.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.colors import SymLogNorm

from nesslab.environment.spectral import bose_einstein
from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun, points_computed
from nesslab.figures.tls_maps import (
    APPROACH_OPTIONS,
    COUPLING_MAX,
    LABELS,
    OMEGA1,
    SIGN_CONVENTION,
    TEMPERATURES,
    common_attrs,
    flow_point,
)

DETUNING_RANGE = (-0.2, 0.2)
GAMMA1 = 0.01
SYMLOG_RANGE = 1e-3
"""The colour scale of σ is linear within this fraction of its largest |σ|, logarithmic beyond."""
APPROACHES = ("local", "global", "partial_secular", "redfield")
BOUNDARY = OMEGA1 * (1 - TEMPERATURES[1] / TEMPERATURES[0])
"""Δω where n₁(ω₁) = n₂(ω₂): ω₂/T₂ = ω₁/T₁."""
SECOND_LAW_LABELS = {
    **{key: LABELS[key] for key in ("detuning", "coupling")},
    "occupation_difference": Label("n_1(omega_1) - n_2(omega_2), Bose occupations of the baths"),
    **{
        f"entropy_production_{a}": Label(f"entropy production rate sigma ({a})", "omega_1")
        for a in APPROACHES
    },
    **{
        f"flow_{a}": Label(f"NESS energy flow J^st = -J_1 ({a})", "omega_1^2", SIGN_CONVENTION)
        for a in APPROACHES
    },
}


def occupation_difference(detunings: np.ndarray) -> np.ndarray:
    """``n₁(ω₁) − n₂(ω₂)`` with ω₂ = ω₁ − Δω: its sign is the local approach's sign of J₁."""
    omega2 = OMEGA1 - np.asarray(detunings, float)
    return bose_einstein(OMEGA1, TEMPERATURES[0]) - bose_einstein(omega2, TEMPERATURES[1])


def second_law(
    points: int,
    run: FigureRun,
    *,
    detuning_range: tuple[float, float] = DETUNING_RANGE,
    coupling_max: float = COUPLING_MAX,
    gamma1: float = GAMMA1,
) -> xr.Dataset:
    """Compute σ and J^st of four approaches on a ``points × points`` (Δω, Ω) grid.

    Parameters
    ----------
    points : int
        Grid size per axis.
    run : FigureRun
        Sweep settings (one grid per approach, named after it).
    detuning_range : tuple of float
        Δω range (units of ω₁), uniform.
    coupling_max : float
        Ω ∈ (0, coupling_max] (units of ω₁), uniform.
    gamma1 : float
        γ₁(ω₁) = c₁ (units of ω₁); c₂ = 2c₁.

    Returns
    -------
    xarray.Dataset
        ``entropy_production_<approach>`` and ``flow_<approach>`` over
        ``(detuning, coupling)``, ``occupation_difference(detuning)``; attrs
        ``boundary_detuning`` (where n₁(ω₁) = n₂(ω₂)) and ``negative_points_<approach>``
        (how many grid points have σ < 0).
    """
    grid = {
        "detuning": np.linspace(*detuning_range, points),
        "coupling": np.linspace(0.0, coupling_max, points + 1)[1:],
    }
    data, results, negative = {}, {}, {}
    for approach in APPROACHES:
        point = partial(flow_point, gamma1=gamma1, approach=approach)
        config = {"approach": approach, "options": APPROACH_OPTIONS[approach], "gamma1": gamma1}
        result = results[approach] = run.sweep(point, grid, approach, config)
        sigma = result["entropy_production"].values
        data[f"entropy_production_{approach}"] = (("detuning", "coupling"), sigma)
        data[f"flow_{approach}"] = (("detuning", "coupling"), result["flow"].values)
        negative[f"negative_points_{approach}"] = int((sigma < 0).sum())
    data["occupation_difference"] = ("detuning", occupation_difference(grid["detuning"]))
    attrs = {
        **common_attrs(),
        "figure": "tls-second-law",
        "gamma1": gamma1,
        "boundary_detuning": BOUNDARY,
        **negative,
        **points_computed(**results),
    }
    return describe(xr.Dataset(data, coords=grid, attrs=attrs), SECOND_LAW_LABELS)


def plot_second_law(dataset: xr.Dataset, path: Path) -> Path:
    """σ of the local approach with the boundary n₁ = n₂, and the smallest σ of the others."""
    figure, (left, right) = new_figure(2)
    sigma = dataset["entropy_production_local"]
    scale = float(np.abs(sigma).max())
    norm = SymLogNorm(SYMLOG_RANGE * scale, vmin=-scale, vmax=scale)
    mesh = left.pcolormesh(
        dataset["detuning"],
        dataset["coupling"],
        sigma.T,
        shading="nearest",
        cmap="RdBu_r",
        norm=norm,
    )
    figure.colorbar(mesh, ax=left).ax.set_title(r"$\sigma$", fontsize="small")
    for axes in (left, right):
        axes.axvline(
            dataset.attrs["boundary_detuning"],
            color="k",
            ls="--",
            lw=1,
            label=r"$n_1(\omega_1) = n_2(\omega_2)$",
        )
        axes.set_xlabel(r"$\Delta\omega/\omega_1$")
    left.set_ylabel(r"$\Omega/\omega_1$")
    left.set_title(r"local: $\sigma < 0$ (blue) violates the second law", fontsize="small")
    for approach in APPROACHES[1:]:
        smallest = dataset[f"entropy_production_{approach}"].min("coupling")
        right.plot(dataset["detuning"], smallest, label=approach.replace("_", " "))
    right.plot(dataset["detuning"], sigma.min("coupling"), "k:", label="local")
    right.set_ylabel(r"$\min_\Omega \sigma$")
    right.set_yscale("symlog", linthresh=1e-9)
    right.legend(fontsize="x-small")
    return save(figure, path)
