"""Bath correlation functions by numerical integration, and the check of an expansion against one.

``C(t) = (1/π) ∫₀^∞ J(ω) [coth(ω/2T) cos ωt − i sin ωt] dω`` (DESIGN.md), t ≥ 0. At t = 0 the
real part ``(1/π) ∫ J coth`` is finite only when J(ω) is integrable at large ω; when
``ω J(ω)`` does not decay (Drude–Lorentz, ``J → 2λγ/ω``: a logarithmic divergence; a flat J)
:func:`correlation_function` returns ``inf`` there, never the finite number a truncated
quadrature would give (:func:`zero_time_diverges`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.integrate as si

from nesslab.environment.baths import Bath
from nesslab.environment.expansion import Expansion
from nesslab.environment.spectral import SpectralDensity

_FAR_FREQUENCY = 1e8
_PROBE = np.logspace(-3, 4, 71)


def zero_time_diverges(density: SpectralDensity) -> bool:
    """Whether ``Re C(0) = (1/π) ∫₀^∞ J(ω) coth(ω/2T) dω`` diverges at large ω.

    Tested by whether ``ω J(ω)`` has decayed at ω = 10⁸ below 10⁻⁶ of its largest value on
    10⁻³ … 10⁴ (energy units): true for Drude–Lorentz (``ω J → 2λγ``) and a flat J, false for
    every J with an exponential or power-law cutoff faster than 1/ω.
    """
    reference = float(np.max(_PROBE * density(_PROBE)))
    far = _FAR_FREQUENCY * float(density(np.array(_FAR_FREQUENCY)))
    return not np.isfinite(far) or far > 1e-6 * reference


def correlation_function(bath: Bath, times: np.ndarray) -> np.ndarray:
    """C(t) of the DESIGN.md formula by numerical (Fourier-weighted QUADPACK) integration, t ≥ 0.

    Returns
    -------
    ndarray of complex
        C at each time (energy² units); at t = 0 the real part is ``inf`` when it diverges
        (:func:`zero_time_diverges`, e.g. Drude–Lorentz) and the imaginary part 0.
    """
    density, temperature = bath.spectral_density, bath.temperature

    def symmetric(omega: float) -> float:
        if omega == 0:
            return 2 * temperature * density.slope_at_zero()
        if temperature == 0:
            return float(density(omega))
        return float(density(omega) / np.tanh(omega / (2 * temperature)))

    def antisymmetric(omega: float) -> float:
        return float(density(omega))

    values = []
    for t in np.atleast_1d(np.asarray(times, dtype=float)):
        if t == 0:
            diverges = zero_time_diverges(density)
            real = np.inf if diverges else si.quad(symmetric, 0, np.inf, limit=400)[0]
            values.append(complex(real / np.pi))
            continue
        real = si.quad(symmetric, 0, np.inf, weight="cos", wvar=t, limlst=200)[0]
        imag = si.quad(antisymmetric, 0, np.inf, weight="sin", wvar=t, limlst=200)[0]
        values.append((real - 1j * imag) / np.pi)
    return np.array(values)


@dataclass(frozen=True)
class ExpansionCheck:
    """Error of an expansion against the integrated C(t).

    Attributes
    ----------
    times : ndarray
        Where C(t) was compared.
    max_error : float
        ``max_t |C_exp(t) − C(t)|``.
    relative_error : float
        ``max_error / max_t |C(t)|``.
    """

    times: np.ndarray
    max_error: float
    relative_error: float


def check_expansion(
    expansion: Expansion, bath: Bath | None = None, times: np.ndarray | None = None
) -> ExpansionCheck:
    """Compare ``expansion`` with the numerically integrated C(t) of ``bath`` at ``times > 0``.

    ``bath`` defaults to the one the expansion records. t = 0 is best avoided: Re C(0) diverges
    logarithmically for Drude–Lorentz.

    Raises
    ------
    ValueError
        Without a bath (none given or recorded) or without times.
    """
    bath = bath if bath is not None else expansion.bath
    if bath is None or times is None:
        raise ValueError("check_expansion needs the bath (given or recorded) and the times")
    times = np.asarray(times, dtype=float)
    exact = correlation_function(bath, times)
    error = float(np.abs(expansion(times) - exact).max())
    return ExpansionCheck(times, error, error / float(np.abs(exact).max()))
