"""Running a Config: the sweep into its store, then the default plots next to the store."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xarray as xr

from nesslab.config.common import ConfigError, is_number
from nesslab.config.point import ConfigPoint
from nesslab.config.schema import Config
from nesslab.plotting import default_variable, plot_dataset
from nesslab.registry import unknown_name
from nesslab.sweeps import BACKENDS, sweep


@dataclass(frozen=True)
class RunResult:
    """What :func:`run_config` produced.

    Attributes
    ----------
    dataset : xarray.Dataset
        The sweep results (see :func:`nesslab.sweep`).
    store : Path
        The Zarr directory or netCDF file holding them.
    plots : tuple of Path
        The PNG files written.
    """

    dataset: xr.Dataset
    store: Path
    plots: tuple[Path, ...]


def store_path(config: Config, store: str | os.PathLike[str] | None = None) -> Path:
    """``store``, else ``run.store``, else ``<config stem>.zarr`` (relative to the cwd)."""
    if store is not None:
        return Path(store)
    stem = config.source.stem if config.source is not None else "nesslab-sweep"
    return Path(config.data["run"].get("store", f"{stem}.zarr"))


def plot_path(store: Path, variable: str, output: str | None = None) -> Path:
    """``output`` next to the store, else ``<store stem>_<variable>.png`` there."""
    return store.parent / (output or f"{store.stem}_{variable}.png")


def describe(dataset: xr.Dataset) -> str | None:
    """A plot title from the config a store records, with a subtitle line of fixed values.

    The title names the model and approach; the subtitle gives the fixed model arguments,
    parameters, rates and temperatures.
    """
    if "config" not in dataset.attrs:
        return None
    identity = json.loads(dataset.attrs["config"])
    model, approach = identity["model"], identity["approach"]["name"]
    fixed = [f"{k} = {v:g}" for k, v in model.items() if is_number(v)]
    fixed += [f"{k} = {v:g}" for k, v in identity.get("parameters", {}).items() if is_number(v)]
    for entry in identity.get("channels", identity.get("baths", [])):
        for key in ("rate", "temperature"):
            if is_number(entry.get(key)):
                fixed.append(f"{key}[{entry['name']}] = {entry[key]:g}")
    title = f"{model['name']}, {approach}"
    return title + ("\n" + ", ".join(fixed) if fixed else "")


def write_plots(dataset: xr.Dataset, store: Path, specs: list[dict[str, Any]]) -> tuple[Path, ...]:
    """One PNG per plot spec ``{x, y, logy, output}`` (one default plot if there are none)."""
    paths = []
    for spec in specs or [{}]:
        variable = spec.get("y") or default_variable(dataset)
        path = plot_path(store, variable, spec.get("output"))
        options = {"x": spec.get("x"), "y": variable, "logy": spec.get("logy")}
        paths.append(plot_dataset(dataset, path, title=describe(dataset), **options))
    return tuple(paths)


def run_config(
    config: Config,
    *,
    store: str | os.PathLike[str] | None = None,
    backend: str | None = None,
    address: str | None = None,
    workers: int | None = None,
    progress: bool = True,
    plot: bool = True,
    on_error: str | None = None,
    retry_failed: bool = False,
) -> RunResult:
    """Sweep ``config`` with :func:`nesslab.sweep` into its store and draw its plots.

    Arguments left as None fall back to the config's [run] table, then to the sweep's
    defaults. Rerunning on an existing store computes only the missing points (and, with
    ``retry_failed``, the recorded failures); a store written for a different config (anything
    but [run] and [labels]) or grid is refused. Every variable carries the ``long_name`` and
    ``units`` of :attr:`Config.labels`.

    Raises
    ------
    ConfigError
        For an unknown backend.
    ValueError
        If the store belongs to another sweep.
    nesslab.sweeps.PointError
        If a point failed and ``on_error`` is "raise" (finished points are kept in the store).
    """
    run = config.data["run"]
    backend = backend or run.get("backend", "processes")
    if backend not in BACKENDS:
        raise ConfigError("run.backend", unknown_name("backend", backend, BACKENDS))
    path = store_path(config, store)
    dataset = sweep(
        ConfigPoint(config),
        config.grid,
        backend=backend,
        store=path,
        progress=progress,
        address=address or run.get("address"),
        workers=workers or run.get("workers"),
        config=config.identity,
        on_error=on_error or run.get("on_error", "raise"),
        retry_failed=retry_failed,
        variable_attrs=config.labels,
    )
    plots = write_plots(dataset, path, run["plot"]) if plot else ()
    return RunResult(dataset, path, plots)


def load_results(path: str | os.PathLike[str]) -> xr.Dataset:
    """A sweep store read into memory: netCDF for a ``.nc`` suffix, else Zarr.

    Raises
    ------
    FileNotFoundError
        If there is no store at ``path``.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no sweep store at {path}")
    engine = "scipy" if path.suffix == ".nc" else "zarr"
    options = {"consolidated": False} if engine == "zarr" else {}
    with xr.open_dataset(path, engine=engine, chunks=None, **options) as stored:
        return stored.load()
