"""Transport dips beside avoided crossings and entropy peaks: seed 000's central correlation.

Seed 000 (Figs. 1–4) finds that the NESS spin flux ``|J_s(Δ)|`` dips where the closed model has
its lowest avoided crossings (LACs), and that the entanglement entropy of the eigenstates taking
part spikes there. This module makes the comparison quantitative:

- :func:`state_sequence` follows, across a swept :class:`~nesslab.analysis.Spectrum`, the
  eigenstate with the largest weight on a reference (bare) state, e.g. ``|↑⟩⊗|0⟩`` of the Rabi
  model, whose avoided crossings with the ``|↓⟩⊗|n⟩`` ladder are the LACs; it returns the
  sequence's entanglement entropy and the avoided crossings it takes part in.
- :func:`local_extrema` locates minima or maxima of a sampled curve, refined by parabolic
  interpolation.
- :func:`correlation_report` puts the flux dips, the crossings and the entropy peaks side by
  side, with the distance from each crossing to the nearest dip and peak.

References
----------
C. Chuang, A. Kapulkin, A. K. Pattanayak, P. Brumer, Phys. Rev. A 108, 022213 (2023) (seed 000).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr
from scipy.signal import find_peaks

from nesslab.analysis.crossings import Crossing
from nesslab.analysis.entanglement import entanglement_entropy
from nesslab.analysis.spectrum import Spectrum

DIP_PROMINENCE = 1e-3
PEAK_PROMINENCE = 0.05
NORM_TOL = 1e-8


@dataclass(frozen=True)
class StateSequence:
    """The eigenstate of largest weight on a reference state, at every point of a sweep.

    Attributes
    ----------
    ranks : ndarray of int, shape (n_points,)
        Window index (energy rank, see :class:`~nesslab.analysis.Spectrum`) of the state.
    weights : ndarray, shape (n_points,)
        Its weight ``|⟨reference|k⟩|²`` (≤ 1; 1/2 at the centre of a two-level avoided crossing).
    energies : ndarray, shape (n_points,)
        Its energy (energy units of the model).
    entropies : ndarray, shape (n_points,)
        Its entanglement entropy (nats, :func:`~nesslab.analysis.entanglement_entropy`).
    crossings : tuple of Crossing
        The avoided crossings it takes part in (one of their two levels), sorted by position.
    """

    ranks: np.ndarray
    weights: np.ndarray
    energies: np.ndarray
    entropies: np.ndarray
    crossings: tuple[Crossing, ...]


def state_sequence(
    spectrum: Spectrum,
    reference: np.ndarray,
    crossings: Sequence[Crossing] = (),
    keep: Sequence[int] = (0,),
) -> StateSequence:
    """Follow the eigenstate with the largest weight on ``reference`` across a sweep.

    Parameters
    ----------
    spectrum : Spectrum
        A sweep from :func:`~nesslab.analysis.spectrum_sweep`.
    reference : ndarray
        Normalised state in the model's tensor-product basis, e.g. ``|↑⟩⊗|m⟩`` of the Rabi
        model (spin basis ``(|↑⟩, |↓⟩)``, spin first).
    crossings : sequence of Crossing
        Crossings of ``spectrum`` (:func:`~nesslab.analysis.avoided_crossings`); the avoided
        ones whose pair contains the sequence's state at the grid point nearest the crossing
        are returned.
    keep : sequence of int
        Subsystems kept for the entanglement entropy (default: the first, the spin).

    Returns
    -------
    StateSequence

    Raises
    ------
    ValueError
        If ``reference`` does not match the model's dimension or is not normalised.

    Notes
    -----
    At weak coupling the reference is nearly an eigenstate away from resonances, so the sequence
    is the *diabatic* level it labels: it passes from the lower to the upper member of each
    avoided crossing it meets (the weight drops to ≈ 1/2 there and the entropy of a two-level
    mixture peaks at ln 2). For the Rabi model, ``|↑, 0⟩`` meets ``|↓, k⟩`` at the lowest
    avoided crossings near odd ``Δ/ω = k`` (seed 000 Fig. 2, red) and ``|↑, 1⟩`` meets
    ``|↓, k + 1⟩`` at the second-lowest ones (blue). When the coupling spreads the reference
    over several eigenstates (``weights`` well below 1/2), the largest-weight state can jump
    between levels away from any crossing; ``weights`` is the evidence.
    """
    vectors = spectrum.vectors
    reference = np.asarray(reference, dtype=complex).ravel()
    if reference.size != vectors.shape[1]:
        raise ValueError(
            f"reference has {reference.size} amplitudes, the model dimension is {vectors.shape[1]}"
        )
    if abs(np.linalg.norm(reference) - 1) > NORM_TOL:
        raise ValueError(f"reference must be normalised, norm = {np.linalg.norm(reference)}")
    all_weights = np.abs(np.einsum("d,pdk->pk", reference.conj(), vectors)) ** 2
    ranks = all_weights.argmax(axis=1)
    points = np.arange(ranks.size)
    entropies = [
        entanglement_entropy(vectors[j, :, k], spectrum.dims, keep) for j, k in enumerate(ranks)
    ]
    return StateSequence(
        ranks=ranks,
        weights=all_weights[points, ranks],
        energies=spectrum.energies[points, ranks],
        entropies=np.array(entropies),
        crossings=_sequence_crossings(spectrum, crossings, ranks),
    )


def _sequence_crossings(
    spectrum: Spectrum, crossings: Sequence[Crossing], ranks: np.ndarray
) -> tuple[Crossing, ...]:
    """Avoided crossings whose pair holds the sequence's track at the nearest grid point."""
    found = []
    for crossing in crossings:
        if crossing.kind != "avoided":
            continue
        j = int(np.argmin(np.abs(spectrum.values - crossing.position)))
        if spectrum.tracks[j, ranks[j]] in crossing.levels:
            found.append(crossing)
    return tuple(sorted(found, key=lambda c: c.position))


def local_extrema(
    values: np.ndarray, curve: np.ndarray, kind: str, min_prominence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Interior local minima or maxima of a sampled curve, refined by parabolic interpolation.

    Parameters
    ----------
    values : ndarray
        Strictly increasing sample positions (any spacing).
    curve : ndarray
        Samples ``curve(values)``.
    kind : {"min", "max"}
        Which extrema to find.
    min_prominence : float
        Smallest prominence kept (units of ``curve``; :func:`scipy.signal.find_peaks`).

    Returns
    -------
    positions : ndarray
        Vertex of the parabola through the extremal sample and its two neighbours, clipped to
        their span.
    heights : ndarray
        ``curve`` at the extremal sample.
    prominences : ndarray
        Prominence of each extremum (≥ 0, units of ``curve``).

    Raises
    ------
    ValueError
        For an unknown ``kind``, mismatched or non-increasing ``values``, or non-finite samples.
    """
    if kind not in ("min", "max"):
        raise ValueError(f"kind must be 'min' or 'max', got {kind!r}")
    values, curve = _checked_curve(values, curve)
    sign = -1.0 if kind == "min" else 1.0
    indices, properties = find_peaks(sign * curve, prominence=min_prominence)
    positions = np.array([_vertex(values[i - 1 : i + 2], curve[i - 1 : i + 2]) for i in indices])
    return positions.reshape(-1), curve[indices], properties["prominences"]


def _checked_curve(values: np.ndarray, curve: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values, curve = np.asarray(values, dtype=float), np.asarray(curve, dtype=float)
    if values.ndim != 1 or values.shape != curve.shape:
        raise ValueError(
            f"values and curve must be 1-D of one length, got {values.shape}, {curve.shape}"
        )
    if np.any(np.diff(values) <= 0):
        raise ValueError("values must be strictly increasing")
    if not (np.all(np.isfinite(values)) and np.all(np.isfinite(curve))):
        raise ValueError("values and curve must be finite")
    return values, curve


def _vertex(x: np.ndarray, y: np.ndarray) -> float:
    """Abscissa of the vertex of the parabola through three points, clipped to ``[x₀, x₂]``."""
    (x0, x1, x2), (y0, y1, y2) = x, y
    denominator = (x0 - x1) * (x0 - x2) * (x1 - x2)
    a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denominator
    b = (x2**2 * (y0 - y1) + x1**2 * (y2 - y0) + x0**2 * (y1 - y2)) / denominator
    if a == 0:
        return float(x1)
    return float(np.clip(-b / (2 * a), x0, x2))


@dataclass(frozen=True)
class CorrelationReport:
    """Flux dips, avoided crossings and entropy peaks of one sweep, side by side.

    Positions are in units of the swept parameter (Δ/ω for seed 000). Distances are signed,
    ``dip − crossing`` and ``peak − crossing``; NaN where there is no dip or no peak at all.

    Attributes
    ----------
    dip_positions, dip_depths, dip_prominences : ndarray
        Local minima of ``|J|``: refined position, ``|J|`` at the lowest sample, prominence
        (units of ``J``).
    crossing_positions, crossing_gaps : ndarray
        The avoided crossings compared (e.g. a LAC sequence): position and minimal gap (energy).
    peak_positions, peak_heights : ndarray
        Local maxima of the entropy: refined position, entropy at the highest sample (nats).
    dip_distances, peak_distances : ndarray
        Per crossing: signed distance to the nearest dip and to the nearest entropy peak.
    """

    dip_positions: np.ndarray
    dip_depths: np.ndarray
    dip_prominences: np.ndarray
    crossing_positions: np.ndarray
    crossing_gaps: np.ndarray
    peak_positions: np.ndarray
    peak_heights: np.ndarray
    dip_distances: np.ndarray
    peak_distances: np.ndarray

    def to_dataset(self, prefix: str = "") -> xr.Dataset:
        """The report as a Dataset on dims ``{prefix}dip``, ``{prefix}crossing``, ``{prefix}peak``.

        Each attribute becomes a variable of the singular name (``dip_positions`` →
        ``{prefix}dip_position``); the distances lie along ``{prefix}crossing``.
        """
        data = {}
        for name, values in vars(self).items():
            dim = "crossing" if name.endswith("distances") else name.split("_")[0]
            data[f"{prefix}{name.removesuffix('s')}"] = (f"{prefix}{dim}", np.asarray(values))
        return xr.Dataset(data)


def correlation_report(
    values: np.ndarray,
    flux: np.ndarray,
    crossings: Sequence[Crossing],
    entropy_values: np.ndarray | None = None,
    entropies: np.ndarray | None = None,
    *,
    dip_prominence: float = DIP_PROMINENCE,
    peak_prominence: float = PEAK_PROMINENCE,
) -> CorrelationReport:
    """Compare the dips of a flux curve with avoided crossings and entropy peaks.

    Parameters
    ----------
    values : ndarray
        Strictly increasing parameter values of the flux samples (e.g. Δ/ω; any spacing, so a
        uniform grid merged with zooms around narrow crossings is fine).
    flux : ndarray
        ``J(values)``; dips are local minima of ``|J|`` (seed 000: ``J_s/r_s``, negative).
    crossings : sequence of Crossing
        Avoided crossings to compare with, e.g. :attr:`StateSequence.crossings`.
    entropy_values, entropies : ndarray, optional
        Strictly increasing parameter values and the entropy (nats) of the eigenstate sequence
        there; without them there are no peaks.
    dip_prominence : float
        Smallest prominence of a dip of ``|J|`` (units of ``J``; the default 1e-3 suits
        ``J_s/r_s``, whose magnitude is at most 1).
    peak_prominence : float
        Smallest prominence of an entropy peak (nats).

    Returns
    -------
    CorrelationReport

    Raises
    ------
    ValueError
        For mismatched, non-increasing or non-finite samples, or only one of the entropy arrays.

    Notes
    -----
    Dip and peak positions come from :func:`local_extrema`: the parabola through the extremal
    sample and its neighbours, so their accuracy is a fraction of the local sample spacing. A
    dip narrower than the spacing is missed; sample densely around the crossings (e.g. at
    offsets of a few gaps) to resolve it.
    """
    dips = local_extrema(values, np.abs(np.asarray(flux, dtype=float)), "min", dip_prominence)
    if (entropy_values is None) != (entropies is None):
        raise ValueError("give both entropy_values and entropies, or neither")
    if entropy_values is None:
        peaks = (np.empty(0), np.empty(0), np.empty(0))
    else:
        peaks = local_extrema(entropy_values, entropies, "max", peak_prominence)
    positions = np.array([c.position for c in crossings], dtype=float)
    return CorrelationReport(
        dip_positions=dips[0],
        dip_depths=dips[1],
        dip_prominences=dips[2],
        crossing_positions=positions,
        crossing_gaps=np.array([c.gap for c in crossings], dtype=float),
        peak_positions=peaks[0],
        peak_heights=peaks[1],
        dip_distances=_nearest(dips[0], positions),
        peak_distances=_nearest(peaks[0], positions),
    )


def _nearest(found: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Per target: signed distance ``found − target`` to the nearest found position, else NaN."""
    if found.size == 0:
        return np.full(targets.shape, np.nan)
    differences = found[None, :] - targets[:, None]
    return differences[np.arange(targets.size), np.argmin(np.abs(differences), axis=1)]
