"""The description of one reproducible figure: how to compute its data and how to draw it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xarray as xr


@dataclass(frozen=True)
class FigureRecipe:
    """How to compute and draw one figure.

    Attributes
    ----------
    compute : callable
        ``compute(points, run, **parameters) -> xarray.Dataset`` for a grid of ``points``
        values per swept axis; every grid of independent points runs through ``run.sweep``
        (:class:`~nesslab.figures.run.FigureRun`), and the dataset's attrs
        ``points_computed_<grid>`` say how many points each grid computed in this call; every
        variable and coordinate carries ``long_name`` and ``units``
        (:func:`nesslab.figures.labels.describe`);
        ``parameters`` are the recipe's keyword-only arguments (ranges, fixed values), with
        the paper's values as defaults.
    plot : callable
        ``plot(dataset, path) -> Path`` writes the image.
    points : int
        Default (reduced) resolution.
    full_points : int
        The paper's resolution (``--full``).
    summary : str
        One line: which figure of which paper it reproduces and what it shows
        (``nesslab figure --list``).
    """

    compute: Callable[..., xr.Dataset]
    plot: Callable[[xr.Dataset, Path], Path]
    points: int
    full_points: int
    summary: str
