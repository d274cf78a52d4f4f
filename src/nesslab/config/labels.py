"""The [labels] table and the names and units every stored variable carries.

A sweep store labels each output and grid axis with ``long_name`` and ``units`` (what
``nesslab plot`` writes on its axes). nesslab knows its own outputs — heat currents, residuals,
entropy production — in the model's energy unit (ħ = k_B = 1); what a model parameter or a
scaled flux means only the config knows: ``[labels] delta = { long_name = "Δ", units = "ω" }``
says it, for any grid axis, [parameters] entry or output.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from nesslab.config.common import ConfigError, check_keys

LABEL_KEYS = ("long_name", "units")
ENERGY = "model energy unit"


def check_labels(labels: Any, names: Collection[str]) -> dict[str, dict[str, str]]:
    """Checked [labels]: keys are grid axes, parameters or outputs; values {long_name, units}."""
    if not isinstance(labels, Mapping):
        raise ConfigError("labels", "must be a table of { long_name, units } tables")
    for name, label in labels.items():
        if name not in names:
            raise ConfigError(
                f"labels.{name}", f"not a grid axis, parameter or output; names: {', '.join(names)}"
            )
        check_keys(label, f"labels.{name}", LABEL_KEYS)
        for key, value in label.items():
            if not isinstance(value, str) or not value:
                raise ConfigError(
                    f"labels.{name}.{key}", f"must be a non-empty string, got {value!r}"
                )
    return {name: dict(label) for name, label in labels.items()}


def default_labels(
    grid: Collection[str], outputs: Mapping[str, Any], environment: Collection[str]
) -> dict[str, dict[str, str]]:
    """``long_name`` and ``units`` of the grid axes and of every output a config's points return."""
    labels = {name: {"long_name": name, "units": ENERGY + " (if an energy)"} for name in grid}
    for spec in outputs["fluxes"]:
        operator = spec["operator"]
        scale = " × scale" if "scale" in spec else ""
        labels[spec["label"]] = {
            "long_name": f"flux Tr[{operator} D_{spec['channel']}(rho)]{scale}, positive when "
            f"channel {spec['channel']!r} increases <{operator}>",
            "units": f"units of {operator} × {ENERGY}" + (" × scale" if scale else ""),
        }
    for name in environment:
        labels[f"J_{name}"] = {
            "long_name": f"heat current from bath {name!r} into the system",
            "units": f"{ENERGY}^2 (energy per time, hbar = 1)",
        }
        labels[f"noise_{name}"] = {
            "long_name": f"zero-frequency noise of the energy current from bath {name!r}: "
            "variance of the exchanged energy per unit time",
            "units": f"{ENERGY}^3 (energy^2 per time, hbar = 1)",
        }
        labels[f"tur_{name}"] = {
            "long_name": f"TUR ratio Var(J) sigma / J^2 of bath {name!r} (classical bound 2)",
            "units": "1",
        }
    labels["first_law_residual"] = {"long_name": "|sum J| / sum |J|", "units": "1"}
    labels["entropy_production"] = {
        "long_name": "entropy production sigma = -sum J/T",
        "units": f"{ENERGY} (k_B = hbar = 1)",
    }
    labels["populations"] = {"long_name": "energy-eigenbasis populations", "units": "1"}
    labels["residual"] = {"long_name": "steady-state residual ||L x||_2", "units": ENERGY}
    labels["method"] = {"long_name": "steady-state method used", "units": "1"}
    return labels
