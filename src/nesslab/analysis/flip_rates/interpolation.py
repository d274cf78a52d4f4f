"""W_i(ΔE) for many ΔE at once: adaptive piecewise Chebyshev interpolation of ln W.

A spin of N flips with 2^(N−1) distinct energy changes (random couplings), all in one interval
[min ΔE, max ΔE]; W_i is smooth and positive there, and ln W_i is smoother still (a parabola
in the Gaussian regime S14, −4 ln Γ in the power-law regime S21). Above
:data:`INTERPOLATION_MIN` distinct values :meth:`SpinFlipRates.rate_of
<nesslab.analysis.flip_rates.SpinFlipRates.rate_of>` evaluates the contour quadrature only on
Chebyshev–Lobatto points and interpolates:

1. Each piece of the interval gets 2m + 1 points (m = :data:`HALF_ORDER`); the interpolant on
   the m + 1 even ones is checked against the quadrature on the m odd ones.
2. A piece whose check misses :data:`TOLERANCE` (relative, in W) is halved and redone; the
   others keep the interpolant on all 2m + 1 points — more accurate than the checked one, whose
   deviation is reported as its error estimate.
3. A piece where W is not positive, or where the quadrature's own error estimate exceeds
   the tolerance, is not interpolated: its values are computed directly.

The error estimate of each value is the piece's check deviation (times W) plus the
quadrature's error estimate at its nodes.
"""

from __future__ import annotations

import numpy as np
from scipy.interpolate import BarycentricInterpolator

from nesslab.analysis.flip_rates.kernel import RateParameters

INTERPOLATION_MIN = 4096
"""Distinct ΔE of one spin above which the rates are interpolated."""
HALF_ORDER = 32
"""m: each piece has 2m + 1 Chebyshev–Lobatto points, checked on the m + 1 even ones."""
TOLERANCE = 1e-11
"""Largest relative check deviation of W accepted on a piece."""
MAX_PIECES = 256
"""More pieces than this: the rest is computed directly."""


def _lobatto(left: np.ndarray, right: np.ndarray, count: int) -> np.ndarray:
    """Chebyshev–Lobatto points on each [left, right], shape (pieces, count), ascending."""
    unit = -np.cos(np.pi * np.arange(count) / (count - 1))
    return (left[:, None] + right[:, None]) / 2 + (right - left)[:, None] / 2 * unit


def interpolated_rates(delta_e: np.ndarray, coupling: float, params: RateParameters, direct):
    """W and its error estimate at every ``delta_e`` (module docstring).

    ``direct(delta_e, coupling, params)`` is the quadrature: it returns (W, error) arrays.
    """
    delta_e = np.asarray(delta_e, dtype=float)
    values, errors = np.empty_like(delta_e), np.empty_like(delta_e)
    pending = [(float(delta_e.min()), float(delta_e.max()))]
    accepted: list[tuple[float, float, BarycentricInterpolator, float, float]] = []
    fallback: list[tuple[float, float]] = []
    while pending:
        if len(accepted) + len(pending) > MAX_PIECES:
            fallback += pending
            break
        left, right = (np.array(side) for side in zip(*pending, strict=True))
        nodes = _lobatto(left, right, 2 * HALF_ORDER + 1)
        w, w_error = direct(nodes.ravel(), coupling, params)
        w, w_error = w.reshape(nodes.shape), w_error.reshape(nodes.shape)
        pending = []
        for k in range(nodes.shape[0]):
            a, b = float(left[k]), float(right[k])
            if not np.all(w[k] > 0) or np.any(w_error[k] > TOLERANCE * w[k]):
                fallback.append((a, b))
                continue
            logs = np.log(w[k])
            coarse = BarycentricInterpolator(nodes[k, ::2], logs[::2])
            deviation = float(np.max(np.abs(np.expm1(coarse(nodes[k, 1::2]) - logs[1::2]))))
            if deviation <= TOLERANCE or b - a <= 1e-12 * max(1.0, abs(a), abs(b)):
                interpolant = BarycentricInterpolator(nodes[k], logs)
                accepted.append((a, b, interpolant, deviation, float(np.max(w_error[k] / w[k]))))
            else:
                middle = (a + b) / 2
                pending += [(a, middle), (middle, b)]
    done = np.zeros(delta_e.shape, dtype=bool)
    for a, b, interpolant, deviation, relative_error in accepted:
        inside = (delta_e >= a) & (delta_e <= b) & ~done
        values[inside] = np.exp(interpolant(delta_e[inside]))
        errors[inside] = (deviation + relative_error) * values[inside]
        done |= inside
    if not done.all():
        rest = ~done
        values[rest], errors[rest] = direct(delta_e[rest], coupling, params)
    return values, errors
