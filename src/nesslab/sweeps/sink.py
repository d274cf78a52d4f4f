"""Collecting finished points into a sweep's results and flushing them to its store."""

from __future__ import annotations

import contextlib
import dataclasses
import math
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from nesslab.sweeps.grid import Grid
from nesslab.sweeps.results import Results, schema_of
from nesslab.sweeps.store import Store, store_attrs
from nesslab.version import __version__

ON_ERROR = ("raise", "record")


class StoreRepairWarning(UserWarning):
    """A resumed store held points marked done without their data; they are recomputed."""


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


class Sink:
    """Collects finished points into the in-memory results and flushes them to the store.

    With ``on_error="record"`` a failed point is stored as done with its exception in ``error``
    (outputs NaN); before the first point that succeeds (which fixes the outputs), failures wait
    in memory.
    """

    def __init__(
        self,
        grid: Grid,
        store: Store,
        config: str | None,
        flush_seconds: float,
        on_error: str,
        variable_attrs: Mapping[str, Mapping[str, str]] | None = None,
    ):
        if on_error not in ON_ERROR:
            raise ValueError(f"on_error must be one of {ON_ERROR}, got {on_error!r}")
        self.grid, self.store, self.config = grid, store, config
        self.flush_seconds, self.on_error = flush_seconds, on_error
        self.variable_attrs = dict(variable_attrs or {})
        self.results, self.report = store.load(grid, config)
        if self.results is not None:
            self.results = dataclasses.replace(self.results, variable_attrs=self.variable_attrs)
        self.created = self.results is not None
        self.unflushed: list[int] = []
        self.pending: list[tuple[int, BaseException, float]] = []
        self.failures = 0
        self.flushed_at = -math.inf
        self.guard: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext
        if self.report is not None and not self.report.healthy:
            store.discard(self.report.chunks)
            warnings.warn(self.report.repair_message(), StoreRepairWarning, stacklevel=4)

    def todo(self, retry_failed: bool = False) -> np.ndarray:
        """Flat indices of the points not yet done (and of the recorded failures, if asked)."""
        if self.results is None:
            return np.arange(self.grid.size)
        todo = ~self.results.done
        if retry_failed:
            todo |= self.results.failed
        return np.flatnonzero(todo.ravel())

    def add(self, index: int, future: Any) -> None:
        """Record the finished point ``index`` (allocating the results at the first success)."""
        try:
            output, seconds = future.result()
        except Exception as exc:
            if self.on_error == "raise":
                raise PointError(self.grid.params(index), exc) from exc
            self._record(index, exc, getattr(future, "seconds", math.nan))
            return
        try:
            if self.results is None:
                schema = schema_of(output, self.grid)
                attrs = store_attrs(__version__, self.config, schema)
                self.results = Results.allocate(self.grid, schema, attrs, self.variable_attrs)
                for pending in self.pending:
                    self.results.record_failure(*pending)
                self.pending.clear()
            self.results.insert(index, output, seconds)
        except ValueError as exc:
            raise ValueError(f"sweep point {self.grid.params(index)}: {exc}") from None
        self.unflushed.append(index)

    def _record(self, index: int, error: BaseException, seconds: float) -> None:
        self.failures += 1
        if self.results is None:
            self.pending.append((index, error, seconds))
            return
        self.results.record_failure(index, error, seconds)
        self.unflushed.append(index)

    def stored(self) -> int:
        """Points done in the store (and in memory)."""
        return 0 if self.results is None else int(self.results.done.sum())

    def tick(self) -> None:
        """Flush if the last flush is ``flush_seconds`` old."""
        if time.monotonic() - self.flushed_at >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Write the points finished since the last flush (creating the store at the first)."""
        if not self.unflushed:
            return
        with self.guard():  # no interrupt cuts a write in half
            if self.created:
                self.store.write(self.results, np.asarray(self.unflushed))
            else:
                self.store.create(self.results)
                self.created = True
            self.unflushed.clear()
            self.flushed_at = time.monotonic()

    def final(self) -> Results:
        """The results (a grid of failures only, if no point succeeded)."""
        if self.results is not None:
            return self.results
        attrs = store_attrs(__version__, self.config, ())
        results = Results.allocate(self.grid, (), attrs, self.variable_attrs)
        for pending in self.pending:
            results.record_failure(*pending)
        return results
