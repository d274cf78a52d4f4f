"""Pauli rate equation for eigenstate populations (seed 000 Eqs. C1–C2)."""

from __future__ import annotations

from typing import Any

import numpy as np

from nesslab.environment.baths import Bath
from nesslab.generators.base import Generator
from nesslab.generators.couplings import (
    as_list,
    channel_terms,
    environment_kind,
)
from nesslab.generators.redfield import bath_terms
from nesslab.generators.secular_validity import (
    ACCURACY,
    checked_accuracy,
    secular_parent,
    warn_if_invalid,
)
from nesslab.generators.term_algebra import pauli_rates, stationary_populations
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
    ``W_mn = |⟨m|S|n⟩|² S(E_n − E_m)`` with the power spectrum S(ω) of DESIGN.md: the secular
    limit ``Re D(|n⟩⟨n|)_mm`` of the Lindbladian or Bloch–Redfield terms
    (:func:`~nesslab.generators.term_algebra.pauli_rates`), which also give its validity.
    Valid when the rates are much smaller than every Bohr-frequency gap (no near-degenerate
    coherences).

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
    if environment_kind(environment) is Bath:
        terms, temperatures = bath_terms(system, as_list(environment, Bath, "pauli"))
    else:
        terms, temperatures = channel_terms(system, environment, "pauli", vectors)
    parts = {name: rate_matrix(pauli_rates(part, dim)) for name, part in terms.items()}
    populations = stationary_populations(sum(parts.values()))
    every = [term for part in terms.values() for term in part]
    parent = None if populations is None else secular_parent(system, every, populations)
    validity = None if parent is None else parent.validity(0.0, populations_only=True)
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
