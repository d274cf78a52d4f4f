"""The [grid] table: the values of each axis and the parameter it sets."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np

from nesslab.config.common import ConfigError, check_keys, is_number
from nesslab.limits import check_points

AXIS_KEYS = ("start", "stop", "num", "scale")
AXIS_SCALES = {"linear": np.linspace, "log": np.geomspace}
_FIELD_HINT = (
    "to sweep a channel or bath field, declare a [parameters] entry and reference it there, "
    'e.g. rate = { param = "r_s" }'
)


def grid_axes(grid: Any, names: Collection[str]) -> dict[str, np.ndarray]:
    """The axes of [grid]; each key must be one of ``names`` (model and [parameters] names).

    The number of points, the product of the axis sizes, is bounded by ``max_points``
    (:mod:`nesslab.limits`: 10⁶, or the environment variable ``NESSLAB_MAX_POINTS``) and
    checked on the sizes (``num``, list lengths) before any axis is built.

    Raises
    ------
    ConfigError
        Naming the offending key.
    nesslab.limits.ResourceLimitError
        For too many points (the message gives every axis size).
    """
    if not isinstance(grid, Mapping) or not grid:
        raise ConfigError("grid", "must be a table with at least one axis")
    for key in grid:
        if key not in names:
            raise ConfigError(
                f"grid.{key}",
                f"not a model parameter or a [parameters] entry (valid: "
                f"{', '.join(sorted(names))}); {_FIELD_HINT}",
            )
    sizes = {key: _axis_size(spec, f"grid.{key}") for key, spec in grid.items()}
    check_points(sizes, "[grid]", argument=False)
    return {key: axis_values(spec, f"grid.{key}") for key, spec in grid.items()}


def _axis_size(spec: Any, key: str) -> int:
    """The number of values of one axis, from its list or its ``num`` (nothing is built)."""
    if isinstance(spec, list):
        return len(spec)
    if isinstance(spec, Mapping) and "num" in spec:
        _check_num(spec["num"], f"{key}.num")
        return spec["num"]
    return 1  # axis_values names what is wrong with it


def _check_num(num: Any, key: str) -> None:
    if not isinstance(num, int) or isinstance(num, bool) or num < 1:
        raise ConfigError(key, f"must be an integer >= 1, got {num!r}")


def axis_values(spec: Any, key: str) -> np.ndarray:
    """The values of one axis: an explicit list, or ``{start, stop, num, scale}``."""
    if isinstance(spec, list):
        if not spec or not all(is_number(value) for value in spec):
            raise ConfigError(key, "must be a non-empty list of finite numbers")
        values = np.asarray(spec)
    elif isinstance(spec, Mapping) and set(spec) & set(AXIS_KEYS):
        values = _range_values(spec, key)
    else:
        raise ConfigError(key, f"must be a list or {{ start, stop, num[, scale] }}, got {spec!r}")
    if np.unique(values).size != values.size:
        raise ConfigError(key, "values must be distinct")
    return values


def _range_values(spec: Mapping[str, Any], key: str) -> np.ndarray:
    check_keys(spec, key, AXIS_KEYS, ("start", "stop", "num"))
    for name in ("start", "stop"):
        if not is_number(spec[name]):
            raise ConfigError(f"{key}.{name}", f"must be a finite number, got {spec[name]!r}")
    num = spec["num"]
    _check_num(num, f"{key}.num")
    scale = spec.get("scale", "linear")
    if scale not in AXIS_SCALES:
        raise ConfigError(f"{key}.scale", f"must be one of {', '.join(AXIS_SCALES)}")
    if scale == "log" and (spec["start"] <= 0 or spec["stop"] <= 0):
        raise ConfigError(key, "a log axis needs start > 0 and stop > 0")
    return AXIS_SCALES[scale](float(spec["start"]), float(spec["stop"]), num)
