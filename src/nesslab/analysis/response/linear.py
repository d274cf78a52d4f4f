"""Linear response of a NESS to a step perturbation H₀ → H₀ + δV (seed 001 Secs. II–IV).

With ``L(δ) = L₀ + δL₁`` (:mod:`.first_order`) and π₀ the NESS of L₀, the state after the step
at t = 0 is ``ρ(t) = π₀ + δρ₁(t) + O(δ²)``, ``ρ₁(t) = ∫₀ᵗ e^{L₀τ} L₁π₀ dτ``. Because ``X = L₁π₀``
is traceless it lies in the range of L₀: ``X = L₀Y`` with ``Y = L₀⁺X`` traceless (one linear
solve on the traceless subspace, never an inverse), and

    ρ₁(t) = e^{L₀t} Y − Y,   ρ₁(∞) = −Y = −L₀⁺ L₁ π₀ .

For an observable A, ``⟨A⟩_δ(t) = ⟨A⟩₀ + δΦ_A(t)`` with ``Φ_A(t) = Tr[A ρ₁(t)] = ∫₀ᵗ φ_A``,
split by ``L₁ = −i[V, ·] + D₁`` into the Kubo part ``φ^(1,1)(τ) = i⟨[V, A(τ)]⟩`` and the
dissipator-rotation part ``φ^(1,2)(τ) = ⟨D₁†(A(τ))⟩`` (Eqs. 21–24).

Heat and entropy (Sec. IV, Eqs. 47–53): ``J^α = Tr[H D^α ρ]`` is positive from bath α into
the system, and to first order

    J₁^α = Tr[H₀ D₀^α ρ₁] + Tr[H₀ D₁^α π₀] + Tr[V D₀^α π₀] ,

with ``Σ_α J₁^α = 0`` at a steady state (energy conservation of H₀ + δV); the entropy
production ``σ = −Σ_α J^α/T_α`` gives ``σ₁ = −Σ_α J₁^α/T_α`` (zero at equal temperatures), and
the system entropy ``S = −Tr ρ ln ρ`` changes by ``S₁ = −Tr[ρ₁ ln π₀]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nesslab.analysis.response.first_order import FirstOrder, first_order
from nesslab.counting.cumulants import DrazinSolver
from nesslab.solve import SteadyState, evolve, steady_state
from nesslab.system import System, resolve_operator

NULL_POPULATION = 1e-13
"""Eigenvalues of π₀ below this count as zero in :meth:`LinearResponse.entropy`."""
NULL_WEIGHT = 1e-6
"""Largest fraction of ``Σ|ρ₁|`` (π₀'s eigenbasis) allowed on those eigenvalues."""


@dataclass(frozen=True)
class ResponseParts:
    """A first-order response split by its origin (per unit δ).

    Attributes
    ----------
    kubo : float or ndarray
        From ``−i[V, ·]`` (Φ^(1,1)).
    dissipator : float or ndarray
        From the rotated dissipators D₁ (Φ^(1,2)).
    """

    kubo: Any
    dissipator: Any

    @property
    def total(self) -> Any:
        """``kubo + dissipator``."""
        return self.kubo + self.dissipator


@dataclass(frozen=True)
class LinearResponse:
    """The first-order response of a NESS (module docstring), per unit δ.

    Attributes
    ----------
    first_order : FirstOrder
        L₀, L₁ and the classified perturbation.
    state : SteadyState
        π₀, the NESS of L₀.
    kubo_vector, dissipator_vector : ndarray
        ``Y = L₀⁺ L₁ π₀`` of each part (generator space); ``ρ₁(∞) = −Y``.
    residual : float
        Largest ``‖L₀Y − X‖ / ‖X‖`` of the two traceless solves (evidence of the solve).
    """

    first_order: FirstOrder = field(repr=False)
    state: SteadyState = field(repr=False)
    kubo_vector: np.ndarray = field(repr=False)
    dissipator_vector: np.ndarray = field(repr=False)
    residual: float

    @property
    def _generator(self):
        return self.first_order.generator

    def _row(self, observable: Any) -> np.ndarray:
        operator = resolve_operator(self._generator.system, observable, "observable")
        return np.asarray(self._generator.observable_row(operator)).ravel()

    def steady(self, observable: Any) -> ResponseParts:
        """``Φ_A(∞) = −Tr[A L₀⁺ L₁ π₀]`` of ``observable`` (matrix or system operator name)."""
        row = self._row(observable)
        return ResponseParts(
            -float(np.real(row @ self.kubo_vector)), -float(np.real(row @ self.dissipator_vector))
        )

    def state_change(self) -> np.ndarray:
        """``ρ₁(∞)`` in the site basis (traceless, Hermitian)."""
        space = self._generator.space
        return -space.to_site(self.kubo_vector + self.dissipator_vector)

    def _evolved(self, vector: np.ndarray, times: np.ndarray, method: str) -> np.ndarray:
        """``e^{L₀t} Y − Y`` at each time, as generator-space vectors (rows)."""
        space = self._generator.space
        start = np.concatenate([[0.0], times])
        states = evolve(self._generator, vector, start, method=method, check=False).states[1:]
        return np.array([space.from_site(state) for state in states]) - vector[None, :]

    def _times(self, times: Sequence[float]) -> np.ndarray:
        times = np.asarray(times, dtype=float)
        if times.ndim != 1 or np.any(times < 0) or np.any(np.diff(times) < 0):
            raise ValueError("times must be an increasing 1-d sequence of times ≥ 0 after the step")
        return times

    def _state_changes(self, times: Sequence[float] | None, method: str) -> np.ndarray:
        """ρ₁(∞) (a vector) or ρ₁(t) at each time (rows), on the generator's space."""
        total = self.kubo_vector + self.dissipator_vector
        if times is None:
            return -total
        return self._evolved(total, self._times(times), method)

    def dynamic(
        self, observable: Any, times: Sequence[float], *, method: str = "krylov"
    ) -> ResponseParts:
        """``Φ_A(t) = ∫₀ᵗ φ_A(τ) dτ`` at ``times`` (step at t = 0), each part an array.

        ``method`` as in :func:`nesslab.evolve` ("spectral" for times far beyond relaxation).
        """
        times = self._times(times)
        row = self._row(observable)
        parts = [
            np.real(self._evolved(vector, times, method) @ row)
            for vector in (self.kubo_vector, self.dissipator_vector)
        ]
        return ResponseParts(*parts)

    def heat_currents(
        self, times: Sequence[float] | None = None, *, method: str = "krylov"
    ) -> dict[str, Any]:
        """``J₁^α`` per bath (positive into the system): at the steady state, or at ``times``.

        ``J₁^α(t) = Tr[H₀ D₀^α ρ₁(t)] + Tr[H₀ D₁^α π₀] + Tr[V D₀^α π₀]`` (Eq. 50): the last two
        terms jump in at the step, the first follows the state.
        """
        generator, first = self._generator, self.first_order
        rho1 = self._state_changes(times, method)
        pi0 = self.state.vector
        energy = np.asarray(generator.observable_row(generator.system.H)).ravel()
        perturbation = np.asarray(generator.observable_row(first.perturbation.operator)).ravel()
        result = {}
        for name, part in generator.parts.items():
            row = np.asarray(generator.heat_rows[name].toarray()).ravel()
            instant = energy @ (first.dissipators[name] @ pi0) + perturbation @ (part @ pi0)
            value = np.real(rho1 @ row + instant)
            result[name] = float(value) if times is None else value
        return result

    def entropy_production(
        self, times: Sequence[float] | None = None, *, method: str = "krylov"
    ) -> Any:
        """``σ₁ = −Σ_α J₁^α / T_α`` (at the steady state, or at ``times``)."""
        temperatures = self._generator.temperatures
        currents = self.heat_currents(times, method=method)
        return -sum(current / temperatures[name] for name, current in currents.items())

    def entropy(self, times: Sequence[float] | None = None, *, method: str = "krylov") -> Any:
        """``S₁ = −Tr[ρ₁ ln π₀]``, the first-order change of the von Neumann entropy.

        At the steady state, or at ``times`` (``S₁(t)``, whose slope tends to zero). Eigenvalues
        of π₀ below :data:`NULL_POPULATION` are left out (``x ln x → 0``) as long as ρ₁(∞) puts
        less than :data:`NULL_WEIGHT` of its weight (``Σ|ρ₁|`` in π₀'s eigenbasis) there:
        rounding, or the edge of a truncated Fock space.

        Raises
        ------
        ValueError
            If ρ₁ moves weight into the null space of π₀ (S is then not differentiable: a
            zero-temperature state).
        """
        values, vectors = np.linalg.eigh(self.state.rho)
        change = vectors.conj().T @ self.state_change() @ vectors
        null = values < NULL_POPULATION
        weight = float(np.abs(np.diag(change)[null]).sum()) if null.any() else 0.0
        if weight > NULL_WEIGHT * max(float(np.abs(change).sum()), 1e-300):
            raise ValueError(
                f"ρ₁ moves weight {weight:.3g} into the null space of π₀ ({int(null.sum())} "
                f"eigenvalues below {NULL_POPULATION:g}): S₁ = −Tr[ρ₁ ln π₀] is undefined"
            )
        kept = vectors[:, ~null]
        log = (kept * np.log(values[~null])) @ kept.conj().T
        row = np.asarray(self._generator.observable_row(log)).ravel()
        value = -np.real(self._state_changes(times, method) @ row)
        return float(value) if times is None else value


def linear_response(
    system: System,
    environment: Any,
    perturbation: Any,
    *,
    approach: str = "global",
    **options: Any,
) -> LinearResponse:
    """The linear response of the NESS of ``approach`` to H₀ → H₀ + δ·``perturbation``.

    Parameters
    ----------
    system : System
        H₀.
    environment : Bath, Channel or a list of them
        The baths (Channels for "local").
    perturbation : ndarray or str
        Hermitian V (site basis, energy units) or the name of a system operator.
    approach : str
        "global" or "local" (:data:`nesslab.analysis.response.FIRST_ORDER`).
    **options
        Passed to the approach (``degeneracy_tol``, ``max_memory_mb``).

    Returns
    -------
    LinearResponse
        Per unit δ: ``steady(A)``, ``dynamic(A, times)``, ``heat_currents()``,
        ``entropy_production()``, ``entropy()``, ``state_change()``.

    Raises
    ------
    ShiftedBohrFrequencyError
        When V moves a driven Bohr frequency at first order (no linear response exists; the
        message names the two treatments of :func:`perturbed_heat_currents`).
    ValueError
        For a non-Hermitian V, one of the wrong dimension, or an approach without D₁.
    """
    first = first_order(system, environment, perturbation, approach=approach, **options)
    generator = first.generator
    state = steady_state(generator)
    solver = DrazinSolver.of(generator)
    vectors, residual = [], 0.0
    for part in (first.kubo, sum(first.dissipators.values())):
        rhs = part @ state.vector
        vector = solver.solve(rhs)
        scale = max(float(np.linalg.norm(rhs)), 1e-300)
        residual = max(residual, float(np.linalg.norm(generator.matrix @ vector - rhs)) / scale)
        vectors.append(vector)
    return LinearResponse(first, state, vectors[0], vectors[1], residual)
