"""Observables of a state under a Generator: currents, fluxes, entropy production and more.

Sign convention (DESIGN.md): the heat current ``J_α`` is positive when energy flows from bath α
into the system; every generator carries it as a row linear in its state vector
(``Generator.heat_rows``): ``Tr[H · D_α(ρ)]`` for master equations, the bath-side current of the
first-tier auxiliary density operators for HEOM. At a steady state ``Σ_α J_α = 0`` (first law).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg as la

from nesslab.generators.base import Generator
from nesslab.solve.result import SteadyState, state_vector
from nesslab.system import System, as_dense, resolve_operator


@dataclass(frozen=True)
class Currents(Mapping):
    """Heat currents per bath (a read-only mapping name → J) with the first-law check.

    Attributes
    ----------
    by_bath : dict of str to float
        ``J_α``, positive into the system (energy per unit time).
    first_law_residual : float
        ``|Σ_α J_α| / max(Σ_α |J_α|, tiny)``: ~1e-10 or below at an accurate steady state.
    """

    by_bath: dict[str, float]
    first_law_residual: float

    def __getitem__(self, name: str) -> float:
        try:
            return self.by_bath[name]
        except KeyError:
            raise KeyError(f"no bath named {name!r}; baths: {', '.join(self.by_bath)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_bath)

    def __len__(self) -> int:
        return len(self.by_bath)

    @property
    def total(self) -> float:
        """``Σ_α J_α`` (zero at a steady state)."""
        return float(sum(self.by_bath.values()))


def _part(generator: Generator, name: str) -> Any:
    try:
        return generator.parts[name]
    except KeyError:
        available = ", ".join(generator.parts)
        raise KeyError(f"no bath or channel named {name!r}; available: {available}") from None


def flux(generator: Generator, state: Any, operator: Any, name: str) -> float:
    """Flux of an observable A through bath/channel ``name``: ``Tr[A · D_name(ρ)]``.

    Parameters
    ----------
    generator : Generator
        The generator whose dissipator ``D_name`` is used.
    state : SteadyState or ndarray
        The state (a site-basis density matrix is accepted).
    operator : ndarray or str
        The observable A (site basis) or the name of a system operator.
    name : str
        Bath or channel name.

    Returns
    -------
    float
        Real part of ``Tr[A · D_name(ρ)]`` (A is expected Hermitian); the rate of change of ⟨A⟩
        caused by that bath, so positive means ⟨A⟩ is being increased by it.

    Notes
    -----
    For a "pauli" generator only the energy-diagonal part of A enters, since that approach
    keeps populations only. To evaluate a non-diagonal observable on a secular state with the
    full dissipator, pass the state to the flux of the full generator, e.g.
    ``flux(local_generator, pauli_state, "sz", "spin")``; seed 000's spin flux
    ``J_s = flux(σz, spin channel)/2`` is computed that way.

    For a HEOM generator this is ``i Tr([Q_α, A] Y_α)``, the system-side rate of change of ⟨A⟩
    through bath α (Y_α the sum of its first-tier ADOs); it needs the whole state, i.e. the
    generator's own SteadyState.
    """
    matrix = resolve_operator(generator.system, operator, "operator")
    vector = state_vector(generator, state, complete=True)
    row = generator.observable_row(matrix)
    return float(np.real(row @ (_part(generator, name) @ vector)))


def heat_currents(generator: Generator, state: Any) -> Currents:
    """Heat current ``J_α`` of every bath, positive from the bath into the system.

    ``J_α = Re(heat_rows[α] · x)`` (:class:`nesslab.Generator`): ``Tr[H · D_α(ρ)]`` for master
    equations; for a HEOM the bath-side current
    ``J_α = −Σ_k ν_k Tr[Q_α ρ_{e_k}] + 2 Im C_α(0⁺) Tr[Q_α² ρ]``
    (:mod:`nesslab.generators.heom.currents`), which needs the generator's own SteadyState.

    Returns
    -------
    Currents
        Mapping bath name → J_α with the first-law residual ``|Σ J| / Σ |J|``.
    """
    vector = state_vector(generator, state, complete=True)
    values = {name: float(np.real(row @ vector)[0]) for name, row in generator.heat_rows.items()}
    total = abs(sum(values.values()))
    scale = sum(abs(v) for v in values.values())
    residual = total / scale if scale > 0 else 0.0
    return Currents(values, residual)


def entropy_production(generator: Generator, state: Any) -> float:
    """Entropy production rate ``σ = −Σ_α J_α / T_α`` (k_B = 1).

    Non-negative for thermodynamically consistent approaches at a steady state; the local
    approach may give σ < 0, which is reported as is. Channels need their ``temperature`` set.
    A bath at T = 0 receiving heat gives ``+inf``.

    Raises
    ------
    ValueError
        If a bath or channel has no temperature.
    """
    missing = [name for name in generator.parts if generator.temperatures.get(name) is None]
    if missing:
        raise ValueError(
            f"entropy production needs a temperature for {', '.join(missing)}; pass "
            "Channel(..., temperature=T)"
        )
    currents = heat_currents(generator, state)
    total = 0.0
    for name, current in currents.items():
        temperature = generator.temperatures[name]
        if temperature == 0:
            total += np.inf if current < 0 else 0.0
        else:
            total -= current / temperature
    return float(total)


def _rho(state: Any) -> np.ndarray:
    return state.rho if isinstance(state, SteadyState) else as_dense(state, "state")


def populations(state: Any, system: System | None = None) -> np.ndarray:
    """Diagonal of ρ: in the site basis, or in the energy eigenbasis of ``system`` if given."""
    rho = _rho(state)
    if system is not None:
        vectors = system.eigen[1]
        rho = vectors.conj().T @ rho @ vectors
    return np.real(np.diag(rho)).copy()


def purity(state: Any) -> float:
    """``Tr ρ²``."""
    rho = _rho(state)
    return float(np.real(np.vdot(rho.conj().T, rho)))


def von_neumann_entropy(state: Any) -> float:
    """``S = −Tr ρ ln ρ`` (nats); eigenvalues below 1e-300 contribute zero."""
    values = np.clip(np.linalg.eigvalsh(_rho(state)), 0.0, None)
    values = values[values > 1e-300]
    return float(-np.sum(values * np.log(values)))


def gibbs_state(system: System, temperature: float) -> np.ndarray:
    """Thermal state ``e^{−H/T}/Z`` in the site basis.

    T = 0 gives the uniform mixture of the ground manifold.
    """
    temperature = float(temperature)
    if not np.isfinite(temperature) or temperature < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature!r}")
    energies, vectors = system.eigen
    shifted = energies - energies[0]
    if temperature == 0:
        weights = (shifted <= 1e-12 * max(1.0, abs(energies).max())).astype(float)
    else:
        weights = np.exp(-shifted / temperature)
    weights /= weights.sum()
    return (vectors * weights) @ vectors.conj().T


def trace_distance(rho1: Any, rho2: Any) -> float:
    """``½ Tr |ρ₁ − ρ₂|``."""
    difference = _rho(rho1) - _rho(rho2)
    return float(0.5 * np.sum(np.abs(la.eigvalsh((difference + difference.conj().T) / 2))))
