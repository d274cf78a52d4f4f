"""Where the quadrature path of :mod:`~nesslab.analysis.flip_rates.contour` runs.

The exponent is ``φ = log T + δ`` with ``log|T(x + iy)| = −a(f(∞) + x) − σΛy`` and ``Re δ(x +
iy) = e^{−ηx/2}(α(y) cos x + β(y) sin x)`` exactly (:func:`line_profile`), so the largest
|e^φ| on any horizontal line is known before integrating: :func:`path_heights` picks, per ΔE, the
height of the horizontal leg from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nesslab.analysis.flip_rates.kernel import RateParameters, shifted_f_s

HEIGHT_GRID = 801
LINE_GRID = 512
HEIGHT_SLACK = 3.0
"""A line with max |e^φ| ≤ e^{HEIGHT_SLACK} · a · |Re I| is low enough (:func:`log_scale`)."""
EXPONENT_CAP = 700.0
"""Largest |Re φ| the path may meet (e^700 ≈ 1e304)."""


@dataclass(frozen=True)
class SpinRows:
    """The constants of one coupling g and the rows (ΔE values) evaluated with it."""

    params: RateParameters
    g2: float
    gamma_eff: np.ndarray
    lam: np.ndarray
    sign: np.ndarray

    @property
    def a(self) -> float:
        """The decay rate a = 2g²ν/ω² of the integrand."""
        return float(self.params.decay(np.sqrt(self.g2)))

    @property
    def bg2(self) -> float:
        """The weight b g² of s in the phase."""
        return self.params.b * self.g2

    def exponent(self, tau: np.ndarray, rows: np.ndarray | slice) -> np.ndarray:
        """φ(τ) for ``tau`` of shape (len(rows), m)."""
        f_shifted, s_shifted = shifted_f_s(tau, self.params)
        gamma = self.gamma_eff[rows, None]
        return -self.a * f_shifted + 1j * self.sign[rows, None] * (
            gamma * tau - self.bg2 * s_shifted
        )


def deviation_bounds(spin: SpinRows, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bounds (≥ |δ|, ≥ Re δ) on the line Im τ = h at Re τ = 0; both decay as e^{−η Re τ/2}.

    From ``f − f(∞) = −ρ e^{−ητ/2} cos(τ − θ₀)`` and ``s − s(∞) = e^{−ητ/2} cos(τ − θ₁)``,
    ρ = √(C₁² + C₂²), and the exact ranges of Re, Im of ``e^{−iηh/2} cos(u + ih)`` over u.
    """
    params, a = spin.params, spin.a
    rho = np.hypot(*params.constants)
    ch, sh = np.cosh(h), np.sinh(h)
    cos_, sin_ = np.cos(params.eta * h / 2), np.sin(params.eta * h / 2)
    modulus = (a * rho + spin.bg2) * ch
    real = a * rho * np.hypot(ch * cos_, sh * sin_) + spin.bg2 * np.hypot(ch * sin_, sh * cos_)
    return modulus, real


def line_profile(spin: SpinRows, y: np.ndarray, sign: float) -> tuple[np.ndarray, np.ndarray]:
    """``Re δ(x + iy) = e^{−ηx/2}(α cos x + β sin x)``: (α, β) on the heights ``y``.

    Exact (f − f(∞) and s − s(∞) are combinations of e^{−ητ/2} cos τ and e^{−ητ/2} sin τ), so
    ``log|e^{φ(x + iy)}| = −a(f(∞) + x) − σΛy + Re δ`` along every horizontal line.
    """
    params, a, eta = spin.params, spin.a, spin.params.eta
    c1, c2 = params.constants
    ch, sh = np.cosh(y), np.sinh(y)
    cu, su = np.cos(eta * y / 2), np.sin(eta * y / 2)
    k = sign * spin.bg2 / (eta**2 + 4)
    alpha = a * (c1 * cu * ch + c2 * su * sh) + k * (-4 * eta * su * ch + (eta**2 - 4) * cu * sh)
    beta = a * (c2 * cu * ch - c1 * su * sh) - k * (4 * eta * cu * sh + (eta**2 - 4) * su * ch)
    return alpha, beta


def path_heights(spin: SpinRows) -> np.ndarray:
    """Height h of the horizontal leg of each row (module docstring, step 1).

    Among the heights up to which |e^φ| decreases monotonically on the vertical leg (from 1 at
    τ = 0 to its first local minimum: the saddle of the head for small η), the lowest at which
    the largest |e^φ| on the horizontal line (the maximum over Re τ ∈ [0, 4π] of the exact
    profile of :func:`line_profile`; the revivals further out are lower) is small enough for
    rounding (:func:`log_scale`), else the one where it is smallest.
    """
    params, a = spin.params, spin.a
    scale = a * np.hypot(*params.constants) + spin.bg2
    y_max = float(np.arccosh(max(2.0, EXPONENT_CAP / max(scale, 1e-300))))
    y = y_max * np.linspace(0.0, 1.0, HEIGHT_GRID) ** 2
    x = np.linspace(0.0, 4 * np.pi, LINE_GRID)
    envelope = np.exp(-params.eta * x / 2)
    heights = np.zeros(spin.sign.size)
    for sign in (-1.0, 1.0):
        rows = np.flatnonzero(spin.sign == sign)
        if rows.size == 0:
            continue
        alpha, beta = line_profile(spin, y, sign)
        peak = np.max(
            -a * x + envelope * (alpha[:, None] * np.cos(x) + beta[:, None] * np.sin(x)), axis=1
        )
        shift = -a * params.constants[0] - sign * spin.lam[rows, None] * y
        level = shift + peak
        rising = np.diff(shift + alpha, axis=1) > 0
        allowed = np.concatenate([np.ones((rows.size, 1), bool), ~np.cumsum(rising, 1, bool)], 1)
        allowed &= np.abs(level) <= EXPONENT_CAP
        allowed[:, 0] = True
        level = np.where(allowed, level, np.inf)
        enough = level <= log_scale(spin, rows)[:, None] + HEIGHT_SLACK
        lowest = np.argmin(level, axis=1)
        heights[rows] = y[np.where(enough.any(axis=1), np.argmax(enough, axis=1), lowest)]
    return heights


def log_scale(spin: SpinRows, rows: np.ndarray) -> np.ndarray:
    """Log of a·|Re I|, with |Re I| estimated by the larger of S14 and S21.

    A horizontal line with |e^φ| ≤ e^{HEIGHT_SLACK} · a · |Re I| keeps rounding ≲ 1e-12 |Re I|.
    """
    params, a = spin.params, spin.a
    c = float(params.curvature(np.sqrt(spin.g2)))
    gamma = np.abs(spin.gamma_eff[rows])
    gaussian = 0.5 * np.log(np.pi / c) - np.log(2) - gamma**2 / (4 * c)
    with np.errstate(divide="ignore"):
        power = np.log(a * (params.eta**2 + 4) / 4) - 4 * np.log(gamma)
    return np.log(a) + np.maximum(gaussian, power)
