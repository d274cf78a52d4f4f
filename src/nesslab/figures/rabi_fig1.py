"""Seed 000 Fig. 1: NESS spin flux J_s/r_s of the open Rabi model over (Δ/ω, λ/ω), and two slices.

(a) ``J_s/r_s`` on a uniform map Δ/ω ∈ [0.05, 8], λ/ω ∈ (0, 1]; (b) slices at λ/ω = 0.2 and 1
on a finer uniform Δ grid, *plus zooms*: 9 points around each avoided crossing of the ``|↑, 0⟩``
and ``|↑, 1⟩`` state sequences (:mod:`nesslab.figures.rabi_fig2`), at offsets ``0, ±w/64,
±w/16, ±w/4, ±w`` with ``w = min(64·gap, grid step)``. The dips are as narrow as a few tens of
gaps (Δ/ω ≈ 4.90 at λ = 0.2: gap 1.1e-4, half-width ≈ 2e-3), far below any affordable uniform
step, so without the zooms the slices would miss them.

Local-Lindblad NESS at the paper's rates (5e-12, 5e-6)·ω, N_b = 20 (:func:`rabi_ness`); the
attrs record the change of ``J_s/r_s`` with N_b = 30 at three λ = 1 dips.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import N_BOSON, common_attrs, rabi_ness
from nesslab.figures.rabi_fig2 import COUPLINGS, DELTA_RANGE, SEQUENCES, LacAnalysis, lac_analysis

SLICE_FACTOR = 4
ZOOM_OFFSETS = np.array([-1, -1 / 4, -1 / 16, -1 / 64, 0, 1 / 64, 1 / 16, 1 / 4, 1])
ZOOM_GAPS = 64
CHECK_DELTAS = (4.55, 6.15, 6.7)
CHECK_COUPLING = 1.0
CHECK_N_BOSON = 30


def flux_point(
    delta: float, coupling: float, counter_rotating: float = 1.0, n_boson: float = N_BOSON
) -> dict[str, float]:
    """``{"spin_flux": J_s/r_s}`` at one point (:func:`rabi_ness`; a sweep point function)."""
    point = rabi_ness(delta, coupling, counter_rotating=counter_rotating, n_boson=int(n_boson))
    return {"spin_flux": point.spin_flux}


def spin_fluxes(*blocks: Sequence[Mapping[str, float]]) -> list[np.ndarray]:
    """``J_s/r_s`` at each point of each block, in one sweep on local processes.

    Parameters
    ----------
    *blocks : sequence of dict
        Lists of keyword dicts of :func:`flux_point` (missing ``counter_rotating`` and
        ``n_boson`` take their defaults).

    Returns
    -------
    list of ndarray
        One array per block, in the order of its points.
    """
    defaults = {"counter_rotating": 1.0, "n_boson": N_BOSON}
    grid = [{**defaults, **point} for block in blocks for point in block]
    result = nl.sweep(flux_point, grid, backend="processes", progress=False)
    return np.split(result["spin_flux"].values, np.cumsum([len(b) for b in blocks])[:-1])


def zoom_table(
    analyses: Sequence[LacAnalysis],
    labels: Sequence[float],
    label: str,
    step: float,
    sequences: Sequence[int] = SEQUENCES,
) -> dict[str, tuple[tuple[str, ...], np.ndarray]]:
    """Crossings of every sequence of every analysis and the Δ values zooming on each.

    Parameters
    ----------
    analyses : sequence of LacAnalysis
        One per curve (e.g. per λ or per s).
    labels : sequence of float
        The curve's parameter (stored as ``crossing_{label}``).
    label : str
        Its name, e.g. ``"coupling"``.
    step : float
        Uniform grid step: the largest zoom half-width.
    sequences : sequence of int
        The sequences m whose crossings are zoomed on.

    Returns
    -------
    dict
        Dataset variables along ``crossing`` (``crossing_{label}``, ``crossing_position``,
        ``crossing_gap`` (ω), ``crossing_sequence`` m) and ``zoom_delta(crossing, offset)``.
    """
    rows = [
        (value, m, crossing)
        for value, analysis in zip(labels, analyses, strict=True)
        for m, sequence in zip(SEQUENCES, analysis.sequences, strict=True)
        if m in sequences
        for crossing in sequence.crossings
    ]
    half = np.array([min(ZOOM_GAPS * c.gap, step) for _, _, c in rows]).reshape(-1, 1)
    positions = np.array([c.position for _, _, c in rows]).reshape(-1, 1)
    return {
        f"crossing_{label}": (("crossing",), np.array([v for v, _, _ in rows], dtype=float)),
        "crossing_position": (("crossing",), positions.ravel()),
        "crossing_gap": (("crossing",), np.array([c.gap for _, _, c in rows])),
        "crossing_sequence": (("crossing",), np.array([m for _, m, _ in rows], dtype=np.int8)),
        "zoom_delta": (("crossing", "offset"), positions + half * ZOOM_OFFSETS),
    }


def merged_curve(
    uniform: xr.DataArray, zoom_delta: np.ndarray, zoom_values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Samples on the uniform ``delta`` grid merged with zoom samples, sorted by Δ.

    Parameters
    ----------
    uniform : xarray.DataArray
        Samples along ``delta``.
    zoom_delta, zoom_values : ndarray
        Zoom positions and samples (any shape, same for both).

    Returns
    -------
    deltas, values : ndarray
        Strictly increasing Δ values (duplicates dropped) and the samples there.
    """
    deltas = np.concatenate([uniform["delta"].values, np.ravel(zoom_delta)])
    samples = np.concatenate([uniform.values, np.ravel(zoom_values)])
    deltas, first = np.unique(deltas, return_index=True)
    return deltas, samples[first]


def slice_curve(
    dataset: xr.Dataset, name: str, value: float, dim: str = "coupling"
) -> tuple[np.ndarray, np.ndarray]:
    """``name(dim=value, delta)`` merged with ``zoom_{name}`` of that curve's crossings."""
    rows = dataset[f"crossing_{dim}"].values == value
    return merged_curve(
        dataset[name].sel({dim: value}),
        dataset["zoom_delta"].values[rows],
        dataset[f"zoom_{name}"].values[rows],
    )


def zoom_points(
    zooms: Mapping[str, tuple[tuple[str, ...], np.ndarray]], label: str, param: str, **fixed: float
) -> list[dict[str, float]]:
    """Flux points of every zoom of :func:`zoom_table`: ``crossing_{label}`` sets ``param``."""
    labels = zooms[f"crossing_{label}"][1]
    return [
        {"delta": delta, param: value, **fixed}
        for row, value in zip(zooms["zoom_delta"][1], labels, strict=True)
        for delta in row
    ]


def _grid_points(deltas: np.ndarray, couplings: np.ndarray) -> list[dict[str, float]]:
    return [{"delta": d, "coupling": c} for c in couplings for d in deltas]


def fig1(points: int) -> xr.Dataset:
    """Compute seed 000 Fig. 1: a ``points × points`` map and slices of ``4·points`` Δ values.

    Returns
    -------
    xarray.Dataset
        ``map_flux(map_coupling, map_delta)`` and ``flux(coupling, delta)`` (``J_s/r_s``,
        negative), and the zooms ``zoom_flux(crossing, offset)`` at ``zoom_delta`` around the
        sequence crossings listed along ``crossing`` (:func:`zoom_table`). Attrs: parameters,
        sign convention, and ``n_boson_check_abs_change``: ``|J_s(N_b = 30) − J_s(N_b = 20)|/r_s``
        at λ = 1 and Δ = ``n_boson_check_deltas``.
    """
    map_deltas = np.linspace(*DELTA_RANGE, points)
    map_couplings = np.linspace(0.0, 1.0, points + 1)[1:]
    deltas = np.linspace(*DELTA_RANGE, SLICE_FACTOR * points)
    analyses = [lac_analysis(deltas, coupling) for coupling in COUPLINGS]
    zooms = zoom_table(analyses, COUPLINGS, "coupling", deltas[1] - deltas[0])
    check = _grid_points(np.array(CHECK_DELTAS), np.array([CHECK_COUPLING]))
    map_flux, flux, zoom_flux, converged, larger = spin_fluxes(
        _grid_points(map_deltas, map_couplings),
        _grid_points(deltas, np.array(COUPLINGS)),
        zoom_points(zooms, "coupling", "coupling"),
        check,
        [{**point, "n_boson": CHECK_N_BOSON} for point in check],
    )
    data = {
        "map_flux": (("map_coupling", "map_delta"), map_flux.reshape(points, -1)),
        "flux": (("coupling", "delta"), flux.reshape(len(COUPLINGS), -1)),
        **zooms,
        "zoom_flux": (("crossing", "offset"), zoom_flux.reshape(-1, ZOOM_OFFSETS.size)),
    }
    attrs = {
        **common_attrs(),
        "figure": "rabi-fig1",
        "flux_units": "r_s",
        "zoom": "zoom_delta = crossing_position + min(64 gap, slice step) * offset",
        "n_boson_check_coupling": CHECK_COUPLING,
        "n_boson_check_deltas": np.array(CHECK_DELTAS),
        "n_boson_check_n_boson": CHECK_N_BOSON,
        "n_boson_check_abs_change": np.abs(larger - converged),
    }
    coords = {
        "map_delta": map_deltas,
        "map_coupling": map_couplings,
        "coupling": np.array(COUPLINGS),
        "delta": deltas,
        "offset": ZOOM_OFFSETS,
    }
    return xr.Dataset(data, coords=coords, attrs=attrs)


def plot_fig1(dataset: xr.Dataset, path: Path) -> Path:
    """Draw (a) the map of ``J_s/r_s`` and (b) the two slices (uniform grid merged with zooms)."""
    figure, (left, right) = new_figure(2)
    mesh = left.pcolormesh(
        dataset["map_delta"], dataset["map_coupling"], dataset["map_flux"], shading="nearest"
    )
    figure.colorbar(mesh, ax=left).ax.set_title(r"$J_s/r_s$", fontsize="small")
    left.set_xlabel(r"$\Delta/\omega$")
    left.set_ylabel(r"$\lambda/\omega$")
    for coupling in dataset["coupling"].values:
        deltas, flux = slice_curve(dataset, "flux", coupling)
        right.plot(deltas, flux, lw=1, label=rf"$\lambda/\omega = {coupling:g}$")
    right.set_xlabel(r"$\Delta/\omega$")
    right.set_ylabel(r"$J_s/r_s$")
    right.legend(fontsize="small")
    return save(figure, path)
