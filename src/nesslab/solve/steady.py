"""Steady states of a Generator, each carrying the evidence of its own quality."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from nesslab.generators.base import Generator
from nesslab.solve.linalg import (
    NULL_TOL,
    ConvergenceError,
    NonUniqueSteadyStateError,
    Solution,
    bordered_system,
    null_vector,
)
from nesslab.solve.schur import schur_reduction
from nesslab.solve.sector import restrict, symmetric_sector
from nesslab.solve.tiers import tier_preconditioner

POSITIVITY_TOL = 1e-8
ESCALATE_CONDITION = 1e10
HEOM_ORDERING = "MMD_AT_PLUS_A"
# Incomplete-LU (ordering, drop tolerance) of "iterative" for vec(ρ) generators.
ILU_SETTINGS = ("COLAMD", 1e-8)
HEOM_ITERATIVE_SIZE = 2000
# The tier preconditioner (nesslab.solve.tiers) factorises the hierarchy up to the deepest tier
# whose ADOs number at most HEOM_LOW_ADOS (about 0.7 s of sparse LU for a qubit).
HEOM_LOW_ADOS = 1500
# GMRES on a hierarchy: restart length, restart cycles, and the normwise backward error
# |b − Ax|₂ / (|A|∞ |x̃|₂) at which it stops, with x̃ the preconditioned right-hand side (the
# unscaled ADOs reach 1e4 at strong coupling, so a residual relative to |b| alone stalls far
# above round-off).
HEOM_RESTART = 100
HEOM_MAX_RESTARTS = 30
HEOM_BACKWARD_ERROR = 1e-11


class PhysicalityWarning(UserWarning):
    """A state lost positivity or Hermiticity beyond tolerance."""


@dataclass(frozen=True)
class SteadyState:
    """A nonequilibrium steady state and its diagnostics.

    Attributes
    ----------
    rho : ndarray
        Density matrix in the site basis, Hermitian with unit trace.
    vector : ndarray
        The state in the generator's own space (vec ρ in its basis, or populations).
    generator : Generator
        The generator it solves.
    method : str
        Method that produced the state ("auto" resolves to "direct", "reduced" or "iterative";
        ``notes`` says why).
    residual : float
        ``‖L x‖₂`` of the returned state.
    relative_residual : float
        ``‖L x‖₂ / (‖L‖_F ‖x‖₂)``.
    trace_error, hermiticity_error : float
        ``|Tr ρ − 1|`` and ``max|ρ − ρ†|`` of the raw solution, before it was normalised and
        symmetrised.
    positivity_error : float
        ``max(0, −λ_min(ρ))``; a warning is issued above 1e-8.
    condition : float
        Condition estimate of the linear system actually solved (NaN if not estimated).
    seconds : float
        Wall time of the solve.
    notes : tuple of str
        Anything the user should know (reported, never hidden).
    """

    rho: np.ndarray
    vector: np.ndarray
    generator: Generator = field(repr=False)
    method: str
    residual: float
    relative_residual: float
    trace_error: float
    hermiticity_error: float
    positivity_error: float
    condition: float
    seconds: float
    notes: tuple[str, ...] = ()


def _solve_direct(gen: Generator) -> Solution:
    if gen.space == "hierarchy":
        vector, condition = null_vector(gen.matrix, gen.trace_row(), ordering=HEOM_ORDERING)
        return Solution(vector, condition, [f"sparse LU with {HEOM_ORDERING} ordering"], "direct")
    mask = symmetric_sector(gen)
    if mask is None:
        vector, condition = null_vector(gen.matrix, gen.trace_row())
        return Solution(vector, condition, [], "direct")
    sector_vector, condition = null_vector(restrict(gen.matrix, mask), gen.trace_row()[mask])
    vector = np.zeros(gen.size, dtype=complex)
    vector[mask] = sector_vector
    note = (
        f"solved in the {gen.system.symmetry!r}-symmetric sector ({int(mask.sum())} of "
        f"{mask.size} components); uniqueness checked within it"
    )
    return Solution(vector, condition, [note], "direct")


def _solve_eigen(gen: Generator) -> Solution:
    matrix = gen.matrix.toarray() if sp.issparse(gen.matrix) else np.asarray(gen.matrix)
    if matrix.shape[0] > 4096:
        raise ValueError("method='eigen' is dense; use 'direct' or 'iterative' above size 4096")
    _, singular, right = np.linalg.svd(matrix)
    dimension = int(np.sum(singular <= NULL_TOL * singular[0]))
    if dimension > 1:
        raise NonUniqueSteadyStateError(
            f"the steady state is not unique: null space of dimension {dimension}"
        )
    vector = right[-1].conj()
    vector = vector / (gen.trace_row() @ vector)
    condition = singular[0] / singular[-2] if singular.size > 1 else 1.0
    return Solution(vector, float(condition), [], "eigen")


def _solve_iterative(gen: Generator, tol: float = 1e-12, maxiter: int = 2000) -> Solution:
    bordered, rhs = bordered_system(sp.csc_matrix(gen.matrix), gen.trace_row())
    if gen.space == "hierarchy":
        return _solve_hierarchy_iterative(gen, sp.csr_matrix(bordered), rhs)
    bordered = sp.csc_matrix(bordered)
    ordering, drop_tol = ILU_SETTINGS
    try:
        ilu = spla.spilu(bordered, drop_tol=drop_tol, fill_factor=20, permc_spec=ordering)
        preconditioner = spla.LinearOperator(bordered.shape, ilu.solve, dtype=complex)
    except RuntimeError:
        preconditioner = None
    vector, info = spla.gmres(
        bordered, rhs, M=preconditioner, rtol=tol, atol=0.0, restart=200, maxiter=maxiter
    )
    if info != 0:
        raise ConvergenceError(
            f"GMRES did not converge (info={info}, rtol={tol:g}); try method='direct'"
        )
    return Solution(vector, np.nan, [f"gmres converged to rtol {tol:g}"], "iterative")


def _solve_hierarchy_iterative(
    gen: Generator, bordered: sp.csr_matrix, rhs: np.ndarray
) -> Solution:
    """GMRES with the tier preconditioner, stopped at a normwise backward error."""
    tiers = gen.hierarchy.index.tiers
    if tiers[-1] == 0:
        return _solve_direct(gen)
    counts = np.cumsum(np.bincount(tiers))
    low_depth = max(
        0, min(int(np.searchsorted(counts, HEOM_LOW_ADOS, side="right")) - 1, len(counts) - 2)
    )
    block = gen.system.dim**2
    preconditioner = tier_preconditioner(bordered, tiers, block, low_depth)
    estimate = preconditioner @ rhs
    scale = spla.norm(bordered, np.inf) * np.linalg.norm(estimate)
    iterations = [0]

    def count(_: float) -> None:
        iterations[0] += 1

    vector, info = spla.gmres(
        bordered,
        rhs,
        x0=estimate,
        M=preconditioner,
        rtol=0.0,
        atol=HEOM_BACKWARD_ERROR * scale,
        restart=HEOM_RESTART,
        maxiter=HEOM_MAX_RESTARTS,
        callback=count,
        callback_type="pr_norm",
    )
    backward = np.linalg.norm(rhs - bordered @ vector) / scale
    if info != 0:
        raise ConvergenceError(
            f"GMRES with the tier preconditioner did not converge in {iterations[0]} iterations "
            f"(backward error {backward:.1e} > {HEOM_BACKWARD_ERROR:g}); try method='direct'"
        )
    note = (
        f"gmres with the tier preconditioner (exact LU to tier {low_depth}): "
        f"{iterations[0]} iterations, backward error {backward:.1e}"
    )
    return Solution(vector, np.nan, [note], "iterative")


def _solve_reduced(gen: Generator) -> Solution:
    if gen.space != "density":
        direct = _solve_direct(gen)
        note = f"no reduction for space {gen.space!r}: direct solve"
        return direct._replace(notes=[*direct.notes, note])
    reduced = schur_reduction(gen)
    if reduced is None:
        direct = _solve_direct(gen)
        return direct._replace(notes=[*direct.notes, "no scale separation: direct solve"])
    return reduced


def _solve_auto(gen: Generator) -> Solution:
    """Method "direct", escalated to "reduced" when the direct system is ill conditioned.

    A hierarchy above ``HEOM_ITERATIVE_SIZE`` unknowns is solved by "iterative" first (3× faster
    than the sparse LU at 3003 ADOs, benchmarks/bench_heom.py), by "direct" if GMRES fails.
    """
    if gen.space == "hierarchy" and gen.size > HEOM_ITERATIVE_SIZE:
        try:
            return _solve_iterative(gen)
        except ConvergenceError as error:
            direct = _solve_direct(gen)
            return direct._replace(notes=[f"{error}: used 'direct'", *direct.notes])
    direct = _solve_direct(gen)
    if gen.space == "density" and direct.condition > ESCALATE_CONDITION:
        reduced = _solve_reduced(gen)
        note = (
            f"direct solve condition {direct.condition:.1e} > {ESCALATE_CONDITION:g}: "
            "used 'reduced'"
        )
        return reduced._replace(notes=[note, *reduced.notes])
    return direct


METHODS: dict[str, Callable[[Generator], Solution]] = {
    "auto": _solve_auto,
    "direct": _solve_direct,
    "eigen": _solve_eigen,
    "iterative": _solve_iterative,
    "reduced": _solve_reduced,
}


def steady_state(generator: Generator, method: str = "auto") -> SteadyState:
    """The unique steady state ``L x = 0``, ``Tr ρ = 1``, with diagnostics.

    Parameters
    ----------
    generator : Generator
        From :func:`nesslab.generator`.
    method : {"auto", "direct", "reduced", "eigen", "iterative"}
        ``"direct"``: sparse or dense LU of the generator bordered with the trace condition,
        row-equilibrated, with iterative refinement. ``"reduced"``: exact Schur-complement
        reduction in the energy eigenbasis onto populations and near-degenerate coherences
        (|Bohr frequency| ≤ 100 ‖D‖∞); the fast coherences are eliminated through a diagonally
        dominant block, so the solve stays well conditioned when the rates are 10⁻¹² of the level
        spacing. ``"eigen"``: dense SVD null vector. ``"iterative"``: GMRES with an
        incomplete-LU preconditioner. ``"auto"``: "direct", escalated to "reduced" when the
        condition estimate of the direct system exceeds 1e10 (``notes`` says so). For HEOM
        generators (space "hierarchy") "direct" orders the sparse LU with MMD_AT_PLUS_A (several
        times less fill than COLAMD on the nearly symmetric hierarchy pattern), "iterative" is
        GMRES with the tier preconditioner of :mod:`nesslab.solve.tiers` (exact LU up to the
        deepest tier with ≤ 1500 ADOs, one block sweep over the tiers above; stopped at a
        normwise backward error of 1e-11, ``notes`` gives the iterations), "reduced" is
        "direct", and "auto" is "iterative" above 2000 unknowns (falling back to "direct" if
        GMRES does not converge), "direct" below.

    Returns
    -------
    SteadyState

    Raises
    ------
    NonUniqueSteadyStateError
        If the null space has dimension > 1 (the message gives the dimension).
    ConvergenceError
        If an iterative solve does not converge.
    """
    if not isinstance(generator, Generator):
        raise TypeError("generator must be a nesslab Generator (see nesslab.generator)")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; valid methods: {', '.join(METHODS)}")
    start = time.perf_counter()
    solution = METHODS[method](generator)
    seconds = time.perf_counter() - start
    return _finish(generator, solution, seconds)


def _finish(gen: Generator, solution: Solution, seconds: float) -> SteadyState:
    raw = solution.vector
    rho_raw = gen.to_site(raw)
    trace = np.trace(rho_raw)
    trace_error = float(abs(trace - 1))
    hermiticity = float(np.abs(rho_raw - rho_raw.conj().T).max())
    rho = (rho_raw + rho_raw.conj().T) / 2
    rho = rho / np.trace(rho).real
    # A hierarchy keeps its auxiliary density operators: only the normalisation is applied.
    vector = raw / trace if gen.space == "hierarchy" else gen.from_site(rho)
    residual_vector = gen.matrix @ vector
    residual = float(np.linalg.norm(residual_vector))
    norm = spla.norm(gen.matrix) if sp.issparse(gen.matrix) else np.linalg.norm(gen.matrix)
    relative = residual / (float(norm) * float(np.linalg.norm(vector)) or 1.0)
    positivity = max(0.0, -float(np.linalg.eigvalsh(rho)[0]))
    notes = list(solution.notes)
    if positivity > POSITIVITY_TOL:
        message = (
            f"steady state of approach {gen.approach!r} has a negative eigenvalue "
            f"{-positivity:.3e} (positivity lost)"
        )
        notes.append(message)
        warnings.warn(message, PhysicalityWarning, stacklevel=3)
    return SteadyState(
        rho=rho,
        vector=vector,
        generator=gen,
        method=solution.method,
        residual=residual,
        relative_residual=relative,
        trace_error=trace_error,
        hermiticity_error=hermiticity,
        positivity_error=positivity,
        condition=float(solution.condition),
        seconds=seconds,
        notes=tuple(notes),
    )


def state_vector(generator: Generator, state: Any) -> np.ndarray:
    """The state in ``generator``'s space, from a SteadyState or a site-basis density matrix."""
    if isinstance(state, SteadyState):
        if state.generator is generator:
            return state.vector
        return generator.from_site(state.rho)
    rho = np.asarray(state, dtype=complex)
    if rho.shape != (generator.dim, generator.dim):
        raise ValueError(
            f"state must be a SteadyState or a {generator.dim}×{generator.dim} density matrix, "
            f"got shape {rho.shape}"
        )
    return generator.from_site(rho)
