"""The exponential expansion of a bath correlation function: what the HEOM consumes.

Convention (DESIGN.md, QuTiP's environments, seed 004 Eq. 1)::

    C(t) = (1/π) ∫₀^∞ J(ω) [coth(ω/2T) cos ωt − i sin ωt] dω ,   t ≥ 0,

approximated as ``C(t) ≈ Σ_k c_k e^{−ν_k t}``. The HEOM also needs ``C(t)* = Σ_k c̄_k e^{−ν_k t}``
on the same exponentials; for real rates ``c̄_k = c_k*``. An expansion records the temperature
and the bath it was made for and, for a fit, its evidence, so that a consumer can refuse one made
for another bath (:func:`nesslab.environment.approximate` makes every kind).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from nesslab.environment.baths import Bath


@dataclass(frozen=True, eq=False)
class Expansion:
    """``C(t) ≈ Σ_k amplitudes[k] e^{−rates[k] t}`` (t ≥ 0) of one bath.

    Attributes
    ----------
    amplitudes : ndarray of complex
        c_k (energy² units).
    rates : ndarray of complex
        ν_k with Re ν_k > 0 (energy units).
    conjugate_amplitudes : ndarray of complex
        c̄_k with ``C(t)* = Σ_k c̄_k e^{−ν_k t}``; ``conj(amplitudes)`` when the rates are real.
    method : str
        How it was obtained ("matsubara", "pade", "fit", "fit-shared", …).
    temperature : float or None
        Temperature of the bath it approximates (energy units); None when unknown (an
        expansion built from raw arrays or samples).
    bath : Bath or None
        The bath it was made for, when known.
    evidence : object or None
        How good it is: a fit's :class:`~nesslab.environment.fitting.CorrelationFit` (errors,
        convergence history), None for the analytic expansions.
    """

    amplitudes: np.ndarray
    rates: np.ndarray
    conjugate_amplitudes: np.ndarray
    method: str
    temperature: float | None = None
    bath: Bath | None = dataclasses.field(default=None, repr=False)
    evidence: Any = dataclasses.field(default=None, repr=False)

    def __post_init__(self) -> None:
        arrays = [np.asarray(a, dtype=complex).ravel() for a in self._fields()]
        if len({a.size for a in arrays}) != 1 or arrays[0].size == 0:
            raise ValueError("amplitudes, rates and conjugate_amplitudes must have one equal size")
        if np.any(arrays[1].real <= 0):
            raise ValueError("every rate must have a positive real part (decaying exponentials)")
        for name, array in zip(
            ("amplitudes", "rates", "conjugate_amplitudes"), arrays, strict=True
        ):
            object.__setattr__(self, name, array)
        if self.temperature is not None:
            temperature = float(self.temperature)
            if not np.isfinite(temperature) or temperature < 0:
                raise ValueError(f"temperature must be finite and >= 0, got {self.temperature!r}")
            object.__setattr__(self, "temperature", temperature)
        if self.bath is not None and not isinstance(self.bath, Bath):
            raise TypeError(f"bath must be a nesslab.Bath or None, got {type(self.bath).__name__}")

    def _fields(self) -> tuple:
        return self.amplitudes, self.rates, self.conjugate_amplitudes

    def __len__(self) -> int:
        return int(self.rates.size)

    def __call__(self, t: np.ndarray | float) -> np.ndarray:
        """``Σ_k c_k e^{−ν_k t}`` at times t ≥ 0."""
        t = np.asarray(t, dtype=float)
        return np.exp(-np.multiply.outer(t, self.rates)) @ self.amplitudes

    @property
    def imag_at_zero(self) -> float:
        """``Im C(0⁺) = Σ_k (c_k − c̄_k)/2i`` (−λγ for Drude–Lorentz); enters the heat current."""
        return float(np.real(np.sum(self.amplitudes - self.conjugate_amplitudes) / 2j))

    def scaled(self, factor: float, bath: Bath | None = None) -> Expansion:
        """The expansion of ``factor · C(t)``: both amplitude arrays times ``factor``.

        C(t) is linear in J(ω), so this is the expansion of a bath whose spectral density is
        ``factor`` times this one's, at the same temperature (e.g. a coupling strength α times
        a fit made once at α = 1). ``bath`` records that bath; its temperature must be this
        expansion's.

        Raises
        ------
        ValueError
            For a non-finite or negative factor, or a bath at another temperature.
        """
        factor = float(factor)
        if not np.isfinite(factor) or factor < 0:
            raise ValueError(f"factor must be finite and >= 0, got {factor!r}")
        check_temperature(self, bath, "the bath of scaled()")
        return dataclasses.replace(
            self,
            amplitudes=factor * self.amplitudes,
            conjugate_amplitudes=factor * self.conjugate_amplitudes,
            bath=bath,
        )


def check_temperature(expansion: Expansion, bath: Bath | None, label: str) -> None:
    """Refuse an expansion made at another temperature than ``bath`` (None: nothing to check).

    Raises
    ------
    ValueError
        Naming ``label`` and both temperatures.
    """
    if bath is None or expansion.temperature is None:
        return
    if not np.isclose(expansion.temperature, bath.temperature, rtol=1e-12, atol=0.0):
        raise ValueError(
            f"{label}: the expansion was made for T = {expansion.temperature:g}, but bath "
            f"{bath.name!r} has T = {bath.temperature:g}; make it for this bath with "
            "nesslab.environment.approximate(bath, ...)"
        )
