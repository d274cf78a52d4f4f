"""nesslab: nonequilibrium steady states and heat transport of small open quantum systems."""

import sys

from nesslab import analysis, counting, environment, gaussian, limits, models, spaces
from nesslab.analysis.compare import compare
from nesslab.analysis.validity import ValidityWarning
from nesslab.counting import current_statistics, scaled_cumulant_generating_function
from nesslab.environment import baths as bath
from nesslab.environment import decomposition, fitting, spectral
from nesslab.environment.baths import Bath, Channel
from nesslab.generators import APPROACHES, Generator, generator
from nesslab.generators.secular_validity import SecularApproximationWarning
from nesslab.niba import NibaCurrent, niba_heat_current
from nesslab.observables import (
    Currents,
    entropy_production,
    flux,
    gibbs_state,
    heat_currents,
    populations,
    purity,
    trace_distance,
    von_neumann_entropy,
)
from nesslab.ptre import ptre_heat_current
from nesslab.solve import (
    ConvergenceError,
    NonUniqueSteadyStateError,
    PhysicalityWarning,
    SteadyState,
    evolve,
    steady_state,
    steady_states,
)
from nesslab.sweeps import sweep
from nesslab.system import System
from nesslab.version import __version__ as __version__

# The environment modules moved into nesslab.environment; their old import paths stay valid.
for _name, _module in {
    "bath": bath,
    "decomposition": decomposition,
    "fitting": fitting,
    "spectral": spectral,
}.items():
    sys.modules.setdefault(f"{__name__}.{_name}", _module)

__all__ = [
    "APPROACHES",
    "Bath",
    "Channel",
    "ConvergenceError",
    "Currents",
    "Generator",
    "NibaCurrent",
    "NonUniqueSteadyStateError",
    "PhysicalityWarning",
    "SecularApproximationWarning",
    "SteadyState",
    "System",
    "ValidityWarning",
    "analysis",
    "compare",
    "counting",
    "current_statistics",
    "decomposition",
    "entropy_production",
    "environment",
    "evolve",
    "fitting",
    "flux",
    "gaussian",
    "generator",
    "gibbs_state",
    "heat_currents",
    "limits",
    "models",
    "niba_heat_current",
    "populations",
    "ptre_heat_current",
    "scaled_cumulant_generating_function",
    "purity",
    "spaces",
    "spectral",
    "steady_state",
    "steady_states",
    "sweep",
    "trace_distance",
    "von_neumann_entropy",
]
