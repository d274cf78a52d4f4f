"""Pauli rate equation for eigenstate populations (seed 000 Eqs. C1–C2)."""

from __future__ import annotations

from typing import Any

import numpy as np

from nesslab.environment.baths import Bath, Channel
from nesslab.generators.base import Generator
from nesslab.generators.couplings import (
    as_list,
    bath_couplings,
    channel_terms,
    emission_matrix,
    environment_kind,
    group_channels,
)
from nesslab.generators.redfield import bath_terms
from nesslab.generators.secular_validity import (
    ACCURACY,
    checked_accuracy,
    secular_parent,
    stationary_populations,
    warn_if_invalid,
)
from nesslab.spaces import PopulationSpace
from nesslab.system import System


def rate_matrix(transition_rates: np.ndarray) -> np.ndarray:
    """Rate-equation generator W from ``transition_rates[m, n]`` (the rate of n → m).

    Off-diagonal entries are the rates; ``W_nn = −Σ_{k≠n} W_kn`` so that columns sum to zero.
    """
    rates = np.array(transition_rates, dtype=float)
    np.fill_diagonal(rates, 0.0)
    return rates - np.diag(rates.sum(axis=0))


def pauli(system: System, environment: Any, *, accuracy: float = ACCURACY) -> Generator:
    """Classical master equation ``dP/dt = Σ_α W_α P`` for the eigenstate populations P.

    For Channels, ``W_mn = Σ_k rate_k |⟨m|L_k|n⟩|²`` (seed 000 Eq. C2); for Baths,
    ``W_mn = |⟨m|S|n⟩|² S(E_n − E_m)`` with the power spectrum S(ω) of DESIGN.md. Valid when the
    rates are much smaller than every Bohr-frequency gap (no near-degenerate coherences).

    Parameters
    ----------
    accuracy : float
        Warn (:class:`nesslab.generators.secular_validity.SecularApproximationWarning`) when the
        estimated trace distance to the non-secular state (the coherences it drops and the
        population shift they cause) exceeds this (> 0).

    Returns
    -------
    Generator
        ``details["secular_validity"]`` holds the
        :class:`~nesslab.generators.secular_validity.SecularValidity` of the dropped coherences
        (None when the populations are not unique).
    """
    checked_accuracy(accuracy)
    dim = system.dim
    vectors = system.eigen[1]
    parts: dict[str, np.ndarray] = {}
    if environment_kind(environment) is Bath:
        baths = as_list(environment, Bath, "pauli")
        parent = bath_terms(system, baths)[0]
        temperatures = {bath.name: bath.temperature for bath in baths}
        for name, (coupling, bath) in bath_couplings(system, baths).items():
            parts[name] = rate_matrix(
                np.abs(coupling) ** 2 * emission_matrix(system, bath, coupling).T
            )
    else:
        groups, temperatures = group_channels(system, as_list(environment, Channel, "pauli"))
        parent = channel_terms(system, environment, "pauli", vectors)[0]
        for name, jumps in groups.items():
            rates = sum(rate * np.abs(vectors.conj().T @ op @ vectors) ** 2 for op, rate in jumps)
            parts[name] = rate_matrix(rates)
    populations = stationary_populations(sum(parts.values()))
    terms = [term for part in parent.values() for term in part]
    parent = None if populations is None else secular_parent(system, terms, populations)
    validity = None if parent is None else parent.validity(~np.eye(dim, dtype=bool))
    warn_if_invalid("pauli", validity, accuracy)
    return Generator(
        approach="pauli",
        system=system,
        space=PopulationSpace(dim, vectors),
        coherent=np.zeros((dim, dim)),
        parts=parts,
        temperatures=temperatures,
        options={"accuracy": accuracy},
        details={"secular_validity": validity},
    )
