"""The interface of a steady-state method: options as frozen-dataclass fields, spaces it supports.

A method is a frozen dataclass whose fields are its options (tolerances, iteration caps,
orderings) and whose class attributes say what it is: its registry ``name`` and the state
``spaces`` it supports (:mod:`nesslab.spaces`). :func:`nesslab.steady_state` checks
:meth:`SteadyStateMethod.supports` before any work and records the method object that produced
the state, so a result always tells how it was made.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

from nesslab.spaces import StateSpace

if TYPE_CHECKING:
    from nesslab.generators.base import Generator
    from nesslab.solve.linalg import Solution


class SteadyStateMethod(ABC):
    """Base of the steady-state methods.

    Attributes
    ----------
    name : str
        Registry name ("direct", "iterative", …); the ``method`` recorded in a SteadyState.
    spaces : tuple of type
        State-space classes the method can solve (:class:`~nesslab.spaces.StateSpace`: all).
    """

    name: ClassVar[str]
    spaces: ClassVar[tuple[type[StateSpace], ...]] = (StateSpace,)

    def supports(self, space: StateSpace) -> bool:
        """Whether the method can solve a generator on ``space``."""
        return isinstance(space, self.spaces)

    @abstractmethod
    def solve(self, generator: Generator) -> Solution:
        """The raw null vector of ``generator`` with its condition estimate and notes."""

    def describe(self) -> str:
        """The method with its options, e.g. ``"TierGMRES(restart=100, …)"``."""
        return repr(self)


def supported_spaces(method: SteadyStateMethod) -> str:
    """The names of the spaces ``method`` supports, for messages."""
    return ", ".join(space.__name__ for space in method.spaces)
