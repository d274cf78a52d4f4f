"""Shared pieces of the config layer: the error type, key checks and parameter references."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

REFERENCE_KEYS = ("param", "scale", "power")


class ConfigError(ValueError):
    """An invalid sweep configuration; the message starts with the offending key.

    Attributes
    ----------
    key : str
        Dotted path of the offending entry, e.g. ``"channels.spin.rate"`` or ``"grid.foo"``.
    """

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


@contextmanager
def keyed(key: str) -> Iterator[None]:
    """Re-raise a library ValueError, TypeError or KeyError as a ConfigError naming ``key``."""
    try:
        yield
    except ConfigError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        message = exc.args[0] if exc.args else type(exc).__name__
        raise ConfigError(key, str(message)) from exc


def check_keys(
    table: Any, key: str, allowed: Iterable[str], required: Iterable[str] = ()
) -> Mapping[str, Any]:
    """Check that ``table`` is a table with only ``allowed`` keys and every ``required`` key."""
    if not isinstance(table, Mapping):
        raise ConfigError(key, f"must be a table, got {type(table).__name__}")
    allowed = tuple(allowed)
    for name in table:
        if name not in allowed:
            raise ConfigError(
                f"{key}.{name}", f"unknown key; valid keys: {', '.join(sorted(allowed))}"
            )
    for name in required:
        if name not in table:
            raise ConfigError(f"{key}.{name}", "missing required key")
    return table


def is_number(value: Any) -> bool:
    """A finite int or float (TOML booleans excluded)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_name(value: Any, key: str) -> str:
    """A non-empty string without dots (names are addressed as ``section.name.field``)."""
    if not isinstance(value, str) or not value or "." in value:
        raise ConfigError(key, f"must be a non-empty string without dots, got {value!r}")
    return value


def is_reference(value: Any) -> bool:
    """A parameter reference ``{ param = NAME, scale = k, power = p }``."""
    return isinstance(value, Mapping) and "param" in value


def check_reference(value: Mapping[str, Any], key: str, names: Iterable[str]) -> None:
    """Validate a reference: known keys, numeric scale and power, ``param`` one of ``names``."""
    check_keys(value, key, REFERENCE_KEYS, ("param",))
    names = tuple(names)
    if value["param"] not in names:
        raise ConfigError(
            f"{key}.param",
            f"unknown parameter {value['param']!r}; a reference names a [parameters] entry or "
            f"a numeric model parameter: {', '.join(sorted(names)) or 'none defined'}",
        )
    for name in ("scale", "power"):
        if name in value and not is_number(value[name]):
            raise ConfigError(f"{key}.{name}", f"must be a finite number, got {value[name]!r}")


def check_numeric(value: Any, key: str, names: Iterable[str]) -> None:
    """A finite number or a valid parameter reference."""
    if is_reference(value):
        check_reference(value, key, names)
    elif not is_number(value):
        raise ConfigError(key, f"must be a finite number or {{ param = ... }}, got {value!r}")


def references(obj: Any, key: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every parameter reference inside ``obj`` with its dotted key."""
    if is_reference(obj):
        yield key, obj
    elif isinstance(obj, Mapping):
        for name, value in obj.items():
            yield from references(value, f"{key}.{name}")
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield from references(value, f"{key}[{index}]")


def resolve(obj: Any, values: Mapping[str, float], key: str = "") -> Any:
    """A copy of ``obj`` with every reference replaced by ``scale · values[param] ** power``.

    ``key`` is the dotted path of ``obj``; an entry of a list that has a ``name`` is addressed
    by it (``channels.spin.rate``), as in every other message, else by its index.

    Raises
    ------
    ConfigError
        Naming the key of a reference whose value is not a finite real number (e.g. a zero
        parameter to a negative power, or a negative one to a fractional power).
    """
    if is_reference(obj):
        return _reference_value(obj, values, key)
    if isinstance(obj, Mapping):
        return {name: resolve(value, values, _child(key, name)) for name, value in obj.items()}
    if isinstance(obj, list):
        return [resolve(value, values, _item_key(key, i, value)) for i, value in enumerate(obj)]
    return obj


def _child(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _item_key(key: str, index: int, item: Any) -> str:
    if isinstance(item, Mapping) and isinstance(item.get("name"), str):
        return _child(key, item["name"])
    return f"{key}[{index}]"


def _reference_value(reference: Mapping[str, Any], values: Mapping[str, float], key: str) -> float:
    name, power = reference["param"], reference.get("power", 1)
    base = float(values[name])
    try:
        value = reference.get("scale", 1.0) * base**power
    except (ZeroDivisionError, OverflowError):
        value = math.nan
    if isinstance(value, complex) or not math.isfinite(value):
        raise ConfigError(
            key or "reference",
            f"{{ param = {name!r}, power = {power!r} }} is not a finite real number at "
            f"{name} = {base!r}; choose the grid or the parameter so that {name}^{power} is "
            "defined (no zero to a negative power, no negative number to a fractional power)",
        )
    return value
