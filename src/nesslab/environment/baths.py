"""Environments: thermal bosonic baths and phenomenological Lindblad channels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from nesslab.environment.spectral import SpectralDensity
from nesslab.limits import real_number


def _check_temperature(temperature: float, name: str) -> float:
    temperature = real_number(temperature, name, finite=False)
    if not np.isfinite(temperature) or temperature < 0:
        raise ValueError(
            f"{name} must be a finite temperature >= 0 (energy units), got {temperature!r}"
        )
    return temperature


@dataclass(frozen=True)
class Bath:
    """A thermal bosonic bath coupled bilinearly as ``coupling ⊗ Σ_k g_k (b_k + b_k†)``.

    Parameters
    ----------
    coupling : array_like or str
        Hermitian system operator S, or the name of one of the System's operators.
    spectral_density : SpectralDensity
        J(ω) of the bath (nesslab.spectral).
    temperature : float
        T ≥ 0 in energy units (k_B = 1); ``0`` is allowed.
    name : str
        Label used for currents.

    Raises
    ------
    TypeError
        For a temperature given as a bool or str, or a spectral density of the wrong type.
    ValueError
        For a negative or non-finite temperature, or an empty name.
    """

    coupling: Any
    spectral_density: SpectralDensity
    temperature: float
    name: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "temperature", _check_temperature(self.temperature, "temperature"))
        if not isinstance(self.spectral_density, SpectralDensity):
            raise TypeError(
                "spectral_density must be a nesslab.spectral object (Ohmic, PowerLaw, "
                "DrudeLorentz, Brownian, Flat or Custom)"
            )
        if not isinstance(self.name, str) or not self.name:
            raise ValueError("name must be a non-empty string")


@dataclass(frozen=True)
class Channel:
    """A phenomenological Lindblad channel ``D[√rate · L]ρ`` (the local approach).

    Channels that share a ``name`` count as one bath for currents (e.g. decay and excitation
    of the same reservoir).

    Parameters
    ----------
    operator : array_like or str
        Jump operator L, or the name of one of the System's operators.
    rate : float
        Rate ≥ 0 (energy units).
    name : str
        Label of the bath this channel stands for.
    temperature : float, optional
        Temperature of that bath, used only to report entropy production.

    Raises
    ------
    TypeError
        For a rate or temperature given as a bool or str.
    ValueError
        For a negative or non-finite rate or temperature, or an empty name.
    """

    operator: Any
    rate: float
    name: str
    temperature: float | None = None

    def __post_init__(self) -> None:
        rate = real_number(self.rate, "rate", finite=False)
        if not np.isfinite(rate) or rate < 0:
            raise ValueError(f"rate must be a finite number >= 0, got {self.rate!r}")
        object.__setattr__(self, "rate", rate)
        if self.temperature is not None:
            object.__setattr__(
                self, "temperature", _check_temperature(self.temperature, "temperature")
            )
        if not isinstance(self.name, str) or not self.name:
            raise ValueError("name must be a non-empty string")
