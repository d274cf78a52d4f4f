"""Seed 000 Fig. 4: from Jaynes–Cummings (s = 0) to Rabi (s = 1) at λ/ω = 0.04 (Eq. 4).

(a) ``J_s/r_s`` vs Δ/ω ∈ [0.05, 4] for s = 0, 0.2, …, 1; (b) the entanglement entropy (nats) of
the ``|↑, 0⟩`` state sequence per s (:func:`nesslab.analysis.state_sequence`), successive s
shifted up by one for clarity. Insets: the vicinity of Δ/ω = 3. Both are sampled on a uniform
grid plus the zooms of :func:`nesslab.figures.rabi_lac.zoom_table` around each avoided crossing
of the sequence (the gap near Δ = 3 grows with s, and the dip there is a few tens of gaps wide).

At zero temperature the JC NESS is its ground state ``|↓, 0⟩`` (σ₋ and a annihilate it and it is
an eigenstate of H), so J_s = 0 at every Δ; its ``|↑, 0⟩`` sequence meets only the Δ = 1 doublet
as an avoided crossing (the others are exact crossings: excitation number is conserved), and
its entropy has just the broad Δ = 1 peak. Seed 000 footnote 31 follows the lowest *exact*
crossings for s = 0 instead; here the same largest-weight rule is used for every s.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib import colormaps

from nesslab.figures.labels import LAC, Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import common_attrs
from nesslab.figures.rabi_lac import (
    ZOOM_OFFSETS,
    lac_analysis,
    slice_curve,
    spin_fluxes,
    zoom_entropies,
    zoom_points,
    zoom_table,
)
from nesslab.figures.run import FigureRun, points_computed

COUPLING = 0.04
WEIGHTS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
DELTA_RANGE = (0.05, 4.0)
N_LEVELS = 8
INSET_CENTRE = 3.0
ENTROPY_SHIFT = 1.0
S_WEIGHT = "counter-rotating weight s (0: Jaynes-Cummings, 1: Rabi)"
LABELS = {
    **LAC,
    "s": Label(S_WEIGHT),
    "crossing_s": Label(f"{S_WEIGHT} of the crossing's curve"),
    "crossing_dip_depth": Label(
        "dip depth in the zoom: larger |J_s| at the zoom ends minus its minimum", "r_s"
    ),
}


def _zoom_depths(zoom_flux: np.ndarray) -> np.ndarray:
    """Per zoom row: ``|J|`` at the zoom ends (larger one) minus its minimum over the zoom."""
    magnitude = np.abs(zoom_flux)
    return np.maximum(magnitude[:, 0], magnitude[:, -1]) - magnitude.min(axis=1)


def fig4(
    points: int,
    run: FigureRun,
    *,
    weights: tuple[float, ...] = WEIGHTS,
    coupling: float = COUPLING,
    delta_range: tuple[float, float] = DELTA_RANGE,
) -> xr.Dataset:
    """Compute seed 000 Fig. 4 on ``points`` uniform Δ/ω values plus zooms.

    The fluxes are one sweep (grid "flux"); the spectra and entropies are computed directly,
    since levels are tracked one Δ to the next.

    Parameters
    ----------
    points : int
        Uniform Δ/ω values.
    run : FigureRun
        Sweep settings.
    weights : tuple of float
        The counter-rotating weights s (the paper's 0, 0.2, …, 1 by default).
    coupling : float
        λ/ω.
    delta_range : tuple of float
        Δ/ω range.

    Returns
    -------
    xarray.Dataset
        ``flux(s, delta)`` (``J_s/r_s``), ``entropy(s, delta)`` and ``weight(s, delta)`` of the
        ``|↑, 0⟩`` sequence; along ``crossing`` the sequence's avoided crossings per s
        (``crossing_s``, position, gap in ω) with ``zoom_delta``, ``zoom_flux``,
        ``zoom_entropy`` on ``(crossing, offset)`` and ``crossing_dip_depth``: the larger
        ``|J_s|/r_s`` at the zoom ends minus its minimum in the zoom (≥ 0; the dip's depth).
    """
    deltas = np.linspace(*delta_range, points)
    analyses = [
        lac_analysis(deltas, coupling, counter_rotating=s, n_levels=N_LEVELS) for s in weights
    ]
    zooms = zoom_table(analyses, weights, "s", deltas[1] - deltas[0], sequences=(0,))
    zoom_delta, row_weights = zooms["zoom_delta"][1], zooms["crossing_s"][1]
    (uniform, zoomed), result = spin_fluxes(
        run,
        "flux",
        [
            {"delta": d, "coupling": coupling, "counter_rotating": s}
            for s in weights
            for d in deltas
        ],
        zoom_points(zooms, "s", "counter_rotating", coupling=coupling),
    )
    zoomed = zoomed.reshape(zoom_delta.shape)
    data = {
        "flux": (("s", "delta"), uniform.reshape(len(weights), -1)),
        "entropy": (("s", "delta"), np.array([a.sequences[0].entropies for a in analyses])),
        "weight": (("s", "delta"), np.array([a.sequences[0].weights for a in analyses])),
        **zooms,
        "zoom_flux": (("crossing", "offset"), zoomed),
        "zoom_entropy": (
            ("crossing", "offset"),
            zoom_entropies(
                zoom_delta,
                np.full(row_weights.shape, coupling),
                np.zeros(row_weights.shape, dtype=int),
                row_weights,
            ),
        ),
        "crossing_dip_depth": (("crossing",), _zoom_depths(zoomed)),
    }
    attrs = {
        **common_attrs(),
        "figure": "rabi-fig4",
        "coupling": coupling,
        "flux_units": "r_s",
        "entropy_units": "nats",
        "sequence": "eigenstate of largest weight on |up>|0> (LAC-like sequence), every s",
        **points_computed(flux=result),
    }
    coords = {"s": np.array(weights), "delta": deltas, "offset": ZOOM_OFFSETS}
    return describe(xr.Dataset(data, coords=coords, attrs=attrs), LABELS)


def plot_fig4(dataset: xr.Dataset, path: Path) -> Path:
    """Draw (a) ``J_s/r_s`` and (b) the shifted entropies per s, blue (JC) to red (Rabi)."""
    figure, axes = new_figure(2)
    colours = colormaps["coolwarm"]
    insets = [panel.inset_axes([0.55, 0.08, 0.4, 0.35]) for panel in axes]
    for index, s in enumerate(dataset["s"].values):
        colour = colours(float(s))
        for panel, inset, name, shift in zip(
            axes, insets, ("flux", "entropy"), (0.0, ENTROPY_SHIFT * index), strict=True
        ):
            deltas, values = slice_curve(dataset, name, s, dim="s")
            panel.plot(deltas, values + shift, color=colour, lw=1, label=f"s = {s:g}")
            near = np.abs(deltas - INSET_CENTRE) < 0.02
            inset.plot(deltas[near], values[near] + shift, ".-", color=colour, lw=0.8, ms=2)
    axes[0].set_ylabel(r"$J_s/r_s$")
    axes[1].set_ylabel(r"$S_k$ (nats), successive $s$ shifted by 1")
    for panel in axes:
        panel.set_xlabel(r"$\Delta/\omega$")
    axes[0].legend(fontsize="x-small", loc="lower left")
    return save(figure, path)
