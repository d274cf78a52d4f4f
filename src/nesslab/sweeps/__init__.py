"""Parameter sweeps: grids, executors (serial, local processes, Dask) and resumable stores."""

from nesslab.sweeps.executors import BACKENDS
from nesslab.sweeps.runner import PointError, sweep

__all__ = ["BACKENDS", "PointError", "sweep"]
