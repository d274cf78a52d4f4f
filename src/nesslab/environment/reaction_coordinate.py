"""The reaction-coordinate (RC) mapping of a bosonic bath.

A bath coupled as ``S ⊗ X``, ``X = Σ_k g_k (b_k + b_k†)`` with spectral density
``J(ω) = π Σ_k g_k² δ(ω − ω_k)`` (nesslab's convention, :mod:`.spectral`), is rewritten exactly
as one collective mode, the reaction coordinate, coupled to the system and to a residual bath:

    S ⊗ X + H_B  =  λ S (a + a†) + Ω a†a + (a + a†) ⊗ Y + H_res  (+ a counter-term in (a + a†)²).

Derivation (linear response; ``χ_X(ω) = (2/π) P∫₀^∞ J(x) x/(x² − ω²) dx + i J(ω)`` is the
retarded response of X, so ``J = Im χ_X``). With the residual written in Caldeira–Leggett form
(its static shift cancelled by the counter-term, ``K̃(0) = 0``), the response of the RC
position ``q = a + a†`` is ``χ_q = 2Ω / (Ω² − ω² − K̃(ω))`` with ``Im K̃ = 2Ω J_res``, and
``χ_X = λ² χ_q``. The two ends of the spectrum fix the mode:

* ω → ∞: ``χ_X → −2λ²Ω/ω²`` and ``−(2/π) ∫ J x dx / ω²``, so ``λ²Ω = (1/π) ∫₀^∞ J(ω) ω dω``;
* ω = 0: ``χ_X(0) = 2λ²/Ω = (2/π) ∫₀^∞ J(ω)/ω dω``;

hence ``Ω² = ∫ Jω / ∫ J/ω`` and ``λ² = √(∫ Jω · ∫ J/ω) / π``. Inverting
``K̃ = Ω² − ω² − 2Ωλ²/χ_X`` gives the residual spectral density exactly,

    J_res(ω) = Im K̃ / 2Ω = λ² J(ω) / |χ_X(ω)|² ,

which :class:`ExactResidual` evaluates (the principal value by quadrature). For the Brownian
``J = λ_B²Γω/((ω₀² − ω²)² + Γ²ω²)`` everything is closed form: ``Ω = ω₀``,
``λ = λ_B/√(2ω₀)``, ``J_res = Γω/(2ω₀)`` (Ohmic, no cutoff). A Drude–Lorentz bath has no RC
(``∫ J ω`` diverges). Seed 004's ``J = πα ω³/(1 + ω²)⁴`` gives ``Ω = ω_c`` and
``λ² = πα/32``, and a residual that does not depend on α.

The RC route then treats the residual bath to second order (Born–Markov), which dropping the
counter-term together with the residual's Lamb shift keeps consistent to that order. It is
accurate when the residual is weak at the RC frequency: :attr:`ReactionCoordinate.residual_strength`
``J_res(Ω)/Ω`` is that margin (Γ/2ω₀ for a Brownian bath).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.integrate as si

from nesslab.environment.spectral import Brownian, DrudeLorentz, PowerLaw, SpectralDensity

QUADRATURE_NODES = 800
"""Gauss–Legendre nodes of the principal-value integral in :func:`response_real_part`."""


def response_real_part(
    spectral_density: SpectralDensity, omega: np.ndarray, scale: float = 1.0
) -> np.ndarray:
    """``Re χ(ω) = (2/π) P∫₀^∞ J(x) x / (x² − ω²) dx`` for ω ≥ 0 (vectorised).

    The singularity is subtracted, ``∫ [f(x) − f(ω)] / (x² − ω²) dx`` with ``f = (2/π) J x``
    (``P∫₀^∞ dx/(x² − ω²) = 0``), and the regular integrand summed on Gauss–Legendre nodes
    mapped to ``x = scale · t/(1 − t)``.
    """
    omega = np.asarray(omega, dtype=float)
    shape = omega.shape
    t, weights = np.polynomial.legendre.leggauss(QUADRATURE_NODES)
    t, weights = (t + 1) / 2, weights / 2
    x = scale * t / (1 - t)
    weights = weights * scale / (1 - t) ** 2
    w = np.abs(omega).reshape(-1, 1)
    f_x = (2 / np.pi) * spectral_density(x) * x
    f_w = (2 / np.pi) * spectral_density(w) * w
    with np.errstate(invalid="ignore", divide="ignore"):
        integrand = (f_x[None, :] - f_w) / ((x[None, :] - w) * (x[None, :] + w))
    integrand[~np.isfinite(integrand)] = 0.0
    return (integrand @ weights).reshape(shape)


@dataclass(frozen=True)
class ExactResidual(SpectralDensity):
    """The exact residual ``J_res(ω) = λ² J(ω) / |χ_X(ω)|²`` of an RC mapping (module docstring).

    Parameters
    ----------
    original : SpectralDensity
        The bath's J(ω).
    coupling : float
        The RC coupling λ.
    scale : float
        Frequency scale of the quadrature (the RC frequency).
    """

    original: SpectralDensity
    coupling: float
    scale: float

    def positive(self, omega: np.ndarray) -> np.ndarray:  # noqa: D102
        omega = np.asarray(omega, dtype=float)
        density = self.original.positive(omega)
        real = response_real_part(self.original, omega, self.scale)
        with np.errstate(invalid="ignore", divide="ignore"):
            residual = self.coupling**2 * density / (real**2 + density**2)
        return np.where(density > 0, residual, 0.0)

    def slope_at_zero(self) -> float:  # noqa: D102
        static = response_real_part(self.original, np.zeros(1), self.scale)[0]
        return float(self.coupling**2 * self.original.slope_at_zero() / static**2)


@dataclass(frozen=True)
class ReactionCoordinate:
    """The RC of one bath: ``λ S (a + a†) + Ω a†a``, damped by the residual ``J_res``.

    Attributes
    ----------
    frequency : float
        Ω (energy units).
    coupling : float
        λ: the system couples as ``λ S ⊗ (a + a†)``.
    residual : SpectralDensity
        J_res of the residual bath, which couples to ``a + a†``.
    original : SpectralDensity
        The J(ω) that was mapped.
    """

    frequency: float
    coupling: float
    residual: SpectralDensity
    original: SpectralDensity

    @cached_property
    def residual_strength(self) -> float:
        """``J_res(Ω)/Ω``: the validity margin of a Born–Markov residual (≪ 1 to trust it)."""
        return float(self.residual(np.array([self.frequency]))[0] / self.frequency)


def _brownian(spectral_density: Brownian) -> ReactionCoordinate:
    omega0, gamma = spectral_density.omega0, spectral_density.gamma
    residual = PowerLaw(gamma / (2 * omega0), 1.0, 1.0, form="none")
    coupling = spectral_density.lam / np.sqrt(2 * omega0)
    return ReactionCoordinate(omega0, coupling, residual, spectral_density)


def _moment(spectral_density: SpectralDensity, power: int) -> float:
    def integrand(omega: float) -> float:
        return float(spectral_density(np.array([omega]))[0]) * omega**power

    with warnings.catch_warnings():
        warnings.simplefilter("error", si.IntegrationWarning)
        try:
            value, error = si.quad(integrand, 0, np.inf, limit=400, epsrel=1e-12)
        except si.IntegrationWarning:
            value, error = np.inf, np.inf
    if not np.isfinite(value) or value <= 0 or error > 1e-6 * abs(value):
        raise ValueError(
            f"the reaction-coordinate mapping needs finite ∫J(ω)ω^{power}dω, which is "
            f"{value:.3g} ± {error:.1g} for {spectral_density!r}; a bath whose J decays more "
            "slowly than 1/ω² (Drude–Lorentz, Ohmic without cutoff) has no reaction coordinate: "
            "use a Brownian J"
        )
    return value


def _exact(spectral_density: SpectralDensity) -> ReactionCoordinate:
    first, inverse = _moment(spectral_density, 1), _moment(spectral_density, -1)
    frequency = float(np.sqrt(first / inverse))
    coupling = float(np.sqrt(np.sqrt(first * inverse) / np.pi))
    residual = ExactResidual(spectral_density, coupling, frequency)
    return ReactionCoordinate(frequency, coupling, residual, spectral_density)


def _no_rc(spectral_density: DrudeLorentz) -> ReactionCoordinate:
    raise ValueError(
        "a Drude–Lorentz bath has no reaction coordinate (∫J(ω)ω dω diverges: the RC frequency "
        "would be infinite); use a Brownian spectral density, or the HEOM"
    )


MAPPINGS: dict[type, Callable[..., ReactionCoordinate]] = {
    Brownian: _brownian,
    DrudeLorentz: _no_rc,
}
"""Closed-form mappings by spectral-density type; any other J is mapped by :func:`_exact`."""


def reaction_coordinate(spectral_density: SpectralDensity) -> ReactionCoordinate:
    """The reaction coordinate of a bath with spectral density J (module docstring).

    Parameters
    ----------
    spectral_density : SpectralDensity
        J(ω). Brownian: closed form. Any J with finite ``∫Jω dω`` and ``∫J/ω dω`` (e.g. a power
        law with a cutoff, seed 004's rational form): Ω and λ from those moments, the residual
        exact (:class:`ExactResidual`).

    Raises
    ------
    TypeError
        For something that is not a SpectralDensity.
    ValueError
        For a J without an RC (Drude–Lorentz, or divergent moments), or J = 0.
    """
    if not isinstance(spectral_density, SpectralDensity):
        raise TypeError(
            f"spectral_density must be a nesslab SpectralDensity, got {type(spectral_density)}"
        )
    return MAPPINGS.get(type(spectral_density), _exact)(spectral_density)
