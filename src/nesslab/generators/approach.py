"""A registered approach: how to build its generator, and what it promises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nesslab.generators.base import Generator
from nesslab.system import System


@dataclass(frozen=True)
class Approach:
    """One entry of :data:`nesslab.APPROACHES`.

    Attributes
    ----------
    build : callable
        ``build(system, environment, **options) -> Generator``.
    environments : tuple of type
        What it takes: ``(Bath,)``, ``(Channel,)`` or both (:mod:`nesslab.environment`).
    thermodynamically_consistent : bool
        With thermal Baths at one temperature its steady state is the Gibbs state of the
        system (to the order of the system–bath coupling, exactly for the secular approaches;
        the reduced state of the global Gibbs state for the HEOM) and carries no heat current.
        The local approach is not: it may even give σ < 0.
    summary : str
        One line for listings.
    """

    build: Callable[..., Generator]
    environments: tuple[type, ...]
    thermodynamically_consistent: bool
    summary: str

    def __call__(self, system: System, environment: Any, **options: Any) -> Generator:
        """``build(system, environment, **options)``."""
        return self.build(system, environment, **options)
