"""Bath spectral densities J(ω) and the thermal power spectrum S(ω).

Conventions (DESIGN.md): the bath correlation function is
``C(t) = (1/π) ∫₀^∞ J(ω) [coth(ω/2T) cos ωt − i sin ωt] dω``; its Fourier transform, the power
spectrum, is ``S(ω) = 2 J(ω) [n(ω) + 1]`` for ω > 0 (emission by the system) and
``S(−ω) = 2 J(ω) n(ω)`` (absorption), with ``n(ω) = 1/(e^{ω/T} − 1)``. Every spectral density is
defined for ω ≥ 0 and evaluated as an odd function for ω < 0, so ``S(ω) = 2 J(ω)(1 + n(ω))``
holds for both signs.

Every parameter is checked on construction, naming it: a bool or str raises TypeError
(:func:`nesslab.limits.real_number`), a value out of range or not finite ValueError.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nesslab.limits import real_number

_SLOPE_STEP = 1e-9


def _check_positive(value: float, name: str, allow_zero: bool = False) -> float:
    value = real_number(value, name, finite=False)
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be finite and {bound}, got {value!r}")
    return value


class SpectralDensity:
    """Base of all spectral densities: odd extension and the zero-frequency slope."""

    def positive(self, omega: np.ndarray) -> np.ndarray:
        """J(ω) for ω ≥ 0."""
        raise NotImplementedError

    def __call__(self, omega: np.ndarray | float) -> np.ndarray:
        """J(ω), odd in ω: J(−ω) = −J(ω)."""
        omega = np.asarray(omega, dtype=float)
        return np.sign(omega) * self.positive(np.abs(omega))

    def slope_at_zero(self) -> float:
        """``lim_{ω→0⁺} J(ω)/ω``, which sets the zero-frequency (dephasing) rate ``2T·slope``."""
        return float(self.positive(np.array(_SLOPE_STEP)) / _SLOPE_STEP)


@dataclass(frozen=True)
class Ohmic(SpectralDensity):
    """Ohmic spectral density with exponential cutoff, ``J(ω) = η ω e^{−ω/ω_c}``.

    Parameters
    ----------
    eta : float
        Dimensionless coupling strength η ≥ 0.
    cutoff : float
        Cutoff frequency ω_c > 0 (energy units).
    """

    eta: float
    cutoff: float

    def __post_init__(self) -> None:
        _check_positive(self.eta, "eta", allow_zero=True)
        _check_positive(self.cutoff, "cutoff")

    def positive(self, omega: np.ndarray) -> np.ndarray:  # noqa: D102
        return self.eta * omega * np.exp(-omega / self.cutoff)

    def slope_at_zero(self) -> float:  # noqa: D102
        return float(self.eta)


_POWER_LAW_FORMS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "exponential": lambda x: np.exp(-x),
    "rational": lambda x: (1 + x**2) ** -4,
    "none": np.ones_like,
}


@dataclass(frozen=True)
class PowerLaw(SpectralDensity):
    """Power-law spectral density ``J(ω) = strength · ω^s ω_c^{1−s} · f(ω/ω_c)``.

    Parameters
    ----------
    strength : float
        Prefactor (dimensionless). Seed 004 writes ``J = π α ω^s ω_c^{1−s}/(1 + (ω/ω_c)²)⁴``:
        use ``strength = π α`` with ``form="rational"``. Seed 002's ``γ(ω) = c ω³`` is
        ``J = γ/2``: ``strength = c/2``, ``exponent = 3``, ``cutoff = 1``, ``form="none"``.
    exponent : float
        s > 0 (s < 1 sub-Ohmic, s = 1 Ohmic, s > 1 super-Ohmic).
    cutoff : float
        ω_c > 0 (with ``form="none"`` only the reference frequency of ``ω_c^{1−s}``).
    form : {"exponential", "rational", "none"}
        ``f(x) = e^{−x}``, ``f(x) = (1 + x²)^{−4}`` (seed 004) or ``f(x) = 1`` (no cutoff).
    """

    strength: float
    exponent: float
    cutoff: float
    form: str = "exponential"

    def __post_init__(self) -> None:
        _check_positive(self.strength, "strength", allow_zero=True)
        _check_positive(self.exponent, "exponent")
        _check_positive(self.cutoff, "cutoff")
        if self.form not in _POWER_LAW_FORMS:
            valid = ", ".join(repr(name) for name in _POWER_LAW_FORMS)
            raise ValueError(f"form must be one of {valid}, got {self.form!r}")

    def positive(self, omega: np.ndarray) -> np.ndarray:  # noqa: D102
        x = omega / self.cutoff
        shape = _POWER_LAW_FORMS[self.form](x)
        return self.strength * self.cutoff * x**self.exponent * shape

    def slope_at_zero(self) -> float:  # noqa: D102
        if self.exponent > 1:
            return 0.0
        if self.exponent == 1:
            return float(self.strength)
        return np.inf if self.strength > 0 else 0.0


@dataclass(frozen=True)
class DrudeLorentz(SpectralDensity):
    """Drude–Lorentz spectral density ``J(ω) = 2λγω/(ω² + γ²)`` (QuTiP's convention).

    Parameters
    ----------
    lam : float
        Reorganisation energy λ ≥ 0.
    gamma : float
        Cutoff (inverse bath memory time) γ > 0.
    """

    lam: float
    gamma: float

    def __post_init__(self) -> None:
        _check_positive(self.lam, "lam", allow_zero=True)
        _check_positive(self.gamma, "gamma")

    def positive(self, omega: np.ndarray) -> np.ndarray:  # noqa: D102
        return 2 * self.lam * self.gamma * omega / (omega**2 + self.gamma**2)

    def slope_at_zero(self) -> float:  # noqa: D102
        return 2 * self.lam / self.gamma


@dataclass(frozen=True)
class Brownian(SpectralDensity):
    """Underdamped Brownian spectral density ``J(ω) = λ²Γω / ((ω₀² − ω²)² + Γ²ω²)``.

    QuTiP's ``UnderDampedEnvironment`` convention: a bath mode of frequency ω₀ and width Γ,
    coupled with strength λ (units of energy^{3/2}). It is exactly a reaction coordinate of
    frequency ω₀ coupled to the system with ``λ/√(2ω₀)`` and damped by an Ohmic residual bath
    ``J_res(ω) = Γω/(2ω₀)`` (:mod:`nesslab.environment.reaction_coordinate`).

    Parameters
    ----------
    lam : float
        Coupling λ ≥ 0.
    gamma : float
        Width Γ > 0 (energy units).
    omega0 : float
        Peak frequency ω₀ > 0 (energy units).
    """

    lam: float
    gamma: float
    omega0: float

    def __post_init__(self) -> None:
        _check_positive(self.lam, "lam", allow_zero=True)
        _check_positive(self.gamma, "gamma")
        _check_positive(self.omega0, "omega0")

    def positive(self, omega: np.ndarray) -> np.ndarray:  # noqa: D102
        denominator = (self.omega0**2 - omega**2) ** 2 + self.gamma**2 * omega**2
        return self.lam**2 * self.gamma * omega / denominator

    def slope_at_zero(self) -> float:  # noqa: D102
        return self.lam**2 * self.gamma / self.omega0**4


@dataclass(frozen=True)
class Flat(SpectralDensity):
    """Frequency-independent spectral density ``J(ω) = value`` for ω > 0.

    A paper whose rates are ``γ(n + 1)`` with constant γ uses ``Flat(γ/2)``. The zero-frequency
    rate ``2T·J(ω)/ω`` diverges, so a flat bath cannot drive pure dephasing at ω = 0.
    """

    value: float

    def __post_init__(self) -> None:
        _check_positive(self.value, "value", allow_zero=True)

    def positive(self, omega: np.ndarray) -> np.ndarray:  # noqa: D102
        return np.where(omega > 0, self.value, 0.0) + 0 * omega

    def slope_at_zero(self) -> float:  # noqa: D102
        return np.inf if self.value > 0 else 0.0


@dataclass(frozen=True)
class Custom(SpectralDensity):
    """A user function ``function(ω) → J(ω)``, evaluated on ω ≥ 0 (vectorised input).

    The function must return finite, non-negative values for ω ≥ 0; it is extended as an odd
    function to ω < 0.
    """

    function: Callable[[np.ndarray], np.ndarray]

    def __post_init__(self) -> None:
        if not callable(self.function):
            raise TypeError("function must be callable: J = function(omega)")

    def positive(self, omega: np.ndarray) -> np.ndarray:  # noqa: D102
        values = np.asarray(self.function(omega), dtype=float)
        if np.any(~np.isfinite(values)) or np.any(values < 0):
            raise ValueError("Custom spectral density returned negative or non-finite values")
        return values


def bose_einstein(omega: np.ndarray | float, temperature: float) -> np.ndarray:
    """Bose–Einstein occupation ``n(ω) = 1/(e^{ω/T} − 1)`` (0 at T = 0 for ω > 0)."""
    omega = np.asarray(omega, dtype=float)
    if temperature == 0:
        return np.where(omega > 0, 0.0, np.where(omega < 0, -1.0, np.inf))
    with np.errstate(divide="ignore"):
        return 1.0 / np.expm1(omega / temperature)


def power_spectrum(
    spectral_density: SpectralDensity, temperature: float, omega: np.ndarray | float
) -> np.ndarray:
    """Thermal bath power spectrum ``S(ω) = 2 J(ω) (1 + n(ω))`` (odd J, any sign of ω).

    ``S(ω > 0)`` is the rate factor for the system *emitting* energy ω into the bath, ``S(−ω)``
    for absorbing it; ``S(−ω) = e^{−ω/T} S(ω)`` (detailed balance). At ω = 0 the limit
    ``2 T lim J(ω)/ω`` is used.

    Raises
    ------
    ValueError
        If a zero-frequency rate is needed and diverges (e.g. a flat or sub-Ohmic J at T > 0).
    """
    omega = np.asarray(omega, dtype=float)
    result = np.zeros_like(omega)
    nonzero = omega != 0
    w = omega[nonzero]
    J = spectral_density(w)
    if temperature == 0:
        result[nonzero] = np.where(w > 0, 2 * J, 0.0)
    else:
        with np.errstate(over="ignore"):
            result[nonzero] = 2 * J / -np.expm1(-w / temperature)
    if np.any(~nonzero) and temperature > 0:
        slope = spectral_density.slope_at_zero()
        if not np.isfinite(slope):
            raise ValueError(
                f"the zero-frequency rate 2T·J(ω)/ω diverges for {spectral_density!r}; "
                "use a spectral density that vanishes at least linearly at ω = 0"
            )
        result[~nonzero] = 2 * temperature * slope
    return result
