"""Hierarchical equations of motion (HEOM) for bosonic baths: a numerically exact generator.

``heom(system, baths, depth, …)`` returns a :class:`~nesslab.generators.base.Generator` on a
:class:`~nesslab.spaces.HierarchySpace`: the state vector stacks every ADO ``vec(ρ_n)``
(column-stacked), tier 0 (the reduced density matrix) first. ``nesslab.steady_state`` solves it
like any generator and ``nesslab.heat_currents`` returns the bath-side currents of
:mod:`.currents` (the generator's ``heat_rows``). :func:`hierarchy_of` gives the
:class:`Hierarchy` (index, couplings, expansions) behind a HEOM generator. No counter-term is
added: the system Hamiltonian is the bare H_S (as in the Landauer formula of a harmonic junction).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nesslab.environment import Expansion, approximate
from nesslab.environment.baths import Bath
from nesslab.environment.expansion import check_temperature
from nesslab.generators.base import Generator
from nesslab.generators.couplings import as_list, site_couplings
from nesslab.generators.heom.assembly import (
    Hierarchy,
    HierarchySize,
    assemble_rhs,
    estimate_size,
)
from nesslab.generators.heom.currents import bath_currents, heat_rows, system_currents
from nesslab.generators.heom.index import HierarchyIndex
from nesslab.spaces import HierarchySpace
from nesslab.system import System

MAX_NONZEROS = 50_000_000


def heom(
    system: System,
    environment: Any,
    depth: int,
    *,
    n_exponents: int = 4,
    decomposition: str = "pade",
    expansions: Sequence[Expansion] | None = None,
    max_nonzeros: int = MAX_NONZEROS,
) -> Generator:
    """HEOM generator of ``system`` coupled to bosonic Baths (no counter-term).

    Parameters
    ----------
    system : System
        The system (H_S in the site basis).
    environment : Bath or list of Bath
        Baths with Hermitian couplings; Drude–Lorentz unless ``expansions`` are given.
    depth : int
        Hierarchy truncation tier ≥ 0 (ADOs with ``|n| > depth`` are set to zero).
    n_exponents : int
        Exponentials per bath, the Drude pole included (QuTiP's ``Nk`` is one less).
    decomposition : {"pade", "matsubara"}
        Analytic expansion of the Bose function (:func:`nesslab.environment.approximate`).
    expansions : sequence of Expansion, optional
        One expansion of C(t) per bath, in the order of ``environment``; overrides
        ``n_exponents``/``decomposition`` (e.g. ``approximate(bath, "fit", t_max=...)`` for a
        non-Drude spectral density). An expansion that records a temperature must have been
        made at its bath's temperature.
    max_nonzeros : int
        Refuse to assemble when the estimated nonzeros of the RHS exceed this (default 5e7,
        about 1 GB before factorisation).

    Returns
    -------
    Generator
        On a :class:`~nesslab.spaces.HierarchySpace`; ``coherent = 1 ⊗ (−i[H_S, ·])``,
        ``parts[name]`` = every term of that bath, ``heat_rows`` the bath-side currents,
        ``details["hierarchy"]`` the :class:`Hierarchy` (:func:`hierarchy_of`);
        ``options["size"]`` the estimate.

    Raises
    ------
    MemoryError
        If the estimated size is above ``max_nonzeros`` (the message gives the counts).
    ValueError
        If an expansion was made at another temperature than its bath, or their numbers differ.
    """
    baths = as_list(environment, Bath, "heom")
    couplings = {name: op for name, (op, _) in site_couplings(system, baths).items()}
    if expansions is None:
        expansions = [approximate(b, decomposition, n_exponents=n_exponents) for b in baths]
    else:
        decomposition = "given"
    if len(expansions) != len(baths):
        raise ValueError(f"need one expansion per bath ({len(baths)}), got {len(expansions)}")
    for bath, expansion in zip(baths, expansions, strict=True):
        if not isinstance(expansion, Expansion):
            raise TypeError(
                f"expansions must be nesslab Expansion objects, got {type(expansion).__name__}"
            )
        check_temperature(expansion, bath, f"expansions entry for bath {bath.name!r}")
    modes = [len(e) for e in expansions]
    size = heom_size(system, list(couplings.values()), modes, depth)
    if size.nonzeros > max_nonzeros:
        raise MemoryError(
            f"HEOM too large: {size.n_ados} ADOs, {size.unknowns} unknowns, ~{size.nonzeros:.3g} "
            f"nonzeros (~{size.megabytes:.0f} MB before factorisation) > max_nonzeros = "
            f"{max_nonzeros:.3g}; lower depth or n_exponents, or raise max_nonzeros"
        )
    mode_baths = [b for b, count in enumerate(modes) for _ in range(count)]
    hierarchy = Hierarchy(
        HierarchyIndex(tuple(mode_baths), depth),
        tuple(couplings),
        tuple(couplings.values()),
        tuple(expansions),
    )
    coherent, parts = assemble_rhs(system.H, hierarchy)
    options = {"depth": depth, "n_exponents": modes, "decomposition": decomposition, "size": size}
    return Generator(
        approach="heom",
        system=system,
        space=HierarchySpace(system.dim, hierarchy.index.tiers),
        coherent=coherent,
        parts=parts,
        temperatures={bath.name: bath.temperature for bath in baths},
        options=options,
        heat_rows=heat_rows(hierarchy),
        details={"hierarchy": hierarchy},
    )


def hierarchy_of(generator: Generator) -> Hierarchy:
    """The :class:`Hierarchy` (ADO index, bath names, couplings, expansions) of a HEOM generator.

    Raises
    ------
    TypeError
        If ``generator`` was not built by the "heom" approach.
    """
    hierarchy = generator.details.get("hierarchy") if isinstance(generator, Generator) else None
    if not isinstance(hierarchy, Hierarchy):
        raise TypeError("hierarchy_of needs a generator of approach 'heom'")
    return hierarchy


def heom_size(system: System, couplings: list, modes: list[int], depth: int) -> HierarchySize:
    """Estimated ADOs, unknowns, nonzeros and memory of a HEOM (nothing is assembled)."""
    if int(depth) != depth or depth < 0:
        raise ValueError(f"depth must be an integer >= 0, got {depth!r}")
    return estimate_size(system.H, couplings, modes, int(depth))


__all__ = [
    "Hierarchy",
    "HierarchyIndex",
    "HierarchySize",
    "bath_currents",
    "heat_rows",
    "heom",
    "heom_size",
    "hierarchy_of",
    "system_currents",
]
