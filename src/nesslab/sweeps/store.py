"""Where sweep results live: in memory, a Zarr store or a netCDF file, resumable.

A store holds every output pre-allocated over the grid, ``seconds``, a boolean ``done`` and, in
its attributes, the nesslab version, the sweep's config (JSON) and the output schema. Reopening
it for the same grid and config restores the finished points; anything else is refused.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import xarray as xr

from nesslab.sweeps.grid import Grid, show
from nesslab.sweeps.results import DONE, Output, Results, decode_schema, encode_schema

VERSION, CONFIG, OUTPUTS = "nesslab_version", "config", "nesslab_outputs"
CHUNK_POINTS = 1024


class Store(Protocol):
    """What the sweep runner needs from a store."""

    def load(self, grid: Grid, config: str | None) -> Results | None:
        """The stored results of this sweep, or None if there is no store yet."""

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


def encode_config(config: Any) -> str | None:
    """``config`` as canonical JSON (sorted keys; numpy values as lists), None for None."""
    if config is None:
        return None
    return json.dumps(config, sort_keys=True, default=_jsonable)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    raise TypeError(f"config must be JSON-serialisable; {value!r} ({type(value).__name__}) is not")


@dataclass(frozen=True)
class MemoryStore:
    """No store: results live only in the returned Dataset."""

    def load(self, grid: Grid, config: str | None) -> None:
        """Nothing is stored."""
        return None

    def create(self, results: Results) -> None:
        """Nothing to write."""

    def write(self, results: Results, indices: np.ndarray) -> None:
        """Nothing to write."""


@dataclass(frozen=True)
class ZarrStore:
    """A Zarr (format 2) store: a flush writes only the new points, never a finished one."""

    path: Path

    def load(self, grid: Grid, config: str | None) -> Results | None:
        """The stored results, checked against ``grid`` and ``config``."""
        if not self.path.exists():
            return None
        with xr.open_dataset(self.path, engine="zarr", chunks=None) as stored:
            return restore(stored.load(), grid, config, self.path)

    def create(self, results: Results) -> None:
        """Write the whole pre-allocated store, chunked over the grid."""
        grid_chunks = _chunks(results.grid.shape)
        encoding = {
            name: {"chunks": grid_chunks + array.shape[len(grid_chunks) :]}
            for name, array in results.arrays.items()
        }
        results.to_dataset().to_zarr(self.path, mode="w-", zarr_format=2, encoding=encoding)

    def write(self, results: Results, indices: np.ndarray) -> None:
        """Write only the given points of every variable, ``done`` last."""
        import zarr  # imported here: it doubles the import time of nesslab

        group = zarr.open_group(self.path, mode="r+")
        position = np.unravel_index(indices, results.grid.shape)
        for name, array in results.arrays.items():
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

    def load(self, grid: Grid, config: str | None) -> Results | None:
        """The stored results, checked against ``grid`` and ``config``."""
        if not self.path.exists():
            return None
        with xr.open_dataset(self.path, engine="scipy") as stored:
            return restore(stored.load(), grid, config, self.path)

    def create(self, results: Results) -> None:
        """Write the file."""
        self.write(results, np.arange(results.grid.size))

    def write(self, results: Results, indices: np.ndarray) -> None:
        """Rewrite the file through a temporary one, so a crash never leaves it half written."""
        partial = self.path.with_name(self.path.name + ".partial")
        results.to_dataset().to_netcdf(partial, engine="scipy")
        os.replace(partial, self.path)


def restore(stored: xr.Dataset, grid: Grid, config: str | None, path: Path) -> Results:
    """The results held by a loaded store, after checking it belongs to this sweep.

    Raises
    ------
    ValueError
        If ``stored`` is not a sweep store, or was written for another grid or config.
    """
    if OUTPUTS not in stored.attrs or DONE not in stored:
        raise ValueError(f"{path} exists but is not a nesslab sweep store")
    difference = _grid_difference(grid, stored) or _config_difference(
        stored.attrs.get(CONFIG), config
    )
    if difference:
        raise ValueError(
            f"store {path} holds a different sweep ({difference}); use another store path, or "
            f"the store's grid and config"
        )
    results = Results.allocate(grid, decode_schema(stored.attrs[OUTPUTS]), dict(stored.attrs))
    for name, array in results.arrays.items():
        array[...] = stored[name].values
    return results


def _grid_difference(grid: Grid, stored: xr.Dataset) -> str | None:
    """How ``grid`` differs from the grid of ``stored``, or None."""
    dims = stored[DONE].dims
    if dims != grid.dims:
        return f"grid dimensions {dims} in the store, {grid.dims} in this sweep"
    names = sorted(map(str, stored.coords))
    if names != sorted(grid.names):
        return f"grid parameters {names} in the store, {sorted(grid.names)} in this sweep"
    for name, values in zip(grid.names, grid.values, strict=True):
        if not np.array_equal(stored[name].values, values):
            return (
                f"grid parameter {name!r} is {show(stored[name].values)} in the store, "
                f"{show(values)} in this sweep"
            )
    return None


_ABSENT = object()


def _config_difference(stored: str | None, requested: str | None) -> str | None:
    """The config entries that differ between two encoded configs, or None."""
    changes = _changes(
        _ABSENT if stored is None else json.loads(stored),
        _ABSENT if requested is None else json.loads(requested),
        "config",
    )
    return "; ".join(changes) or None


def _changes(stored: Any, requested: Any, where: str) -> list[str]:
    """Paths (``config.a.b``) at which two decoded configs differ, with both values."""
    if isinstance(stored, dict) and isinstance(requested, dict):
        return [
            change
            for key in sorted(set(stored) | set(requested))
            for change in _changes(
                stored.get(key, _ABSENT), requested.get(key, _ABSENT), f"{where}.{key}"
            )
        ]
    if stored == requested:
        return []
    return [f"{where} is {_render(stored)} in the store, {_render(requested)} in this sweep"]


def _render(value: Any) -> str:
    return "absent" if value is _ABSENT else json.dumps(value)


def _chunks(shape: tuple[int, ...]) -> tuple[int, ...]:
    """Chunk shape over the grid: trailing dimensions whole, about CHUNK_POINTS points a chunk."""
    chunks: list[int] = []
    room = CHUNK_POINTS
    for size in reversed(shape):
        chunks.insert(0, max(1, min(size, room)))
        room = max(1, room // chunks[0])
    return tuple(chunks)
