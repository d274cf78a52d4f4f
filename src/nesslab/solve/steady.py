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

from nesslab.generators.base import Generator, in_eigenbasis
from nesslab.solve.linalg import (
    NULL_TOL,
    ConvergenceError,
    NonUniqueSteadyStateError,
    bordered_system,
    null_space_dimension,
    null_vector,
)

POSITIVITY_TOL = 1e-8
SLOW_WINDOW = 100.0
ESCALATE_CONDITION = 1e10
JACOBI_MAXITER = 200


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
        Method requested ("auto" records in ``notes`` whether it escalated).
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


def symmetric_sector(gen: Generator) -> np.ndarray | None:
    """Mask of the vec(ρ) components that commute with the system's symmetry.

    The mask is returned only if the generator leaves those components invariant (a weak
    symmetry: H commutes with the symmetry and every bath respects it). Returns ``None`` when
    there is no symmetry, the basis does not diagonalise it, or the environment breaks it.
    """
    system = gen.system
    if system.symmetry is None or gen.space != "density":
        return None
    if gen.basis is None:
        symmetry = system.op(system.symmetry)
        labels = np.round(np.real(np.diag(symmetry)), 8)
        if np.abs(symmetry - np.diag(np.diag(symmetry))).max() > 1e-12:
            return None
    else:
        labels = system.sectors
    mask = (labels[:, None] == labels[None, :]).ravel(order="F")
    if mask.all():
        return None
    matrix = gen.matrix
    if sp.issparse(matrix):
        entries = matrix.tocoo()
        leaking = ~mask[entries.row] & mask[entries.col]
        leak_size = float(np.abs(entries.data[leaking]).max()) if leaking.any() else 0.0
        scale = float(np.abs(entries.data).max())
    else:
        leak_size = float(np.abs(matrix[np.ix_(~mask, mask)]).max())
        scale = float(np.abs(matrix).max())
    return mask if leak_size <= 1e-12 * scale else None


def _restrict(matrix: Any, mask: np.ndarray) -> Any:
    if not sp.issparse(matrix):
        return matrix[np.ix_(mask, mask)]
    entries = matrix.tocoo()
    keep = mask[entries.row] & mask[entries.col]
    position = np.cumsum(mask) - 1
    size = int(mask.sum())
    return sp.csr_matrix(
        (entries.data[keep], (position[entries.row[keep]], position[entries.col[keep]])),
        shape=(size, size),
    )


def _solve_direct(gen: Generator) -> tuple[np.ndarray, float, list[str]]:
    mask = symmetric_sector(gen)
    if mask is None:
        vector, condition = null_vector(gen.matrix, gen.trace_row())
        return vector, condition, []
    sector_vector, condition = null_vector(_restrict(gen.matrix, mask), gen.trace_row()[mask])
    vector = np.zeros(gen.size, dtype=complex)
    vector[mask] = sector_vector
    note = (
        f"solved in the {gen.system.symmetry!r}-symmetric sector ({int(mask.sum())} of "
        f"{mask.size} components); uniqueness checked within it"
    )
    return vector, condition, [note]


def _solve_eigen(gen: Generator) -> tuple[np.ndarray, float, list[str]]:
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
    return vector, float(condition), []


def _solve_iterative(gen: Generator, tol: float = 1e-12, maxiter: int = 2000) -> tuple:
    bordered, rhs = bordered_system(sp.csc_matrix(gen.matrix), gen.trace_row())
    bordered = sp.csc_matrix(bordered)
    try:
        ilu = spla.spilu(bordered, drop_tol=1e-8, fill_factor=20)
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
    return vector, np.nan, [f"gmres converged to rtol {tol:g}"]


def _solve_reduced(gen: Generator) -> tuple[np.ndarray, float, list[str]]:
    """Exact Schur-complement reduction onto the slow (secular) block in the eigenbasis.

    Fast components F are the coherences with ``|ω| > SLOW_WINDOW · ‖D‖_∞``; on them the generator
    is ``−iω + D`` with a Jacobi contraction below ``1/(SLOW_WINDOW − 1)``, so ``L_FF⁻¹ L_FS`` is
    obtained by Jacobi iteration to machine precision. The reduced matrix on the slow block (of
    the size of the rates, rescaled to order one) is then solved with the trace condition.
    """
    if gen.space == "populations":
        return _solve_direct(gen)
    eigen = in_eigenbasis(gen)
    notes = [] if eigen is gen else ["solved in the energy eigenbasis"]
    matrix = eigen.matrix
    dissipator = matrix - eigen.coherent
    dense = not sp.issparse(dissipator)
    rate_scale = float(abs(dissipator).sum(axis=1).max()) or 1.0
    slow = np.abs(eigen.frequencies) <= SLOW_WINDOW * rate_scale
    n_slow = int(slow.sum())
    if n_slow > eigen.size // 2:
        vector, condition, _ = _solve_direct(eigen)
        return _back(gen, eigen, vector), condition, notes + ["no scale separation: full solve"]
    fast = ~slow
    dissipator = np.asarray(dissipator) if dense else sp.csr_matrix(dissipator)
    block_ff = dissipator[np.ix_(fast, fast)] if dense else dissipator[fast][:, fast]
    block_fs = dissipator[np.ix_(fast, slow)] if dense else dissipator[fast][:, slow].toarray()
    block_sf = dissipator[np.ix_(slow, fast)] if dense else dissipator[slow][:, fast]
    diagonal = block_ff.diagonal().copy()
    off_diagonal = block_ff - (np.diag(diagonal) if dense else sp.diags(diagonal))
    inverse_diagonal = 1.0 / (-1j * eigen.frequencies[fast] + diagonal)
    coupling = inverse_diagonal[:, None] * block_fs
    for _ in range(JACOBI_MAXITER):
        update = inverse_diagonal[:, None] * (block_fs - off_diagonal @ coupling)
        change = np.abs(update - coupling).max()
        coupling = update
        if change <= 1e-17 * np.abs(coupling).max():
            break
    else:
        raise ConvergenceError("Jacobi elimination of the fast coherences did not converge")
    slow_block = (
        np.asarray(matrix[np.ix_(slow, slow)])
        if dense
        else (sp.csr_matrix(matrix)[slow][:, slow].toarray())
    )
    reduced = (slow_block - block_sf @ coupling) / rate_scale
    dimension = null_space_dimension(reduced)
    if dimension != 1:
        raise NonUniqueSteadyStateError(
            f"the steady state is not unique: the slow (secular) block has a null space of "
            f"dimension {dimension} (relative tolerance {NULL_TOL:g})"
        )
    slow_vector, condition = null_vector(reduced, eigen.trace_row()[slow])
    vector = np.zeros(eigen.size, dtype=complex)
    vector[slow] = slow_vector
    vector[fast] = -coupling @ slow_vector
    notes.append(f"Schur reduction onto {n_slow} slow components (window {SLOW_WINDOW:g}·‖D‖∞)")
    return _back(gen, eigen, vector), condition, notes


def _back(original: Generator, solved: Generator, vector: np.ndarray) -> np.ndarray:
    if solved is original:
        return vector
    return original.from_site(solved.to_site(vector))


def _solve_auto(gen: Generator) -> tuple[np.ndarray, float, list[str]]:
    """Method "direct", escalated to "reduced" when the direct system is ill conditioned."""
    vector, condition, notes = _solve_direct(gen)
    if gen.space == "density" and condition > ESCALATE_CONDITION:
        reduced, reduced_condition, reduced_notes = _solve_reduced(gen)
        note = f"direct solve condition {condition:.1e} > {ESCALATE_CONDITION:g}: used 'reduced'"
        return reduced, reduced_condition, [note, *reduced_notes]
    return vector, condition, notes


METHODS: dict[str, Callable[[Generator], tuple[np.ndarray, float, list[str]]]] = {
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
        condition estimate of the direct system exceeds 1e10 (``notes`` says so).

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
    raw, condition, notes = METHODS[method](generator)
    seconds = time.perf_counter() - start
    return _finish(generator, raw, method, condition, seconds, notes)


def _finish(
    gen: Generator, raw: np.ndarray, method: str, condition: float, seconds: float, notes: list
) -> SteadyState:
    rho_raw = gen.to_site(raw)
    trace = np.trace(rho_raw)
    trace_error = float(abs(trace - 1))
    hermiticity = float(np.abs(rho_raw - rho_raw.conj().T).max())
    rho = (rho_raw + rho_raw.conj().T) / 2
    rho = rho / np.trace(rho).real
    vector = gen.from_site(rho)
    residual_vector = gen.matrix @ vector
    residual = float(np.linalg.norm(residual_vector))
    norm = spla.norm(gen.matrix) if sp.issparse(gen.matrix) else np.linalg.norm(gen.matrix)
    relative = residual / (float(norm) * float(np.linalg.norm(vector)) or 1.0)
    positivity = max(0.0, -float(np.linalg.eigvalsh(rho)[0]))
    notes = list(notes)
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
        method=method,
        residual=residual,
        relative_residual=relative,
        trace_error=trace_error,
        hermiticity_error=hermiticity,
        positivity_error=positivity,
        condition=float(condition),
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
