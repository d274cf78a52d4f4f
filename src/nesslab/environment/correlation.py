"""Bath correlation functions by numerical integration, and the check of an expansion against one.

``C(t) = (1/π) ∫₀^∞ J(ω) [coth(ω/2T) cos ωt − i sin ωt] dω`` (DESIGN.md), t ≥ 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.integrate as si

from nesslab.environment.baths import Bath
from nesslab.environment.expansion import Expansion


def correlation_function(bath: Bath, times: np.ndarray) -> np.ndarray:
    """C(t) of the DESIGN.md formula by numerical (Fourier-weighted QUADPACK) integration, t ≥ 0."""
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
            real = si.quad(symmetric, 0, np.inf, limit=400)[0]
            values.append(real / np.pi)
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
