"""The [[channels]] and [[baths]] tables: checks and construction of Channels and Baths.

A channel is either a plain Lindblad channel (``rate``) or a *thermal* one (``spectral_density``,
``temperature``, ``frequency``), which stands for the pair of local channels of a bath at the
channel's bare frequency ω: decay through L at rate ``S(ω) = 2J(ω)[n(ω) + 1]`` and excitation
through L† at rate ``S(−ω) = 2J(ω) n(ω)`` (DESIGN.md convention; seed 002 Eq. 8 with J = γ/2).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from nesslab.config.common import (
    ConfigError,
    check_keys,
    check_name,
    check_numeric,
    is_number,
    keyed,
)
from nesslab.config.registry import SPECTRAL_DENSITIES, spectral_parameters
from nesslab.environment.baths import Bath, Channel
from nesslab.environment.spectral import SpectralDensity, power_spectrum
from nesslab.registry import unknown_name

SECTIONS = ("channels", "baths")
CHANNEL_KEYS = ("operator", "name", "rate", "temperature", "frequency", "spectral_density")
BATH_KEYS = ("coupling", "name", "temperature", "spectral_density")
OPERATOR_KEY = {"channels": "operator", "baths": "coupling"}


def normalise_environment(data: Mapping[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The environment section ("channels" or "baths") and its entries, names filled in.

    An entry's ``name`` defaults to its operator (channels) or coupling (baths) name.
    """
    present = [section for section in SECTIONS if section in data]
    if len(present) != 1:
        raise ConfigError("channels", "give either [[channels]] or [[baths]] (exactly one)")
    section = present[0]
    entries = data[section]
    if not isinstance(entries, list) or not entries:
        raise ConfigError(section, f"must be a non-empty array of tables ([[{section}]])")
    allowed = CHANNEL_KEYS if section == "channels" else BATH_KEYS
    normalised = []
    for index, entry in enumerate(entries):
        key = f"{section}[{index}]"
        check_keys(entry, key, allowed, (OPERATOR_KEY[section],))
        operator = check_name(entry[OPERATOR_KEY[section]], f"{key}.{OPERATOR_KEY[section]}")
        name = check_name(entry.get("name", operator), f"{key}.name")
        normalised.append({**entry, "name": name})
    if section == "baths":
        _check_unique([entry["name"] for entry in normalised])
    return section, normalised


def _check_unique(names: list[str]) -> None:
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"baths.{name}", "bath names must be unique")


def numeric_fields(section: str, entry: Mapping[str, Any]) -> dict[str, bool]:
    """Numeric fields of an entry (dotted inside spectral_density), mapped to whether required."""
    if section == "channels" and "spectral_density" not in entry:
        return {"rate": True, "temperature": False}
    fields = {"temperature": True}
    if section == "channels":
        fields["frequency"] = True
    density = entry.get("spectral_density")
    if isinstance(density, Mapping) and density.get("type") in SPECTRAL_DENSITIES:
        _, required, numeric = spectral_parameters(density["type"])
        fields.update({f"spectral_density.{p}": p in required for p in numeric})
    return fields


def get_field(entry: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` inside ``entry`` (None when absent)."""
    value: Any = entry
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def check_entry(section: str, entry: Mapping[str, Any], names: Collection[str]) -> None:
    """Static check of one entry: field combinations, spectral density and numeric values.

    ``names`` are the parameters a ``{ param = ... }`` reference may name.
    """
    key = f"{section}.{entry['name']}"
    if section == "channels":
        thermal = "spectral_density" in entry
        forbidden = ("rate",) if thermal else ("frequency",)
        for field in forbidden:
            if field in entry:
                kind = "a thermal channel (with spectral_density)" if thermal else "a rate channel"
                raise ConfigError(f"{key}.{field}", f"not a key of {kind}")
    if "spectral_density" in entry:
        _check_density(entry["spectral_density"], f"{key}.spectral_density")
    for field, required in numeric_fields(section, entry).items():
        value = get_field(entry, field)
        if value is not None:
            check_numeric(value, f"{key}.{field}", names)
        elif required:
            raise ConfigError(f"{key}.{field}", "missing required key")


def _check_density(density: Any, key: str) -> None:
    check_keys(density, key, ("type", *_all_density_keys()), ("type",))
    kind = density["type"]
    if kind not in SPECTRAL_DENSITIES:
        raise ConfigError(f"{key}.type", unknown_name("spectral density", kind, SPECTRAL_DENSITIES))
    names, _, numeric = spectral_parameters(kind)
    for name in density:
        if name != "type" and name not in names:
            raise ConfigError(
                f"{key}.{name}", f"not a parameter of {kind!r}; valid: {', '.join(names)}"
            )
        if name not in ("type", *numeric) and not isinstance(density[name], str):
            raise ConfigError(f"{key}.{name}", f"must be a string, got {density[name]!r}")


def _all_density_keys() -> list[str]:
    return sorted({name for kind in SPECTRAL_DENSITIES for name in spectral_parameters(kind)[0]})


def _non_negative(value: Any, key: str, positive: bool = False) -> float:
    if not is_number(value) or value < 0 or (positive and value == 0):
        bound = "> 0" if positive else ">= 0"
        raise ConfigError(key, f"must be a finite number {bound}, got {value!r}")
    return float(value)


def spectral_density(density: Mapping[str, Any], key: str) -> SpectralDensity:
    """The nesslab.spectral object of a resolved ``spectral_density`` table."""
    parameters = {name: value for name, value in density.items() if name != "type"}
    with keyed(key):
        return SPECTRAL_DENSITIES[density["type"]](**parameters)


def channel_rates(entry: Mapping[str, Any]) -> list[tuple[bool, float]]:
    """``(dagger, rate)`` of the Lindblad channels of a resolved entry (dagger: use L†)."""
    key = f"channels.{entry['name']}"
    if "spectral_density" not in entry:
        return [(False, _non_negative(entry["rate"], f"{key}.rate"))]
    frequency = _non_negative(entry["frequency"], f"{key}.frequency", positive=True)
    temperature = _non_negative(entry["temperature"], f"{key}.temperature")
    density = spectral_density(entry["spectral_density"], f"{key}.spectral_density")
    with keyed(f"{key}.spectral_density"):
        decay, excitation = power_spectrum(density, temperature, [frequency, -frequency])
    return [(False, float(decay)), (True, float(excitation))]


def make_channels(
    entries: list[Mapping[str, Any]], operator: Callable[[str, bool], Any]
) -> list[Channel]:
    """Channels of resolved entries; ``operator(name, dagger)`` gives L (or L†) for a name."""
    channels = []
    for entry in entries:
        key = f"channels.{entry['name']}"
        temperature = entry.get("temperature")
        if temperature is not None:
            temperature = _non_negative(temperature, f"{key}.temperature")
        for dagger, rate in channel_rates(entry):
            with keyed(f"{key}.operator"):
                jump = operator(entry["operator"], dagger)
            channels.append(Channel(jump, rate, entry["name"], temperature))
    return channels


def make_baths(
    entries: list[Mapping[str, Any]], operator: Callable[[str, bool], Any]
) -> list[Bath]:
    """Baths of resolved entries; ``operator(name, False)`` gives the coupling S for a name."""
    baths = []
    for entry in entries:
        key = f"baths.{entry['name']}"
        temperature = _non_negative(entry["temperature"], f"{key}.temperature")
        density = spectral_density(entry["spectral_density"], f"{key}.spectral_density")
        with keyed(f"{key}.coupling"):
            coupling = operator(entry["coupling"], False)
        baths.append(Bath(coupling, density, temperature, entry["name"]))
    return baths


ENVIRONMENTS: dict[str, Callable[..., list]] = {"channels": make_channels, "baths": make_baths}
