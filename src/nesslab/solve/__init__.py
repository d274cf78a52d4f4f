"""Steady states and dynamics."""

from nesslab.solve.batched import steady_states
from nesslab.solve.evolve import Evolution, evolve
from nesslab.solve.linalg import ConvergenceError, NonUniqueSteadyStateError
from nesslab.solve.steady import METHODS, PhysicalityWarning, SteadyState, steady_state

__all__ = [
    "METHODS",
    "ConvergenceError",
    "Evolution",
    "NonUniqueSteadyStateError",
    "PhysicalityWarning",
    "SteadyState",
    "evolve",
    "steady_state",
    "steady_states",
]
