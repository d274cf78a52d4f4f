"""Bloch–Redfield family in the energy eigenbasis: "redfield", "partial_secular", "global".

One tensor, three filters. With ``Λ = S ∘ Γ``, ``Γ[a, b] = S(E_b − E_a)/2`` (the real part of
the one-sided bath correlation transform; Lamb shift omitted as in the papers), each bath adds
(seed 000 Eqs. E2–E4)::

    D(ρ) = ΛρS + SρΛ† − SΛρ − ρΛ†S .

An entry coupling ρ_kl to ρ_mn is kept when ``|(E_m − E_n) − (E_k − E_l)| ≤ tolerance``:
``tolerance = ∞`` is Bloch–Redfield, ``tolerance → 0`` the secular (Davies) generator of the
global approach (seed 001 Eqs. 11–12, seed 002 Eq. 18) with degenerate Bohr frequencies kept
together, and anything in between the partial-secular approach (seed 002 Sec. IV).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.environment.baths import Bath, Channel
from nesslab.generators.base import Generator
from nesslab.generators.couplings import (
    as_list,
    bath_couplings,
    channel_terms,
    emission_matrix,
    environment_kind,
)
from nesslab.generators.jump_terms import redfield_jump_terms
from nesslab.generators.secular_criteria import largest_rate, sign_parts
from nesslab.generators.secular_validity import (
    ACCURACY,
    checked_accuracy,
    secular_parent,
    warn_if_invalid,
)
from nesslab.limits import (
    DENSE_TEMPORARIES,
    SPARSE_ENTRY_BYTES,
    check_limit,
    dense_megabytes,
    pair_count,
)
from nesslab.registry import lookup
from nesslab.spaces import DensitySpace
from nesslab.superop import Term, assemble, assemble_on_pairs, frequency_pairs
from nesslab.system import System

DEGENERACY_TOL = 1e-9
PAIR_BYTES = 160
"""Peak bytes per kept (row, column) pair while one filtered part is assembled: the pair
indices and the index and value temporaries of ``assemble_on_pairs`` (120–157 measured with
tracemalloc); each assembled part then keeps its CSR entries (``SPARSE_ENTRY_BYTES`` bound)."""


def redfield_terms(coupling: np.ndarray, emission: np.ndarray) -> list[Term]:
    """Redfield dissipator terms for eigenbasis coupling S and ``emission[a,b] = S(E_a − E_b)``."""
    lam = coupling * emission.T / 2
    lam_dag = lam.conj().T
    return [
        (1.0, lam, coupling),
        (1.0, coupling, lam_dag),
        (-1.0, coupling @ lam, None),
        (-1.0, None, lam_dag @ coupling),
    ]


def bath_terms(system: System, baths: list[Bath]) -> tuple[dict, dict]:
    """Bloch–Redfield terms (eigenbasis) and temperature of each bath, keyed by bath name."""
    terms, temperatures = {}, {}
    for name, (coupling, bath) in bath_couplings(system, baths).items():
        terms[name] = redfield_terms(coupling, emission_matrix(system, bath, coupling))
        temperatures[name] = bath.temperature
    return terms, temperatures


def _check_dense(approach: str, dim: int, n_parts: int, given: float | None) -> None:
    """Dense (tolerance ∞) parts and temporaries, checked before the eigendecomposition."""
    check_limit(
        dense_megabytes(dim * dim, n_parts + DENSE_TEMPORARIES),
        "max_memory_mb",
        given,
        f"{approach} generator of dimension {dim} ({n_parts} dense {dim * dim}×{dim * dim} "
        "parts), MB",
        'lower the dimension, or use approach="partial_secular" (sparse, filtered)',
    )


def _check_pairs(approach: str, pairs: int, n_parts: int, given: float | None) -> None:
    """Filtered parts: :data:`PAIR_BYTES` per kept pair, and each part's CSR entries."""
    check_limit(
        pairs * (PAIR_BYTES + n_parts * SPARSE_ENTRY_BYTES) / 1e6,
        "max_memory_mb",
        given,
        f"{approach} generator with {pairs} kept (row, column) pairs in each of {n_parts} "
        "parts, MB",
        "lower the dimension or the tolerance",
    )


def _filtered_generator(
    system: System,
    terms: dict,
    temperatures: dict,
    approach: str,
    tolerance: float,
    options: dict,
    max_memory_mb: float | None,
    baths: bool = True,
) -> Generator:
    """The generator of ``terms`` filtered by the frequency window ``tolerance``.

    ``baths``: the terms are Bloch–Redfield blocks of four, whose jump terms are kept for
    counting (:mod:`nesslab.generators.jump_terms`).
    """
    dim = system.dim
    space = DensitySpace(dim, system.eigen[1])
    frequencies = space.bohr_frequencies(system)
    coherent = sp.diags(-1j * frequencies, format="csr")
    pairs = None
    if np.isinf(tolerance):
        parts = {name: assemble(t, dim, sparse=False) for name, t in terms.items()}
    else:
        pairs = pair_count(frequencies, tolerance)
        _check_pairs(approach, pairs, len(terms), max_memory_mb)
        pairs = frequency_pairs(frequencies, tolerance)
        parts = {name: assemble_on_pairs(t, dim, *pairs) for name, t in terms.items()}
    return Generator(
        approach=approach,
        system=system,
        space=space,
        coherent=coherent,
        parts=parts,
        temperatures=temperatures,
        options={**options, "tolerance": tolerance},
        details={} if not baths else {"jump_terms": redfield_jump_terms(terms, pairs)},
    )


def degeneracy_tolerance(system: System, degeneracy_tol: float) -> float:
    """Absolute Bohr-frequency tolerance ``degeneracy_tol · max(1, max|E|)`` of ``system``."""
    energies = system.eigen[0]
    return degeneracy_tol * max(1.0, float(np.abs(energies).max()))


def redfield(system: System, environment: Any, *, max_memory_mb: float | None = None) -> Generator:
    """Bloch–Redfield generator (non-secular), one part per Bath (seed 000 App. E).

    Not guaranteed to preserve positivity; :func:`nesslab.steady_state` reports any loss.

    Parameters
    ----------
    max_memory_mb : float, optional
        Refuse, before the eigendecomposition, when the dense N²×N² parts and their
        temporaries (:mod:`nesslab.limits`) exceed this many MB (default 4000, or
        ``NESSLAB_MAX_MEMORY_MB``).

    Raises
    ------
    nesslab.limits.ResourceLimitError
        If the estimate exceeds ``max_memory_mb`` (a MemoryError).
    """
    baths = as_list(environment, Bath, "redfield")
    _check_dense("redfield", system.dim, _part_count(baths), max_memory_mb)
    terms, temperatures = bath_terms(system, baths)
    return _filtered_generator(system, terms, temperatures, "redfield", np.inf, {}, max_memory_mb)


def global_(
    system: System,
    environment: Any,
    *,
    degeneracy_tol: float = DEGENERACY_TOL,
    max_memory_mb: float | None = None,
) -> Generator:
    """Secular (Davies) GKSL generator for thermal Baths (seed 001 Eqs. 11–12).

    Parameters
    ----------
    degeneracy_tol : float
        Bohr frequencies closer than ``degeneracy_tol · max(1, max|E|)`` count as degenerate
        and their terms are kept together.
    max_memory_mb : float, optional
        Refuse, before assembly, when the kept pairs (:data:`PAIR_BYTES` each) and the parts'
        entries exceed this many MB (default 4000, or ``NESSLAB_MAX_MEMORY_MB``).

    Raises
    ------
    nesslab.limits.ResourceLimitError
        If the estimate exceeds ``max_memory_mb`` (a MemoryError).
    """
    terms, temperatures = bath_terms(system, as_list(environment, Bath, "global"))
    tolerance = degeneracy_tolerance(system, degeneracy_tol)
    options = {"degeneracy_tol": degeneracy_tol}
    return _filtered_generator(
        system, terms, temperatures, "global", tolerance, options, max_memory_mb
    )


def partial_secular(
    system: System,
    environment: Any,
    *,
    tolerance: float | str | None = None,
    criterion: str = "window",
    accuracy: float = ACCURACY,
    max_memory_mb: float | None = None,
) -> Generator:
    """Partial-secular generator: Redfield (Baths) or a Lindbladian (Channels), filtered.

    Keeps every term that couples coherences whose Bohr frequencies differ by at most
    ``tolerance``. For Baths this interpolates between "redfield" (tolerance → ∞) and
    "global" (tolerance → 0); for Channels it is the secularisation of the given Lindbladian in
    the eigenbasis (seed 000 App. C), whose tolerance → 0 limit has the Pauli rates of Eq. C2.

    Parameters
    ----------
    criterion : {"window", "frequency_sign"}
        ``"window"``: the frequency window ``tolerance``. ``"frequency_sign"``: every pair of
        Fourier components of a coupling with the same frequency sign is kept and every pair of
        opposite sign dropped, at any rates — seed 002's partial-secular equation
        (:mod:`nesslab.generators.secular_criteria`); ``tolerance`` must be None and
        ``accuracy`` bounds what the dropped pairs cost before a warning.
    tolerance : float or "rates", optional
        Frequency window (energy units). ``"rates"``: the largest single transition rate of
        the environment (``max |S_ab|² S(E_a − E_b)`` over baths, ``max rate·|L_ab|²`` over
        channels), i.e. terms are kept where their frequency mismatch is slower than the
        fastest dissipative process (seed 002 Sec. IV). Default (None): the larger of that and
        the smallest window whose dropped coherences stay below ``accuracy``
        (:mod:`nesslab.generators.secular_validity`), so that a near-degenerate pair is never
        dropped silently.
    accuracy : float
        Trace-distance accuracy (estimated, > 0) of the default window; with an explicit
        ``tolerance``, a :class:`~nesslab.generators.secular_validity.SecularApproximationWarning`
        is issued when the dropped coherences exceed it.
    max_memory_mb : float, optional
        As for :func:`global_`: the kept pairs and the parts' entries, checked before
        assembly (default 4000 MB, or ``NESSLAB_MAX_MEMORY_MB``).

    Returns
    -------
    Generator
        ``details["secular_validity"]``: the
        :class:`~nesslab.generators.secular_validity.SecularValidity` of what it drops.

    Raises
    ------
    ValueError
        For an unknown criterion (the valid ones listed), a bad ``tolerance``, or a
        ``tolerance`` given with ``criterion="frequency_sign"``.
    nesslab.limits.ResourceLimitError
        If the estimate exceeds ``max_memory_mb`` (a MemoryError).

    Notes
    -----
    Seed 002's dimer checks it against the local approach at weak inter-system coupling and
    against the global one at strong coupling (``tests/test_observables.py``).
    """
    checked_accuracy(accuracy)
    build = lookup(_CRITERIA, criterion, "criterion")
    return build(system, environment, tolerance, accuracy, max_memory_mb)


def _window(
    system: System, environment: Any, tolerance: Any, accuracy: float, max_memory_mb: Any
) -> Generator:
    kind = environment_kind(environment)
    if isinstance(tolerance, (int, float)) and np.isinf(float(tolerance)):
        _check_dense("partial_secular", system.dim, _part_count(environment), max_memory_mb)
    if kind is Bath:
        terms, temperatures = bath_terms(system, as_list(environment, Bath, "partial_secular"))
    else:
        terms, temperatures = channel_terms(system, environment, "partial_secular", system.eigen[1])
    parent = secular_parent(system, [term for part in terms.values() for term in part])
    explicit = tolerance is not None
    if tolerance is None or (isinstance(tolerance, str) and tolerance == "rates"):
        rates = largest_rate(system, environment, kind)
        adaptive = tolerance is None and parent is not None
        tolerance = parent.window(accuracy, rates) if adaptive else rates
    elif isinstance(tolerance, str):
        raise ValueError(f"tolerance must be a number, 'rates' or None, got {tolerance!r}")
    tolerance = float(tolerance)
    if not tolerance >= 0:
        raise ValueError(f"tolerance must be >= 0, got {tolerance!r}")
    tolerance = max(tolerance, degeneracy_tolerance(system, DEGENERACY_TOL))
    validity = None
    if parent is not None:
        validity = parent.validity(tolerance)
        if explicit:
            warn_if_invalid("partial_secular", validity, accuracy)
    generator = _filtered_generator(
        system, terms, temperatures, "partial_secular", tolerance, {}, max_memory_mb, kind is Bath
    )
    return replace(
        generator,
        options={**generator.options, "accuracy": accuracy},
        details={**generator.details, "secular_validity": validity},
    )


def _part_count(environment: Any) -> int:
    """Parts of a generator: one per Bath, or per channel name."""
    items = [environment] if isinstance(environment, (Bath, Channel)) else list(environment)
    return len({item.name for item in items})


def _frequency_sign(
    system: System, environment: Any, tolerance: Any, accuracy: float, max_memory_mb: Any
) -> Generator:
    if tolerance is not None:
        raise ValueError(
            "tolerance applies to criterion='window' only; criterion='frequency_sign' keeps "
            f"every same-sign pair at any frequency difference (got tolerance={tolerance!r})"
        )
    _check_dense("partial_secular", system.dim, _part_count(environment), max_memory_mb)
    zero = degeneracy_tolerance(system, DEGENERACY_TOL)
    kept, temperatures, validity = sign_parts(system, environment, zero, accuracy)
    baths = environment_kind(environment) is Bath
    generator = _filtered_generator(
        system, kept, temperatures, "partial_secular", np.inf, {}, max_memory_mb, baths
    )
    options = {"criterion": "frequency_sign", "accuracy": accuracy}
    details = {**generator.details, "secular_validity": validity}
    return replace(generator, options=options, details=details)


_CRITERIA = {"window": _window, "frequency_sign": _frequency_sign}
