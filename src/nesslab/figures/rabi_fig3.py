"""Seed 000 Fig. 3: entanglement entropy of the LAC state sequences beside the NESS flux J_s(Δ).

(a) λ/ω = 0.2: entropy S_k (nats, seed 000 Eq. 3, spin | boson bipartition) of the ``|↑, 0⟩``
state sequence (:func:`nesslab.analysis.state_sequence`, red in Fig. 2) and ``J_s/r_s``;
(b) λ/ω = 1: the ``|↑, 0⟩`` (LAC, red) and ``|↑, 1⟩`` (second-lowest crossings, blue) sequences.
Flux and entropies are sampled on a uniform Δ grid plus the zooms of
:func:`nesslab.figures.rabi_lac.zoom_table` around every sequence crossing, and
:func:`nesslab.analysis.correlation_report` sets the flux dips, the sequence's avoided crossings
and its entropy peaks side by side (variables ``report_{panel}_{sequence}_*``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.analysis import correlation_report
from nesslab.figures.labels import LAC, Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import common_attrs
from nesslab.figures.rabi_lac import (
    COUPLINGS,
    DELTA_RANGE,
    SEQUENCE_COLORS,
    SEQUENCES,
    ZOOM_OFFSETS,
    LacAnalysis,
    lac_analysis,
    merged_curve,
    slice_curve,
    spin_fluxes,
    zoom_entropies,
    zoom_points,
    zoom_table,
)
from nesslab.figures.run import FigureRun, points_computed

REPORTS = (("a", 0.2, 0, "lac"), ("b", 1.0, 0, "lac"), ("b", 1.0, 1, "second"))
REPORT_FIELDS = {
    "dip_position": Label("Delta of a dip of |J_s|", "omega"),
    "dip_depth": Label("|J_s| at the dip's lowest sample", "r_s"),
    "dip_prominence": Label("prominence of the dip of |J_s|", "r_s"),
    "crossing_position": Label("Delta at the sequence's avoided crossing", "omega"),
    "crossing_gap": Label("minimal gap of the crossing", "omega"),
    "peak_position": Label("Delta of a peak of the sequence's entropy S_k", "omega"),
    "peak_height": Label("entropy S_k at the peak's highest sample", "nats"),
    "dip_distance": Label("signed distance to the nearest dip, dip - crossing", "omega"),
    "peak_distance": Label("signed distance to the nearest entropy peak, peak - crossing", "omega"),
}
LABELS = {
    **LAC,
    **{
        f"report_{panel}_{name}_{field}": Label(
            f"{label.long_name} (lambda = {coupling:g}, |up>|{m}> sequence)", label.units
        )
        for panel, coupling, m, name in REPORTS
        for field, label in REPORT_FIELDS.items()
    },
}


def entropy_curve(dataset: xr.Dataset, coupling: float, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Entropy of sequence ``m`` at λ = ``coupling``: uniform grid merged with its own zooms."""
    own = (dataset["crossing_coupling"].values == coupling) & (
        dataset["crossing_sequence"].values == m
    )
    return merged_curve(
        dataset["entropy"].sel(coupling=coupling, sequence=m),
        dataset["zoom_delta"].values[own],
        dataset["zoom_entropy"].values[own],
    )


def _reports(dataset: xr.Dataset, analyses: list[LacAnalysis]) -> xr.Dataset:
    """The correlation reports of ``REPORTS`` as variables ``report_{panel}_{name}_*``."""
    reports = []
    for panel, coupling, m, name in REPORTS:
        crossings = analyses[COUPLINGS.index(coupling)].sequences[m].crossings
        report = correlation_report(
            *slice_curve(dataset, "flux", coupling),
            crossings,
            *entropy_curve(dataset, coupling, m),
        )
        reports.append(report.to_dataset(prefix=f"report_{panel}_{name}_"))
    return xr.merge(reports)


def fig3(
    points: int, run: FigureRun, *, delta_range: tuple[float, float] = DELTA_RANGE
) -> xr.Dataset:
    """Compute seed 000 Fig. 3 on ``points`` uniform Δ/ω values plus zooms, λ/ω = 0.2 and 1.

    The fluxes are one sweep (grid "flux"); the spectra and entropies are computed directly,
    since levels are tracked one Δ to the next.

    Parameters
    ----------
    points : int
        Uniform Δ/ω values.
    run : FigureRun
        Sweep settings.
    delta_range : tuple of float
        Δ/ω range.

    Returns
    -------
    xarray.Dataset
        ``flux(coupling, delta)`` (``J_s/r_s``), ``entropy`` and ``weight`` of the ``|↑, m⟩``
        sequences on ``(coupling, sequence, delta)``; the crossing table and zooms of
        :func:`nesslab.figures.rabi_lac.zoom_table` with ``zoom_flux`` and ``zoom_entropy``
        (the entropy of the row's own sequence); and the correlation reports
        ``report_a_lac_*`` (λ = 0.2, m = 0), ``report_b_lac_*`` and ``report_b_second_*``
        (λ = 1, m = 0 and 1), each on dims ``…_dip``, ``…_crossing``, ``…_peak``
        (:class:`nesslab.analysis.CorrelationReport`).
    """
    deltas = np.linspace(*delta_range, points)
    analyses = [lac_analysis(deltas, coupling) for coupling in COUPLINGS]
    zooms = zoom_table(analyses, COUPLINGS, "coupling", deltas[1] - deltas[0])
    zoom_delta, couplings = zooms["zoom_delta"][1], zooms["crossing_coupling"][1]
    (uniform, zoomed), result = spin_fluxes(
        run,
        "flux",
        [{"delta": d, "coupling": c} for c in COUPLINGS for d in deltas],
        zoom_points(zooms, "coupling", "coupling"),
    )

    def per_sequence(field: str) -> np.ndarray:
        return np.array([[getattr(s, field) for s in a.sequences] for a in analyses])

    data = {
        "flux": (("coupling", "delta"), uniform.reshape(len(COUPLINGS), -1)),
        "entropy": (("coupling", "sequence", "delta"), per_sequence("entropies")),
        "weight": (("coupling", "sequence", "delta"), per_sequence("weights")),
        **zooms,
        "zoom_flux": (("crossing", "offset"), zoomed.reshape(zoom_delta.shape)),
        "zoom_entropy": (
            ("crossing", "offset"),
            zoom_entropies(zoom_delta, couplings, zooms["crossing_sequence"][1]),
        ),
    }
    attrs = {
        **common_attrs(),
        "figure": "rabi-fig3",
        "flux_units": "r_s",
        "entropy_units": "nats (spin | boson entanglement entropy, seed 000 Eq. 3)",
        "sequence": "sequence m: eigenstate of largest weight on |up>|m> (m = 0: LAC sequence)",
        "report": "dips: local minima of |J_s|; peaks: local maxima of the sequence entropy; "
        "distances: dip - crossing and peak - crossing, units of omega",
        **points_computed(flux=result),
    }
    coords = {
        "coupling": np.array(COUPLINGS),
        "sequence": np.array(SEQUENCES),
        "delta": deltas,
        "offset": ZOOM_OFFSETS,
    }
    dataset = xr.Dataset(data, coords=coords, attrs=attrs)
    merged = xr.merge([dataset, _reports(dataset, analyses)], combine_attrs="override")
    return describe(merged, LABELS)


def plot_fig3(dataset: xr.Dataset, path: Path) -> Path:
    """Draw (a) λ = 0.2 and (b) λ = 1: ``J_s/r_s`` (solid, left axis), entropies (right axis)."""
    figure, axes = new_figure(2)
    for panel, coupling in zip(axes, dataset["coupling"].values, strict=True):
        panel.plot(*slice_curve(dataset, "flux", coupling), color="black", lw=1)
        panel.set_xlabel(r"$\Delta/\omega$")
        panel.set_ylabel(r"$J_s/r_s$")
        twin = panel.twinx()
        shown = SEQUENCES if coupling == COUPLINGS[1] else SEQUENCES[:1]
        for m, style in zip(shown, ("--", ":"), strict=False):
            twin.plot(
                *entropy_curve(dataset, coupling, m),
                style,
                color=SEQUENCE_COLORS[m],
                lw=1,
                label=f"$S_k$, |↑,{m}⟩ sequence",
            )
        twin.set_ylabel(r"$S_k$ (nats)")
        twin.legend(fontsize="small", loc="lower right")
        panel.set_title(rf"$\lambda/\omega = {coupling:g}$")
    return save(figure, path)
