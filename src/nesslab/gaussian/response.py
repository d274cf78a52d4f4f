"""Linear response of a Gaussian NESS to a step perturbation ``H₀ → H₀ + δV`` (seed 001, §1.1).

Global (Davies) master equation at FIXED Bohr frequencies: the eigenvectors of ``H₀ + δV`` are
``U|n⟩`` with ``U = 1 + δW``, ``W = −Σ_{ν≠0} V_ν/ν`` (``[H₀, V_ν] = νV_ν``), so each jump
``S(ω)`` (the part of the coupling X lowering the energy by ω) changes by
``δS⁽¹⁾(ω) = δ([W, S(ω)] + ([X, W])_{−ω})``. Then ``L₁ = −i[V, ·] + Σ D₁`` with D₁ the first-order
change of every dissipator, and for an observable A

* ``φ_A(τ) = ⟨L₁†(A(τ))⟩_{π₀}``, ``A(τ) = e^{L₀†τ}A``, split into the Kubo part
  ``φ^(1,1) = i⟨[V, A(τ)]⟩`` and the dissipator-rotation part ``φ^(1,2) = ⟨D₁†(A(τ))⟩``;
* ``Φ(t) = ∫₀ᵗ φ dτ`` so that ``⟨A⟩_δ(t) = ⟨A⟩₀ + δΦ(t) + O(δ²)``; ``Φ(∞)`` the steady response.

``A(τ)`` is exact on the finite monomial basis closed under L₀† (quadratic H₀, linear jumps), so
``φ(τ) = wᵀ e^{Gτ} c`` and ``Φ(t) = wᵀ ∫₀ᵗ e^{Gτ}dτ c`` (Van Loan block exponential), with the
weights ``w_j = ⟨L₁†(m_j)⟩`` evaluated by Wick. Linear response in this form does not exist when
V's frequency-zero part shifts Bohr frequencies (first-order eigenvalue shifts); it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import expm

from nesslab.gaussian.davies import (
    DaviesJump,
    DaviesModel,
    bohr_components,
    davies_jumps,
    to_quadratic,
)
from nesslab.gaussian.generator import adjoint_dissipator_first_order, heisenberg_basis
from nesslab.gaussian.polynomial import Polynomial, commutator
from nesslab.gaussian.steady import steady_state
from nesslab.gaussian.wick import GaussianState, expectation


def _check_perturbation(model: DaviesModel, perturbation: Polynomial) -> None:
    if not isinstance(model, DaviesModel):
        raise TypeError(
            "model must be a DaviesModel (harmonic H₀ with global dissipators); the response at "
            f"fixed Bohr frequencies needs its eigenstructure, got {type(model).__name__}"
        )
    if not isinstance(perturbation, Polynomial) or perturbation.n_modes != model.n_modes:
        raise ValueError(f"perturbation must be a Polynomial on the model's {model.n_modes} modes")
    if not perturbation.is_hermitian():
        raise ValueError("perturbation V must be Hermitian (V = V†); add its adjoint")


def rotation_generator(model: DaviesModel, perturbation: Polynomial) -> Polynomial:
    """``W = −Σ_{ν≠0} V_ν/ν`` (anti-Hermitian): the perturbed eigenvectors are ``(1 + δW)|n⟩``.

    Raises
    ------
    ValueError
        If V is not Hermitian, is on the wrong number of modes, or has a non-constant
        frequency-zero part ``V₀`` (it shifts Bohr frequencies at first order or mixes
        degenerate levels: there is no linear response at fixed Bohr frequencies; use the local
        treatment, H₀ + δV in the commutator only, or a Davies generator of H₀ + δV).
    """
    _check_perturbation(model, perturbation)
    parts = bohr_components(model, perturbation)
    zero = parts.get(0.0, Polynomial(model.n_modes, {}))
    static = zero - zero.constant_term()
    if static.scale() > 1e-12 * max(1.0, perturbation.scale()):
        raise ValueError(
            "perturbation has a non-constant frequency-zero part V₀ (commuting with H₀): it "
            "shifts the Bohr frequencies at first order, so linear response at fixed Bohr "
            "frequencies does not exist. Treat it locally (H₀ + δV in the commutator, D₀ "
            "unchanged) if the shifts are slower than relaxation, or re-derive the Davies "
            "generator of H₀ + δV if they are faster (seed 001, Sec. III C)"
        )
    result = Polynomial(model.n_modes, {})
    for nu, part in parts.items():
        if nu != 0.0:
            result = result - part / nu
    return result


@dataclass(frozen=True)
class FirstOrder:
    """First-order data of ``H₀ + δV``: V, W and ``(S(ω), S⁽¹⁾(ω))`` for every Davies jump."""

    perturbation: Polynomial
    rotation: Polynomial
    jumps: tuple[tuple[DaviesJump, Polynomial], ...]


def first_order(model: DaviesModel, perturbation: Polynomial) -> FirstOrder:
    """``S⁽¹⁾(ω) = [W, S(ω)] + ([X, W])_{−ω}`` for every jump (see :func:`rotation_generator`)."""
    w = rotation_generator(model, perturbation)
    pairs = []
    for jump in davies_jumps(model):
        parts = bohr_components(model, commutator(jump.coupling.operator, w))
        tol = 1e-9 * max(1.0, float(model.frequencies.max()))
        rotated = [p for nu, p in parts.items() if abs(nu + jump.omega) <= tol]
        change = commutator(w, jump.operator)
        for part in rotated:
            change = change + part
        pairs.append((jump, change))
    return FirstOrder(perturbation, w, tuple(pairs))


def kubo_adjoint(first: FirstOrder, operator: Polynomial) -> Polynomial:
    """``i[V, O]``: the Hamiltonian part of ``L₁†``."""
    return 1j * commutator(first.perturbation, operator)


def rotation_adjoint(first: FirstOrder, operator: Polynomial) -> Polynomial:
    """``Σ D₁†(O)``: ``Γ(ω)`` times the first-order change of ``D†[S(ω)]``, and the same for S†."""
    result = Polynomial(operator.n_modes, {})
    for jump, change in first.jumps:
        if jump.rate_down:
            term = adjoint_dissipator_first_order(jump.operator, change, operator)
            result = result + jump.rate_down * term
        if jump.rate_up:
            term = adjoint_dissipator_first_order(
                jump.operator.adjoint(), change.adjoint(), operator
            )
            result = result + jump.rate_up * term
    return result


@dataclass(frozen=True)
class Response:
    """First-order response ``⟨A⟩_δ(t) = ⟨A⟩₀ + δ(Φ^(1,1)(t) + Φ^(1,2)(t))``.

    Attributes
    ----------
    times : ndarray
        t (inverse energy units).
    kubo_rate, rotation_rate : ndarray
        ``φ^(1,1)(t)``, ``φ^(1,2)(t)`` (per unit δ and time).
    kubo, rotation : ndarray
        ``Φ^(1,1)(t)``, ``Φ^(1,2)(t)`` (per unit δ).
    kubo_steady, rotation_steady : complex or float
        ``Φ^(1,1)(∞)``, ``Φ^(1,2)(∞)``.
    unperturbed : complex or float
        ``⟨A⟩₀`` in the unperturbed NESS π₀.

    Values are real for a Hermitian observable.
    """

    times: np.ndarray
    kubo_rate: np.ndarray
    rotation_rate: np.ndarray
    kubo: np.ndarray
    rotation: np.ndarray
    kubo_steady: complex
    rotation_steady: complex
    unperturbed: complex

    @property
    def total(self) -> np.ndarray:
        """``Φ(t) = Φ^(1,1)(t) + Φ^(1,2)(t)``."""
        return self.kubo + self.rotation

    @property
    def total_rate(self) -> np.ndarray:
        """``φ(t)``."""
        return self.kubo_rate + self.rotation_rate

    @property
    def steady(self) -> complex:
        """``Φ(∞)``."""
        return self.kubo_steady + self.rotation_steady


def linear_response(
    model: DaviesModel,
    perturbation: Polynomial,
    observable: Polynomial,
    times: np.ndarray | list[float] = (),
    state: GaussianState | None = None,
) -> Response:
    """Response of ``⟨A⟩`` to the step ``H₀ → H₀ + δV`` at t = 0, in the global master equation.

    Parameters
    ----------
    model : DaviesModel
        Unperturbed model (harmonic H₀ plus drive, Davies dissipators).
    perturbation : Polynomial
        V (Hermitian, any degree); δ is the (dimensionless) strength, not included.
    observable : Polynomial
        A (any degree).
    times : array_like
        Times ``t ≥ 0`` for ``Φ(t)`` and ``φ(t)`` (may be empty).
    state : GaussianState, optional
        The unperturbed NESS π₀ (computed if omitted).

    Raises
    ------
    ValueError
        See :func:`rotation_generator`; also for negative times or a wrong mode count.
    """
    first = first_order(model, perturbation)
    if not isinstance(observable, Polynomial) or observable.n_modes != model.n_modes:
        raise ValueError(f"observable must be a Polynomial on the model's {model.n_modes} modes")
    t = np.atleast_1d(np.asarray(times, dtype=float))
    if np.any(t < 0):
        raise ValueError("times must be >= 0 (the perturbation is switched on at t = 0)")
    quadratic = to_quadratic(model)
    state = steady_state(quadratic) if state is None else state
    basis = heisenberg_basis(quadratic, [observable])
    monomials = basis.monomials()
    start = basis.vector(observable)
    means = np.array([expectation(m, state) for m in monomials])
    w_kubo = np.array([expectation(kubo_adjoint(first, m), state) for m in monomials])
    w_rot = np.array([expectation(rotation_adjoint(first, m), state) for m in monomials])

    g = basis.matrix
    size = g.shape[0]
    # keys[0] is the constant: its column of G vanishes and ``means`` is the left null vector.
    decaying = start - means @ start * np.eye(size)[0]
    pinned = g + np.outer(np.eye(size)[0], means)
    integral_inf = np.linalg.solve(pinned, -decaying)

    block = np.zeros((size + 1, size + 1), dtype=complex)
    block[:size, :size] = g
    block[:size, size] = start
    rates = np.zeros((2, t.size), complex)
    integrals = np.zeros((2, t.size), complex)
    for i, ti in enumerate(t):
        big = expm(block * ti)
        evolved, integrated = big[:size, :size] @ start, big[:size, size]
        rates[:, i] = [w_kubo @ evolved, w_rot @ evolved]
        integrals[:, i] = [w_kubo @ integrated, w_rot @ integrated]
    values = [rates[0], rates[1], integrals[0], integrals[1]]
    steady = [w_kubo @ integral_inf, w_rot @ integral_inf, means @ start]
    if observable.is_hermitian():
        values = [v.real for v in values]
        steady = [float(np.real(s)) for s in steady]
    return Response(t, *values, *steady)
