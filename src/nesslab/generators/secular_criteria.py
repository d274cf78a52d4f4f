"""What "partial_secular" keeps: the "rates" window, and the criterion "frequency_sign".

**Window** ``tolerance="rates"``: :func:`largest_rate`, the largest single transition rate of
the environment (seed 002 Sec. IV's "slower than the fastest dissipative process").

**Frequency sign** (``criterion="frequency_sign"``): secular only between components of
opposite frequency sign.

Each coupling operator X (a bath's S, or a channel's jump L) is split, in the energy eigenbasis,
into its Fourier components ``X(ω) = Σ_{E_b − E_a = ω} |a⟩⟨a|X|b⟩⟨b|`` — ω > 0 lowers the
energy by ω (emission), ω < 0 raises it, ω = 0 keeps it — grouped by the sign of ω:
``X = X₊ + X₀ + X₋``. The Bloch–Redfield dissipator of a bath (Lamb shift dropped, as in
:mod:`nesslab.generators.redfield`),

    D(ρ) = Σ_{ω,ω'} ½P(ω) [X(ω) ρ X(ω')† − X(ω')† X(ω) ρ] + h.c.,

with P the power spectrum, is kept for every pair (ω, ω') within one class and dropped for the
others. Physically: components of one sign rotate against each other at the differences of
their Bohr frequencies (the spread of a band, e.g. the splitting 2Ω̃ of seed 002's
one-excitation doublet, whatever it is compared with the rates), while a lowering and a raising
component rotate at the sum of their frequencies (≈ 2ω̃, twice a transition frequency): this is
the rotating-wave approximation of the dissipator, not a window on the frequency differences.
Zero-frequency components (pure dephasing) pair only among themselves: they rotate against a
nonzero component at its whole frequency, and in the rotating-wave picture of the coupling they
exchange energy with other bath modes. It is seed 002's partial-secular equation (Sec. IV,
Eq. 22; ``SPECS.md`` §2.1): per bath, with A_j, B_j the components of σ_j at ω̃ ± Ω̃, it keeps
every A–B cross term at any Ω. For Channels the same split of each jump operator gives
``Σ_s rate·D[L_s]``, a Lindbladian.

The criterion assumes that the Bohr frequencies a coupling connects stay away from zero
compared with the rates (a component at |ω| ≲ rates belongs with ω = 0, which a sign cannot
see). The generator's ``secular_validity`` is what the dropped pairs cost: the coherences they
drive, to first order in rate/|ω| (:func:`sign_validity`).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from nesslab.environment.baths import Bath, Channel
from nesslab.generators.couplings import (
    as_list,
    bath_couplings,
    emission_matrix,
    environment_kind,
    group_channels,
)
from nesslab.generators.secular_validity import (
    SecularApproximationWarning,
    SecularValidity,
    secular_parent,
)
from nesslab.generators.term_algebra import apply_terms, kept_state
from nesslab.superop import Term, lindblad_terms
from nesslab.system import System

SLOW_COHERENCES = 10.0
"""Coherences with ``|ω_mn|`` up to this many times the fastest population decay rate are
solved with the populations in the kept state of :func:`sign_validity`."""


def largest_rate(system: System, environment: Any, kind: type) -> float:
    """``max |S_ab|² S(E_a − E_b)`` over the baths, or ``max rate·|L_ab|²`` over the channels."""
    if kind is Bath:
        baths = as_list(environment, Bath, "partial_secular")
        return max(
            float((np.abs(coupling) ** 2 * emission_matrix(system, bath, coupling)).max())
            for coupling, bath in bath_couplings(system, baths).values()
        )
    groups, _ = group_channels(system, as_list(environment, Channel, "partial_secular"))
    vectors = system.eigen[1]
    return max(
        rate * float((np.abs(vectors.conj().T @ op @ vectors) ** 2).max())
        for jumps in groups.values()
        for op, rate in jumps
    )


def sign_masks(energies: np.ndarray, zero_tolerance: float) -> tuple[np.ndarray, ...]:
    """Eigenbasis entries ``[a, b]`` of frequency ``E_b − E_a`` > 0, = 0 and < 0 (three masks).

    Frequencies within ``zero_tolerance`` of 0 count as 0 (degenerate levels).
    """
    released = energies[None, :] - energies[:, None]
    return released > zero_tolerance, np.abs(released) <= zero_tolerance, released < -zero_tolerance


def redfield_pair_terms(
    coupling: np.ndarray, half_rates: np.ndarray, mask: np.ndarray
) -> list[Term]:
    """Redfield terms of the pairs inside one sign class: ``X_s = X ∘ mask``, ``Λ_s = X_s ∘ ½P``.

    ``Λ_s ρ X_s† + X_s ρ Λ_s† − X_s† Λ_s ρ − ρ Λ_s† X_s``; an all-True mask gives the full
    Bloch–Redfield dissipator of a Hermitian coupling.
    """
    component = np.where(mask, coupling, 0.0)
    lam = component * half_rates
    component_dag, lam_dag = component.conj().T, lam.conj().T
    return [
        (1.0, lam, component_dag),
        (1.0, component, lam_dag),
        (-1.0, component_dag @ lam, None),
        (-1.0, None, lam_dag @ component),
    ]


def sign_terms(
    system: System, environment: Any, kind: type, zero_tolerance: float
) -> tuple[dict[str, list[Term]], dict[str, list[Term]], dict[str, float | None]]:
    """Kept terms, parent (non-secular) terms and temperature of each part, in the eigenbasis.

    Parameters
    ----------
    system : System
        The system.
    environment : Bath, Channel or a list of them
        All Baths (parent: Bloch–Redfield) or all Channels (parent: their Lindbladian).
    kind : type
        :class:`~nesslab.environment.baths.Bath` or :class:`~nesslab.environment.baths.Channel`.
    zero_tolerance : float
        Frequencies within it of 0 are zero-frequency components (energy units).
    """
    energies, vectors = system.eigen
    masks = sign_masks(energies, zero_tolerance)
    everything = np.ones((system.dim, system.dim), dtype=bool)
    kept: dict[str, list[Term]] = {}
    parent: dict[str, list[Term]] = {}
    if kind is Bath:
        baths = as_list(environment, Bath, "partial_secular")
        temperatures = {bath.name: bath.temperature for bath in baths}
        for name, (coupling, bath) in bath_couplings(system, baths).items():
            half_rates = emission_matrix(system, bath, coupling).T / 2
            kept[name] = [t for m in masks for t in redfield_pair_terms(coupling, half_rates, m)]
            parent[name] = redfield_pair_terms(coupling, half_rates, everything)
        return kept, parent, temperatures
    groups, temperatures = group_channels(system, as_list(environment, Channel, "partial_secular"))
    for name, jumps in groups.items():
        rotated = [(vectors.conj().T @ op @ vectors, rate) for op, rate in jumps]
        kept[name] = [
            t for op, rate in rotated for m in masks for t in lindblad_terms(op * m, rate)
        ]
        parent[name] = [t for op, rate in rotated for t in lindblad_terms(op, rate)]
    return kept, parent, temperatures


def sign_validity(
    system: System, parent_terms: list[Term], kept_terms: list[Term]
) -> SecularValidity | None:
    """What the dropped opposite-sign pairs cost, to first order in rate/|ω|.

    The kept state X_K is the stationary state of the kept generator on the populations and
    the slow coherences (``|ω_mn| ≤ SLOW_COHERENCES ×`` the fastest population decay; seed
    002's doublet coherence at Ω ≲ g): :func:`~nesslab.generators.term_algebra.kept_state`.
    The dropped terms add ``(D − D_kept)(X_K)`` to dρ/dt;
    :meth:`~nesslab.generators.secular_validity.SecularParent.first_order` turns it into the
    fast coherences it drives and the shift of the slow components. None when the secular
    populations, or X_K, are not unique.
    """
    parent = secular_parent(system, parent_terms)
    if parent is None:
        return None
    slow = np.abs(parent.bohr) <= SLOW_COHERENCES * parent.largest_decay
    state = kept_state(kept_terms, parent.bohr, slow)
    if state is None:
        return None
    dropped = [*parent_terms, *((-c, a, b) for c, a, b in kept_terms)]
    return parent.first_order(apply_terms(dropped, state), slow)


def warn_if_sign_invalid(validity: SecularValidity | None, accuracy: float) -> None:
    """Warn (:class:`SecularApproximationWarning`) when the dropped pairs exceed ``accuracy``."""
    if validity is not None and validity.estimate > accuracy:
        warnings.warn(
            f"approach 'partial_secular' (criterion 'frequency_sign'): {validity.describe()}, "
            f"above the accuracy {accuracy:g}; the opposite-sign pairs it drops matter here: "
            "use approach='redfield', or pass a larger accuracy if this is acceptable",
            SecularApproximationWarning,
            stacklevel=6,
        )


def sign_parts(
    system: System, environment: Any, zero_tolerance: float, accuracy: float
) -> tuple[dict[str, list[Term]], dict[str, float | None], SecularValidity | None]:
    """The kept terms and temperature of each part, and the validity of what is dropped.

    :func:`sign_terms`, then :func:`sign_validity` of all parts together, with a
    :class:`SecularApproximationWarning` when its estimate exceeds ``accuracy``.
    """
    kind = environment_kind(environment)
    kept, parent, temperatures = sign_terms(system, environment, kind, zero_tolerance)
    validity = sign_validity(
        system,
        [term for part in parent.values() for term in part],
        [term for part in kept.values() for term in part],
    )
    warn_if_sign_invalid(validity, accuracy)
    return kept, temperatures, validity
