"""Static checks of a sweep configuration, giving a normalised Config (schema: nesslab.config)."""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nesslab.config.common import (
    ConfigError,
    check_keys,
    check_numeric,
    check_reference,
    is_number,
    is_reference,
    references,
)
from nesslab.config.environment import check_entry, normalise_environment
from nesslab.config.grid import grid_axes
from nesslab.config.labels import check_labels, default_labels
from nesslab.config.outputs import (
    DIAGNOSTICS,
    check_statistics,
    normalise_outputs,
    output_names,
)
from nesslab.config.registry import MODELS, approach_options, model_parameters
from nesslab.generators import APPROACHES
from nesslab.registry import unknown_name
from nesslab.solve import METHODS
from nesslab.sweeps.results import RESERVED
from nesslab.sweeps.sink import ON_ERROR

SECTIONS = (
    "model",
    "parameters",
    "channels",
    "baths",
    "approach",
    "grid",
    "outputs",
    "run",
    "labels",
)
PRESENTATION = ("run", "labels")  # sections a store's identity leaves out
REQUIRED_SECTIONS = ("model", "approach", "grid")
RUN_KEYS = ("store", "backend", "workers", "address", "plot", "on_error")
PLOT_KEYS = ("x", "y", "logy", "output")
RESERVED_OUTPUTS = RESERVED


@dataclass(frozen=True)
class Config:
    """A checked sweep configuration.

    Attributes
    ----------
    data : dict
        The configuration, normalised and JSON-serialisable: entry names, approach method and
        outputs filled in, ``run.plot`` a list of tables.
    grid : dict of str to ndarray
        Values of each axis; the sweep is their outer product, with dims in this order.
    source : Path or None
        The file it was read from.
    """

    data: dict[str, Any]
    grid: dict[str, np.ndarray]
    source: Path | None = None

    @property
    def environment(self) -> str:
        """``"channels"`` or ``"baths"``."""
        return "channels" if "channels" in self.data else "baths"

    @property
    def identity(self) -> dict[str, Any]:
        """Everything but [run] and [labels]: what a store records and must match to resume."""
        return {key: value for key, value in self.data.items() if key not in PRESENTATION}

    @property
    def labels(self) -> dict[str, dict[str, str]]:
        """``long_name`` and ``units`` of every grid axis and output ([labels] over defaults)."""
        names = dict.fromkeys(entry["name"] for entry in self.data[self.environment])
        defaults = default_labels(self.grid, self.data["outputs"], names)
        return {
            name: {**defaults.get(name, {}), **label}
            for name, label in {**defaults, **self.data["labels"]}.items()
        }

    @property
    def outputs(self) -> list[str]:
        """Names of the variables each point returns (physical quantities, then diagnostics)."""
        names = dict.fromkeys(entry["name"] for entry in self.data[self.environment])
        return output_names(self.data["outputs"], names)

    @property
    def quantities(self) -> list[str]:
        """The physical outputs: :attr:`outputs` without the diagnostics."""
        return [name for name in self.outputs if name not in DIAGNOSTICS]

    def base_point(self) -> dict[str, Any]:
        """The first value of every axis."""
        return {key: values[0].item() for key, values in self.grid.items()}


def _check_model(model: Any) -> list[str]:
    check_keys(model, "model", (*model, "name"), ("name",))
    name = model["name"]
    if name not in MODELS:
        raise ConfigError("model.name", unknown_name("model", name, MODELS))
    names, _ = model_parameters(name)
    for key in model:
        if key != "name" and key not in names:
            raise ConfigError(
                f"model.{key}", f"not a parameter of model {name!r}; valid: {', '.join(names)}"
            )
    return names


def _check_parameters(parameters: Any, model_names: Collection[str]) -> dict[str, float]:
    check_keys(parameters, "parameters", parameters)
    for name, value in parameters.items():
        if not name.isidentifier() or name == "point":
            raise ConfigError(
                f"parameters.{name}", "must be a Python identifier other than 'point'"
            )
        if name in model_names:
            raise ConfigError(f"parameters.{name}", "shadows a model parameter of the same name")
        if not is_number(value):
            raise ConfigError(f"parameters.{name}", f"must be a finite number, got {value!r}")
    return dict(parameters)


def _check_model_values(
    model: Mapping[str, Any], grid: Collection[str], names: Collection[str]
) -> None:
    _, required = model_parameters(model["name"])
    for key in required:
        if key not in model and key not in grid:
            raise ConfigError(
                f"model.{key}", f"missing required parameter of model {model['name']!r}"
            )
    for key, value in model.items():
        if key != "name":
            check_numeric(value, f"model.{key}", names)


def _check_approach(approach: Any, names: Collection[str]) -> dict[str, Any]:
    check_keys(approach, "approach", approach, ("name",))
    name = approach["name"]
    if name not in APPROACHES:
        raise ConfigError("approach.name", unknown_name("approach", name, APPROACHES))
    options, required = approach_options(name)
    for key in approach:
        if key not in ("name", "method", *options):
            raise ConfigError(
                f"approach.{key}",
                f"not an option of approach {name!r}; options: {', '.join(options) or 'none'}",
            )
    for key in required:
        if key not in approach:
            raise ConfigError(f"approach.{key}", f"missing required option of approach {name!r}")
    method = approach.get("method", "auto")
    if method not in METHODS:
        raise ConfigError("approach.method", unknown_name("method", method, METHODS))
    for key, value in approach.items():
        if is_reference(value):
            check_reference(value, f"approach.{key}", names)
    return {**approach, "method": method}


def _check_run(run: Any, grid: Collection[str], outputs: Collection[str]) -> dict[str, Any]:
    check_keys(run, "run", RUN_KEYS)
    for key in ("store", "backend", "address"):
        if key in run and not isinstance(run[key], str):
            raise ConfigError(f"run.{key}", f"must be a string, got {run[key]!r}")
    if run.get("on_error", "raise") not in ON_ERROR:
        raise ConfigError("run.on_error", unknown_name("error policy", run["on_error"], ON_ERROR))
    workers = run.get("workers", 1)
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ConfigError("run.workers", f"must be an integer >= 1, got {workers!r}")
    plots = run.get("plot", [])
    plots = [plots] if isinstance(plots, Mapping) else plots
    if not isinstance(plots, list):
        raise ConfigError("run.plot", "must be a table or an array of tables")
    for index, plot in enumerate(plots):
        _check_plot(plot, f"run.plot[{index}]", grid, outputs)
    return {**run, "plot": plots}


def _check_plot(plot: Any, key: str, grid: Collection[str], outputs: Collection[str]) -> None:
    check_keys(plot, key, PLOT_KEYS)
    if "x" in plot and plot["x"] not in grid:
        raise ConfigError(f"{key}.x", f"not a grid axis; axes: {', '.join(grid)}")
    if "y" in plot and (plot["y"] not in outputs or plot["y"] == "method"):
        raise ConfigError(f"{key}.y", f"not a numeric output; outputs: {', '.join(outputs)}")
    if "logy" in plot and not isinstance(plot["logy"], bool):
        raise ConfigError(f"{key}.logy", "must be true or false")
    output = plot.get("output", "plot.png")
    if not isinstance(output, str) or not output or Path(output).name != output:
        raise ConfigError(
            f"{key}.output",
            f"must be a file name (written next to the store, no directory), got {output!r}",
        )


def _check_used(parameters: Collection[str], data: Mapping[str, Any]) -> None:
    used = {ref["param"] for key, value in data.items() for _, ref in references(value, key)}
    for name in parameters:
        if name not in used:
            raise ConfigError(f"parameters.{name}", "never referenced as { param = ... }")


def _check_output_names(outputs: Collection[str], grid: Collection[str]) -> None:
    """Outputs become sweep variables: they may not reuse a grid axis or a reserved name."""
    for name in outputs:
        if name in grid or name in RESERVED_OUTPUTS:
            raise ConfigError(
                "outputs.fluxes", f"output name {name!r} is taken by a grid axis or the sweep"
            )


def _temperatures(entries: list) -> dict[str, bool]:
    """Each bath/channel name mapped to whether it has a temperature."""
    result: dict[str, bool] = {}
    for entry in entries:
        result[entry["name"]] = result.get(entry["name"], False) or "temperature" in entry
    return result


def parse_config(data: Mapping[str, Any], source: str | Path | None = None) -> Config:
    """Check a parsed TOML document statically and normalise it into a :class:`Config`.

    Raises
    ------
    ConfigError
        Naming the offending key, for anything the schema of :mod:`nesslab.config` forbids.
    """
    check_keys(data, "config", SECTIONS, REQUIRED_SECTIONS)
    data = copy.deepcopy(dict(data))
    model = data["model"]
    model_names = _check_model(model)
    parameters = _check_parameters(data.get("parameters", {}), model_names)
    section, entries = normalise_environment(data)
    grid = grid_axes(data["grid"], {*model_names, *parameters})
    numeric_model = [key for key, value in model.items() if key != "name" and is_number(value)]
    names = {*parameters, *numeric_model, *grid}
    _check_model_values(model, grid, names)
    for entry in entries:
        check_entry(section, entry, names)
    temperatures = _temperatures(entries)
    outputs = normalise_outputs(data.get("outputs"), temperatures, names)
    normalised = {
        "model": model,
        "parameters": parameters,
        section: entries,
        "approach": _check_approach(data["approach"], names),
        "grid": data["grid"],
        "outputs": outputs,
        "run": _check_run(data.get("run", {}), grid, output_names(outputs, temperatures)),
        "labels": check_labels(
            data.get("labels", {}), [*grid, *parameters, *output_names(outputs, temperatures)]
        ),
    }
    _check_output_names(output_names(outputs, temperatures), grid)
    check_statistics(outputs, normalised["approach"]["name"])
    _check_used(parameters, normalised)
    return Config(normalised, grid, Path(source) if source is not None else None)
