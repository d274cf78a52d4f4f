"""How far a steady state is from equilibrium: NESS versus Gibbs (and T = 0 ground) states.

Seed 000 App. D compares the populations of "local" states (the spin ground state |↓⟩, the
boson vacuum |0⟩) in the local-Lindblad NESS with those of the thermal state
``ρ(T) = e^{−H/T}/Z`` of the closed system, whose T → 0 limit is the ground state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nesslab.observables import gibbs_state
from nesslab.system import System, as_dense, resolve_operator

TRACE_ATOL = 1e-8


@dataclass(frozen=True)
class ThermalComparison:
    """Expectation values of observables in a state and in Gibbs states of the same system.

    Attributes
    ----------
    names : tuple of str
        The observables, in the order of the value arrays' last axis.
    temperatures : ndarray, shape (n_temperatures,)
        Gibbs temperatures (energy units, k_B = 1); 0 is the ground state (the uniform mixture
        of a degenerate ground manifold).
    state : ndarray, shape (n_observables,)
        ``Tr[A ρ]`` in the compared state (e.g. the NESS).
    gibbs : ndarray, shape (n_temperatures, n_observables)
        ``Tr[A ρ(T)]`` with ``ρ(T) = e^{−H/T}/Z``.
    """

    names: tuple[str, ...]
    temperatures: np.ndarray
    state: np.ndarray
    gibbs: np.ndarray

    @property
    def deviation(self) -> np.ndarray:
        """``state − gibbs``, shape (n_temperatures, n_observables), sign: state minus Gibbs."""
        return self.state[None, :] - self.gibbs


def thermal_comparison(
    system: System,
    state: Any,
    observables: Mapping[str, Any],
    temperatures: Sequence[float] = (0.0,),
) -> ThermalComparison:
    """Compare observables of ``state`` with those of the Gibbs states of ``system``.

    Parameters
    ----------
    system : System
        The closed system whose Hamiltonian defines ``ρ(T) = e^{−H/T}/Z``.
    state : array_like
        Density matrix (site basis of ``system``), e.g. ``SteadyState.rho``; unit trace.
    observables : mapping of str to operator
        Hermitian observables (or names of the system's operators), e.g. projectors on local
        states; their expectation values are real.
    temperatures : sequence of float
        Gibbs temperatures in the energy units of H (k_B = 1), each ≥ 0; 0 is the ground state.

    Returns
    -------
    ThermalComparison

    Raises
    ------
    ValueError
        On an empty observable mapping or temperature list, a negative or non-finite
        temperature, a state of the wrong shape or without unit trace.
    """
    if not observables:
        raise ValueError("observables must name at least one operator")
    grid = np.asarray(temperatures, dtype=float).reshape(-1)
    if grid.size == 0 or not np.all(np.isfinite(grid)) or np.any(grid < 0):
        raise ValueError(f"temperatures must be finite and >= 0, got {temperatures!r}")
    rho = _check_state(system, state)
    names = tuple(observables)
    operators = [resolve_operator(system, observables[name], name) for name in names]
    thermal = [gibbs_state(system, t) for t in grid]
    return ThermalComparison(
        names=names,
        temperatures=grid,
        state=_expectations(rho, operators),
        gibbs=np.array([_expectations(g, operators) for g in thermal]),
    )


def _check_state(system: System, state: Any) -> np.ndarray:
    rho = as_dense(state, "state")
    if rho.shape != system.H.shape:
        raise ValueError(f"state has shape {rho.shape}, the system {system.H.shape}")
    trace = np.trace(rho).real
    if abs(trace - 1) > TRACE_ATOL:
        raise ValueError(f"state must have unit trace, got {trace!r}")
    return rho


def _expectations(rho: np.ndarray, operators: list[np.ndarray]) -> np.ndarray:
    """``Re Tr[A ρ]`` for each operator A."""
    return np.array([np.real(np.trace(a @ rho)) for a in operators])
