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
        ``compute(points) -> xarray.Dataset`` for a grid of ``points`` values per swept axis.
    plot : callable
        ``plot(dataset, path) -> Path`` writes the image.
    points : int
        Default (reduced) resolution, well under a minute on two cores.
    full_points : int
        The paper's resolution (``--full``).
    """

    compute: Callable[[int], xr.Dataset]
    plot: Callable[[xr.Dataset, Path], Path]
    points: int
    full_points: int
