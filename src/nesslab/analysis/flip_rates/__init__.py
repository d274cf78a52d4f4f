"""Adiabatic elimination of seed 003's boson: classical single-spin-flip rates.

N spins coupled through σz_i with strengths g_i to one mode with gain κ and loss γ, weakly
driven by Ω σx_i (:func:`nesslab.models.disordered_dicke`), flip one at a time at the rates
W_i(ΔE) of Eq. 3 (derived in :mod:`~nesslab.analysis.flip_rates.kernel`), ΔE_i the change of the
Ising energy E(σ) of Eq. 4 (:mod:`~nesslab.analysis.flip_rates.ising`). Eq. 3 is evaluated by a
steepest-descent contour quadrature (:mod:`~nesslab.analysis.flip_rates.contour`), checked
against the Fock-space Laplace route (:mod:`~nesslab.analysis.flip_rates.laplace`); the
closed-form regimes are in :mod:`~nesslab.analysis.flip_rates.approximations`.
"""

from nesslab.analysis.flip_rates.approximations import (
    crossover_constant,
    crossover_gamma_squared,
    gaussian_rate,
    power_law_rate,
    small_eta_rate,
)
from nesslab.analysis.flip_rates.ising import flip_energy, ising_energy
from nesslab.analysis.flip_rates.kernel import RateParameters
from nesslab.analysis.flip_rates.laplace import (
    coherence_generator,
    laplace_rate,
    sector_boson_state,
)
from nesslab.analysis.flip_rates.rates import (
    SpinFlipRates,
    flip_rate,
    rate_with_error,
    spin_flip_rates,
)

__all__ = [
    "RateParameters",
    "SpinFlipRates",
    "coherence_generator",
    "crossover_constant",
    "crossover_gamma_squared",
    "flip_energy",
    "flip_rate",
    "gaussian_rate",
    "ising_energy",
    "laplace_rate",
    "power_law_rate",
    "rate_with_error",
    "sector_boson_state",
    "small_eta_rate",
    "spin_flip_rates",
]
