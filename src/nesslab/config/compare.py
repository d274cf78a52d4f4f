"""``nesslab compare CONFIG.toml``: the approaches side by side on a config's model and environment.

The config is a sweep configuration (:mod:`nesslab.config`) read by the same loader, with two
sections optional here: without ``[approach]`` nothing is configured for any one approach (with
it, its options go to that approach and its ``method`` to every steady state); without
``[grid]`` the model's first numeric argument becomes a one-value axis. Each grid point gets its
own comparison (at most :data:`MAX_POINTS`), of every registered approach unless named.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xarray as xr

from nesslab.analysis.compare import compare
from nesslab.config import config_from_dict, read_toml
from nesslab.config.common import ConfigError, is_number, keyed
from nesslab.config.environment import ENVIRONMENTS
from nesslab.config.point import point_sections
from nesslab.config.registry import MODELS
from nesslab.config.schema import Config
from nesslab.generators import APPROACHES

MAX_POINTS = 25
DEFAULT_APPROACH = "global"  # only to satisfy the sweep schema; it configures nothing


def _with_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """The document with ``[approach]`` and ``[grid]`` filled in when absent."""
    data = dict(data)
    data.setdefault("approach", {"name": DEFAULT_APPROACH})
    if "grid" not in data:
        model = dict(data.get("model", {}))
        numeric = [key for key, value in model.items() if key != "name" and is_number(value)]
        if not numeric:
            raise ConfigError("grid", "give a [grid], or a numeric [model] argument to compare at")
        data["grid"] = {numeric[0]: [model.pop(numeric[0])]}
        data["model"] = model
    return data


@dataclass(frozen=True)
class ComparisonConfig:
    """A checked comparison config.

    Attributes
    ----------
    config : Config
        The sweep configuration, with the defaults of the module docstring filled in.
    approach : str or None
        The approach the file's ``[approach]`` configures (None without one).
    """

    config: Config
    approach: str | None


def load_compare_config(path: str | Path) -> ComparisonConfig:
    """Read and check a comparison config (module docstring).

    Raises
    ------
    ConfigError
        Naming the offending key, or for more than :data:`MAX_POINTS` grid points.
    FileNotFoundError
        If the file does not exist.
    """
    path = Path(path)
    data = read_toml(path)
    config = config_from_dict(_with_defaults(data), path)
    points = math.prod(len(values) for values in config.grid.values())
    if points > MAX_POINTS:
        raise ConfigError(
            "grid", f"compare prints one table per point: {points} > {MAX_POINTS}; shrink [grid]"
        )
    configured = data["approach"].get("name") if isinstance(data.get("approach"), dict) else None
    return ComparisonConfig(config, configured)


def _model_and_environment(config: Config, sections: Mapping[str, Any]) -> tuple[Any, Any]:
    """The System and the Channels or Baths of one point's resolved sections."""
    arguments = {key: value for key, value in sections["model"].items() if key != "name"}
    with keyed("model"):
        system = MODELS[sections["model"]["name"]](**arguments)

    def operator(name: str, dagger: bool) -> Any:
        matrix = system.op(name)
        return matrix.conj().T if dagger else matrix

    environment = ENVIRONMENTS[config.environment](sections[config.environment], operator)
    return system, environment


def compare_config(
    path: str | Path, approaches: Sequence[str] | None = None
) -> list[tuple[dict[str, float], xr.Dataset]]:
    """:func:`nesslab.compare` at every grid point of the config at ``path``.

    Parameters
    ----------
    path : str or Path
        The TOML file (module docstring).
    approaches : sequence of str, optional
        The approaches to compare (default every registered one).

    Returns
    -------
    list of (dict, Dataset)
        The grid values of each point and its comparison.
    """
    loaded = load_compare_config(path)
    config = loaded.config
    method = config.data["approach"]["method"]
    compared = None if approaches is None else list(approaches)
    names = list(APPROACHES)
    results = []
    for values in itertools.product(*config.grid.values()):
        params = {key: float(value) for key, value in zip(config.grid, values, strict=True)}
        sections = point_sections(config, params)
        system, environment = _model_and_environment(config, sections)
        options = {k: v for k, v in sections["approach"].items() if k not in ("name", "method")}
        per_approach = {}
        if loaded.approach is not None and options and loaded.approach in (compared or names):
            per_approach = {loaded.approach: options}
        dataset = compare(system, environment, compared, options=per_approach, method=method)
        results.append((params, dataset))
    return results
