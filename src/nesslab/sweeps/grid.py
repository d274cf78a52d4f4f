"""Parameter grids of a sweep: an outer product of axes, or an explicit list of points."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nesslab.limits import check_points

POINT_DIM = "point"


@dataclass(frozen=True)
class Grid:
    """The points of a sweep, numbered ``0 … size − 1`` in C order over ``shape``.

    Attributes
    ----------
    names : tuple of str
        Parameter names, the keyword arguments of the point function.
    values : tuple of ndarray
        For an outer product, the 1-D axis of each parameter; for explicit points, the column of
        each parameter (one entry per point).
    explicit : bool
        Whether the points were listed explicitly (one dimension ``"point"``) rather than spanned
        as an outer product (one dimension per parameter).
    """

    names: tuple[str, ...]
    values: tuple[np.ndarray, ...]
    explicit: bool

    @property
    def dims(self) -> tuple[str, ...]:
        """Dimension names of the result."""
        return (POINT_DIM,) if self.explicit else self.names

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the result over its grid dimensions."""
        return (len(self.values[0]),) if self.explicit else tuple(len(v) for v in self.values)

    @property
    def size(self) -> int:
        """Number of points."""
        return int(np.prod(self.shape))

    @property
    def coords(self) -> dict[str, tuple[str, np.ndarray]]:
        """Coordinates of the result: each parameter along its dimension."""
        if self.explicit:
            return {name: (POINT_DIM, v) for name, v in zip(self.names, self.values, strict=True)}
        return {name: (name, v) for name, v in zip(self.names, self.values, strict=True)}

    def params(self, index: int) -> dict[str, Any]:
        """Keyword arguments (Python scalars) of the point with flat index ``index``."""
        if self.explicit:
            return {name: v[index].item() for name, v in zip(self.names, self.values, strict=True)}
        position = np.unravel_index(index, self.shape)
        return {
            name: v[i].item() for name, v, i in zip(self.names, self.values, position, strict=True)
        }


def make_grid(
    grid: Mapping[str, Any] | Sequence[Mapping[str, Any]], *, max_points: int | None = None
) -> Grid:
    """Validate a user's grid and return it as a :class:`Grid`.

    Parameters
    ----------
    grid : mapping or sequence of mappings
        Either ``{name: 1-D array-like}`` (outer product, in key order) or a sequence of
        ``{name: number}`` points that all have the same keys.
    max_points : int, optional
        Most points accepted (default 10⁶, or ``NESSLAB_MAX_POINTS``; :mod:`nesslab.limits`),
        checked on the axis sizes before any point is enumerated.

    Returns
    -------
    Grid

    Raises
    ------
    ValueError
        If the grid is empty, an axis is not 1-D, a value is not a finite real number, a name is
        not a valid keyword, or explicit points do not share the same keys.
    TypeError
        If ``grid`` is neither a mapping nor a sequence of mappings.
    nesslab.limits.ResourceLimitError
        If the grid has more than ``max_points`` points (the message gives every axis size).
    """
    if isinstance(grid, Mapping):
        _check_names(list(grid))
        axes = tuple(_numbers(f"grid axis {name!r}", values) for name, values in grid.items())
        check_points(
            {name: axis.size for name, axis in zip(grid, axes, strict=True)}, "grid", max_points
        )
        for name, axis in zip(grid, axes, strict=True):
            if len(np.unique(axis)) != len(axis):
                raise ValueError(f"grid axis {name!r} has repeated values: {show(axis)}")
        return Grid(tuple(grid), axes, explicit=False)
    if isinstance(grid, Sequence) and not isinstance(grid, str):
        check_points({POINT_DIM: len(grid)}, "grid", max_points)
        return _explicit_grid(grid)
    raise TypeError(
        f"grid must be a mapping name -> 1-D values or a sequence of point dicts, "
        f"not {type(grid).__name__}"
    )


def _explicit_grid(points: Sequence[Mapping[str, Any]]) -> Grid:
    """A grid of explicitly listed points."""
    if not points:
        raise ValueError("grid is an empty list of points")
    for i, point in enumerate(points):
        if not isinstance(point, Mapping):
            raise TypeError(f"grid point {i} is a {type(point).__name__}, not a dict")
    names = list(points[0])
    _check_names(names)
    for i, point in enumerate(points):
        if set(point) != set(names):
            raise ValueError(
                f"grid point {i} has keys {sorted(point)}, but point 0 has {sorted(names)}"
            )
    columns = tuple(_numbers(f"grid parameter {n!r}", [p[n] for p in points]) for n in names)
    return Grid(tuple(names), columns, explicit=True)


def _check_names(names: list[Any]) -> None:
    """Parameter names must exist and be usable as keyword arguments."""
    if not names:
        raise ValueError("grid has no parameters")
    for name in names:
        if not (isinstance(name, str) and name.isidentifier()):
            raise ValueError(f"grid parameter name {name!r} is not a valid Python identifier")
        if name == POINT_DIM:
            raise ValueError(f"{POINT_DIM!r} is reserved for the dimension of explicit points")


def _numbers(label: str, values: Any) -> np.ndarray:
    """``values`` as a non-empty 1-D array of finite real numbers."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{label} must be 1-D, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{label} is empty")
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{label} must hold real numbers, got dtype {array.dtype}: {show(array)}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{label} must be finite: {show(array)}")
    return array


def show(values: np.ndarray) -> str:
    """A short rendering of an array for error messages."""
    return f"{np.array2string(values, threshold=8, edgeitems=3)} ({len(values)} values)"
