"""Backends that evaluate sweep points: serially, on local processes, or on a Dask cluster.

A backend is a generator function ``backend(point, tasks, options)`` over ``(index, params)``
tasks. It yields ``(index, future)`` as points finish (in any order), or None when nothing
finished within ``options.tick`` seconds, so that the caller can flush on time. Closing the
generator cancels the points not yet started and releases the workers.

The pool backends send points in batches of consecutive grid points, sized so that a batch takes
about ``BATCH_SECONDS``: one round trip per batch instead of per point (a millisecond NESS would
otherwise pay as much in inter-process traffic as in work), and neighbouring points meet the same
worker's caches (:func:`nesslab.solve.factorization.factorize` reuses column orderings).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from nesslab.registry import lookup

Task = tuple[int, dict[str, Any]]
Finished = tuple[int, Any] | None
Point = Callable[..., Any]
Outcome = tuple[bool, Any, float]

BATCH_SECONDS = 0.1
MAX_BATCH = 256
PARENT_POLL_SECONDS = 0.5
_THREADS_LIMITED = False  # whether this (worker) process has limited its BLAS threads


@dataclass(frozen=True)
class Options:
    """How to run the points.

    Attributes
    ----------
    workers : int or None
        Worker processes ("processes": default ``os.cpu_count()``; "dask" without an address:
        workers of the LocalCluster, Dask's default if None).
    address : str or None
        Scheduler address of a running Dask cluster ("dask" only).
    tick : float
        Longest wait, in seconds, before the backend yields None if no point finished.
    """

    workers: int | None = None
    address: str | None = None
    tick: float = 2.0


Backend = Callable[[Point, Iterable[Task], Options], Iterator[Finished]]


def timed_point(point: Point, params: dict[str, Any]) -> Outcome:
    """``(ok, point(**params) or its exception, wall seconds)`` of one point."""
    start = time.perf_counter()
    try:
        return True, point(**params), time.perf_counter() - start
    except Exception as exc:
        return False, exc, time.perf_counter() - start


def timed_batch(point: Point, batch: list[dict[str, Any]]) -> list[Outcome]:
    """:func:`timed_point` of each point of a batch; runs on a pool worker.

    The worker's BLAS and OpenMP pools are limited to one thread (once per process): the pool
    already has a process per core, and oversubscribed BLAS threads made small dense
    eigendecompositions ten times slower.
    """
    _single_threaded()
    return [timed_point(point, params) for params in batch]


def _single_threaded() -> None:
    """Limit this process's BLAS and OpenMP thread pools to one thread, once."""
    global _THREADS_LIMITED
    if not _THREADS_LIMITED:
        threadpool_limits(1)
        _THREADS_LIMITED = True


def run_serial(point: Point, tasks: Iterable[Task], options: Options) -> Iterator[Finished]:
    """Evaluate the points one after the other in this process."""
    for index, params in tasks:
        yield index, _as_future(timed_point(point, params))


def exit_with_parent(interval: float = PARENT_POLL_SECONDS) -> None:
    """Start a daemon thread that ends this (worker) process when its parent is gone.

    A pool worker blocks on its task queue forever if its parent dies without shutting the pool
    down (``kill -9``, an out-of-memory kill); it is then reparented, so ``os.getppid()``
    changes. (With the "forkserver" start method the parent is the fork server, which exits
    with the process that started it.)
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="nesslab-parent-watch", daemon=True).start()


def run_processes(point: Point, tasks: Iterable[Task], options: Options) -> Iterator[Finished]:
    """Evaluate the points on a pool of ``options.workers`` local processes.

    The workers end on their own when this process dies (:func:`exit_with_parent`).
    """
    workers = options.workers or os.cpu_count() or 1

    def first_completed(futures: Iterable[Future]) -> set[Future]:
        return wait(futures, options.tick, FIRST_COMPLETED).done

    with ProcessPoolExecutor(workers, initializer=exit_with_parent) as pool:
        submit = partial(pool.submit, timed_batch, point)
        yield from _windowed(submit, first_completed, tasks, 2 * workers)


def run_dask(point: Point, tasks: Iterable[Task], options: Options) -> Iterator[Finished]:
    """Evaluate the points on a Dask cluster: the one at ``options.address``, else a local one."""
    distributed = _import_distributed()

    def first_completed(futures: Iterable[Any]) -> set[Any]:
        try:
            return distributed.wait(list(futures), options.tick, FIRST_COMPLETED).done
        except (TimeoutError, asyncio.TimeoutError):
            return set()

    with ExitStack() as stack:
        scheduler = options.address or stack.enter_context(
            distributed.LocalCluster(
                n_workers=options.workers, threads_per_worker=1, dashboard_address=":0"
            )
        )
        client = stack.enter_context(distributed.Client(scheduler))
        window = 2 * max(1, sum(client.nthreads().values()))
        submit = partial(client.submit, timed_batch, point, pure=False)
        yield from _windowed(submit, first_completed, tasks, window)


BACKENDS: dict[str, Backend] = {
    "serial": run_serial,
    "processes": run_processes,
    "dask": run_dask,
}


def get_backend(name: str) -> Backend:
    """The backend registered as ``name``.

    Raises
    ------
    ValueError
        If no backend has that name (the message lists the valid ones).
    """
    return lookup(BACKENDS, name, "backend")


def _windowed(
    submit: Callable[[list[dict[str, Any]]], Any],
    first_completed: Callable[[Iterable[Any]], set[Any]],
    tasks: Iterable[Task],
    window: int,
) -> Iterator[Finished]:
    """Keep at most ``window`` batches in flight; yield their points as the batches finish.

    The first batches hold one point each; later ones as many as take about ``BATCH_SECONDS``
    at the mean point time seen so far (at most ``MAX_BATCH``).
    """
    tasks = iter(tasks)
    running: dict[Any, list[int]] = {}
    seen_points, seen_seconds = 0, 0.0
    try:
        while True:
            size = 1
            if seen_points:
                size = int(
                    np.clip(BATCH_SECONDS * seen_points / max(seen_seconds, 1e-9), 1, MAX_BATCH)
                )
            while len(running) < window:
                batch = list(itertools.islice(tasks, size))
                if not batch:
                    break
                running[submit([params for _, params in batch])] = [i for i, _ in batch]
            if not running:
                return
            finished = first_completed(running)
            if not finished:
                yield None
            for future in finished:
                indices = running.pop(future)
                for index, outcome in zip(indices, _outcomes(future, len(indices)), strict=True):
                    seen_points += 1
                    seen_seconds += outcome[2]
                    yield index, _as_future(outcome)
    finally:
        for future in running:
            future.cancel()


def _outcomes(batch: Any, size: int) -> list[Outcome]:
    """The outcomes of a finished batch; a batch that failed as a whole fails every point."""
    try:
        return batch.result()
    except Exception as exc:
        return [(False, exc, 0.0)] * size


class TimedFuture(Future):
    """A finished point: ``result()`` is ``(output, seconds)``; ``seconds`` also on a failure."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds


def _as_future(outcome: Outcome) -> TimedFuture:
    """A finished Future holding ``(output, seconds)`` or the point's exception."""
    ok, value, seconds = outcome
    future = TimedFuture(seconds)
    if ok:
        future.set_result((value, seconds))
    else:
        future.set_exception(value)
    return future


def _import_distributed() -> Any:
    try:
        import dask.distributed
    except ImportError as exc:
        raise ImportError(
            "the 'dask' sweep backend needs dask.distributed: pip install 'nesslab[dask]'"
        ) from exc
    return dask.distributed
