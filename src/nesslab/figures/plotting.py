"""Matplotlib helpers of the paper figures (Agg canvas, no pyplot state)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def new_figure(panels: int) -> tuple[Figure, list[Axes]]:
    """A figure with ``panels`` side-by-side axes on its own Agg canvas."""
    figure = Figure(figsize=(4.2 * panels, 3.6), layout="constrained")
    FigureCanvasAgg(figure)
    return figure, list(figure.subplots(1, panels, squeeze=False)[0])


def save(figure: Figure, path: Path) -> Path:
    """Write ``figure`` to ``path`` (format from the suffix) and return the path."""
    path = Path(path)
    figure.savefig(path, dpi=120)
    return path


def flagged_line(axes: Axes, x: np.ndarray, y: np.ndarray, valid: np.ndarray, label: str) -> None:
    """A line through all points, filled markers where ``valid``, open markers elsewhere."""
    x, y, valid = np.asarray(x), np.asarray(y), np.asarray(valid).astype(bool)
    (line,) = axes.plot(x, y, "-", label=label)
    axes.plot(x[valid], y[valid], "o", color=line.get_color())
    axes.plot(x[~valid], y[~valid], "o", mfc="none", color=line.get_color())
