"""Spin-flip rates of N spins: the interface the classical toolkit reads.

:func:`spin_flip_rates` returns a :class:`SpinFlipRates` whose ``rate(spin, configurations)``
computes ΔE_i for each configuration and evaluates Eq. 3 once per distinct value
(:func:`flip_rate`, contour quadrature of :mod:`~nesslab.analysis.flip_rates.contour`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from nesslab.analysis.flip_rates.contour import contour_integral
from nesslab.analysis.flip_rates.interpolation import INTERPOLATION_MIN, interpolated_rates
from nesslab.analysis.flip_rates.ising import as_configurations, flip_energy, ising_energy
from nesslab.analysis.flip_rates.kernel import RateParameters
from nesslab.analysis.validity import ValidityWarning
from nesslab.models.disordered import as_couplings

ACCURACY = 1e-8
"""Relative error estimate above which :func:`flip_rate` warns (RuntimeWarning)."""
ELIMINATION_THRESHOLD = 10.0
"""Elimination margin 1/(Ω t_L,i) below which :func:`spin_flip_rates` warns (ValidityWarning):
the rule of :data:`nesslab.analysis.validity.THRESHOLDS` (neglected scale above a tenth)."""


def rate_with_error(
    delta_e: np.ndarray, coupling: float, params: RateParameters
) -> tuple[np.ndarray, np.ndarray]:
    """W_i(ΔE) of Eq. 3 for each ΔE and its estimated absolute error (rate units).

    Raises
    ------
    ValueError
        For a zero coupling: the spin is not dephased and the rate diverges (the elimination
        does not apply to it).
    """
    coupling = float(coupling)
    if coupling == 0 or not np.isfinite(coupling):
        raise ValueError(
            f"coupling must be finite and nonzero, got {coupling!r}: an uncoupled spin is not "
            "dephased by the mode and its flip rate diverges"
        )
    delta_e = np.asarray(delta_e, dtype=float)
    if not np.all(np.isfinite(delta_e)):
        raise ValueError("delta_e must be finite")
    values, errors = contour_integral(delta_e.ravel(), coupling, params)
    scale = params.prefactor
    return (scale * values).reshape(delta_e.shape), (scale * errors).reshape(delta_e.shape)


def flip_rate(delta_e: np.ndarray, coupling: float, params: RateParameters) -> np.ndarray:
    """W_i(ΔE) of Eq. 3 (1/time) for flipping a spin of coupling g_i with energy change ΔE.

    Vectorised over ΔE. Warns (RuntimeWarning) where the error estimate exceeds
    :data:`ACCURACY` of the value.
    """
    values, errors = rate_with_error(delta_e, coupling, params)
    _warn_inaccurate(values, errors, coupling)
    return values


def _warn_inaccurate(values: np.ndarray, errors: np.ndarray, coupling: float) -> None:
    bad = errors > ACCURACY * np.abs(values)
    if np.any(bad):
        worst = float(np.max(errors[bad] / np.abs(values[bad])))
        warnings.warn(
            f"flip rate: estimated relative error up to {worst:.1e} at {int(bad.sum())} of "
            f"{values.size} values (g = {coupling!r})",
            RuntimeWarning,
            stacklevel=3,
        )


@dataclass(frozen=True)
class SpinFlipRates:
    """Seed 003's single-spin-flip rates of N spins (Eq. 3) with their Ising energy (Eq. 4).

    Attributes
    ----------
    couplings : ndarray
        g_i (energy units), read-only.
    params : RateParameters
        ω, Ω, γ, κ and the derived η, θ, ν, β'.
    seed : int or None
        Seed of the couplings' draw (:func:`nesslab.models.random_couplings`), if they were drawn.
    """

    couplings: np.ndarray
    params: RateParameters
    seed: int | None = None

    @property
    def n(self) -> int:
        """Number of spins N."""
        return int(self.couplings.size)

    @property
    def eta(self) -> float:
        """η = (γ − κ)/ω."""
        return self.params.eta

    @property
    def theta(self) -> float:
        """θ = κ/γ."""
        return self.params.theta

    @property
    def nu(self) -> float:
        """ν of S4."""
        return self.params.nu

    @property
    def beta_prime(self) -> float:
        """β' of S15: regime (i) is thermal with weights e^{−β'E(σ)} (1/energy²)."""
        return self.params.beta_prime

    @property
    def elimination_margins(self) -> np.ndarray:
        """``1/(Ω t_L) = 2g_i²ν/(ωΩ)`` per spin; the elimination needs it ≫ 1 (main text)."""
        return self.params.omega * self.params.decay(self.couplings) / abs(self.params.drive)

    def energy(self, configurations: np.ndarray) -> np.ndarray:
        """E(σ) of Eq. 4 for an int array (M, N) of ±1 (+1 = up), shape (M,)."""
        return ising_energy(self.couplings, configurations)

    def flip_energy(self, spin: int, configurations: np.ndarray) -> np.ndarray:
        """ΔE_i = E(σ') − E(σ) for flipping ``spin`` in each configuration, shape (M,)."""
        return flip_energy(self.couplings, configurations, spin)

    def rate(self, spin: int, configurations: np.ndarray) -> np.ndarray:
        """W for flipping ``spin`` in each of the M configurations (1/time), shape (M,).

        W is evaluated once per distinct ΔE_i.
        """
        configurations = as_configurations(configurations, self.n)
        delta_e = self.flip_energy(spin, configurations)
        distinct, inverse = np.unique(delta_e, return_inverse=True)
        return self.rate_of(spin, distinct)[inverse.ravel()]

    def rate_of(self, spin: int, delta_e: np.ndarray) -> np.ndarray:
        """W_i(ΔE) of spin i for any energy changes ΔE (vectorised).

        Above :data:`~nesslab.analysis.flip_rates.interpolation.INTERPOLATION_MIN` values, by
        checked piecewise Chebyshev interpolation of ln W between quadrature points
        (:mod:`~nesslab.analysis.flip_rates.interpolation`), else by the quadrature at each.
        """
        coupling = self.couplings[int(spin)]
        delta_e = np.asarray(delta_e, dtype=float)
        if delta_e.size <= INTERPOLATION_MIN:
            return flip_rate(delta_e, coupling, self.params)
        values, errors = interpolated_rates(delta_e.ravel(), coupling, self.params, rate_with_error)
        _warn_inaccurate(values, errors, coupling)
        return values.reshape(delta_e.shape)

    def ratio(self, spin: int, delta_e: np.ndarray) -> np.ndarray:
        """R_i(ΔE) = W_i(ΔE)/W_i(−ΔE) (Fig. 2(c–e)); e^{−β'ΔE} in regime (i)."""
        delta_e = np.asarray(delta_e, dtype=float)
        both = self.rate_of(spin, np.concatenate([delta_e.ravel(), -delta_e.ravel()]))
        forward, backward = np.split(both, 2)
        return (forward / backward).reshape(delta_e.shape)

    def attrs(self) -> dict[str, object]:
        """Parameters, couplings and seed for file metadata (NetCDF attrs)."""
        attrs: dict[str, object] = {**self.params.attrs(), "couplings": self.couplings.tolist()}
        if self.seed is not None:
            attrs["couplings_seed"] = self.seed
        return attrs


def spin_flip_rates(
    couplings: object, *, omega: float, drive: float, gamma: float, kappa: float
) -> SpinFlipRates:
    """The flip rates of spins with couplings g_i under gain κ and loss γ (seed 003).

    Parameters
    ----------
    couplings : sequence of float or RandomCouplings
        g_i, all nonzero (energy units); a draw of :func:`nesslab.models.random_couplings`
        keeps its seed.
    omega, drive, gamma, kappa : float
        ω > 0, Ω, and γ > κ ≥ 0.

    Raises
    ------
    ValueError
        For γ ≤ κ, κ < 0, ω ≤ 0, or a zero coupling (its rate diverges; the message names it).

    Warns
    -----
    nesslab.ValidityWarning
        When a spin's elimination margin 1/(Ω t_L,i) = 2g_i²ν/(ωΩ) (memory time t_L,i of its
        coherence against the drive) is below :data:`ELIMINATION_THRESHOLD`: the rate equation
        then errs by ~(Ω t_L,i)² or more for that spin (the message names the spins).
    """
    g = as_couplings(couplings)
    zero = np.flatnonzero(g == 0)
    if zero.size:
        raise ValueError(
            f"couplings[{int(zero[0])}] is 0: an uncoupled spin is not dephased by the mode and "
            "its flip rate diverges (the elimination does not apply); drop it or give it g ≠ 0"
        )
    g.flags.writeable = False
    params = RateParameters(omega, drive, gamma, kappa)
    rates = SpinFlipRates(g, params, getattr(couplings, "seed", None))
    margins = rates.elimination_margins
    weak = np.flatnonzero(margins < ELIMINATION_THRESHOLD)
    if weak.size:
        listed = ", ".join(f"{int(i)} (g = {g[i]:.3g}: {margins[i]:.3g})" for i in weak[:5])
        warnings.warn(
            f"adiabatic elimination: margin 1/(Omega t_L) below {ELIMINATION_THRESHOLD:g} for "
            f"{weak.size} of {g.size} spins, e.g. {listed}; their flip rates are the weak-drive "
            "limit only (decrease the drive Omega, or exclude weakly coupled spins)",
            ValidityWarning,
            stacklevel=2,
        )
    return rates
