"""Master-equation approaches, one module each, behind one registry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nesslab.generators.base import Generator
from nesslab.generators.heom import heom
from nesslab.generators.local import local
from nesslab.generators.pauli import pauli
from nesslab.generators.redfield import global_, partial_secular, redfield
from nesslab.system import System

APPROACHES: dict[str, Callable[..., Generator]] = {
    "local": local,
    "global": global_,
    "redfield": redfield,
    "partial_secular": partial_secular,
    "pauli": pauli,
    "heom": heom,
}


def generator(system: System, environment: Any, approach: str, **options: Any) -> Generator:
    """Build the generator of ``approach`` for ``system`` coupled to ``environment``.

    Parameters
    ----------
    system : System
        The system.
    environment : Bath, Channel or a list of them
        Baths for "global", "redfield", "partial_secular", "pauli"; Channels for "local",
        "partial_secular", "pauli".
    approach : str
        One of ``nesslab.APPROACHES``.
    **options
        Passed to the approach (e.g. ``tolerance`` for "partial_secular", ``basis`` for "local").

    Raises
    ------
    ValueError
        For an unknown approach (the message lists the valid ones).
    """
    try:
        build = APPROACHES[approach]
    except (KeyError, TypeError):
        valid = ", ".join(sorted(APPROACHES))
        raise ValueError(f"unknown approach {approach!r}; valid approaches: {valid}") from None
    if not isinstance(system, System):
        raise TypeError("system must be a nesslab.System (see nesslab.models for builders)")
    return build(system, environment, **options)


__all__ = ["APPROACHES", "Generator", "generator"]
