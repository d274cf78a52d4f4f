"""Seed 000 Fig. 1: NESS spin flux J_s/r_s of the open Rabi model over (Δ/ω, λ/ω), and two slices.

(a) ``J_s/r_s`` on a uniform map Δ/ω ∈ [0.05, 8], λ/ω ∈ (0, 1]; (b) slices at λ/ω = 0.2 and 1
on a finer uniform Δ grid, *plus zooms* around each avoided crossing of the ``|↑, 0⟩`` and
``|↑, 1⟩`` state sequences (:func:`nesslab.figures.rabi_lac.zoom_table`): the dips are a few
tens of gaps wide, far below any affordable uniform step, so without the zooms the slices would
miss them.

Local-Lindblad NESS at the paper's rates (5e-12, 5e-6)·ω, N_b = 20
(:func:`nesslab.figures.rabi.rabi_ness`); the attrs record the change of ``J_s/r_s`` with a
larger cutoff at three λ = 1 dips.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import LAC, Label, describe, spin_flux
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import common_attrs
from nesslab.figures.rabi_lac import (
    COUPLINGS,
    DELTA_RANGE,
    ZOOM_GAPS,
    ZOOM_OFFSETS,
    lac_analysis,
    slice_curve,
    spin_fluxes,
    zoom_points,
    zoom_table,
)
from nesslab.figures.run import FigureRun, points_computed

SLICE_FACTOR = 4
MAX_COUPLING = 1.0
CHECK_DELTAS = (4.55, 6.15, 6.7)
CHECK_COUPLING = 1.0
CHECK_N_BOSON = 30
LABELS = {
    **LAC,
    "map_delta": Label("spin splitting Delta of the map", "omega"),
    "map_coupling": Label("spin-boson coupling lambda of the map", "omega"),
    "map_flux": spin_flux(" on the (Delta, lambda) map"),
}


def _grid_points(deltas: np.ndarray, couplings: np.ndarray) -> list[dict[str, float]]:
    return [{"delta": d, "coupling": c} for c in couplings for d in deltas]


def fig1(
    points: int,
    run: FigureRun,
    *,
    delta_range: tuple[float, float] = DELTA_RANGE,
    max_coupling: float = MAX_COUPLING,
    couplings: tuple[float, ...] = COUPLINGS,
    slice_factor: int = SLICE_FACTOR,
    check_deltas: tuple[float, ...] = CHECK_DELTAS,
    check_coupling: float = CHECK_COUPLING,
    check_n_boson: int = CHECK_N_BOSON,
) -> xr.Dataset:
    """Compute seed 000 Fig. 1: a ``points × points`` map and slices of ``4·points`` Δ values.

    Every flux (map, slices, zooms, cutoff check) is one point of a single sweep, grid "flux".

    Parameters
    ----------
    points : int
        Map size per axis.
    run : FigureRun
        Sweep settings.
    delta_range : tuple of float
        Δ/ω range of the map and of the slices.
    max_coupling : float
        The map's λ/ω runs over ``points`` uniform values in (0, max_coupling].
    couplings : tuple of float
        λ/ω of the slices.
    slice_factor : int
        The slices have ``slice_factor · points`` uniform Δ values.
    check_deltas, check_coupling, check_n_boson : tuple of float, float, int
        Where the flux is recomputed with the Fock cutoff ``check_n_boson``.

    Returns
    -------
    xarray.Dataset
        ``map_flux(map_coupling, map_delta)`` and ``flux(coupling, delta)`` (``J_s/r_s``,
        negative), and the zooms ``zoom_flux(crossing, offset)`` at ``zoom_delta`` around the
        sequence crossings listed along ``crossing``. Attrs: parameters, sign convention, and
        ``n_boson_check_abs_change``: ``|J_s(check_n_boson) − J_s(N_b = 20)|/r_s`` at
        ``n_boson_check_deltas``.
    """
    map_deltas = np.linspace(*delta_range, points)
    map_couplings = np.linspace(0.0, max_coupling, points + 1)[1:]
    deltas = np.linspace(*delta_range, slice_factor * points)
    analyses = [lac_analysis(deltas, coupling) for coupling in couplings]
    zooms = zoom_table(analyses, couplings, "coupling", deltas[1] - deltas[0])
    check = _grid_points(np.array(check_deltas), np.array([check_coupling]))
    (map_flux, flux, zoom_flux, converged, larger), result = spin_fluxes(
        run,
        "flux",
        _grid_points(map_deltas, map_couplings),
        _grid_points(deltas, np.array(couplings)),
        zoom_points(zooms, "coupling", "coupling"),
        check,
        [{**point, "n_boson": check_n_boson} for point in check],
    )
    data = {
        "map_flux": (("map_coupling", "map_delta"), map_flux.reshape(points, -1)),
        "flux": (("coupling", "delta"), flux.reshape(len(couplings), -1)),
        **zooms,
        "zoom_flux": (("crossing", "offset"), zoom_flux.reshape(-1, ZOOM_OFFSETS.size)),
    }
    attrs = {
        **common_attrs(),
        "figure": "rabi-fig1",
        "flux_units": "r_s",
        "zoom": f"zoom_delta = crossing_position + min({ZOOM_GAPS} gap, slice step) * offset",
        "n_boson_check_coupling": check_coupling,
        "n_boson_check_deltas": np.array(check_deltas),
        "n_boson_check_n_boson": check_n_boson,
        "n_boson_check_abs_change": np.abs(larger - converged),
        **points_computed(flux=result),
    }
    coords = {
        "map_delta": map_deltas,
        "map_coupling": map_couplings,
        "coupling": np.array(couplings),
        "delta": deltas,
        "offset": ZOOM_OFFSETS,
    }
    return describe(xr.Dataset(data, coords=coords, attrs=attrs), LABELS)


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
