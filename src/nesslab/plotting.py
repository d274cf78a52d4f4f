"""Figures of nesslab results, drawn on the non-interactive Agg canvas (no pyplot state)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

DIAGNOSTICS = ("residual", "first_law_residual", "method", "seconds", "done", "error")


def default_variable(dataset: xr.Dataset) -> str:
    """The first numeric variable of a sweep over its grid dims that is not a diagnostic.

    Raises
    ------
    ValueError
        If there is none.
    """
    dims = dataset["done"].dims if "done" in dataset else tuple(dataset.dims)
    for name, variable in dataset.data_vars.items():
        if name not in DIAGNOSTICS and variable.dims == dims and variable.dtype.kind in "iuf":
            return str(name)
    raise ValueError(f"nothing to plot by default; variables: {', '.join(map(str, dataset))}")


def incompleteness(dataset: xr.Dataset) -> str:
    """A title line "INCOMPLETE: n of m points done" for a sweep with points missing, else ""."""
    if "done" not in dataset:
        return ""
    done, total = int(dataset["done"].sum()), int(dataset["done"].size)
    return "" if done == total else f"\nINCOMPLETE: {done} of {total} points done"


def natural_log(values: np.ndarray) -> bool:
    """Whether ``|values|`` is best shown on a log scale: one sign, no zeros, > 2 decades."""
    finite = values[np.isfinite(values)]
    if finite.size == 0 or not (np.all(finite > 0) or np.all(finite < 0)):
        return False
    magnitude = np.abs(finite)
    return bool(magnitude.max() > 100 * magnitude.min())


def geometric(coordinate: np.ndarray) -> bool:
    """Whether a coordinate is log-spaced (positive, ≥ 3 values, constant ratio ≠ 1)."""
    values = np.asarray(coordinate, dtype=float)
    if values.size < 3 or np.any(values <= 0):
        return False
    ratios = values[1:] / values[:-1]
    return bool(np.allclose(ratios, ratios[0], rtol=1e-6) and not np.isclose(ratios[0], 1.0))


def _edges(centres: np.ndarray, log: bool) -> np.ndarray:
    """Cell edges around ``centres`` (midpoints, geometric on a log axis)."""
    values = np.log(centres) if log else np.asarray(centres, dtype=float)
    if values.size == 1:
        edges = values + np.array([-0.5, 0.5])
    else:
        middle = (values[1:] + values[:-1]) / 2
        edges = np.concatenate([[2 * values[0] - middle[0]], middle, [2 * values[-1] - middle[-1]]])
    return np.exp(edges) if log else edges


def _coordinate(data: xr.DataArray, dim: str) -> np.ndarray:
    return data[dim].values if dim in data.coords else np.arange(data.sizes[dim])


def label(variable: xr.DataArray, name: str, width: int = 48) -> str:
    """``long_name [units]`` of a variable or coordinate (its name where it has no long_name).

    Wrapped to lines of at most ``width`` characters.
    """
    text = str(variable.attrs.get("long_name", name))
    units = variable.attrs.get("units")
    text = f"{text} [{units}]" if units and units != "1" else text
    return "\n".join(textwrap.wrap(text, width)) or text


def _label(data: xr.DataArray, dim: str) -> str:
    return label(data[dim], dim) if dim in data.coords else dim


def _line(axes: Any, data: xr.DataArray, x: str, log: bool) -> None:
    coordinate = _coordinate(data, x)
    axes.plot(coordinate, data.values, marker=".", markersize=3)
    axes.set_yscale("log" if log else "linear")
    axes.set_xscale("log" if geometric(coordinate) else "linear")
    axes.set_xlabel(_label(data, x))
    axes.set_ylabel(label(data, str(data.name)))


def _map(axes: Any, data: xr.DataArray, x: str, y: str, log: bool) -> Any:
    xs, ys = _coordinate(data, x), _coordinate(data, y)
    values = np.ma.masked_invalid(data.transpose(y, x).values)
    if log:
        values = np.ma.masked_less_equal(values, 0)
    norm = LogNorm() if log and values.count() else None
    mesh = axes.pcolormesh(
        _edges(xs, geometric(xs)), _edges(ys, geometric(ys)), values, norm=norm, shading="flat"
    )
    axes.set_xscale("log" if geometric(xs) else "linear")
    axes.set_yscale("log" if geometric(ys) else "linear")
    axes.set_xlabel(_label(data, x))
    axes.set_ylabel(_label(data, y))
    return mesh


def plot_dataset(
    dataset: xr.Dataset,
    path: str | Path,
    x: str | None = None,
    y: str | None = None,
    logy: bool | None = None,
    title: str | None = None,
) -> Path:
    """Plot one variable of a sweep: a line over one dim, a colour map over two.

    Parameters
    ----------
    dataset : xarray.Dataset
        A :func:`nesslab.sweep` result.
    path : str or Path
        Image file to write (format from the suffix, e.g. ``.png``).
    x : str, optional
        Dim on the horizontal axis (default: the variable's first dim); with two or more dims,
        the next remaining dim is the vertical axis and any further dims are fixed at their
        first value (noted in the title). Log-spaced coordinates get log axes.
    y : str, optional
        The variable (default: :func:`default_variable`).
    logy : bool, optional
        Log scale for y (the vertical axis of a line, the colours of a map), showing ``|y|``
        when y has negative values. Default: :func:`natural_log` of the values.
    title : str, optional
        Title above the plot (default: the variable's name).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValueError
        For an unknown variable or dim, or a non-numeric variable.
    """
    name = y or default_variable(dataset)
    if name not in dataset.data_vars or dataset[name].dtype.kind not in "iuf":
        raise ValueError(f"no numeric variable {name!r}; variables: {', '.join(map(str, dataset))}")
    data = dataset[name]
    x = x or data.dims[0]
    if x not in data.dims:
        raise ValueError(f"{name!r} has dims {', '.join(data.dims)}, not {x!r}")
    others = [dim for dim in data.dims if dim != x]
    fixed = {dim: 0 for dim in others[1:]}
    data = data.isel(fixed).astype(float)
    log = natural_log(data.values) if logy is None else logy
    if log and np.any(data.values < 0):
        attrs = {**data.attrs, "long_name": f"|{data.attrs.get('long_name', name)}|"}
        data = abs(data).rename(f"|{name}|").assign_attrs(attrs)
    figure = Figure(figsize=(6.4, 4.4), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if others:
        mesh = _map(axes, data, x, others[0], log)
        figure.colorbar(mesh, ax=axes, label=label(data, str(data.name)))
    else:
        _line(axes, data, x, log)
    note = ", ".join(f"{dim} = {_coordinate(dataset[name], dim)[0]:g}" for dim in fixed)
    heading = (title or str(data.name)) + (f" at {note}" if note else "")
    axes.set_title(heading + incompleteness(dataset), fontsize="small")
    path = Path(path)
    figure.savefig(path, dpi=120)
    return path
