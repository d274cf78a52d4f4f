"""Master-equation approaches, one module each, behind one registry."""

from __future__ import annotations

from typing import Any

from nesslab.environment.baths import Bath, Channel
from nesslab.generators.approach import Approach
from nesslab.generators.base import Generator
from nesslab.generators.heom import heom
from nesslab.generators.local import local
from nesslab.generators.pauli import pauli
from nesslab.generators.reaction_coordinate import reaction_coordinate_generator
from nesslab.generators.redfield import global_, partial_secular, redfield
from nesslab.registry import lookup
from nesslab.system import System

APPROACHES: dict[str, Approach] = {
    "local": Approach(
        local, (Bath, Channel), False, "Lindblad channels of each subsystem (given or from Baths)"
    ),
    "global": Approach(global_, (Bath,), True, "secular (Davies) GKSL in the eigenbasis"),
    "redfield": Approach(redfield, (Bath,), True, "Bloch–Redfield, no secular approximation"),
    "partial_secular": Approach(
        partial_secular,
        (Bath, Channel),
        True,
        "Redfield (or a Lindbladian) secular only between distant Bohr frequencies",
    ),
    "pauli": Approach(pauli, (Bath, Channel), True, "rate equation for eigenstate populations"),
    "heom": Approach(heom, (Bath,), True, "hierarchical equations of motion, any coupling"),
    "reaction_coordinate": Approach(
        reaction_coordinate_generator,
        (Bath,),
        True,
        "each bath's collective mode in the system, the residual baths by Redfield",
    ),
}


def generator(system: System, environment: Any, approach: str, **options: Any) -> Generator:
    """Build the generator of ``approach`` for ``system`` coupled to ``environment``.

    Parameters
    ----------
    system : System
        The system.
    environment : Bath, Channel or a list of them
        Baths for "global", "redfield", "partial_secular", "pauli", "heom",
        "reaction_coordinate" and "local" (on a
        model that declares its subsystems: :mod:`nesslab.generators.local_baths`); Channels
        for "local", "partial_secular", "pauli" (``APPROACHES[name].environments``).
    approach : str
        One of ``nesslab.APPROACHES``.
    **options
        Passed to the approach, by keyword (e.g. ``tolerance`` for "partial_secular",
        ``basis`` for "local", ``depth`` for "heom", ``levels`` for "reaction_coordinate";
        ``max_memory_mb`` for the density-matrix
        approaches but "pauli", ``max_nonzeros`` for "heom": :mod:`nesslab.limits`).

    Raises
    ------
    ValueError
        For an unknown approach (the message lists the valid ones).
    TypeError
        For a system that is not a :class:`nesslab.System`.
    nesslab.limits.ResourceLimitError
        If the approach estimates the generator too large (a MemoryError, raised before the
        assembly; the message names the size, the limit and how to raise it).
    """
    build = lookup(APPROACHES, approach, "approach")
    if not isinstance(system, System):
        raise TypeError("system must be a nesslab.System (see nesslab.models for builders)")
    return build(system, environment, **options)


__all__ = ["APPROACHES", "Approach", "Generator", "generator"]
