"""How a figure recipe runs its grids: every grid goes through :func:`nesslab.sweep`.

A :class:`FigureRun` carries the sweep settings of one ``nesslab figure`` call — backend, worker
count or Dask address, progress bar — and, when given a directory, a resumable store for each
grid of the recipe (``DIR/<figure>-<label>.zarr``): rerunning an interrupted figure computes
only the points that are missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xarray as xr

from nesslab.sweeps import sweep


@dataclass(frozen=True)
class FigureRun:
    """Sweep settings of one figure computation.

    Parameters
    ----------
    backend : {"processes", "serial", "dask"}
        Where the points run (:func:`nesslab.sweep`).
    workers : int, optional
        Processes of the pool, or of a Dask LocalCluster.
    address : str, optional
        Scheduler address of a running Dask cluster.
    store : path-like, optional
        Directory of the resumable stores, one per grid; None keeps results in memory.
    progress : bool
        Show a progress bar per grid.
    figure : str
        Name of the figure, for the store names and the stores' config.
    """

    backend: str = "processes"
    workers: int | None = None
    address: str | None = None
    store: Path | None = None
    progress: bool = True
    figure: str = "figure"

    def sweep(
        self,
        point: Callable[..., Mapping[str, Any]],
        grid: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        label: str,
        config: Any = None,
    ) -> xr.Dataset:
        """``nesslab.sweep(point, grid, ...)`` with these settings; ``label`` names the grid.

        ``config`` (JSON-serialisable) records settings the points depend on beyond the grid,
        so that a store made with other settings is refused.
        """
        store = None
        if self.store is not None:
            Path(self.store).mkdir(parents=True, exist_ok=True)
            store = Path(self.store) / f"{self.figure}-{label}.zarr"
        return sweep(
            point,
            grid,
            backend=self.backend,
            store=store,
            progress=self.progress,
            address=self.address,
            workers=self.workers,
            config={"figure": self.figure, "grid": label, "settings": config},
        )


def points_computed(**grids: xr.Dataset) -> dict[str, int]:
    """Attrs ``points_computed_<label>``: how many points each grid's sweep computed in this call.

    ``grids`` maps each label to the result of :meth:`FigureRun.sweep`; a count of 0 means the
    grid's store already held every point.
    """
    return {
        f"points_computed_{label}": int(result.attrs["points_computed"])
        for label, result in grids.items()
    }
