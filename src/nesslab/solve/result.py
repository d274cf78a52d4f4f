"""The SteadyState result and its diagnostics: residuals, trace, Hermiticity and positivity."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nesslab.generators.base import Generator
from nesslab.solve.linalg import Solution
from nesslab.solve.method import SteadyStateMethod
from nesslab.system import real_if_exact

POSITIVITY_TOL = 1e-8


class PhysicalityWarning(UserWarning):
    """A state lost positivity or Hermiticity beyond tolerance."""


@dataclass(frozen=True)
class SteadyState:
    """A nonequilibrium steady state and its diagnostics.

    Attributes
    ----------
    rho : ndarray
        Density matrix in the site basis, Hermitian with unit trace.
    vector : ndarray
        The state in the generator's own space (vec ρ in its basis, populations, all ADOs).
    generator : Generator
        The generator it solves.
    method : str
        Name of the method that produced the state ("auto" resolves to "direct", "reduced" or
        "iterative"; ``notes`` says why).
    residual : float
        ``‖L x‖₂`` of the returned state.
    relative_residual : float
        ``‖L x‖₂ / (‖L‖_F ‖x‖₂)``.
    trace_error, hermiticity_error : float
        ``|Tr ρ − 1|`` and ``max|ρ − ρ†|`` of the raw solution, before it was normalised and
        symmetrised.
    positivity_error : float
        ``max(0, −λ_min(ρ))`` (:func:`positivity_error`); a warning is issued above 1e-8.
    condition : float
        Condition estimate of the linear system actually solved (NaN if not estimated).
    seconds : float
        Wall time of the solve.
    notes : tuple of str
        Anything the user should know (reported, never hidden).
    solver : SteadyStateMethod
        The method object, with its options, that produced the state.
    error_estimate : float
        The method's estimate of the trace distance between the returned state and the exact
        steady state of the generator ("reduced" on a Lindbladian: the bound from its measured
        contraction plus the eigenvectors' rounding; on other generators ε times the condition
        of its reduced solve); NaN where the method does not estimate it.
    """

    rho: np.ndarray
    vector: np.ndarray
    generator: Generator = field(repr=False)
    method: str
    residual: float
    relative_residual: float
    trace_error: float
    hermiticity_error: float
    positivity_error: float
    condition: float
    seconds: float
    notes: tuple[str, ...] = ()
    solver: SteadyStateMethod | None = None
    error_estimate: float = float("nan")


def finish(
    gen: Generator, solution: Solution, seconds: float, notes: tuple[str, ...] = ()
) -> SteadyState:
    """Normalise a raw solution and measure its quality (``notes`` are prepended)."""
    space = gen.space
    raw = solution.vector
    rho_raw = space.to_site(raw)
    trace = np.trace(rho_raw)
    trace_error = float(abs(trace - 1))
    hermiticity = float(np.abs(rho_raw - rho_raw.conj().T).max())
    rho = (rho_raw + rho_raw.conj().T) / 2
    rho = rho / np.trace(rho).real
    vector = space.normalised(raw, rho)
    if solution.action is None:
        residual = float(np.linalg.norm(gen.matrix @ vector))
        norm = gen.frobenius_norm
    else:
        residual = float(np.linalg.norm(solution.action(vector)))
        norm = solution.frobenius_norm
    relative = residual / (norm * float(np.linalg.norm(vector)) or 1.0)
    positivity = positivity_error(rho)
    notes = [*notes, *solution.notes]
    if positivity > POSITIVITY_TOL:
        message = (
            f"steady state of approach {gen.approach!r} has a negative eigenvalue "
            f"{-positivity:.3e} (positivity lost)"
        )
        notes.append(message)
        warnings.warn(message, PhysicalityWarning, stacklevel=3)
    return SteadyState(
        rho=rho,
        vector=vector,
        generator=gen,
        method=solution.method.name,
        residual=residual,
        relative_residual=relative,
        trace_error=trace_error,
        hermiticity_error=hermiticity,
        positivity_error=positivity,
        condition=float(solution.condition),
        seconds=seconds,
        notes=tuple(notes),
        solver=solution.method,
        error_estimate=float(solution.error_estimate),
    )


def positivity_error(rho: np.ndarray) -> float:
    """``max(0, −λ_min(ρ))`` of a Hermitian ρ.

    Zero when a Cholesky factorisation of ρ succeeds (ρ is numerically positive definite,
    the usual case, at a fraction of the cost of its eigenvalues); otherwise from the
    smallest eigenvalue.
    """
    try:
        np.linalg.cholesky(real_if_exact(rho))
    except np.linalg.LinAlgError:
        return max(0.0, -float(np.linalg.eigvalsh(rho)[0]))
    return 0.0


def state_vector(generator: Generator, state: Any, *, complete: bool = False) -> np.ndarray:
    """The state in ``generator``'s space, from a SteadyState, a density matrix or a vector.

    Parameters
    ----------
    generator : Generator
        The generator whose space the vector is for.
    state : SteadyState, ndarray
        A SteadyState (of this generator: its own vector; of another generator of the same
        dimension: its ρ, e.g. the flux of a local generator in a Pauli state), a site-basis
        density matrix, or a whole state vector of this space.
    complete : bool
        Require the whole state. A space with auxiliary components (a HEOM hierarchy) is not
        determined by ρ alone: observables need this generator's own SteadyState or vector;
        an initial state for dynamics may be a ρ (auxiliary components zero).

    Raises
    ------
    ValueError
        For a state that does not fit the generator (the message names both dimensions, and
        the approach of a SteadyState's own generator), or a ρ where the whole state is
        required.
    TypeError
        For a state that is not an array of numbers.
    """
    space = generator.space
    if isinstance(state, SteadyState):
        if state.generator is generator:
            return state.vector
        other = state.generator
        if other.dim != generator.dim:
            raise ValueError(
                f"state is the SteadyState of another generator (approach {other.approach!r}, "
                f"dimension {other.dim}), but this generator (approach {generator.approach!r}) "
                f"has dimension {generator.dim}: pass a state of this generator's system"
            )
    elif np.ndim(state) == 1:
        if np.shape(state) != (space.size,):
            raise ValueError(
                f"a state vector of {space.describe()} has {space.size} entries, got "
                f"{np.shape(state)[0]}"
            )
        return np.asarray(state)
    if complete and space.auxiliary:
        raise ValueError(
            f"observables of a generator on {space.describe()} need the whole state (its "
            "auxiliary components): pass the SteadyState returned by steady_state(generator) "
            "for this same generator, or the full state vector"
        )
    rho = state.rho if isinstance(state, SteadyState) else _as_matrix(state)
    if rho.shape != (generator.dim, generator.dim):
        raise ValueError(
            f"state must be a SteadyState, a state vector of {space.size} entries or a "
            f"{generator.dim}×{generator.dim} density matrix (the generator's dimension is "
            f"{generator.dim}), got shape {rho.shape}"
        )
    return space.from_site(rho)


def _as_matrix(state: Any) -> np.ndarray:
    try:
        return np.asarray(state, dtype=complex)
    except (TypeError, ValueError):
        raise TypeError(
            f"state must be a SteadyState, a state vector or a density matrix, got "
            f"{type(state).__name__}"
        ) from None
