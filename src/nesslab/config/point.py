"""One sweep point of a Config: substitute the grid values, build, solve and measure."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from nesslab.config.common import is_number, keyed, references, resolve
from nesslab.config.environment import ENVIRONMENTS
from nesslab.config.outputs import HAMILTONIAN, compute_outputs
from nesslab.config.registry import MODELS
from nesslab.config.schema import Config
from nesslab.generators import Generator, generator
from nesslab.solve import steady_state
from nesslab.system import System

PROGRESS_VALUES = 10_000  # grid values checked before a progress bar is worth showing


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def point_sections(config: Config, params: Mapping[str, Any]) -> dict[str, Any]:
    """Model, environment, approach and outputs at one grid point, with references resolved.

    Parameters
    ----------
    config : Config
        The sweep configuration.
    params : mapping
        A value for every grid axis.

    Raises
    ------
    TypeError
        If ``params`` does not name exactly the grid axes.
    """
    missing = [key for key in config.grid if key not in params]
    unknown = [key for key in params if key not in config.grid]
    if missing or unknown:
        raise TypeError(
            f"a point needs exactly the grid axes; missing {missing}, unknown {unknown}"
        )
    data = config.data
    sections = {
        key: copy.deepcopy(data[key])
        for key in ("model", config.environment, "approach", "outputs")
    }
    params = {key: _plain(value) for key, value in params.items()}
    sections["model"].update(
        {key: value for key, value in params.items() if key not in data["parameters"]}
    )
    numeric_model = {key: value for key, value in data["model"].items() if is_number(value)}
    return resolve(sections, {**data["parameters"], **numeric_model, **params})


def _operator(system: System, name: str, dagger: bool) -> np.ndarray:
    matrix = system.op(name)
    return matrix.conj().T if dagger else matrix


def build(config: Config, sections: Mapping[str, Any]) -> Generator:
    """System, environment and generator of one point's resolved ``sections`` (no solve)."""
    arguments = {key: value for key, value in sections["model"].items() if key != "name"}
    with keyed("model"):
        system = MODELS[sections["model"]["name"]](**arguments)
    entries = sections[config.environment]
    environment = ENVIRONMENTS[config.environment](
        entries, lambda name, dagger: _operator(system, name, dagger)
    )
    options = {k: v for k, v in sections["approach"].items() if k not in ("name", "method")}
    with keyed("approach"):
        return generator(system, environment, sections["approach"]["name"], **options)


@dataclass(frozen=True)
class ConfigPoint:
    """The picklable sweep point of a :class:`Config`: ``point(**grid_values) -> dict``.

    Builds the model with the grid values substituted, its channels or baths, the generator
    (``nesslab.generator``) and the steady state (``nesslab.steady_state`` with the configured
    method), and returns the outputs of [outputs] (units of the model's energies; currents
    positive from the bath into the system) plus ``residual`` (‖L x‖₂ of the steady state),
    ``method`` and, with heat currents, ``first_law_residual``.
    """

    config: Config

    def generator(self, **params: Any) -> Generator:
        """The generator at one grid point, without solving."""
        return build(self.config, point_sections(self.config, params))

    def __call__(self, **params: Any) -> dict[str, Any]:
        """Outputs at one grid point (a value for every grid axis)."""
        sections = point_sections(self.config, params)
        gen = build(self.config, sections)
        state = steady_state(gen, method=sections["approach"]["method"])
        return compute_outputs(gen, state, sections["outputs"])


def check_values(config: Config) -> None:
    """Fail early on bad values: no steady state is solved.

    Every value of every axis that the channels or baths reference (the other axes at their
    first value) is put through the channel or bath construction, which checks rates,
    temperatures, frequencies and spectral-density parameters; each of those fields depends on
    at most one parameter, so this covers the whole grid (a progress bar shows when that is many
    values). The system and generator are then built at the first grid point, which checks
    operator names, model arguments and the approach's environment and options.

    Raises
    ------
    ConfigError
        Naming the offending key.
    """
    base = config.base_point()
    entries = config.data[config.environment]
    used = {ref["param"] for _, ref in references(entries, config.environment)}
    axes = {key: values for key, values in config.grid.items() if key in used}
    total = sum(len(values) for values in axes.values())
    with tqdm(total=total, desc="checking", unit="value", disable=total < PROGRESS_VALUES) as bar:
        for key, values in axes.items():
            for value in values:
                sections = point_sections(config, {**base, key: value})
                ENVIRONMENTS[config.environment](sections[config.environment], lambda n, d: n)
                bar.update()
    gen = ConfigPoint(config).generator(**base)
    for index, spec in enumerate(config.data["outputs"]["fluxes"]):
        if spec["operator"] != HAMILTONIAN:
            with keyed(f"outputs.fluxes[{index}].operator"):
                gen.system.op(spec["operator"])
