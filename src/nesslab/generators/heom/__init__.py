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

import math
from collections.abc import Sequence
from typing import Any

import scipy.sparse as sp

from nesslab.environment import Expansion, approximate
from nesslab.environment.baths import Bath
from nesslab.environment.decomposition import check_exponents
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
from nesslab.generators.heom.index import _MAX_CODE, HierarchyIndex
from nesslab.generators.heom.terminator import (
    terminator_block,
    terminator_rows,
    terminator_strength,
)
from nesslab.limits import check_limit, count
from nesslab.spaces import HierarchySpace
from nesslab.system import System


def heom(
    system: System,
    environment: Any,
    depth: int,
    *,
    n_exponents: int = 4,
    decomposition: str = "pade",
    expansions: Sequence[Expansion] | None = None,
    max_nonzeros: int | None = None,
    terminator: bool = False,
) -> Generator:
    """HEOM generator of ``system`` coupled to bosonic Baths (no counter-term).

    The size is estimated from the number of modes (``n_exponents`` per bath, or the lengths
    of ``expansions``) and refused, if too large, before any decomposition or assembly.

    Parameters
    ----------
    system : System
        The system (H_S in the site basis).
    environment : Bath or list of Bath
        Baths with Hermitian couplings; Drude–Lorentz unless ``expansions`` are given.
    depth : int
        Hierarchy truncation tier ≥ 0 (ADOs with ``|n| > depth`` are set to zero).
    n_exponents : int
        Exponentials per bath, the Drude pole included (QuTiP's ``Nk`` is one less); at most
        43 for "pade" (:func:`nesslab.environment.decomposition.check_exponents`).
    decomposition : {"pade", "matsubara"}
        Analytic expansion of the Bose function (:func:`nesslab.environment.approximate`).
    expansions : sequence of Expansion, optional
        One expansion of C(t) per bath, in the order of ``environment``; overrides
        ``n_exponents``/``decomposition`` (e.g. ``approximate(bath, "fit", t_max=...)`` for a
        non-Drude spectral density). An expansion that records a temperature must have been
        made at its bath's temperature.
    max_nonzeros : int, optional
        Refuse to assemble when the estimated nonzeros of the RHS exceed this (default 5e7,
        about 1 GB before factorisation, or ``NESSLAB_MAX_NONZEROS``; :mod:`nesslab.limits`).
    terminator : bool
        Add each bath's terminator ``−Δ_α[Q_α, [Q_α, ·]]`` on every ADO, the white-noise
        limit of the poles a Padé or Matsubara expansion leaves out, and its share of the
        heat current (:mod:`nesslab.generators.heom.terminator`); analytic expansions only.

    Returns
    -------
    Generator
        On a :class:`~nesslab.spaces.HierarchySpace`; ``coherent = 1 ⊗ (−i[H_S, ·])``,
        ``parts[name]`` = every term of that bath, ``heat_rows`` the bath-side currents,
        ``details["hierarchy"]`` the :class:`Hierarchy` (:func:`hierarchy_of`);
        ``options["size"]`` the estimate, ``options["terminator"]`` each bath's Δ_α (None
        without terminators).

    Raises
    ------
    nesslab.limits.ResourceLimitError
        If the estimated nonzeros exceed ``max_nonzeros`` (a MemoryError; the message gives
        the counts).
    ValueError
        For an invalid ``n_exponents`` or ``depth``, more modes than the ADO index can label
        at this depth, an expansion made at another temperature than its bath, or a number
        of expansions different from the number of baths.
    """
    depth = count(depth, "depth")
    baths = as_list(environment, Bath, "heom")
    couplings = {name: op for name, (op, _) in site_couplings(system, baths).items()}
    modes = _mode_counts(baths, n_exponents, decomposition, expansions)
    size = heom_size(system, list(couplings.values()), modes, depth)
    check_limit(
        size.nonzeros,
        "max_nonzeros",
        max_nonzeros,
        f"HEOM too large: {size.n_ados} ADOs ({sum(modes)} modes, {modes} per bath, at depth "
        f"{depth}), {size.unknowns} unknowns, ~{size.megabytes:.0f} MB before factorisation; "
        "nonzeros",
        "lower depth or n_exponents",
    )
    _check_labels(modes, depth)
    mode_baths = [b for b, n in enumerate(modes) for _ in range(n)]
    index = HierarchyIndex(tuple(mode_baths), depth)
    if expansions is None:
        expansions = [approximate(b, decomposition, n_exponents=n_exponents) for b in baths]
    else:
        decomposition = "given"
    hierarchy = Hierarchy(index, tuple(couplings), tuple(couplings.values()), tuple(expansions))
    coherent, parts = assemble_rhs(system.H, hierarchy)
    rows = heat_rows(hierarchy)
    strengths = None
    if terminator:
        strengths = _add_terminators(system, baths, hierarchy, parts, rows)
    options = {
        "depth": depth,
        "n_exponents": modes,
        "decomposition": decomposition,
        "size": size,
        "terminator": strengths,
    }
    return Generator(
        approach="heom",
        system=system,
        space=HierarchySpace(system.dim, hierarchy.index.tiers),
        coherent=coherent,
        parts=parts,
        temperatures={bath.name: bath.temperature for bath in baths},
        options=options,
        heat_rows=rows,
        details={"hierarchy": hierarchy},
    )


def _add_terminators(
    system: System, baths: list[Bath], hierarchy: Hierarchy, parts: dict, rows: dict
) -> dict[str, float]:
    """Each bath's terminator into its part and heat row (in place); returns the Δ_α."""
    strengths = [
        terminator_strength(bath, expansion)
        for bath, expansion in zip(baths, hierarchy.expansions, strict=True)
    ]
    extra = terminator_rows(system.H, hierarchy, strengths)
    for bath, coupling, strength, row in zip(
        baths, hierarchy.couplings, strengths, extra, strict=True
    ):
        parts[bath.name] = parts[bath.name] + terminator_block(coupling, strength, hierarchy.n_ados)
        rows[bath.name] = sp.csr_array(rows[bath.name] + row)
    return {bath.name: strength for bath, strength in zip(baths, strengths, strict=True)}


def _mode_counts(
    baths: list[Bath],
    n_exponents: int,
    decomposition: str,
    expansions: Sequence[Expansion] | None,
) -> list[int]:
    """Modes of each bath, from ``n_exponents`` or the checked ``expansions`` (nothing built)."""
    if expansions is None:
        return [check_exponents(n_exponents, decomposition)] * len(baths)
    if len(expansions) != len(baths):
        raise ValueError(f"need one expansion per bath ({len(baths)}), got {len(expansions)}")
    for bath, expansion in zip(baths, expansions, strict=True):
        if not isinstance(expansion, Expansion):
            raise TypeError(
                f"expansions must be nesslab Expansion objects, got {type(expansion).__name__}"
            )
        check_temperature(expansion, bath, f"expansions entry for bath {bath.name!r}")
    return [len(expansion) for expansion in expansions]


def _check_labels(modes: list[int], depth: int) -> None:
    """Refuse more modes than :class:`HierarchyIndex` can encode (one int64 code per label)."""
    bits = math.log2(_MAX_CODE)
    if sum(modes) * math.log2(depth + 1) >= bits:
        raise ValueError(
            f"n_exponents: {sum(modes)} modes ({modes} per bath) at depth {depth} are more than "
            f"the HEOM index can label (modes · log2(depth + 1) < {bits:.0f}: at most "
            f"{math.ceil(bits / math.log2(depth + 1)) - 1} modes at this depth); lower "
            "n_exponents or depth"
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
    depth = count(depth, "depth")
    return estimate_size(system.H, couplings, modes, depth)


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
