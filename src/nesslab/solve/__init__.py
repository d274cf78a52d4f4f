"""Steady states and dynamics."""

from nesslab.solve.batched import Batched, steady_states
from nesslab.solve.direct import Direct, Eigen
from nesslab.solve.evolve import Evolution, evolve
from nesslab.solve.hierarchy import TierGMRES
from nesslab.solve.iterative import Iterative
from nesslab.solve.linalg import ConvergenceError, NonUniqueSteadyStateError
from nesslab.solve.method import SteadyStateMethod
from nesslab.solve.reduced import Reduced
from nesslab.solve.result import PhysicalityWarning, SteadyState
from nesslab.solve.steady import METHODS, Auto, steady_state
from nesslab.solve.sylvester import SylvesterGMRES

__all__ = [
    "METHODS",
    "Auto",
    "Batched",
    "ConvergenceError",
    "Direct",
    "Eigen",
    "Evolution",
    "Iterative",
    "NonUniqueSteadyStateError",
    "PhysicalityWarning",
    "Reduced",
    "SteadyState",
    "SteadyStateMethod",
    "SylvesterGMRES",
    "TierGMRES",
    "evolve",
    "steady_state",
    "steady_states",
]
