"""The [outputs] table: what each sweep point returns, checked up front and computed by registry."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

import numpy as np

from nesslab.config.common import ConfigError, check_keys, check_name, check_numeric
from nesslab.counting import COUNTING, current_statistics
from nesslab.generators import Generator
from nesslab.observables import entropy_production, flux, heat_currents, populations
from nesslab.solve import SteadyState

FLUX_KEYS = ("operator", "channel", "scale", "label")
DIAGNOSTICS = ("first_law_residual", "residual", "method")
HAMILTONIAN = "H"
DEFAULT_OUTPUTS: dict[str, Any] = {
    "heat_currents": True,
    "fluxes": [],
    "populations": False,
    "entropy_production": False,
    "current_noise": False,
    "tur": False,
}
STATISTICS = ("current_noise", "tur")
"""Outputs from the counting statistics (:mod:`nesslab.counting`): approaches in COUNTING."""


def normalise_outputs(
    outputs: Any, environment: Mapping[str, bool], names: Collection[str]
) -> dict[str, Any]:
    """Checked [outputs] with defaults filled in and every flux given a label.

    ``environment`` maps each bath/channel name to whether it has a temperature; ``names`` are
    the parameters a ``scale`` may reference.
    """
    outputs = {} if outputs is None else outputs
    check_keys(outputs, "outputs", DEFAULT_OUTPUTS)
    result = {**DEFAULT_OUTPUTS, **outputs}
    for key in ("heat_currents", "populations", "entropy_production", *STATISTICS):
        if not isinstance(result[key], bool):
            raise ConfigError(f"outputs.{key}", f"must be true or false, got {result[key]!r}")
    if not isinstance(result["fluxes"], list):
        raise ConfigError("outputs.fluxes", "must be an array of tables")
    result["fluxes"] = [
        _flux_spec(spec, f"outputs.fluxes[{index}]", environment, names)
        for index, spec in enumerate(result["fluxes"])
    ]
    for key in ("entropy_production", "tur"):
        missing = [name for name, has_temperature in environment.items() if not has_temperature]
        if result[key] and missing:
            raise ConfigError(f"outputs.{key}", f"needs a temperature on {', '.join(missing)}")
    _check_labels(output_names(result, environment))
    return result


def _flux_spec(
    spec: Any, key: str, environment: Mapping[str, bool], names: Collection[str]
) -> dict[str, Any]:
    check_keys(spec, key, FLUX_KEYS, ("operator", "channel"))
    operator = check_name(spec["operator"], f"{key}.operator")
    if spec["channel"] not in environment:
        raise ConfigError(
            f"{key}.channel",
            f"no channel or bath named {spec['channel']!r}; names: {', '.join(environment)}",
        )
    if "scale" in spec:
        check_numeric(spec["scale"], f"{key}.scale", names)
    label = check_name(spec.get("label", f"flux_{operator}_{spec['channel']}"), f"{key}.label")
    return {**spec, "label": label}


def output_names(outputs: Mapping[str, Any], environment: Collection[str]) -> list[str]:
    """Names of the variables a point returns, in the order :func:`compute_outputs` gives them."""
    names = [spec["label"] for spec in outputs["fluxes"]]
    if outputs["heat_currents"]:
        names += [f"J_{name}" for name in environment] + ["first_law_residual"]
    if outputs["entropy_production"]:
        names.append("entropy_production")
    if outputs["populations"]:
        names.append("populations")
    if outputs["current_noise"]:
        names += [f"noise_{name}" for name in environment]
    if outputs["tur"]:
        names += [f"tur_{name}" for name in environment]
    return names + ["residual", "method"]


def check_statistics(outputs: Mapping[str, Any], approach: str) -> None:
    """Refuse counting-statistics outputs for an approach that defines no counting field."""
    for key in STATISTICS:
        if outputs[key] and approach not in COUNTING:
            raise ConfigError(
                f"outputs.{key}",
                f"needs an approach with counting fields ({', '.join(sorted(COUNTING))}), "
                f"got {approach!r}",
            )


def _check_labels(names: list[str]) -> None:
    for name in names:
        if names.count(name) > 1:
            raise ConfigError("outputs.fluxes", f"output name {name!r} is used twice")


def _fluxes(gen: Generator, state: SteadyState, specs: list) -> dict[str, Any]:
    """``scale · Tr[A D_channel(ρ)]`` per flux; operator "H" is the Hamiltonian (heat current)."""
    result = {}
    for spec in specs:
        name = spec["operator"]
        operator = gen.system.H if name == HAMILTONIAN else name
        result[spec["label"]] = spec.get("scale", 1.0) * flux(gen, state, operator, spec["channel"])
    return result


def _heat_currents(gen: Generator, state: SteadyState, _: bool) -> dict[str, Any]:
    currents = heat_currents(gen, state)
    result: dict[str, Any] = {f"J_{name}": value for name, value in currents.items()}
    result["first_law_residual"] = currents.first_law_residual
    return result


def _entropy_production(gen: Generator, state: SteadyState, _: bool) -> dict[str, Any]:
    return {"entropy_production": entropy_production(gen, state)}


def _populations(gen: Generator, state: SteadyState, _: bool) -> dict[str, Any]:
    return {"populations": np.asarray(populations(state, gen.system))}


def _statistics(gen: Generator, state: SteadyState, outputs: Mapping[str, Any]) -> dict:
    """``noise_<bath>`` and ``tur_<bath>``, from one :func:`current_statistics` for both."""
    baths = current_statistics(gen, state, order=2).baths
    result: dict[str, Any] = {}
    if outputs["current_noise"]:
        result.update({f"noise_{name}": record.variance for name, record in baths.items()})
    if outputs["tur"]:
        result.update({f"tur_{name}": record.tur_ratio for name, record in baths.items()})
    return result


OUTPUTS: dict[str, Callable[[Generator, SteadyState, Any], dict[str, Any]]] = {
    "fluxes": _fluxes,
    "heat_currents": _heat_currents,
    "entropy_production": _entropy_production,
    "populations": _populations,
}


def compute_outputs(
    gen: Generator, state: SteadyState, outputs: Mapping[str, Any]
) -> dict[str, Any]:
    """The requested outputs at one point, then ``residual`` and ``method``."""
    result: dict[str, Any] = {}
    for key, compute in OUTPUTS.items():
        if outputs[key]:
            result.update(compute(gen, state, outputs[key]))
    if any(outputs[key] for key in STATISTICS):
        result.update(_statistics(gen, state, outputs))
    result.update(residual=state.residual, method=state.method)
    return result
