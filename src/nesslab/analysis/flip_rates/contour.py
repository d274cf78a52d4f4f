"""Eq. 3's integral by steepest-descent contour quadrature, vectorised over many ΔE.

The rate is ``W = (2Ω²/ω) Re I`` with ``I = ∫₀^∞ e^{φ(τ)} dτ`` and the entire exponent
``φ(τ) = −a(f + τ) + iσ(Γτ − b g² (s + τ))`` (:mod:`~nesslab.analysis.flip_rates.kernel`),
σ = sign Γ: for Γ < 0 the complex conjugate integrand is used (same real part), so that the
oscillation e^{i|Γ|τ} always decays in the upper half plane. On the real axis the integrand
oscillates and W is a cancellation: deep in the Gaussian regime (S14) W is ~10⁻¹⁰ of the
integrand's size and a real-axis rule cannot give it to 10⁻⁸. The path is moved instead:

1. **Up** the imaginary axis from 0 to ih (:func:`~nesslab.analysis.flip_rates.path.
   path_heights`): no higher than where |e^φ| stops decreasing (for small η the saddle of the
   Gaussian head, sinh h ≈ ηΓ/(2a)), and only as high as needed to bring the largest |e^φ| on
   the horizontal line well below the expected |Re I|. On this leg nothing oscillates: the real
   part of the integrand is small near τ = 0 (the power law S21 comes from here) and computed
   to relative rounding because f and s are evaluated without cancellation.
2. **Along** Im τ = h to +∞: the Gaussian head and its revivals at Re τ = 2πk (small η) pass
   through their saddles. Once the bound on |δ| has fallen to 1, the asymptotic form ``T(τ) =
   exp(−a(f(∞) + τ) + iσ(Λτ − b g² s(∞)))``, Λ = bΔE, is integrated exactly (``T/(a − iσΛ)``)
   and only ``D = e^φ − T = T·(e^δ − 1)`` numerically, δ = −a(f − f(∞)) − iσ b g² (s − s(∞)) =
   O(e^{−η Re τ/2}); before that point (T can exceed e^φ by far: f(∞) < 0 for η > 2) e^φ
   itself.

Both legs use composite 16-point Gauss–Legendre panels: on the vertical leg placed so that
``|Δφ| + |1 + iη/2| Δy`` is at most :data:`PANEL_CHANGE` per panel (|Δφ| measured on a fine
grid; the second term resolves the ripple e^{−iηy/2} of f and s, whose small amplitude leaves
|Δφ| small), on the horizontal leg of length :data:`HORIZONTAL_PANEL_CHANGE`/r with r a bound
on |φ'| that includes that ripple's rate. The horizontal leg runs in blocks until
the rigorous bound ``|∫_x^∞ D| ≤ |T(x + ih)| |δ|ₘₐₓ e^{max(Re δ)ₘₐₓ}/a`` falls below
:data:`TOLERANCE` of the current |Re I|. Each value comes with an error estimate (rounding of
the summed magnitudes, and the truncation bound).
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.polynomial.legendre import leggauss

from nesslab.analysis.flip_rates.kernel import (
    RateParameters,
    tail_deviations,
)
from nesslab.analysis.flip_rates.path import SpinRows, deviation_bounds, path_heights

NODES, WEIGHTS = leggauss(16)
PANEL_CHANGE = 4.0
"""Largest change of the exponent φ across one 16-point panel of the vertical leg."""
HORIZONTAL_PANEL_CHANGE = 8.0
"""Bound on the change of φ across one panel of the horizontal leg (r × length). The 16-point
rule integrates e^{zx} to rounding up to |z| × length = 12; 8 leaves room for the variation
of φ' within the panel."""
TOLERANCE = 1e-15
"""Truncation target of the horizontal leg, relative to the current |Re I|."""
VERTICAL_GRIDS = tuple(
    np.unique(np.concatenate([np.geomspace(1e-9, 1, n // 4), np.linspace(0, 1, n)]))
    for n in (257, 2049, 16385)
)
"""Grids on [0, 1] (scaled by h) for measuring φ along the vertical leg, coarse to fine."""
GRID_STEP_CHANGE = 1.0
"""Largest change of φ between neighbours of the vertical grid (else the grid is refined)."""
BLOCK_PANELS = 16
MAX_PANELS = 200_000
CHUNK = 256
ROUNDING = 16 * np.finfo(float).eps


def _gauss(breaks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights (rows × panels·16) of 16-point rules between consecutive breakpoints."""
    left, width = breaks[:, :-1, None], np.diff(breaks, axis=1)[:, :, None]
    nodes = left + width * (1 + NODES) / 2
    weights = np.broadcast_to(width * WEIGHTS / 2, nodes.shape)
    return nodes.reshape(len(breaks), -1), weights.reshape(len(breaks), -1)


def _vertical_breaks(spin: SpinRows, heights: np.ndarray, rows: np.ndarray):
    """Panel breakpoints on [0, h] per row, equal steps of the cumulative |Δφ|.

    |Δφ| is measured on a grid, refined (for the rows that need it) until no step of the grid
    exceeds :data:`GRID_STEP_CHANGE`. Returns (rows, breakpoints) groups.
    """
    groups, pending = [], rows
    for unit in VERTICAL_GRIDS:
        grid = heights[pending, None] * unit[None, :]
        steps = np.abs(np.diff(spin.exponent(1j * grid, pending), axis=1))
        done = steps.max(axis=1) <= GRID_STEP_CHANGE
        if unit is VERTICAL_GRIDS[-1] and not done.all():
            warnings.warn(
                f"flip-rate quadrature: φ changes by up to {steps.max():.3g} between points of the "
                f"finest vertical grid for {int((~done).sum())} values; their panels may be too "
                "long (the error estimate does not cover this)",
                RuntimeWarning,
                stacklevel=4,
            )
            done[:] = True
        # |Δφ| plus |1 + iη/2| Δy: a small-amplitude e^{−iηy/2} ripple barely moves φ, but a
        # 16-point panel resolves it only over a few of its radians
        frequency = np.hypot(1.0, spin.params.eta / 2) * np.diff(grid[done], axis=1)
        steps_done = steps[done] + frequency
        change = np.concatenate([np.zeros((done.sum(), 1)), np.cumsum(steps_done, 1)], 1)
        panels = np.maximum(1, np.ceil(change[:, -1] / PANEL_CHANGE)).astype(int)
        order = np.argsort(panels)
        for chunk in np.array_split(order, -(-order.size // CHUNK)):
            targets = change[chunk, -1:] * np.linspace(0, 1, int(panels[chunk].max()) + 1)
            lines = zip(targets, change[chunk], grid[done][chunk], strict=True)
            groups.append((pending[done][chunk], np.array([np.interp(*line) for line in lines])))
        pending = pending[~done]
        if pending.size == 0:
            break
    return groups


def _vertical(spin: SpinRows, heights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``i ∫₀^h e^{φ(iy)} dy`` per row, and its rounding weight ``Σ |Re term| (1 + |φ|)``.

    Each term's real part is computed to rounding relative to itself (φ has no cancellation; its
    absolute error is ε|φ|), so the real part's error scales with those magnitudes, not with
    |e^φ| (≈ 1 near τ = 0).
    """
    values = np.zeros(heights.size, complex)
    magnitudes = np.zeros(heights.size)
    active = np.flatnonzero(heights > 0)
    if active.size == 0:
        return values, magnitudes
    for rows, breaks in _vertical_breaks(spin, heights, active):
        y, w = _gauss(breaks)
        phi = spin.exponent(1j * y, rows)
        terms = w * np.exp(phi)
        values[rows] = 1j * terms.sum(axis=1)
        magnitudes[rows] = (np.abs(terms.imag) * (1 + np.abs(phi))).sum(axis=1)
    return values, magnitudes


def _log_remainder(spin: SpinRows, heights: np.ndarray, x: np.ndarray, rows: np.ndarray):
    """Log of the bound on ``|∫_x^∞ D(ξ + ih) dξ|``: ``|T| |δ|ₘₐₓ e^{max(Re δ, 0)}/a``."""
    params, a = spin.params, spin.a
    h = heights[rows]
    modulus, real = deviation_bounds(spin, h)
    decay = np.exp(-params.eta * x / 2)
    with np.errstate(divide="ignore"):
        factor = np.minimum(np.log(modulus * decay) + real * decay, np.logaddexp(real * decay, 0))
    log_tail = -a * (params.constants[0] + x) - spin.sign[rows] * spin.lam[rows] * h
    return log_tail + factor - np.log(a)


def _tail_integral(spin: SpinRows, heights: np.ndarray, x: np.ndarray, rows: np.ndarray):
    """``∫_x^∞ T(ξ + ih) dξ = T(x + ih)/(a − iσΛ)`` and its rounding weight."""
    tau = x + 1j * heights[rows]
    sign, lam = spin.sign[rows], spin.lam[rows]
    log_tail = -spin.a * (spin.params.constants[0] + tau) + 1j * sign * (
        lam * tau - spin.bg2 * spin.params.s_infinity
    )
    value = np.exp(log_tail) / (spin.a - 1j * sign * lam)
    return value, np.abs(value) * (1 + np.abs(log_tail))


def _horizontal_block(spin: SpinRows, heights, rows, start, switch):
    """One block of panels of the horizontal leg: Σ w F, its rounding weight, the block's end.

    F = e^φ on the panels that start before ``switch`` and D = e^φ − T on the others (so that
    no panel holds the jump). Also returns where the first panel with D starts (NaN if none).
    The rounding weight is Σ |w F| (1 + |log|): ε|log| is the error of the exponent each term
    was computed from.
    """
    params, a, eta = spin.params, spin.a, spin.params.eta
    h = heights[rows]
    reach = deviation_bounds(spin, h)[0] * np.exp(-eta * start / 2)
    rate = a + np.abs(spin.lam[rows]) + np.hypot(1, eta / 2) * (1 + reach)
    length = HORIZONTAL_PANEL_CHANGE / rate
    breaks = start[:, None] + length[:, None] * np.arange(BLOCK_PANELS + 1)
    x, w = _gauss(breaks)
    tau = x + 1j * h[:, None]
    sign = spin.sign[rows, None]
    log_tail = -a * (params.constants[0] + tau) + 1j * sign * (
        spin.lam[rows, None] * tau - spin.bg2 * params.s_infinity
    )
    lefts = breaks[:, :-1]
    subtracted = np.repeat(lefts >= switch[:, None], NODES.size, axis=1)
    small = np.zeros(tau.shape, bool)
    values = np.empty_like(tau)
    weight = np.empty(tau.shape)
    if subtracted.any():
        df, ds = tail_deviations(tau[subtracted], params)
        delta = -a * df - 1j * np.broadcast_to(sign, tau.shape)[subtracted] * spin.bg2 * ds
        small[subtracted] = np.abs(delta) < 1
        near = np.abs(delta) < 1
        values[small] = np.exp(log_tail[small]) * np.expm1(delta[near])
        weight[small] = 1 + np.abs(log_tail[small])
    if not small.all():
        phi = spin.exponent(tau, rows)
        direct = np.exp(phi) - np.where(subtracted, np.exp(log_tail), 0)  # no cancellation here
        values[~small] = direct[~small]
        weight[~small] = 1 + np.abs(phi[~small])
    terms = w * values
    first = np.where(lefts >= switch[:, None], lefts, np.inf).min(axis=1)
    return terms.sum(axis=1), (np.abs(terms) * weight).sum(axis=1), breaks[:, -1], first


def _horizontal(spin: SpinRows, heights: np.ndarray, totals: np.ndarray):
    """Add the horizontal leg to ``totals`` (in place); its rounding weights and truncation bounds.

    T is subtracted (and integrated exactly) only from ``switch``, where the bound on |δ| has
    fallen to 1: before, T may be far larger than e^φ (f(∞) < 0 for η > 2) and its subtraction
    would cancel.
    """
    h = heights
    modulus = deviation_bounds(spin, h)[0]
    switch = 2 / spin.params.eta * np.log(np.maximum(modulus, 1.0))
    rows = np.arange(h.size)
    magnitudes = np.zeros(h.size)
    subtracting = switch == 0
    start = np.flatnonzero(subtracting)
    value, weight = _tail_integral(spin, h, np.zeros(start.size), start)
    totals[start] += value
    magnitudes[start] += weight
    position = np.zeros(h.size)
    bound = np.exp(_log_remainder(spin, h, position, rows))
    panels = 0
    while True:
        open_ = np.flatnonzero(bound > TOLERANCE * np.abs(totals.real))
        if open_.size == 0:
            break
        if panels >= MAX_PANELS:
            warnings.warn(
                f"flip-rate quadrature: the horizontal leg was cut after {panels} panels with "
                f"truncation bounds up to {np.max(bound[open_] / np.abs(totals.real[open_])):.1e} "
                "of the rate (reported in the error estimate)",
                RuntimeWarning,
                stacklevel=4,
            )
            break
        value, size, end, first = _horizontal_block(spin, h, open_, position[open_], switch[open_])
        totals[open_] += value
        magnitudes[open_] += size
        starts = np.isfinite(first) & ~subtracting[open_]
        crossed = open_[starts]
        value, weight = _tail_integral(spin, h, first[starts], crossed)
        totals[crossed] += value
        magnitudes[crossed] += weight
        subtracting[crossed] = True
        position[open_] = end
        bound[open_] = np.exp(_log_remainder(spin, h, end, open_))
        panels += BLOCK_PANELS
    return magnitudes, bound


def contour_integral(delta_e: np.ndarray, coupling: float, params: RateParameters):
    """``Re I`` of the module docstring for each ΔE, and an error estimate of it.

    Returns
    -------
    (ndarray, ndarray)
        Re ∫₀^∞ e^{φ} dτ (multiply by 2Ω²/ω for W) and its estimated absolute error: rounding
        (16 ε Σ |term| (1 + |exponent|), the real parts' on the vertical leg) plus the
        truncation bound.
    """
    delta_e = np.asarray(delta_e, dtype=float)
    g2 = float(coupling) ** 2
    gamma_eff = params.b * (delta_e + g2)
    spin = SpinRows(params, g2, gamma_eff, params.b * delta_e, np.where(gamma_eff < 0, -1.0, 1.0))
    heights = path_heights(spin)
    totals, magnitudes = _vertical(spin, heights)
    tail_magnitudes, bound = _horizontal(spin, heights, totals)
    error = ROUNDING * (magnitudes + tail_magnitudes) + bound
    return totals.real, error
