"""``nesslab.sweep``: evaluate a point function over a parameter grid, resumably."""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from typing import Any

import numpy as np
import xarray as xr
from tqdm.auto import tqdm

from nesslab.sweeps.executors import Backend, Options, get_backend
from nesslab.sweeps.grid import make_grid
from nesslab.sweeps.identity import encode_config
from nesslab.sweeps.lock import locked
from nesslab.sweeps.results import trimmed
from nesslab.sweeps.sink import Sink
from nesslab.sweeps.store import open_store
from nesslab.version import __version__

MIN_TICK = 0.1  # seconds; the shortest wait for a point, so that flush_seconds=0 never spins


class _Interrupts:
    """Ctrl-C and SIGTERM as KeyboardInterrupt, held back while the store is being written.

    A batch scheduler's SIGTERM then also runs the ``finally`` flush, and no signal can cut a
    flush in half (a store half created would refuse to be created again). Signal handlers can
    only be installed in the main thread; elsewhere nothing changes.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.writing = False
        self.pending: int | None = None

    def handle(self, signum: int, frame: Any) -> None:
        if self.writing:
            self.pending = signum
            return
        raise KeyboardInterrupt(f"signal {signum}")

    @contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {number: signal.signal(number, self.handle) for number in self.SIGNALS}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold signals back for the duration; an interrupt received meanwhile comes after."""
        self.writing = True
        try:
            yield
        finally:
            self.writing = False
            if self.pending is not None:
                signum, self.pending = self.pending, None
                raise KeyboardInterrupt(f"signal {signum}")


class SweepInterrupted(KeyboardInterrupt):
    """A sweep stopped by Ctrl-C or SIGTERM, after storing the points that had finished.

    Attributes
    ----------
    stored, total : int
        Points done in the store, and points of the grid.
    store : str or None
        The store (None: nothing was stored, the results are lost).
    """

    def __init__(self, stored: int, total: int, store: str | None) -> None:
        where = f"rerun the same command to resume from {store}" if store else "no store given"
        super().__init__(f"interrupted: {stored} of {total} points stored; {where}")
        self.stored, self.total, self.store = stored, total, store


def sweep(
    point: Callable[..., Mapping[str, Any]],
    grid: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    *,
    backend: str = "processes",
    store: str | os.PathLike[str] | None = None,
    progress: bool = True,
    address: str | None = None,
    workers: int | None = None,
    config: Any = None,
    flush_seconds: float = 2.0,
    on_error: str = "raise",
    retry_failed: bool = False,
    variable_attrs: Mapping[str, Mapping[str, str]] | None = None,
) -> xr.Dataset:
    """Evaluate ``point(**params)`` at every point of ``grid``; resume from ``store`` if given.

    Parameters
    ----------
    point : callable
        Picklable ``f(**params) -> dict`` of scalars, small arrays or strings; every point returns
        the same keys, shapes and dtypes. Units and sign conventions are the point function's.
        A finished point's float outputs must be finite: a stored NaN counts as missing data
        and is recomputed on resume, so a point without a value should raise (and the sweep
        use ``on_error="record"``).
    grid : mapping or sequence of mappings
        ``{name: 1-D values}`` spans the outer product (dimensions in key order), or a sequence of
        ``{name: value}`` dicts lists the points (one dimension ``"point"``). Values are finite
        real numbers.
    backend : {"processes", "serial", "dask"}
        Local process pool (default), this process, or a Dask cluster (needs ``nesslab[dask]``).
        The pool gets points in batches of ~0.1 s of work. Its workers are forked where the
        platform forks (Linux): a process that has already started a threaded runtime such as
        JAX should use "dask" (spawned workers) or "serial".
    store : path-like, optional
        netCDF file (``.nc``) or Zarr store (anything else). Rerunning the same grid and config on
        it computes only the points not yet done; finished points are never rewritten.
    progress : bool
        Show a progress bar over the points to compute.
    address : str, optional
        Scheduler address of a running Dask cluster; without it the "dask" backend starts a
        LocalCluster for the call.
    workers : int, optional
        Processes of the pool (default ``os.cpu_count()``) or of the LocalCluster.
    config : JSON-serialisable, optional
        Settings the results depend on beyond the grid; recorded in the store, which refuses a
        sweep with another config.
    flush_seconds : float
        Longest time, in seconds, that finished points stay unwritten while points are running.
    on_error : {"raise", "record"}
        What a failing point does: stop the sweep with :class:`PointError` (after storing the
        finished points), or be recorded — its outputs NaN (0, False, "" for other dtypes), its
        exception in the ``error`` variable — while the sweep goes on.
    retry_failed : bool
        Compute again the points of ``store`` whose failure was recorded (else they count as
        done).
    variable_attrs : mapping, optional
        Attributes of outputs and grid parameters by name, e.g.
        ``{"delta": {"long_name": "Δ", "units": "ω"}}``; stored with them and used by
        ``nesslab plot`` for its labels.

    Returns
    -------
    xarray.Dataset
        One variable per output over the grid dimensions (plus ``<name>_dim0, …`` for arrays;
        strings as fixed-width unicode), ``seconds`` (each point's wall time), ``done`` and
        ``error`` ("" or the recorded exception of a failed point). Attributes:
        ``nesslab_version``, ``backend``, ``config`` (JSON, when given), and of this call
        ``wall_seconds``, ``points_computed``, ``points_failed`` and ``store_repairs`` (what a
        resumed store lacked and was recomputed; empty if nothing).

    Raises
    ------
    ValueError
        For a bad grid, an unknown backend or bad options, a store of another sweep (naming what
        differs), or outputs that differ between points.
    PointError
        If a point function raised (its parameters in the message) and ``on_error="raise"``,
        after storing the points that finished.
    StoreInUseError
        If another sweep is writing ``store`` (:mod:`nesslab.sweeps.lock`).
    SweepInterrupted
        On Ctrl-C or SIGTERM, after storing the finished points (a KeyboardInterrupt).

    Warns
    -----
    StoreRepairWarning
        When a resumed store held points marked done without their data (a lost or corrupt
        chunk, a ``done`` set by hand): they are recomputed, never presented as data.
    """
    start = time.perf_counter()
    spec = make_grid(grid)
    run = get_backend(backend)
    options = _options(backend, address, workers, flush_seconds)
    config_json = encode_config(config)
    opened = open_store(store)
    with locked(opened.path):
        sink = Sink(spec, opened, config_json, flush_seconds, on_error, variable_attrs)
        todo = sink.todo(retry_failed)
        if todo.size:
            try:
                _compute(run, point, todo, options, sink, progress)
            except KeyboardInterrupt as exc:
                where = None if opened.path is None else str(opened.path)
                raise SweepInterrupted(sink.stored(), spec.size, where) from exc
    attrs = {"nesslab_version": __version__, "backend": backend}
    if config_json is not None:
        attrs["config"] = config_json
    attrs |= {
        "wall_seconds": time.perf_counter() - start,
        "points_computed": int(todo.size),
        "points_failed": sink.failures,
        "store_repairs": "" if sink.report is None else sink.report.repair_message(),
    }
    result = trimmed(sink.final().to_dataset())
    result.attrs = attrs
    return result


def _compute(
    run: Backend,
    point: Callable[..., Mapping[str, Any]],
    todo: np.ndarray,
    options: Options,
    sink: Sink,
    progress: bool,
) -> None:
    """Run the points ``todo`` (flat indices), flushing on time and always on the way out."""
    tasks = ((i, sink.grid.params(i)) for i in todo.tolist())
    bar = tqdm(total=todo.size, desc="sweep", unit="point", disable=not progress)
    interrupts = _Interrupts()
    sink.guard = interrupts.held
    with interrupts.installed(), closing(run(point, tasks, options)) as finished, bar:
        try:
            for item in finished:
                if item is not None:
                    sink.add(*item)
                    bar.update()
                sink.tick()
        finally:
            sink.flush()


def _options(
    backend: str, address: str | None, workers: int | None, flush_seconds: float
) -> Options:
    """Checked backend options."""
    if address is not None and backend != "dask":
        raise ValueError(f"address is for the 'dask' backend, not {backend!r}")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a positive integer, got {workers!r}")
    if not (math.isfinite(flush_seconds) and flush_seconds >= 0):
        raise ValueError(f"flush_seconds must be finite and >= 0, got {flush_seconds!r}")
    return Options(workers=workers, address=address, tick=max(flush_seconds, MIN_TICK))
