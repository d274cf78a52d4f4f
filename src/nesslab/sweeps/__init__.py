"""Parameter sweeps: grids, executors (serial, local processes, Dask) and resumable stores."""

from nesslab.sweeps.executors import BACKENDS
from nesslab.sweeps.integrity import StoreReport
from nesslab.sweeps.lock import StoreInUseError
from nesslab.sweeps.runner import SweepInterrupted, sweep
from nesslab.sweeps.sink import ON_ERROR, PointError, StoreRepairWarning
from nesslab.sweeps.store import inspect_store

__all__ = [
    "BACKENDS",
    "ON_ERROR",
    "PointError",
    "StoreInUseError",
    "StoreRepairWarning",
    "StoreReport",
    "SweepInterrupted",
    "inspect_store",
    "sweep",
]
