"""Whether a store belongs to a sweep: the same grid and the same config (JSON)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import xarray as xr

from nesslab.sweeps.grid import Grid, show
from nesslab.sweeps.results import DONE


def encode_config(config: Any) -> str | None:
    """``config`` as canonical JSON (sorted keys; numpy values as lists), None for None."""
    if config is None:
        return None
    return json.dumps(config, sort_keys=True, default=_jsonable)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    raise TypeError(f"config must be JSON-serialisable; {value!r} ({type(value).__name__}) is not")


def grid_difference(grid: Grid, stored: xr.Dataset) -> str | None:
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


def config_difference(stored: str | None, requested: str | None) -> str | None:
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
