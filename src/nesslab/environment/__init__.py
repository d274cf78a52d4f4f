"""The environment layer: baths, spectral densities, correlation functions, their expansions.

Layered like the physics (STYLE.md): :mod:`.spectral` (J(ω), S(ω)) → :mod:`.baths` (Bath,
Channel) → :mod:`.correlation` (C(t)) → :mod:`.expansion` (Expansion) → :mod:`.decomposition`
(analytic), :mod:`.fitting` (fits) → :mod:`.approximate`, the one entry point that makes every
kind of expansion the HEOM needs. How a bath couples to a particular system is the generators'
business (:mod:`nesslab.generators.couplings`).
"""

from nesslab.environment import decomposition, fitting, spectral
from nesslab.environment.approximate import APPROXIMATIONS, approximate
from nesslab.environment.baths import Bath, Channel
from nesslab.environment.correlation import ExpansionCheck, check_expansion, correlation_function
from nesslab.environment.decomposition import decompose
from nesslab.environment.expansion import Expansion
from nesslab.environment.fitting import CorrelationFit, fit_correlation, fit_samples

__all__ = [
    "APPROXIMATIONS",
    "Bath",
    "Channel",
    "CorrelationFit",
    "Expansion",
    "ExpansionCheck",
    "approximate",
    "check_expansion",
    "correlation_function",
    "decompose",
    "decomposition",
    "fit_correlation",
    "fit_samples",
    "fitting",
    "spectral",
]
