"""Closed-form approximations of the flip rate W_i(ΔE), each with its regime (seed 003).

With ``a = 2g²ν/ω²``, ``b = 16/(ω²(η² + 4))``, ``c = a(η² + 4)/(4η)`` and ``Γ = b(ΔE + g²)``
(S12), the exact rate is ``(2Ω²/ω) ∫₀^∞ e^{−a(f + τ)} cos(Γτ − bg²(s + τ)) dτ`` (Eq. 3). The
paper sets ω = κ = 1; the forms below keep ω and κ (they reduce to the printed ones there).

* :func:`gaussian_rate` (S13–S14): keep ``f + τ ≈ cτ²/a`` and ``s + τ ≈ 0``:
  ``W ≈ (Ω²/ω) √(π/c) e^{−Γ²/(4c)}``. Regime (i), small energy jumps: η ≲ 1 and
  Γ² ≪ 4c log(…) — below the crossover :func:`crossover_gamma_squared`; relative error O(η)
  at Γ ≈ 0.
* :func:`small_eta_rate` (Eq. 5): the η → 0 limit of S14 at fixed κ:
  ``W ≈ (Ω²/2) √(πωη/(κg²)) exp[−η(ΔE + g²)²/(ωκg²)]``; needs κ > 0.
* :func:`power_law_rate` (S21): the endpoint asymptotics ``Σ iⁿ⁺¹ n! aₙ Γ^{−n−1}`` (S19 with
  the corrected power of i), led by Re a₃ = a(η² + 4)/24:
  ``W ≈ 4Ω²g²(2κ/ω + η)/(ω³Γ⁴)`` (= 4Ω²g²(2κ + η)Γ⁻⁴ at ω = 1; the main text's 8Ω²g²Γ⁻⁴ is its
  η → 0, κ = 1 form). Regime (ii), Γ² beyond the crossover; relative corrections O(1/Γ).
* :func:`crossover_gamma_squared` (S22–S23): where S14 and S21 cross, ``e^u = u²√A`` with
  ``u = Γ²/(4c)`` and ``A = 1024πc³/(a²(η² + 4)²)`` = 128πg²(2κ + η)/η³ at ω = 1 (the printed
  32π is an error; SPECS §3.1). "exact" solves it with the Lambert W function; "S23" is the
  paper's one-step estimate ``Γ² ≈ 2c[log A + 4 log(½ log A)]``. Both are crude markers of the
  change of regime, not of the rate.
* β' of S15 (``RateParameters.beta_prime``): in regime (i) ``W_i(ΔE)/W_i(−ΔE) = e^{−β'ΔE}``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.special import lambertw

from nesslab.analysis.flip_rates.kernel import RateParameters


def _gamma(delta_e: np.ndarray, coupling: float, params: RateParameters) -> np.ndarray:
    return params.b * (np.asarray(delta_e, dtype=float) + float(coupling) ** 2)


def gaussian_rate(delta_e: np.ndarray, coupling: float, params: RateParameters) -> np.ndarray:
    """S14: ``(Ω²/ω) √(π/c) exp(−Γ²/(4c))`` (module docstring; regime (i))."""
    c = params.curvature(float(coupling))
    gamma = _gamma(delta_e, coupling, params)
    return params.drive**2 / params.omega * np.sqrt(np.pi / c) * np.exp(-(gamma**2) / (4 * c))


def small_eta_rate(delta_e: np.ndarray, coupling: float, params: RateParameters) -> np.ndarray:
    """Eq. 5: ``(Ω²/2) √(πωη/(κg²)) exp[−η(ΔE + g²)²/(ωκg²)]`` (η → 0 at fixed κ > 0).

    Raises
    ------
    ValueError
        For κ = 0 (the limit is taken at fixed gain κ > 0).
    """
    if params.kappa == 0:
        raise ValueError("Eq. 5 is the η → 0 limit at fixed gain kappa > 0; got kappa = 0")
    g2, eta, omega, kappa = float(coupling) ** 2, params.eta, params.omega, params.kappa
    shifted = np.asarray(delta_e, dtype=float) + g2
    width = omega * kappa * g2
    return (
        params.drive**2
        / 2
        * np.sqrt(np.pi * omega * eta / (kappa * g2))
        * np.exp(-eta * shifted**2 / width)
    )


def power_law_rate(delta_e: np.ndarray, coupling: float, params: RateParameters) -> np.ndarray:
    """S21: ``4Ω²g²(2κ/ω + η)/(ω³Γ⁴)`` (module docstring; regime (ii), Γ → ∞)."""
    g2, omega = float(coupling) ** 2, params.omega
    gamma = _gamma(delta_e, coupling, params)
    with np.errstate(divide="ignore"):
        return (
            4
            * params.drive**2
            * g2
            * (2 * params.kappa / omega + params.eta)
            / (omega**3 * gamma**4)
        )


def crossover_constant(coupling: float, params: RateParameters) -> float:
    """A of S23, ``1024πc³/(a²(η² + 4)²)`` (= 128πg²(2κ + η)/η³ at ω = 1)."""
    a, c = params.decay(float(coupling)), params.curvature(float(coupling))
    return float(1024 * np.pi * c**3 / (a**2 * (params.eta**2 + 4) ** 2))


def _exact_u(constant: float) -> float:
    argument = -(constant**-0.25) / 2
    if argument < -1 / np.e:
        raise ValueError(
            f"S14 and S21 do not cross: A = {constant:.4g} < (e/2)^4 (η too large for "
            "regime (i) to exist)"
        )
    return float(-2 * lambertw(argument, -1).real)


def _s23_u(constant: float) -> float:
    log_a = np.log(constant)
    if log_a <= 2:
        raise ValueError(f"S23 needs log A > 2 (small η), got A = {constant:.4g}")
    return float(log_a / 2 + 2 * np.log(log_a / 2))


CROSSOVER_METHODS: dict[str, Callable[[float], float]] = {"exact": _exact_u, "S23": _s23_u}
"""How :func:`crossover_gamma_squared` solves ``e^u = u²√A`` for its larger root u."""


def crossover_gamma_squared(
    coupling: float, params: RateParameters, method: str = "exact"
) -> float:
    """Γ² where the Gaussian (S14) and power-law (S21) forms cross: ``4c·u`` (module docstring).

    Parameters
    ----------
    coupling : float
        g_i.
    params : RateParameters
        ω, Ω, γ, κ.
    method : {"exact", "S23"}
        The larger root of S22 (Lambert W, branch −1) or the paper's estimate S23.

    Raises
    ------
    ValueError
        For an unknown method, or when the two forms do not cross.
    """
    if method not in CROSSOVER_METHODS:
        raise ValueError(f"unknown method {method!r}; known: {', '.join(CROSSOVER_METHODS)}")
    u = CROSSOVER_METHODS[method](crossover_constant(coupling, params))
    return float(4 * params.curvature(float(coupling)) * u)
