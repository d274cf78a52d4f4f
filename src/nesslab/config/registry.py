"""Name registries of the config layer: models, spectral densities, approaches and their keys."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable

from nesslab import models, spectral
from nesslab.generators import APPROACHES
from nesslab.system import System

MODELS: dict[str, Callable[..., System]] = {name: getattr(models, name) for name in models.__all__}

SPECTRAL_DENSITIES: dict[str, type[spectral.SpectralDensity]] = {
    "ohmic": spectral.Ohmic,
    "power_law": spectral.PowerLaw,
    "drude_lorentz": spectral.DrudeLorentz,
    "brownian": spectral.Brownian,
    "flat": spectral.Flat,
}


def _signature_names(function: Callable, skip: int = 0) -> tuple[list[str], list[str]]:
    parameters = list(inspect.signature(function).parameters.values())[skip:]
    names = [p.name for p in parameters]
    required = [p.name for p in parameters if p.default is inspect.Parameter.empty]
    return names, required


def model_parameters(name: str) -> tuple[list[str], list[str]]:
    """Keyword arguments of model ``name``: all of them and the required ones."""
    return _signature_names(MODELS[name])


def approach_options(name: str) -> tuple[list[str], list[str]]:
    """Options of approach ``name`` (arguments after system and environment), and required ones."""
    return _signature_names(APPROACHES[name].build, skip=2)


def spectral_parameters(kind: str) -> tuple[list[str], list[str], list[str]]:
    """Parameters of spectral density ``kind``: all, required, and the numeric ones."""
    fields = dataclasses.fields(SPECTRAL_DENSITIES[kind])
    names = [f.name for f in fields]
    required = [f.name for f in fields if f.default is dataclasses.MISSING]
    numeric = [f.name for f in fields if f.type in ("float", float)]
    return names, required, numeric
