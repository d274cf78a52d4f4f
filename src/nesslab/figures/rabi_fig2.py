"""Seed 000 Fig. 2: low-lying Rabi spectrum vs Δ/ω at λ/ω = 0.2 and 1, by parity, crossings marked.

Levels are drawn per parity sector (solid: P = +1, dashed: P = −1, as in the paper's caption;
its text says the opposite), diamonds mark the avoided crossings found by
:func:`nesslab.analysis.avoided_crossings`, and the eigenstate sequences of
:func:`nesslab.analysis.state_sequence` are highlighted: red, the state of largest weight on
``|↑⟩⊗|0⟩`` (its avoided crossings are the lowest avoided crossings, LACs); blue (λ = 1), the one
on ``|↑⟩⊗|1⟩`` (the second-lowest avoided crossings, all of negative parity). The spectra come
from :func:`nesslab.figures.rabi_lac.lac_analysis`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import LAC, Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import common_attrs
from nesslab.figures.rabi_lac import (
    COUPLINGS,
    DELTA_RANGE,
    N_LEVELS,
    SEQUENCE_COLORS,
    SEQUENCES,
    LacAnalysis,
    lac_analysis,
)
from nesslab.figures.run import FigureRun

PARITY = "parity P = sz (x) (-1)^n"
LABELS = {
    **LAC,
    "level": Label("level rank, lowest energy first"),
    "energy": Label("eigenenergy E of the level", "omega"),
    "parity": Label(f"{PARITY} of the level"),
    "sequence_energy": Label("eigenenergy of the sequence's eigenstate", "omega"),
    "sequence_weight": LAC["weight"],
    "sequence_entropy": LAC["entropy"],
    "crossing_energy": Label("energy at the crossing", "omega"),
    "crossing_avoided": Label("avoided (1) or exact (0) crossing"),
    "crossing_parity_lower": Label(f"{PARITY} of the crossing's lower level"),
    "crossing_parity_upper": Label(f"{PARITY} of the crossing's upper level"),
}


def _crossing_table(analyses: list[LacAnalysis]) -> dict:
    """Variables along ``crossing``: every crossing of every coupling, with its sequence."""
    rows = []
    for index, analysis in enumerate(analyses):
        pairs = list(zip(SEQUENCES, analysis.sequences, strict=True))
        for crossing in analysis.crossings:
            on = [m for m, sequence in pairs if crossing in sequence.crossings]
            rows.append((index, crossing, on[0] if on else -1))
    columns = {
        "crossing_coupling": [COUPLINGS[i] for i, _, _ in rows],
        "crossing_position": [c.position for _, c, _ in rows],
        "crossing_energy": [c.energy for _, c, _ in rows],
        "crossing_gap": [c.gap for _, c, _ in rows],
        "crossing_avoided": np.array([c.kind == "avoided" for _, c, _ in rows], dtype=np.int8),
        "crossing_parity_lower": [c.sectors[0] for _, c, _ in rows],
        "crossing_parity_upper": [c.sectors[1] for _, c, _ in rows],
        "crossing_sequence": np.array([m for _, _, m in rows], dtype=np.int8),
    }
    return {name: ("crossing", np.asarray(values)) for name, values in columns.items()}


def fig2(
    points: int, run: FigureRun, *, delta_range: tuple[float, float] = DELTA_RANGE
) -> xr.Dataset:
    """Compute seed 000 Fig. 2 on ``points`` values of Δ/ω, at λ/ω = 0.2 and 1.

    Computed directly, not through ``run``: levels are tracked one Δ to the next
    (:func:`nesslab.analysis.spectrum_sweep`), so the Δ values are not independent points.

    Parameters
    ----------
    points : int
        Uniform Δ/ω values.
    run : FigureRun
        Sweep settings (unused, see above).
    delta_range : tuple of float
        Δ/ω range.

    Returns
    -------
    xarray.Dataset
        ``energy(coupling, delta, level)`` and ``parity(coupling, delta, level)`` of the
        ``N_LEVELS`` lowest levels (units of ω; parity ±1 of ``σz ⊗ (−1)^n``); per sequence m
        (reference ``|↑, m⟩``): ``sequence_energy``, ``sequence_weight``, ``sequence_entropy``
        (nats) on ``(coupling, sequence, delta)``; and along ``crossing`` every crossing found:
        coupling, position, energy, gap, whether avoided (1) or exact (0), the parities of its
        two levels and the sequence it belongs to (−1: none; 0: a LAC).
    """
    deltas = np.linspace(*delta_range, points)
    analyses = [lac_analysis(deltas, coupling) for coupling in COUPLINGS]

    def per_sequence(field: str) -> np.ndarray:
        return np.array([[getattr(s, field) for s in a.sequences] for a in analyses])

    data = {
        "energy": (
            ("coupling", "delta", "level"),
            np.array([a.spectrum.energies for a in analyses]),
        ),
        "parity": (
            ("coupling", "delta", "level"),
            np.array([a.spectrum.sectors for a in analyses]),
        ),
        "sequence_energy": (("coupling", "sequence", "delta"), per_sequence("energies")),
        "sequence_weight": (("coupling", "sequence", "delta"), per_sequence("weights")),
        "sequence_entropy": (("coupling", "sequence", "delta"), per_sequence("entropies")),
        **_crossing_table(analyses),
    }
    attrs = {
        **common_attrs(),
        "figure": "rabi-fig2",
        "energy_units": "omega",
        "parity": "P = sz (x) (-1)^n; solid lines P = +1, dashed P = -1 (paper's caption)",
        "sequence": "sequence m: eigenstate of largest weight on |up>|m> (m = 0: LAC sequence)",
        "entropy_units": "nats",
    }
    coords = {
        "coupling": np.array(COUPLINGS),
        "delta": deltas,
        "level": np.arange(N_LEVELS),
        "sequence": np.array(SEQUENCES),
    }
    return describe(xr.Dataset(data, coords=coords, attrs=attrs), LABELS)


def plot_fig2(dataset: xr.Dataset, path: Path) -> Path:
    """Draw (a) λ = 0.2 and (b) λ = 1: levels by parity, diamonds, highlighted sequences."""
    figure, axes = new_figure(2)
    deltas = dataset["delta"].values
    for panel, coupling in zip(axes, dataset["coupling"].values, strict=True):
        energies = dataset["energy"].sel(coupling=coupling).values
        parities = dataset["parity"].sel(coupling=coupling).values
        for parity, style in ((1.0, "-"), (-1.0, "--")):
            sector = np.where(parities == parity, energies, np.nan)
            sector = np.sort(sector, axis=1)[:, : N_LEVELS // 2]
            panel.plot(deltas, sector, style, color="0.5", lw=0.7)
        shown = SEQUENCES if coupling == COUPLINGS[1] else SEQUENCES[:1]
        for m in shown:
            energy = dataset["sequence_energy"].sel(coupling=coupling, sequence=m)
            panel.plot(deltas, energy, color=SEQUENCE_COLORS[m], lw=1.6, label=f"|↑,{m}⟩ sequence")
        rows = (dataset["crossing_coupling"].values == coupling) & (
            dataset["crossing_avoided"].values == 1
        )
        panel.plot(
            dataset["crossing_position"].values[rows],
            dataset["crossing_energy"].values[rows],
            "D",
            ms=4,
            mfc="none",
            color="black",
            label="avoided crossing",
        )
        panel.set_xlabel(r"$\Delta/\omega$")
        panel.set_ylabel(r"$E/\omega$")
        panel.set_ylim(energies[:, 0].min() - 0.2, 5.0)
        panel.set_title(rf"$\lambda/\omega = {coupling:g}$")
        panel.legend(fontsize="small", loc="upper left")
    return save(figure, path)
