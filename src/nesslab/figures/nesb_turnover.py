"""Seed 004's turnover: the heat current I(α) into strong coupling, by the HEOM, RC and NIBA.

Seed 004 (Fig. 1(a), Fig. 3(b)) reports that I(α) turns over at strong coupling for every
coupling angle θ. This recipe computes I(α) at Δ = 0.05, T₁ = 1, T₂ = 0.9 for θ = 0, π/4, π/2
by two routes:

* the HEOM (:func:`nesslab.figures.nesb.converged_point`, the depth raised to
  ``heom_max_depth``), for α ≤ ``heom_alpha_max`` only: towards it the truncated hierarchy
  stops converging by depth 10 (it oscillates from one depth to the next), first for
  θ = π/4 and π/2, and those points are flagged;
* the reaction-coordinate route (:mod:`nesslab.generators.reaction_coordinate`) over the whole
  range, the RC levels raised until two successive levels each change I by less than
  ``rc_tolerance`` (:func:`nesslab.analysis.converge_levels`).

Seed 004's J(ω) = παω³/(1 + ω²)⁴ maps to an RC at Ω = ω_c = 1 with λ² = πα/32 and a residual
bath that does not depend on α, J_res(Ω)/Ω = 0.5: its Born–Markov treatment is outside its
validity at every α, so the RC route is an independent but approximate second route here, and
its difference from the HEOM where both converge is part of the result (``rc_heom_gap``).
At θ = π/4 its I(α) is not even smooth: the augmented spectrum has near-degeneracies far
below the residual rates there, and the Redfield residual (without its Lamb shift) is not to
be trusted; at the largest α its GMRES can stagnate, and such a point is NaN, unconverged.
The RC GMRES is capped at ``RC_GMRES_CYCLES`` restart cycles of 200 iterations (the library
default allows 20): every point seen converging needed fewer, and a stagnating one gives up
after about a third of the iterations the default would spend (``Auto`` does not retry it with
the direct solve above ``direct_size`` unknowns: two RCs of 10 levels make 40,000).

At θ = π/2 (both baths on σx) a third route applies: the NIBA golden rule
(:func:`nesslab.niba.niba_heat_current`), exact to O(Δ²) once the coherent tunnelling it leaves
out is negligible (zero-phonon weight ≤ ``ZERO_PHONON_LIMIT``, its "converged" flag here),
which at Δ = 0.05 is the strong-coupling side; ``niba_heom_gap`` is its difference from the
HEOM where both hold.

Each route's maximum is located on the α grid among its converged points (``alpha_max``); it
has turned over (``turned_over`` = 1) when that maximum is interior: converged points on both
sides lie below it.
"""

from __future__ import annotations

import warnings
from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.ticker import NullFormatter

from nesslab.analysis import converge_levels
from nesslab.analysis.validity import ValidityWarning
from nesslab.figures.labels import NESB, Label, describe, heat_current, heom_outputs
from nesslab.figures.nesb import (
    common_attrs,
    couplings_commute,
    heom_sweep,
    nesb_baths,
    point_params,
)
from nesslab.figures.plotting import flagged_line, new_figure, save
from nesslab.figures.run import FigureRun, points_computed
from nesslab.generators.reaction_coordinate import (
    ReactionCoordinateWarning,
    top_level_populations,
)
from nesslab.limits import ResourceLimitError
from nesslab.models.few_body import spin_boson
from nesslab.niba import niba_heat_current
from nesslab.solve.linalg import ConvergenceError
from nesslab.solve.steady import Auto
from nesslab.solve.sylvester import SylvesterGMRES

THETAS = (0.0, np.pi / 4, np.pi / 2)
DELTA = 0.05
TEMPERATURES = (1.0, 0.9)
ALPHA_RANGE = (0.5, 16.0)
HEOM_ALPHA_MAX = 8.0
HEOM_MAX_DEPTH = 10
DEPTH_TOLERANCE = 0.02
RC_LEVELS = (4, 12)
RC_TOLERANCE = 0.01
RC_GMRES_CYCLES = 7
RC_OUTPUTS = ("current", "levels", "level_change", "converged", "edge_population")
LABELS = {
    **NESB,
    **heom_outputs("heom_", " (HEOM)"),
    "rc_current": heat_current("reaction-coordinate heat current I out of bath 1"),
    "rc_levels": Label("Fock levels of each reaction coordinate at the current"),
    "rc_level_change": Label("relative change of I over the last two RC levels"),
    "rc_converged": Label("RC levels converged (1) or stopped at the largest (0)"),
    "rc_edge_population": Label("population of the highest kept RC level (largest of the two)"),
    "rc_heom_gap": Label("(I_RC - I_HEOM) / I_HEOM where both converged"),
    "niba_current": heat_current("NIBA heat current I out of bath 1 (theta = pi/2 only)"),
    "niba_zero_phonon_weight": Label("coherent-tunnelling weight Z that NIBA leaves out"),
    "niba_converged": Label("NIBA within its validity, Z <= ZERO_PHONON_LIMIT (1) or not (0)"),
    "niba_heom_gap": Label("(I_NIBA - I_HEOM) / I_HEOM where both hold"),
    "route": Label("route: the HEOM, the reaction-coordinate (RC) approach or NIBA"),
    "alpha_max": Label("alpha of the largest converged current on the grid"),
    "turned_over": Label("the largest converged current is interior (1) or at an end (0)"),
}


def rc_point(
    delta: float,
    theta: float,
    alpha_1: float,
    alpha_2: float,
    t_1: float,
    t_2: float,
    *,
    levels: tuple[int, int] = RC_LEVELS,
    tolerance: float = RC_TOLERANCE,
) -> dict[str, float]:
    """The RC current of one point, converged in the RC levels (module docstring).

    A point whose RC steady state cannot be solved at some level (GMRES stagnates and the
    direct fallback is skipped or over the memory limit) is returned as NaN, unconverged,
    levels 0.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReactionCoordinateWarning)
        try:
            result = converge_levels(
                spin_boson(delta, theta),
                nesb_baths((alpha_1, alpha_2), (t_1, t_2)),
                "1",
                start_levels=levels[0],
                max_levels=levels[1],
                tolerance=tolerance,
                method=Auto(operator_sum=SylvesterGMRES(max_restarts=RC_GMRES_CYCLES)),
            )
        except (ConvergenceError, ResourceLimitError):
            nan = float("nan")
            return dict(zip(RC_OUTPUTS, (nan, 0, nan, np.int8(0), nan), strict=True))
    generator, state = result.details
    return {
        "current": result.value,
        "levels": result.parameter,
        "level_change": result.change,
        "converged": np.int8(result.converged),
        "edge_population": max(top_level_populations(generator, state.vector).values()),
    }


def grid_maximum(alphas: np.ndarray, currents: np.ndarray, converged: np.ndarray) -> tuple:
    """``(α of the largest converged current, whether it is interior)``; (NaN, False) if none.

    Interior: at least one converged point on each side of it (all of them lower).
    """
    valid = np.asarray(converged, dtype=bool) & np.isfinite(currents)
    if not valid.any():
        return float("nan"), False
    indices = np.flatnonzero(valid)
    best = indices[np.argmax(np.asarray(currents)[valid])]
    return float(alphas[best]), bool(indices[0] < best < indices[-1])


def turnover(
    points: int,
    run: FigureRun,
    *,
    delta: float = DELTA,
    thetas: tuple[float, ...] = THETAS,
    temperatures: tuple[float, float] = TEMPERATURES,
    alpha_range: tuple[float, float] = ALPHA_RANGE,
    heom_alpha_max: float = HEOM_ALPHA_MAX,
    heom_max_depth: int = HEOM_MAX_DEPTH,
    depth_tolerance: float = DEPTH_TOLERANCE,
    rc_levels: tuple[int, int] = RC_LEVELS,
    rc_tolerance: float = RC_TOLERANCE,
) -> xr.Dataset:
    """I(α) by the HEOM and the RC route, and where each turns over (module docstring).

    Parameters
    ----------
    points : int
        α on ``geomspace(*alpha_range, points)`` (≥ 3).
    run : FigureRun
        Sweep settings (grids "heom" and "rc").
    delta : float
        Half gap Δ (H_S = Δσz), in ω_c.
    thetas : tuple of float
        Coupling angles of bath 2 (rad).
    temperatures : tuple of float
        (T₁, T₂) in ω_c.
    alpha_range : tuple of float
        Range of α₁ = α₂.
    heom_alpha_max : float
        Largest α the HEOM is run at (NaN above, ``heom_converged`` = 0).
    heom_max_depth, depth_tolerance : int, float
        The depth rule of :func:`nesslab.figures.nesb.converged_point`.
    rc_levels : tuple of int
        First and largest RC levels.
    rc_tolerance : float
        Relative tolerance of the level rule.

    Returns
    -------
    xarray.Dataset
        ``heom_*(theta, alpha)`` (:func:`nesslab.figures.nesb.heom_sweep`), ``rc_*(theta,
        alpha)`` (:func:`rc_point`), ``niba_*(theta, alpha)`` (:func:`niba_curves`),
        ``rc_heom_gap`` and ``niba_heom_gap(theta, alpha)``, and per ``(route, theta)``
        ``alpha_max`` and ``turned_over``.

    Raises
    ------
    ValueError
        For fewer than 3 points.
    """
    if points < 3:
        raise ValueError(f"points must be >= 3 to see a maximum, got {points}")
    alphas = np.geomspace(*alpha_range, points)
    heom_alphas = alphas[alphas <= heom_alpha_max * (1 + 1e-12)]
    shape = {"theta": len(thetas), "alpha": points}
    heom, heom_result = heom_sweep(
        run,
        "heom",
        [point_params(delta, t, (a, a), temperatures) for t in thetas for a in heom_alphas],
        {"theta": len(thetas), "alpha": len(heom_alphas)},
        tolerance=depth_tolerance,
        max_depth=heom_max_depth,
        prefix="heom_",
    )
    heom = {name: (dims, _padded(values, points)) for name, (dims, values) in heom.items()}
    rc_result = run.sweep(
        partial(rc_point, levels=tuple(rc_levels), tolerance=rc_tolerance),
        [point_params(delta, t, (a, a), temperatures) for t in thetas for a in alphas],
        "rc",
        config={"levels": list(rc_levels), "tolerance": rc_tolerance},
    )
    rc = {
        f"rc_{name}": (tuple(shape), rc_result[name].values.reshape(tuple(shape.values())))
        for name in RC_OUTPUTS
    }
    niba = niba_curves(delta, thetas, temperatures, alphas)
    gap, niba_gap = (
        np.where(
            (heom["heom_converged"][1] == 1) & (other[f"{route}_converged"][1] == 1),
            other[f"{route}_current"][1] / heom["heom_current"][1] - 1,
            np.nan,
        )
        for route, other in (("rc", rc), ("niba", niba))
    )
    maxima = np.array(
        [
            [
                grid_maximum(alphas, current, converged)
                for current, converged in zip(
                    variables[f"{route}_current"][1],
                    variables[f"{route}_converged"][1],
                    strict=True,
                )
            ]
            for route, variables in (("heom", heom), ("rc", rc), ("niba", niba))
        ]
    )
    attrs = {
        **common_attrs(depth_tolerance, heom_max_depth),
        "figure": "nesb-turnover",
        "delta": delta,
        "T1": temperatures[0],
        "T2": temperatures[1],
        "heom_alpha_max": heom_alpha_max,
        "rc_rule": f"RC levels raised from {rc_levels[0]} until two successive levels each "
        f"change I by < {rc_tolerance:g} relative, or {rc_levels[1]}; residual bath by "
        "Bloch-Redfield, J_res(Omega)/Omega = 0.5 for this J (outside Born-Markov validity)",
        **points_computed(heom=heom_result, rc=rc_result),
    }
    dataset = xr.Dataset(
        {
            **heom,
            **rc,
            **niba,
            "rc_heom_gap": (("theta", "alpha"), gap),
            "niba_heom_gap": (("theta", "alpha"), niba_gap),
            "alpha_max": (("route", "theta"), maxima[..., 0].astype(float)),
            "turned_over": (("route", "theta"), maxima[..., 1].astype(np.int8)),
        },
        coords={"theta": np.array(thetas), "alpha": alphas, "route": ["heom", "rc", "niba"]},
        attrs=attrs,
    )
    return describe(dataset, LABELS)


def niba_curves(
    delta: float,
    thetas: tuple[float, ...],
    temperatures: tuple[float, float],
    alphas: np.ndarray,
) -> dict[str, tuple[tuple[str, str], np.ndarray]]:
    """``niba_current``, ``niba_zero_phonon_weight``, ``niba_converged`` over (theta, alpha).

    Computed at θ = π/2 only (:func:`nesslab.figures.nesb.couplings_commute`), where both
    baths couple through σx; NaN and unconverged at every other θ.
    """
    shape = (len(thetas), alphas.size)
    current, weight = np.full(shape, np.nan), np.full(shape, np.nan)
    converged = np.zeros(shape, dtype=np.int8)
    for row, theta in enumerate(thetas):
        if not couplings_commute(theta):
            continue
        for column, alpha in enumerate(alphas):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ValidityWarning)  # recorded as converged = 0
                result = niba_heat_current(delta, *nesb_baths((alpha, alpha), temperatures))
            current[row, column] = result.current
            weight[row, column] = result.zero_phonon_weight
            converged[row, column] = result.valid
    dims = ("theta", "alpha")
    return {
        "niba_current": (dims, current),
        "niba_zero_phonon_weight": (dims, weight),
        "niba_converged": (dims, converged),
    }


def _padded(values: np.ndarray, points: int) -> np.ndarray:
    """HEOM variables over the computed α, padded with NaN (converged 0) up to ``points``."""
    fill = 0 if values.dtype.kind in "iub" else np.nan
    padded = np.full((values.shape[0], points), fill, dtype=values.dtype)
    padded[:, : values.shape[1]] = values
    return padded


def _over_maximum(values: np.ndarray, converged: np.ndarray) -> np.ndarray:
    """``values`` over their largest converged one (all NaN when none converged)."""
    valid = converged.astype(bool) & np.isfinite(values)
    return values / values[valid].max() if valid.any() else np.full_like(values, np.nan)


def plot_turnover(dataset: xr.Dataset, path: Path) -> Path:
    """(a) I vs α (log–log), (b) I over its largest converged value, one colour per θ.

    RC route as lines with circles, the HEOM as squares, NIBA (θ = π/2) dashed; open symbols
    where not converged.
    """
    figure, axes = new_figure(2)
    for theta in dataset["theta"].values:
        plane = dataset.sel(theta=theta)
        label = rf"$\theta/\pi = {theta / np.pi:g}$"
        for panel, normalised in zip(axes, (False, True), strict=True):
            rc, heom = plane["rc_current"].values, plane["heom_current"].values
            if normalised:
                rc = _over_maximum(rc, plane["rc_converged"].values)
                heom = _over_maximum(heom, plane["heom_converged"].values)
            flagged_line(panel, plane["alpha"], rc, plane["rc_converged"], f"RC, {label}")
            color = panel.get_lines()[-1].get_color()
            niba = plane["niba_current"].values
            if np.isfinite(niba).any():
                if normalised:
                    niba = _over_maximum(niba, plane["niba_converged"].values)
                panel.plot(plane["alpha"], niba, "--", color=color, label=f"NIBA, {label}")
            valid = plane["heom_converged"].values.astype(bool)
            shown = np.isfinite(heom)
            for mask, fill in ((valid, color), (shown & ~valid, "none")):
                panel.plot(
                    plane["alpha"].values[mask],
                    heom[mask],
                    "s",
                    color=color,
                    mfc=fill,
                    label=f"HEOM, {label}" if fill != "none" else None,
                )
    for panel in axes:
        panel.set_xscale("log")
        panel.xaxis.set_minor_formatter(NullFormatter())
        panel.set_xlabel(rf"$\alpha$ ($\Delta = {dataset.attrs['delta']:g}$)")
    axes[0].set_yscale("log")
    axes[0].set_ylabel(r"$I$")
    axes[1].set_ylabel(r"$I / I_{max}$ (largest converged point)")
    axes[0].legend(fontsize="x-small", ncol=2)
    axes[0].set_title("open symbols: not converged", fontsize="small")
    return save(figure, path)
