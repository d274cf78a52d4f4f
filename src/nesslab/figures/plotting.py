"""Matplotlib helpers of the paper figures (Agg canvas, no pyplot state)."""

from __future__ import annotations

from pathlib import Path

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
