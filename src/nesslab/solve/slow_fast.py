"""The steady state of a Lindblad generator at extreme scale separation, from its jump operators.

In the energy eigenbasis the generator is ``L(X) = −iω ∘ X + D(X)``: exact Bohr frequencies ω
and a dissipator D of the size Γ of the rates. Split the components into *slow* S (populations
and every coherence with ``|ω| ≤ window·Γ``) and *fast* F (the rest). The steady state solves
``L x = 0, Tr x = 1`` by defect correction with the block lower-triangular approximation

    P = [[L_SS, 0], [D_FS, Λ_F]],   Λ_F = −iω_F + diag(D_FF),

of L: ``x ← x + z`` with ``P z = −L x`` (the slow block solved with the trace condition,
bordered, rescaled by Γ). The fixed point is the exact steady state of L; the error contracts
each step by about the spectral radius of ``Λ_F⁻¹(D_FF − diag − D_FS L_SS⁻¹ D_SF)``, of order
``Γ/|ω_F|`` (at most ``1/window``) times ``1 + Γ/gap`` of the slow block. The contraction factor
q is measured from successive corrections — the larger of the last two ratios, from the third
step on, because the first fast-to-slow transfer is not yet geometric — and the remaining error
is bounded by
``½‖z‖₁ q/(1 − q)`` in trace distance (the entrywise 1-norm bounds the trace norm). The steps
are iterative refinement too: rounding errors of the slow solve are corrected by the next
residual, so they show up as steps, and a plateau of steps that no longer contract is the
rounding level of the residual (its size is then the estimate). To it the estimate
:func:`slow_fast_state` reports adds the first-order change of the state when each pair of
eigenvectors m, n rotates by its rounding angle ``ε max|E|/|ω_mn|`` (the eigenvectors carry
the state back to the site basis), which no residual sees. Each step costs one
application of D for the residual, a few N×N matrix products
(:class:`nesslab.generators.jump_form.EigenDissipator`), and the image ``D_·S z_S`` of its
slow part: one product with D's slow columns (N²·n_S entries, formed once when at most
``MAX_IMAGE_ENTRIES``, which also give the slow block and the first residual), else a
second application of D. No N²×N² object is formed, and the Hamiltonian part, exactly
diagonal, loses no digits to rates 10⁻¹⁶ of ω.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nesslab.generators.jump_form import EigenDissipator
from nesslab.solve.factorization import condition_estimate, factorize
from nesslab.solve.linalg import SINGULAR_CONDITION

ROUNDOFF = np.finfo(float).eps
PLATEAU = np.sqrt(ROUNDOFF)
"""Steps below this (relative to the state) that stop contracting are the rounding plateau."""
MAX_IMAGE_ENTRIES = 2**21
"""Largest N²·n_slow for which D's columns at the slow components are formed (32 MB complex):
a correction's slow part is then mapped by one matrix–vector product, not a D application."""


@dataclass(frozen=True)
class SlowFastState:
    """Result of :func:`slow_fast_state`.

    Attributes
    ----------
    matrix : ndarray
        The steady state X in the energy eigenbasis (unit trace).
    condition : float
        1-norm condition estimate (:func:`nesslab.solve.factorization.condition_estimate`) of the
        bordered, rescaled slow block.
    error_estimate : float
        Estimated trace distance to the exact steady state of L (module docstring).
    n_slow : int
        Number of slow components (populations and near-degenerate coherences).
    iterations : int
        Defect-correction steps taken.
    contraction : float
        Measured contraction factor (the larger of the last two step ratios).
    """

    matrix: np.ndarray
    condition: float
    error_estimate: float
    n_slow: int
    iterations: int
    contraction: float


def slow_fast_state(
    dissipator: EigenDissipator,
    *,
    window: float,
    tolerance: float,
    max_iterations: int = 50,
    max_contraction: float = 0.5,
    max_slow: int = 3000,
) -> SlowFastState | str:
    """The steady state by slow/fast defect correction, or the reason it does not apply.

    Parameters
    ----------
    dissipator : EigenDissipator
        The generator's dissipator in the eigenbasis.
    window : float
        Coherences with ``|ω| ≤ window · max_m A_mm`` are slow (``A = Σ_k J_k†J_k``).
    tolerance : float
        Stop when the estimated trace distance to the exact state is below this.
    max_iterations : int
        Give up (returning the reason) after this many steps.
    max_contraction : float
        Give up when a step contracts the correction by less than this factor.
    max_slow : int
        Give up when the slow block (solved densely) would be larger.

    Returns
    -------
    SlowFastState or str
        The state, or why the route does not apply (no scale separation, a singular slow
        block, slow convergence). The state's estimate is at most ``tolerance`` unless the
        rounding level (the plateau, or the eigenvectors' rounding) is above it.
    """
    size = dissipator.energies.size
    rate = dissipator.largest_decay
    bohr = dissipator.bohr
    slow = np.abs(bohr) <= window * rate
    rows, cols = np.nonzero(slow)
    n_slow = rows.size
    if n_slow > min(max_slow, size * size // 2):
        return (
            f"no scale separation: {n_slow} of {size * size} components are within "
            f"{window:g}× the largest rate {rate:.2e} of their Bohr frequency"
        )
    flat = rows * size + cols
    images = None
    if size * size * n_slow <= MAX_IMAGE_ENTRIES:
        images = dissipator.images((rows, cols))
        block = images[flat]
    else:
        block = dissipator.block((rows, cols), (rows, cols))
    if n_slow > size:
        block = block - 1j * np.diag(bohr[rows, cols])
    trace = (rows == cols) / np.sqrt(size)
    bordered = np.zeros((n_slow + 1, n_slow + 1), dtype=block.dtype)
    bordered[:n_slow, :n_slow] = block / rate
    bordered[:n_slow, n_slow] = trace
    bordered[n_slow, :n_slow] = trace
    try:
        factors = factorize(bordered)
        condition = condition_estimate(bordered, factors)
    except RuntimeError:
        condition = np.inf
    if not condition < SINGULAR_CONDITION:
        return (
            f"the slow block ({n_slow} components) is singular (condition {condition:.1e}): its "
            "steady state is not unique without the fast coherences"
        )

    bordered_rhs = np.zeros(n_slow + 1, dtype=complex)

    def slow_image(values: np.ndarray) -> np.ndarray:
        """``D(s)`` of the matrix s whose slow components are ``values`` (the rest zero)."""
        if images is None:
            matrix = np.zeros((size, size), dtype=complex)
            matrix.ravel()[flat] = values
            return dissipator.apply(matrix)
        if np.isrealobj(images):
            columns = np.ascontiguousarray(values, dtype=complex).view(float).reshape(n_slow, 2)
            return np.ascontiguousarray(images @ columns).view(complex).reshape(size, size)
        return (images @ values).reshape(size, size)

    def slow_solve(rhs: np.ndarray, trace_value: float) -> np.ndarray:
        np.multiply(rhs, 1.0 / rate, out=bordered_rhs[:n_slow])
        bordered_rhs[n_slow] = trace_value / np.sqrt(size)
        return factors.solve(bordered_rhs)[:n_slow]

    angles = _rounding_angles(dissipator.energies, bohr)
    gain = np.zeros((size, size), dtype=complex)
    np.divide(1.0, dissipator.coherent + dissipator.diagonal, out=gain, where=~slow)
    state = np.zeros((size, size), dtype=complex)
    start = slow_solve(np.zeros(n_slow), 1.0)
    state.ravel()[flat] = start
    residual = slow_image(start)
    residual.ravel()[flat] += dissipator.coherent.ravel()[flat] * start
    changes: list[float] = []
    for iteration in range(1, max_iterations + 1):
        if iteration > 1:
            residual = dissipator.generator(state)
        step = np.zeros_like(state)
        values = slow_solve(-residual.ravel()[flat], 0.0)
        step.ravel()[flat] = values
        residual += slow_image(values)
        residual *= gain
        step -= residual
        state += step
        changes.append(float(np.abs(step).sum()))
        if iteration < 3:
            continue
        norm = float(np.abs(state).sum())
        noise = ROUNDOFF * norm
        rounding = _rotation_error(state, angles)
        contraction = max(_ratio(changes[-1], changes[-2]), _ratio(changes[-2], changes[-3]))
        if changes[-1] <= 10 * noise:
            estimate = (noise + rounding) / 2
            return SlowFastState(state, condition, estimate, n_slow, iteration, contraction)
        if contraction > max_contraction and max(changes[-2:]) <= PLATEAU * norm:
            estimate = (max(changes[-2:]) + rounding) / 2
            return SlowFastState(state, condition, estimate, n_slow, iteration, contraction)
        if contraction > max_contraction:
            return (
                f"defect correction contracts too slowly (factor {contraction:.2f} > "
                f"{max_contraction:g} at step {iteration}): the rates are not small enough "
                f"against the fast Bohr frequencies (window {window:g})"
            )
        bound = changes[-1] * contraction / (1 - contraction)
        estimate = (max(bound, noise) + rounding) / 2
        if estimate <= tolerance:
            return SlowFastState(state, condition, estimate, n_slow, iteration, contraction)
    return f"defect correction did not reach the tolerance {tolerance:g} in {max_iterations} steps"


def _rounding_angles(energies: np.ndarray, bohr: np.ndarray) -> np.ndarray:
    """``ε max|E| / |ω_mn|``: the rounding angle between eigenvectors m and n (Davis–Kahan).

    Zero on the diagonal and for gaps below ``1e-12 · max(1, max|E|)``, exact degeneracies
    whose rotation within the degenerate subspace leaves the steady state unchanged.
    """
    scale = max(1.0, float(np.abs(energies).max()))
    gaps = np.abs(bohr)
    angles = np.zeros_like(gaps)
    separated = gaps > 1e-12 * scale
    angles[separated] = ROUNDOFF * scale / gaps[separated]
    return angles


def _rotation_error(state: np.ndarray, angles: np.ndarray) -> float:
    """First-order change of the state when eigenvectors m, n rotate by ``angles[m, n]``.

    ``Σ_{m<n} θ_mn (|X_mm − X_nn| + 2|X_mn|)``, in the entrywise 1-norm.
    """
    populations = np.diag(state).real
    weight = np.abs(populations[:, None] - populations[None, :]) + 2 * np.abs(state)
    return float((angles * weight).sum() / 2)


def _ratio(change: float, before: float) -> float:
    return change / before if before > 0 else 0.0
