"""Local Lindblad channels derived from thermal Baths and the model's subsystems (seed 002 Eq. 8).

The local approach dissipates through the jump operators of each *subsystem's own* Hamiltonian,
at the subsystem's bare Bohr frequencies, ignoring the inter-subsystem coupling. Here they are
derived from the same :class:`~nesslab.Bath` objects the global approach reads, so one
environment serves every approach.

Declaring subsystems
--------------------
A model declares its subsystems through named operators: ``"bare_<label>"`` is the bare
Hamiltonian of subsystem ``<label>``, embedded in the full Hilbert space (seed 002:
``bare_1 = ω₁σ₁†σ₁``, ``bare_2 = ω₂σ₂†σ₂``; the Rabi model: ``bare_spin = (Δ/2)σz + εσx``,
``bare_boson = ω a†a``). Everything in H that is not in a bare Hamiltonian is the
inter-subsystem coupling. A user's own System declares them the same way,
``system.with_operators(bare_a=..., bare_b=...)``. Each subsystem lives on the tensor factors
(``System.dims``) its bare Hamiltonian acts on; different subsystems must act on different
factors.

Derivation
----------
A bath couples through S, which must act on the tensor factors of exactly one subsystem k. S is
split into the Fourier components of the bare Hamiltonian H_k,
``S(ω) = Σ_{ε' − ε = ω} Π_k(ε) S Π_k(ε')`` (Π_k the eigenprojectors of H_k; Bohr frequencies
closer than ``DEGENERACY_TOL · max(1, max|ε|)`` are one), and each component becomes a channel
``D[S(ω)]`` at rate ``P(ω)``, the bath's power spectrum (DESIGN.md: ``P(ω) = 2J(ω)[n(ω) + 1]``
for ω > 0, emission; ``P(−ω) = 2J(ω)n(ω)``, absorption) — the function the global approach
evaluates at the Bohr frequencies of the full H. For seed 002's ``S_j = σ_j + σ_j†`` this gives
σ_j at ``γ_j(ω_j)(n_j + 1)`` and σ_j† at ``γ_j(ω_j)n_j`` with ``γ = 2J`` (Eq. 8).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from nesslab.environment.baths import Bath, Channel
from nesslab.environment.spectral import power_spectrum
from nesslab.generators.couplings import site_couplings
from nesslab.system import System, hermiticity_error

SUBSYSTEM_PREFIX = "bare_"
DEGENERACY_TOL = 1e-9
TRIVIAL_TOL = 1e-12


@dataclass(frozen=True)
class Subsystem:
    """One declared subsystem.

    Attributes
    ----------
    label : str
        The ``<label>`` of its ``"bare_<label>"`` operator.
    hamiltonian : ndarray
        Its bare Hamiltonian, embedded in the full space (energy units).
    factors : tuple of int
        The tensor factors of ``System.dims`` it acts on.
    """

    label: str
    hamiltonian: np.ndarray
    factors: tuple[int, ...]


def support(operator: np.ndarray, dims: tuple[int, ...]) -> tuple[int, ...]:
    """The tensor factors on which ``operator`` acts non-trivially.

    Factor f is trivial when ``X = Y ⊗ 1_f`` (Y its normalised partial trace over f), to
    ``TRIVIAL_TOL`` relative to ``max|X|``.
    """
    operator = np.asarray(operator)
    scale = float(np.abs(operator).max())
    if scale == 0:
        return ()
    n = len(dims)
    tensor = operator.reshape(dims + dims)
    factors = []
    for f in range(n):
        moved = np.moveaxis(tensor, (f, n + f), (n - 1, 2 * n - 1))
        rest = int(np.prod(dims)) // dims[f]
        blocks = moved.reshape(rest, dims[f], rest, dims[f])
        reduced = np.einsum("aibi->ab", blocks) / dims[f]
        trivial = np.einsum("ab,ij->aibj", reduced, np.eye(dims[f]))
        if np.abs(blocks - trivial).max() > TRIVIAL_TOL * scale:
            factors.append(f)
    return tuple(factors)


def subsystems(system: System) -> dict[str, Subsystem]:
    """The subsystems ``system`` declares (module docstring); empty if it declares none.

    Raises
    ------
    ValueError
        If a bare Hamiltonian is not Hermitian or acts on no factor, or two subsystems share a
        tensor factor.
    """
    result: dict[str, Subsystem] = {}
    owners: dict[int, str] = {}
    for name, operator in system.operators.items():
        if not name.startswith(SUBSYSTEM_PREFIX):
            continue
        label = name[len(SUBSYSTEM_PREFIX) :]
        if hermiticity_error(operator) > 1e-10:
            raise ValueError(f"bare Hamiltonian {name!r} must be Hermitian")
        factors = support(operator, system.dims)
        if not factors:
            raise ValueError(
                f"bare Hamiltonian {name!r} acts on no tensor factor of dims "
                f"{list(system.dims)} (it is a multiple of the identity), so subsystem "
                f"{label!r} cannot be located"
            )
        for factor in factors:
            if factor in owners:
                raise ValueError(
                    f"subsystems {owners[factor]!r} and {label!r} both act on tensor factor "
                    f"{factor} of dims {list(system.dims)}; subsystems must not overlap"
                )
            owners[factor] = label
        result[label] = Subsystem(label, operator, factors)
    return result


def declared_subsystems(system: System) -> dict[str, Subsystem]:
    """:func:`subsystems`, or a ValueError saying how to declare them when there are none."""
    result = subsystems(system)
    if not result:
        raise ValueError(
            "the local approach with Baths needs the model's subsystems: declare each "
            f"subsystem's bare Hamiltonian as a named operator '{SUBSYSTEM_PREFIX}<label>' "
            "(e.g. system.with_operators(bare_a=H_a, bare_b=H_b), embedded in the full space), "
            "or pass local Channels instead of Baths"
        )
    return result


def bath_subsystem(
    system: System, name: str, coupling: np.ndarray, parts: dict[str, Subsystem]
) -> Subsystem:
    """The one subsystem whose tensor factors hold the coupling of bath ``name``.

    Raises
    ------
    ValueError
        If the coupling acts on no factor, or on factors of more than one subsystem (or of
        none).
    """
    factors = set(support(coupling, system.dims))
    if not factors:
        raise ValueError(f"the coupling of bath {name!r} is a multiple of the identity")
    for subsystem in parts.values():
        if factors <= set(subsystem.factors):
            return subsystem
    declared = ", ".join(f"{s.label!r}: {list(s.factors)}" for s in parts.values())
    raise ValueError(
        f"the coupling of bath {name!r} acts on tensor factors {sorted(factors)}, which no "
        f"single subsystem holds ({declared}); the local approach needs every bath coupled "
        "to one subsystem — use approach='global' or 'partial_secular' for this bath"
    )


def frequency_components(
    operator: np.ndarray, hamiltonian: np.ndarray
) -> list[tuple[float, np.ndarray]]:
    """``(ω, S(ω))`` for the Bohr frequencies ω of ``hamiltonian`` at which ``operator`` acts.

    ``S(ω) = Σ_{ε' − ε = ω} Π(ε) S Π(ε')``: ω > 0 lowers the energy by ω. Frequencies within
    ``DEGENERACY_TOL · max(1, max|ε|)`` are merged (and those within it of 0 set to 0); ascending
    ω. ``Σ_ω S(ω) = S``.
    """
    energies, vectors = np.linalg.eigh(hamiltonian)
    rotated = vectors.conj().T @ operator @ vectors
    bohr = energies[None, :] - energies[:, None]
    tolerance = DEGENERACY_TOL * max(1.0, float(np.abs(energies).max()))
    present = np.abs(rotated) > TRIVIAL_TOL * max(float(np.abs(rotated).max()), 1e-300)
    values = np.sort(bohr[present])
    uppers = np.append(values[np.flatnonzero(np.diff(values) > tolerance)], values[-1:])
    labels = np.searchsorted(uppers, bohr, side="left")
    components = []
    for index in range(uppers.size):
        mask = present & (labels == index)
        component = vectors @ np.where(mask, rotated, 0.0) @ vectors.conj().T
        omega = float(bohr[mask].mean())
        components.append((0.0 if abs(omega) <= tolerance else omega, component))
    return components


def local_channels(system: System, baths: Iterable[Bath]) -> list[Channel]:
    """The local channels of ``baths`` on ``system``'s declared subsystems (module docstring).

    Returns
    -------
    list of Channel
        Per bath, one channel per Fourier component ``S(ω)`` of its coupling under its
        subsystem's bare Hamiltonian, at rate ``P(ω)`` (the bath's power spectrum), named
        after the bath and carrying its temperature.

    Raises
    ------
    ValueError
        If the system declares no subsystems, a coupling does not act on exactly one of
        them, or a zero-frequency component needs a divergent rate (:func:`power_spectrum`).
    """
    parts = declared_subsystems(system)
    channels = []
    for name, (coupling, bath) in site_couplings(system, baths).items():
        subsystem = bath_subsystem(system, name, coupling, parts)
        for omega, component in frequency_components(coupling, subsystem.hamiltonian):
            rate = float(power_spectrum(bath.spectral_density, bath.temperature, omega))
            channels.append(Channel(component, rate, name, bath.temperature))
    return channels


def derived_channels(system: System, environment: Any) -> Any:
    """``environment`` with every Bath replaced by its :func:`local_channels` (Channels kept).

    An environment without Baths is returned unchanged, for the caller to validate.
    """
    items = [environment] if isinstance(environment, (Bath, Channel)) else environment
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        return environment
    items = list(items)
    baths = [item for item in items if isinstance(item, Bath)]
    if not baths:
        return environment
    by_bath: dict[str, list[Channel]] = {}
    for channel in local_channels(system, baths):
        by_bath.setdefault(channel.name, []).append(channel)
    result: list[Any] = []
    for item in items:
        result.extend(by_bath[item.name] if isinstance(item, Bath) else [item])
    return result
