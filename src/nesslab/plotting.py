"""Figures of nesslab results, drawn on the non-interactive Agg canvas (no pyplot state)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def _odd_integers(low: float, high: float) -> np.ndarray:
    """Odd integers k with ``low ≤ k ≤ high``."""
    candidates = np.arange(np.ceil(low), np.floor(high) + 1)
    return candidates[candidates % 2 == 1]


def plot_flux_sweep(dataset: xr.Dataset, path: str | Path) -> Path:
    """Plot |J_s|/r_s against Δ/ω on a log axis, dotted lines at the odd-integer Δ/ω.

    Parameters
    ----------
    dataset : xarray.Dataset
        A :func:`nesslab.demo.rabi_delta_sweep` result (``spin_flux`` in units of r_s on the
        ``delta`` dimension, ``omega`` and ``coupling`` in ``attrs``).
    path : str or Path
        Image file to write (format from the suffix, e.g. ``.png``).

    Returns
    -------
    Path
        The file written. The dotted lines mark Δ/ω = 1, 3, …, the avoided crossings of the
        Rabi spectrum where seed 000's dips of |J_s| sit.
    """
    ratio = dataset["delta"].values / dataset.attrs["omega"]
    magnitude = np.abs(dataset["spin_flux"].values)
    figure = Figure(figsize=(6.4, 4.0), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    label = rf"$\lambda = {dataset.attrs['coupling']:g}$"
    axes.semilogy(ratio, magnitude, marker=".", label=label)
    for crossing in _odd_integers(ratio.min(), ratio.max()):
        axes.axvline(crossing, color="0.5", linestyle=":", linewidth=1)
    axes.set_xlabel(r"$\Delta / \omega$")
    axes.set_ylabel(r"$|J_s| / r_s$")
    axes.set_title("Local-Lindblad Rabi NESS: spin flux")
    axes.legend()
    path = Path(path)
    figure.savefig(path, dpi=120)
    return path
