"""Shared analysis of seed 000 Figs. 1–4: avoided crossings, state sequences and zooms on them.

:func:`lac_analysis` sweeps the low-lying Rabi spectrum over Δ/ω and follows the ``|↑⟩⊗|m⟩``
state sequences through it (m = 0: the lowest avoided crossings, LACs). The NESS flux dips at
those crossings are as narrow as a few tens of gaps, far below any affordable uniform Δ step, so
the figures sample each crossing on its own zoom as well (:func:`zoom_table`): offsets
``ZOOM_OFFSETS · w`` around its position with ``w = min(ZOOM_GAPS · gap, grid step)``.
:func:`merged_curve` and :func:`slice_curve` put the uniform and the zoom samples back on one
Δ axis; :func:`spin_fluxes` computes the fluxes of every point of a figure in one sweep.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr

from nesslab.analysis import (
    Crossing,
    Spectrum,
    StateSequence,
    avoided_crossings,
    spectrum_sweep,
    state_sequence,
)
from nesslab.figures.rabi import N_BOSON, flux_point
from nesslab.figures.run import FigureRun
from nesslab.models import rabi

DELTA_RANGE = (0.05, 8.0)
COUPLINGS = (0.2, 1.0)
N_LEVELS = 16
SEQUENCES = (0, 1)
SEQUENCE_COLORS = ("tab:red", "tab:blue")
ZOOM_OFFSETS = np.array([-1, -1 / 4, -1 / 16, -1 / 64, 0, 1 / 64, 1 / 16, 1 / 4, 1])
ZOOM_GAPS = 64


@dataclass(frozen=True)
class LacAnalysis:
    """The spectrum of one Rabi slice, its crossings and its ``|↑, m⟩`` state sequences.

    Attributes
    ----------
    spectrum : Spectrum
        The lowest levels on the Δ grid (N_b = 20).
    crossings : tuple of Crossing
        All crossings, exact and avoided (:func:`nesslab.analysis.avoided_crossings`).
    sequences : tuple of StateSequence
        The sequences on ``|↑⟩⊗|m⟩`` for m in ``SEQUENCES`` (m = 0: the LAC sequence).
    """

    spectrum: Spectrum
    crossings: tuple[Crossing, ...]
    sequences: tuple[StateSequence, ...]


def spin_up_state(photons: int, n_boson: int = N_BOSON) -> np.ndarray:
    """The bare state ``|↑⟩⊗|photons⟩`` in the Rabi model's basis (spin first, ``|↑⟩`` first)."""
    state = np.zeros(2 * n_boson)
    state[photons] = 1.0
    return state


def lac_analysis(
    deltas: np.ndarray, coupling: float, counter_rotating: float = 1.0, n_levels: int = N_LEVELS
) -> LacAnalysis:
    """Spectrum, crossings and ``|↑, m⟩`` sequences of the Rabi model on a Δ/ω grid.

    Parameters
    ----------
    deltas : ndarray
        Strictly increasing Δ/ω values (at least 3).
    coupling : float
        λ/ω.
    counter_rotating : float
        s of seed 000 Eq. 4 (1 = Rabi, 0 = Jaynes–Cummings).
    n_levels : int
        Levels kept per point; enough to hold ``|↑, 1⟩`` up to Δ/ω = 8 by default.
    """
    spectrum = spectrum_sweep(
        rabi,
        "delta",
        deltas,
        n_levels,
        coupling=coupling,
        n_boson=N_BOSON,
        counter_rotating=counter_rotating,
    )
    crossings = avoided_crossings(spectrum)
    sequences = tuple(state_sequence(spectrum, spin_up_state(m), crossings) for m in SEQUENCES)
    return LacAnalysis(spectrum, crossings, sequences)


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


def zoom_entropies(
    zoom_delta: np.ndarray,
    couplings: np.ndarray,
    sequences: np.ndarray,
    counter_rotating: float | np.ndarray = 1.0,
) -> np.ndarray:
    """Entropy (nats) of the crossing's own ``|↑, m⟩`` sequence at each zoom point.

    Parameters
    ----------
    zoom_delta : ndarray, shape (n_crossings, n_offsets)
        Strictly increasing Δ/ω values per row.
    couplings, sequences : ndarray, shape (n_crossings,)
        λ/ω and the sequence m of each row.
    counter_rotating : float or ndarray
        s of seed 000 Eq. 4, one for all rows or one per row.
    """
    weights = np.broadcast_to(counter_rotating, couplings.shape)
    rows = []
    for deltas, coupling, m, s in zip(zoom_delta, couplings, sequences, weights, strict=True):
        spectrum = spectrum_sweep(
            rabi,
            "delta",
            deltas,
            N_LEVELS,
            coupling=coupling,
            n_boson=N_BOSON,
            counter_rotating=s,
        )
        rows.append(state_sequence(spectrum, spin_up_state(int(m))).entropies)
    return np.array(rows).reshape(zoom_delta.shape)


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


def spin_fluxes(
    run: FigureRun, label: str, *blocks: Sequence[Mapping[str, float]]
) -> tuple[list[np.ndarray], xr.Dataset]:
    """``J_s/r_s`` at each point of each block, in one sweep (``run.sweep``, grid ``label``).

    Parameters
    ----------
    run : FigureRun
        Sweep settings.
    label : str
        Name of the grid (and of its store).
    *blocks : sequence of dict
        Lists of keyword dicts of :func:`nesslab.figures.rabi.flux_point` (missing
        ``counter_rotating`` and ``n_boson`` take their defaults; ``bias`` is 0).

    Returns
    -------
    fluxes : list of ndarray
        One array per block, in the order of its points.
    result : xarray.Dataset
        The sweep's result (its attrs say how many points this call computed).
    """
    defaults = {"counter_rotating": 1.0, "n_boson": N_BOSON}
    grid = [{**defaults, **point} for block in blocks for point in block]
    result = run.sweep(flux_point, grid, label)
    split = np.cumsum([len(b) for b in blocks])[:-1]
    return np.split(result["spin_flux"].values, split), result
