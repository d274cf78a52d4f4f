"""Couplings of an environment to a system: validated, grouped operators and their rates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from nesslab.environment.baths import Bath, Channel
from nesslab.environment.spectral import power_spectrum
from nesslab.superop import lindblad_terms
from nesslab.system import System, hermiticity_error, resolve_operator


def as_list(environment: Any, kind: type, approach: str) -> list:
    """The environment as a list of ``kind`` objects, or a clear TypeError."""
    items = [environment] if isinstance(environment, (Bath, Channel)) else list(environment)
    if not items:
        raise ValueError(f"approach {approach!r} needs at least one {kind.__name__}")
    wrong = [type(item).__name__ for item in items if not isinstance(item, kind)]
    if wrong:
        hint = (
            "use approach='local' (or 'partial_secular'/'pauli') for Channels"
            if kind is Bath
            else "use approach='global', 'redfield', 'partial_secular' or 'pauli' for Baths"
        )
        raise TypeError(
            f"approach {approach!r} takes {kind.__name__} objects, got {', '.join(wrong)}; {hint}"
        )
    return items


def environment_kind(environment: Any) -> type:
    """Bath or Channel, whichever the (homogeneous) environment holds."""
    items = [environment] if isinstance(environment, (Bath, Channel)) else list(environment)
    kinds = {type(item) for item in items}
    if kinds == {Bath}:
        return Bath
    if kinds == {Channel}:
        return Channel
    raise TypeError("the environment must be a list of Bath objects or a list of Channel objects")


def group_channels(
    system: System, channels: Iterable[Channel]
) -> tuple[dict[str, list[tuple[np.ndarray, float]]], dict[str, float | None]]:
    """Jump operators and rates grouped by channel name, and each group's temperature."""
    groups: dict[str, list[tuple[np.ndarray, float]]] = {}
    temperatures: dict[str, float | None] = {}
    for channel in channels:
        operator = resolve_operator(
            system, channel.operator, f"operator of channel {channel.name!r}"
        )
        groups.setdefault(channel.name, []).append((operator, channel.rate))
        known = temperatures.setdefault(channel.name, channel.temperature)
        if channel.temperature is not None and known is not None and known != channel.temperature:
            raise ValueError(
                f"channels named {channel.name!r} disagree on temperature ({known} vs "
                f"{channel.temperature})"
            )
        if known is None:
            temperatures[channel.name] = channel.temperature
    return groups, temperatures


def channel_terms(
    system: System,
    environment: Any,
    approach: str,
    vectors: np.ndarray | None,
    grouped: tuple[dict, dict] | None = None,
) -> tuple[dict[str, list], dict[str, float | None]]:
    """Lindblad superoperator terms and temperature of each channel group.

    The jump operators are written in the basis ``vectors`` (``None``: the site basis).
    ``grouped``: the :func:`group_channels` of the environment, when already known.
    """
    if grouped is None:
        grouped = group_channels(system, as_list(environment, Channel, approach))
    groups, temperatures = grouped

    def rotate(operator: np.ndarray) -> np.ndarray:
        return operator if vectors is None else vectors.conj().T @ operator @ vectors

    terms = {
        name: [term for op, rate in jumps for term in lindblad_terms(rotate(op), rate)]
        for name, jumps in groups.items()
    }
    return terms, temperatures


def site_couplings(system: System, baths: Iterable[Bath]) -> dict[str, tuple[np.ndarray, Bath]]:
    """Each bath's validated Hermitian coupling operator (site basis), keyed by bath name."""
    result: dict[str, tuple[np.ndarray, Bath]] = {}
    for bath in baths:
        if bath.name in result:
            raise ValueError(f"two baths are named {bath.name!r}; bath names must be unique")
        coupling = resolve_operator(system, bath.coupling, f"coupling of bath {bath.name!r}")
        if hermiticity_error(coupling) > 1e-10:
            raise ValueError(f"coupling of bath {bath.name!r} must be Hermitian")
        result[bath.name] = ((coupling + coupling.conj().T) / 2, bath)
    return result


def bath_couplings(system: System, baths: Iterable[Bath]) -> dict[str, tuple[np.ndarray, Bath]]:
    """Each bath's Hermitian coupling operator in the eigenbasis, keyed by bath name."""
    vectors = system.eigen[1]
    return {
        name: (vectors.conj().T @ coupling @ vectors, bath)
        for name, (coupling, bath) in site_couplings(system, baths).items()
    }


def emission_matrix(system: System, bath: Bath, coupling: np.ndarray) -> np.ndarray:
    """``G[a, b] = S(E_a − E_b)``: the power spectrum at the energy released going a → b.

    Evaluated only where the eigenbasis ``coupling`` connects a and b (elsewhere 0), so a bath
    whose zero-frequency rate diverges is fine unless it actually drives pure dephasing. Energy
    differences below 1e-12 of the spectrum's scale are treated as exact degeneracies (ω = 0).
    """
    energies = system.eigen[0]
    differences = energies[:, None] - energies[None, :]
    scale = max(1.0, float(np.abs(energies).max()))
    differences[np.abs(differences) <= 1e-12 * scale] = 0.0
    connected = np.abs(coupling) > 1e-14 * max(float(np.abs(coupling).max()), 1e-300)
    connected = connected | connected.T
    result = np.zeros_like(differences)
    result[connected] = power_spectrum(
        bath.spectral_density, bath.temperature, differences[connected]
    )
    return result
