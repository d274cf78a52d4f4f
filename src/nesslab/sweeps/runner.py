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
from nesslab.sweeps.grid import Grid, make_grid
from nesslab.sweeps.results import Results, schema_of, trimmed
from nesslab.sweeps.store import Store, encode_config, open_store, store_attrs
from nesslab.version import __version__

MIN_TICK = 0.1  # seconds; the shortest wait for a point, so that flush_seconds=0 never spins


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt while a sweep runs.

    A batch scheduler's kill then also runs the ``finally`` flush. Signal handlers can only be
    installed in the main thread; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class PointError(RuntimeError):
    """A point function raised; the original exception is the ``__cause__``.

    Attributes
    ----------
    params : dict
        The parameters of the failed point.
    """

    def __init__(self, params: dict[str, Any], error: BaseException) -> None:
        super().__init__(f"sweep point {params} failed: {type(error).__name__}: {error}")
        self.params = params


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
) -> xr.Dataset:
    """Evaluate ``point(**params)`` at every point of ``grid``; resume from ``store`` if given.

    Parameters
    ----------
    point : callable
        Picklable ``f(**params) -> dict`` of scalars, small arrays or strings; every point returns
        the same keys, shapes and dtypes. Units and sign conventions are the point function's.
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

    Returns
    -------
    xarray.Dataset
        One variable per output over the grid dimensions (plus ``<name>_dim0, …`` for arrays;
        strings as fixed-width unicode), ``seconds`` (each point's wall time) and ``done``.
        Attributes: ``nesslab_version``, ``backend``, ``config`` (JSON, when given),
        ``wall_seconds`` and ``points_computed`` of this call.

    Raises
    ------
    ValueError
        For a bad grid, an unknown backend or bad options, a store of another sweep (naming what
        differs), or outputs that differ between points.
    PointError
        If a point function raised (its parameters in the message), after storing the points
        that finished.
    """
    start = time.perf_counter()
    spec = make_grid(grid)
    run = get_backend(backend)
    options = _options(backend, address, workers, flush_seconds)
    config_json = encode_config(config)
    sink = _Sink(spec, open_store(store), config_json, flush_seconds)
    todo = sink.todo()
    if todo.size:
        _compute(run, point, todo, options, sink, progress)
    attrs = {"nesslab_version": __version__, "backend": backend}
    if config_json is not None:
        attrs["config"] = config_json
    attrs |= {"wall_seconds": time.perf_counter() - start, "points_computed": int(todo.size)}
    result = trimmed(sink.results.to_dataset())
    result.attrs = attrs
    return result


def _compute(
    run: Backend,
    point: Callable[..., Mapping[str, Any]],
    todo: np.ndarray,
    options: Options,
    sink: _Sink,
    progress: bool,
) -> None:
    """Run the points ``todo`` (flat indices), flushing on time and always on the way out."""
    tasks = ((i, sink.grid.params(i)) for i in todo.tolist())
    bar = tqdm(total=todo.size, desc="sweep", unit="point", disable=not progress)
    with closing(run(point, tasks, options)) as finished, bar, _terminate_as_interrupt():
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


class _Sink:
    """Collects finished points into the in-memory results and flushes them to the store."""

    def __init__(self, grid: Grid, store: Store, config: str | None, flush_seconds: float):
        self.grid, self.store, self.config = grid, store, config
        self.flush_seconds = flush_seconds
        self.results = store.load(grid, config)
        self.created = self.results is not None
        self.unflushed: list[int] = []
        self.flushed_at = -math.inf

    def todo(self) -> np.ndarray:
        """Flat indices of the points not yet done."""
        if self.results is None:
            return np.arange(self.grid.size)
        return np.flatnonzero(~self.results.done.ravel())

    def add(self, index: int, future: Any) -> None:
        """Record the finished point ``index`` (allocating the results at the first one)."""
        try:
            output, seconds = future.result()
        except Exception as exc:
            raise PointError(self.grid.params(index), exc) from exc
        try:
            if self.results is None:
                schema = schema_of(output, self.grid)
                attrs = store_attrs(__version__, self.config, schema)
                self.results = Results.allocate(self.grid, schema, attrs)
            self.results.insert(index, output, seconds)
        except ValueError as exc:
            raise ValueError(f"sweep point {self.grid.params(index)}: {exc}") from None
        self.unflushed.append(index)

    def tick(self) -> None:
        """Flush if the last flush is ``flush_seconds`` old."""
        if time.monotonic() - self.flushed_at >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Write the points finished since the last flush (creating the store at the first)."""
        if not self.unflushed:
            return
        if self.created:
            self.store.write(self.results, np.asarray(self.unflushed))
        else:
            self.store.create(self.results)
            self.created = True
        self.unflushed.clear()
        self.flushed_at = time.monotonic()
