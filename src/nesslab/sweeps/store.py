"""Where sweep results live: in memory, a Zarr store or a netCDF file, resumable.

A store holds every output pre-allocated over the grid, ``seconds``, a boolean ``done``, the
``error`` of failed points and, in its attributes, the nesslab version, the sweep's config
(JSON) and the output schema. Reopening it for the same grid and config restores the finished
points whose data are really there (:mod:`nesslab.sweeps.integrity`); anything else is refused.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import xarray as xr

from nesslab.sweeps.grid import POINT_DIM, Grid
from nesslab.sweeps.identity import config_difference, grid_difference
from nesslab.sweeps.integrity import ChunkProblem, StoreReport, checked, read_zarr
from nesslab.sweeps.results import DONE, Output, Results, decode_schema, encode_schema

VERSION, CONFIG, OUTPUTS = "nesslab_version", "config", "nesslab_outputs"
CHUNK_POINTS = 1024


class Store(Protocol):
    """What the sweep runner needs from a store."""

    path: Path | None

    def load(self, grid: Grid, config: str | None) -> tuple[Results | None, StoreReport | None]:
        """The stored results of this sweep (points without data not done) and the report."""

    def discard(self, problems: tuple[ChunkProblem, ...]) -> None:
        """Remove the corrupt chunks (their points are recomputed and rewritten)."""

    def create(self, results: Results) -> None:
        """Write a new store holding ``results``."""

    def write(self, results: Results, indices: np.ndarray) -> None:
        """Write the points with flat indices ``indices`` (outputs first, ``done`` last)."""


def open_store(path: str | os.PathLike[str] | None) -> Store:
    """The store at ``path``: in memory for None, netCDF for a ``.nc`` suffix, else Zarr."""
    if path is None:
        return MemoryStore()
    path = Path(path)
    return NetCDFStore(path) if path.suffix == ".nc" else ZarrStore(path)


def store_attrs(version: str, config: str | None, schema: tuple[Output, ...]) -> dict[str, str]:
    """The attributes a store records to recognise its sweep."""
    attrs = {VERSION: version, OUTPUTS: encode_schema(schema)}
    return attrs if config is None else {**attrs, CONFIG: config}


@dataclass(frozen=True)
class MemoryStore:
    """No store: results live only in the returned Dataset."""

    path: None = None

    def load(self, grid: Grid, config: str | None) -> tuple[None, None]:
        """Nothing is stored."""
        return None, None

    def discard(self, problems: tuple[ChunkProblem, ...]) -> None:
        """Nothing is stored."""

    def create(self, results: Results) -> None:
        """Nothing to write."""

    def write(self, results: Results, indices: np.ndarray) -> None:
        """Nothing to write."""


@dataclass(frozen=True)
class ZarrStore:
    """A Zarr (format 2) store: a flush writes only the new points, never a finished one."""

    path: Path

    def load(self, grid: Grid, config: str | None) -> tuple[Results | None, StoreReport | None]:
        """The stored results, checked against ``grid`` and ``config``, read chunk by chunk."""
        if not self.path.exists():
            return None, None
        with _opened(self.path, "zarr") as stored:
            results = allocated(stored, grid, config, self.path)
        return results, checked(results, self.path, read_zarr(self.path, results))

    def discard(self, problems: tuple[ChunkProblem, ...]) -> None:
        """Delete the corrupt chunks' files (missing ones are already gone)."""
        for problem in problems:
            if problem.problem != "missing":
                (self.path / problem.key.replace("/", os.sep)).unlink(missing_ok=True)

    def create(self, results: Results) -> None:
        """Write the whole pre-allocated store, chunked over the grid, then move it in place.

        It is written as ``<store>.partial`` and renamed, so a process killed meanwhile leaves
        no half-made store (a stale ``.partial`` is removed by the next creation).
        """
        chunks = grid_chunks(results.grid.shape)
        encoding = {
            name: {"chunks": chunks + array.shape[len(chunks) :]}
            for name, array in results.arrays.items()
        }
        partial = self.path.with_name(self.path.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        results.to_dataset().to_zarr(
            partial, mode="w-", zarr_format=2, encoding=encoding, write_empty_chunks=True
        )
        os.replace(partial, self.path)

    def write(self, results: Results, indices: np.ndarray) -> None:
        """Write only the given points of every variable, ``done`` last."""
        import zarr  # imported here: it doubles the import time of nesslab

        # Every chunk stays written, even one equal to the fill value (zarr's default would delete
        # it): a chunk that is missing is then a chunk that was lost.
        with zarr.config.set({"array.write_empty_chunks": True}):
            group = zarr.open_group(self.path, mode="r+")
            present = set(group.array_keys())
            position = np.unravel_index(indices, results.grid.shape)
            for name, array in results.arrays.items():
                if name not in present:  # "error" in a store written by an earlier nesslab
                    continue
                values = array[position]
                extra = values.shape[1:]
                size = int(np.prod(extra))
                within = np.indices(extra).reshape(len(extra), size)
                coordinates = tuple(np.repeat(p, size) for p in position) + tuple(
                    np.tile(w, len(indices)) for w in within
                )
                group[name].vindex[coordinates] = values.reshape(-1)


@dataclass(frozen=True)
class NetCDFStore:
    """A netCDF-3 file (scipy engine), rewritten whole (atomically) at every flush.

    netCDF-3 has no int64 or complex type: integer outputs must fit in int32.
    """

    path: Path

    def load(self, grid: Grid, config: str | None) -> tuple[Results | None, StoreReport | None]:
        """The stored results, checked against ``grid`` and ``config``."""
        if not self.path.exists():
            return None, None
        with _opened(self.path, "scipy") as stored:
            results = allocated(stored, grid, config, self.path)
            for name, array in results.arrays.items():
                if name in stored:
                    array[...] = stored[name].values
        return results, checked(results, self.path, ())

    def discard(self, problems: tuple[ChunkProblem, ...]) -> None:
        """A netCDF file has no chunks of its own: it is rewritten whole at every flush."""

    def create(self, results: Results) -> None:
        """Write the file."""
        self.write(results, np.arange(results.grid.size))

    def write(self, results: Results, indices: np.ndarray) -> None:
        """Rewrite the file through a temporary one, so a crash never leaves it half written."""
        partial = self.path.with_name(self.path.name + ".partial")
        results.to_dataset().to_netcdf(partial, engine="scipy")
        os.replace(partial, self.path)


@contextmanager
def _opened(path: Path, engine: str) -> Iterator[xr.Dataset]:
    """The stored Dataset (lazily), or a ValueError naming the store if it cannot be opened."""
    try:
        options = {"consolidated": False} if engine == "zarr" else {}
        stored = xr.open_dataset(path, engine=engine, chunks=None, **options)
    except Exception as error:
        raise ValueError(
            f"store {path} cannot be read ({type(error).__name__}: {error}); it may be truncated "
            "or not a sweep store: move it away to recompute, or restore it from a copy"
        ) from None
    with stored:
        yield stored


def allocated(stored: xr.Dataset, grid: Grid, config: str | None, path: Path) -> Results:
    """Empty results for the sweep a store holds, after checking it belongs to this sweep.

    Raises
    ------
    ValueError
        If ``stored`` is not a sweep store, or was written for another grid or config.
    """
    if OUTPUTS not in stored.attrs or DONE not in stored:
        raise ValueError(f"{path} exists but is not a nesslab sweep store")
    difference = grid_difference(grid, stored) or config_difference(
        stored.attrs.get(CONFIG), config
    )
    if difference:
        raise ValueError(
            f"store {path} holds a different sweep ({difference}); use another store path, or "
            f"the store's grid and config"
        )
    return Results.allocate(grid, decode_schema(stored.attrs[OUTPUTS]), dict(stored.attrs))


def inspect_store(path: str | os.PathLike[str]) -> StoreReport:
    """The health of the store at ``path`` (its own grid and config), computing nothing.

    Raises
    ------
    FileNotFoundError
        If there is no store at ``path``.
    ValueError
        If it cannot be read or is not a sweep store.
    """
    store = open_store(path)
    if store.path is None or not store.path.exists():
        raise FileNotFoundError(f"no sweep store at {path}")
    engine = "scipy" if isinstance(store, NetCDFStore) else "zarr"
    with _opened(store.path, engine) as stored:
        if DONE not in stored:
            raise ValueError(f"{path} exists but is not a nesslab sweep store")
        grid = _stored_grid(stored)
        config = stored.attrs.get(CONFIG)
    _, report = store.load(grid, config)
    return report


def _stored_grid(stored: xr.Dataset) -> Grid:
    """The grid a store was written for, from its coordinates."""
    dims = stored[DONE].dims
    if dims == (POINT_DIM,):
        names = tuple(str(n) for n in stored.coords if stored[n].dims == (POINT_DIM,))
        return Grid(names, tuple(stored[n].values for n in names), explicit=True)
    return Grid(tuple(map(str, dims)), tuple(stored[d].values for d in dims), explicit=False)


def grid_chunks(shape: tuple[int, ...]) -> tuple[int, ...]:
    """Chunk shape over the grid: trailing dimensions whole, about CHUNK_POINTS points a chunk."""
    chunks: list[int] = []
    room = CHUNK_POINTS
    for size in reversed(shape):
        chunks.insert(0, max(1, min(size, room)))
        room = max(1, room // chunks[0])
    return tuple(chunks)
