"""The in-memory results of a sweep: one numpy array per variable over the grid, filled per point.

The variables are known only once a point has returned: its output fixes the schema (names,
dtypes, shapes) that every other point must match and that a store records.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xarray as xr

from nesslab.sweeps.grid import Grid

DONE = "done"
SECONDS = "seconds"
ERROR = "error"
RESERVED = (DONE, SECONDS, ERROR)
STRING_WIDTH = 64
ERROR_WIDTH = 160

_FILL = {"b": False, "i": 0, "u": 0, "f": np.nan, "c": np.nan, "U": ""}
_ATTRS = {
    DONE: {"long_name": "point computed and stored (or its failure recorded)", "units": "1"},
    SECONDS: {"long_name": "wall time of the point function", "units": "s"},
    ERROR: {"long_name": "exception of a failed point (empty: none)", "units": "1"},
}


@dataclass(frozen=True)
class Output:
    """One output of the point function: its name, dtype and per-point shape."""

    name: str
    dtype: np.dtype
    shape: tuple[int, ...]

    @property
    def dims(self) -> tuple[str, ...]:
        """Names of the per-point (extra) dimensions, ``<name>_dim0, …``."""
        return tuple(f"{self.name}_dim{k}" for k in range(len(self.shape)))


def schema_of(output: Mapping[str, Any], grid: Grid) -> tuple[Output, ...]:
    """The schema set by one point's output (strings get a width of at least STRING_WIDTH)."""
    if not isinstance(output, Mapping) or not output:
        raise ValueError(f"the point function must return a non-empty dict, got {output!r}")
    schema = []
    for name, value in output.items():
        if not isinstance(name, str) or name in RESERVED or name in grid.names:
            raise ValueError(
                f"output name {name!r} is not allowed: it must be a string other than "
                f"{RESERVED} and the grid parameters {grid.names}"
            )
        array = np.asarray(value)
        if array.dtype.kind not in _FILL:
            raise ValueError(
                f"output {name!r} has dtype {array.dtype}; outputs must be bool, int, float, "
                f"complex or str scalars or arrays"
            )
        dtype = np.dtype(f"<U{max(STRING_WIDTH, array.dtype.itemsize // 4)}")
        schema.append(Output(name, dtype if array.dtype.kind == "U" else array.dtype, array.shape))
    return tuple(schema)


def encode_schema(schema: tuple[Output, ...]) -> str:
    """The schema as JSON, for a store's attributes."""
    return json.dumps([[o.name, o.dtype.str, list(o.shape)] for o in schema])


def decode_schema(text: str) -> tuple[Output, ...]:
    """Inverse of :func:`encode_schema`."""
    return tuple(
        Output(name, np.dtype(dtype), tuple(shape)) for name, dtype, shape in json.loads(text)
    )


@dataclass(frozen=True)
class Results:
    """Sweep results being filled in: one array per output, plus ``seconds`` and ``done``.

    Attributes
    ----------
    grid : Grid
        The sweep's grid; every array has shape ``grid.shape + output.shape``.
    schema : tuple of Output
        The outputs.
    arrays : dict of str to ndarray
        The outputs (NaN, 0, False or "" where not done or failed), ``seconds``, ``done`` and
        ``error`` (the exception of a point whose failure was recorded, "" otherwise).
    attrs : dict of str to str
        Attributes of the store.
    variable_attrs : dict of str to dict
        Attributes of single variables and grid coordinates (``long_name``, ``units``, …).
    """

    grid: Grid
    schema: tuple[Output, ...]
    arrays: dict[str, np.ndarray]
    attrs: dict[str, str]
    variable_attrs: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def allocate(
        cls,
        grid: Grid,
        schema: tuple[Output, ...],
        attrs: dict[str, str],
        variable_attrs: Mapping[str, Mapping[str, str]] | None = None,
    ) -> Results:
        """Empty results: no point done."""
        arrays = {
            o.name: np.full(grid.shape + o.shape, _FILL[o.dtype.kind], o.dtype) for o in schema
        }
        arrays[SECONDS] = np.full(grid.shape, np.nan)
        arrays[ERROR] = np.full(grid.shape, "", f"<U{ERROR_WIDTH}")
        arrays[DONE] = np.zeros(grid.shape, bool)  # last: a store writes ``done`` last
        return cls(grid, schema, arrays, attrs, dict(variable_attrs or {}))

    @property
    def done(self) -> np.ndarray:
        """Boolean array over the grid: which points are done (computed, or failed and recorded)."""
        return self.arrays[DONE]

    @property
    def failed(self) -> np.ndarray:
        """Boolean array over the grid: the done points whose failure was recorded."""
        return self.done & (self.arrays[ERROR] != "")

    def holds_data(self) -> np.ndarray:
        """Boolean array over the grid: points whose stored values are those of a finished point.

        A computed point has a finite wall time and finite float and complex outputs; a failed one
        a finite wall time and its recorded error. A point marked done that fails this (a lost
        chunk, a ``done`` set by hand) does not hold its data.
        """
        timed = np.isfinite(self.arrays[SECONDS])
        finite = np.ones(self.grid.shape, bool)
        for output in self.schema:
            if output.dtype.kind in "fc" and int(np.prod(output.shape)) > 0:
                values = self.arrays[output.name].reshape(*self.grid.shape, -1)
                finite &= np.isfinite(values).all(axis=-1)
        return timed & (finite | (self.arrays[ERROR] != ""))

    def insert(self, index: int, output: Mapping[str, Any], seconds: float) -> None:
        """Write one point's output at flat grid index ``index`` and mark it done.

        Raises
        ------
        ValueError
            If the output's keys, shapes or dtypes differ from the schema.
        """
        if not isinstance(output, Mapping) or output.keys() != self.arrays.keys() - set(RESERVED):
            raise ValueError(
                f"the point returned {output!r}, but the sweep's outputs are "
                f"{sorted(o.name for o in self.schema)}"
            )
        values = [np.asarray(output[o.name]) for o in self.schema]
        for o, value in zip(self.schema, values, strict=True):
            if value.shape != o.shape or not np.can_cast(value.dtype, o.dtype, "safe"):
                raise ValueError(
                    f"output {o.name!r} is {value.dtype}{list(value.shape)}, which does not fit "
                    f"the sweep's {o.dtype}{list(o.shape)}; every point must return the same "
                    f"dtypes and shapes"
                )
        position = np.unravel_index(index, self.grid.shape)
        for o, value in zip(self.schema, values, strict=True):
            self.arrays[o.name][position] = value
        self.arrays[SECONDS][position] = seconds
        self.arrays[ERROR][position] = ""
        self.arrays[DONE][position] = True

    def record_failure(self, index: int, error: BaseException, seconds: float) -> None:
        """Mark the point at flat index ``index`` done with its exception and no outputs."""
        position = np.unravel_index(index, self.grid.shape)
        for o in self.schema:
            self.arrays[o.name][position] = _FILL[o.dtype.kind]
        self.arrays[SECONDS][position] = seconds
        self.arrays[ERROR][position] = describe_error(error)
        self.arrays[DONE][position] = True

    def to_dataset(self) -> xr.Dataset:
        """The results as a Dataset over the grid, with the store's attributes."""
        dims = {o.name: self.grid.dims + o.dims for o in self.schema}
        labels = {**_ATTRS, **self.variable_attrs}
        variables = {
            name: (dims.get(name, self.grid.dims), array, labels.get(name))
            for name, array in self.arrays.items()
        }
        coords = {
            name: (dim, values, labels.get(name))
            for name, (dim, values) in self.grid.coords.items()
        }
        return xr.Dataset(variables, coords=coords, attrs=self.attrs)


def describe_error(error: BaseException) -> str:
    """``"Type: message"`` on one line, cut to ``ERROR_WIDTH`` characters."""
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= ERROR_WIDTH else text[: ERROR_WIDTH - 1] + "…"


def trimmed(results: xr.Dataset) -> xr.Dataset:
    """``results`` with string variables narrowed to their longest value (at least 1)."""
    strings = {
        name: var.astype(f"<U{max(1, int(np.char.str_len(var.values).max()))}")
        for name, var in results.data_vars.items()
        if var.dtype.kind == "U"
    }
    return results.assign(strings)
