"""Dissipators written as terms ``D(X) = Σ c A X B`` (:data:`nesslab.superop.Term`).

In the energy eigenbasis: applied to a matrix, their diagonal and blocks, the Pauli rates of
their secular limit, and stationary states of a block of components.

What the secular-validity estimates (:mod:`nesslab.generators.secular_validity`) and the
partial-secular criteria (:mod:`nesslab.generators.secular_criteria`) compute with, without
assembling the N²×N² superoperator.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as la

from nesslab.superop import Term


def apply_terms(terms: list[Term], matrix: np.ndarray) -> np.ndarray:
    """``Σ c A X B`` over the terms (None: identity)."""
    total = np.zeros_like(matrix, dtype=complex)
    for coefficient, left, right in terms:
        product = matrix if left is None else left @ matrix
        total += coefficient * (product if right is None else product @ right)
    return total


def term_diagonal(terms: list[Term], dim: int) -> np.ndarray:
    """``d_mn``: the coefficient of X_mn in D(X)_mn."""
    ones = np.ones(dim)
    return sum(
        coefficient
        * np.outer(
            ones if left is None else np.diag(left), ones if right is None else np.diag(right)
        )
        for coefficient, left, right in terms
    )


def pauli_rates(terms: list[Term], dim: int) -> np.ndarray:
    """``W[m, p]``: the rate p → m of the secular limit, ``Re D(|p⟩⟨p|)_mm`` (m ≠ p)."""
    identity = np.eye(dim)
    rates = sum(
        coefficient
        * (identity if left is None else left)
        * (identity if right is None else right).T
        for coefficient, left, right in terms
    )
    rates = np.real(rates)
    np.fill_diagonal(rates, 0.0)
    return rates


def rate_generator(rates: np.ndarray) -> np.ndarray:
    """``dP/dt = G P`` from the rates ``W[m, p]`` (p → m; the diagonal is ignored)."""
    rates = np.array(rates, dtype=float)
    np.fill_diagonal(rates, 0.0)
    return rates - np.diag(rates.sum(axis=0))


def term_block(
    terms: list[Term],
    rows: tuple[np.ndarray, np.ndarray],
    cols: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Entries of D from the components ``cols`` (default ``rows``) to the components ``rows``.

    Components are ``(m_i, n_i)`` index pairs. The coefficient of X_pq in
    ``D(X)_mn = Σ c A X B`` is ``Σ c A_mp B_qn`` (identity: δ).
    """
    m, n = (index[:, None] for index in rows)
    p, q = (index[None, :] for index in (rows if cols is None else cols))
    block = np.zeros((m.size, p.size), dtype=complex)
    for coefficient, left, right in terms:
        a = (m == p) if left is None else left[m, p]
        b = (q == n) if right is None else right[q, n]
        block += coefficient * a * b
    return block


def bordered_solve(
    generator: np.ndarray, rhs: np.ndarray, trace_row: np.ndarray, trace: float
) -> np.ndarray | None:
    """``G x = rhs`` with ``trace_row · x = trace``, or None if singular.

    The first equation of a population is replaced (trace preservation makes it redundant).
    """
    scale = float(np.abs(generator).max()) or 1.0
    bordered = generator / scale
    rhs = np.array(rhs, dtype=bordered.dtype) / scale
    first = int(np.flatnonzero(trace_row)[0])
    bordered[first, :] = trace_row
    rhs[first] = trace
    try:
        solution = la.solve(bordered, rhs)
    except (la.LinAlgError, ValueError):
        return None
    return solution if np.all(np.isfinite(solution)) else None


def stationary_populations(rates: np.ndarray) -> np.ndarray | None:
    """The stationary distribution of the rates ``W[m, p]`` (p → m; diagonal ignored), or None."""
    generator = rate_generator(rates)
    return bordered_solve(generator, np.zeros(rates.shape[0]), np.ones(rates.shape[0]), 1.0)


def kept_state(
    terms: list[Term], bohr: np.ndarray, kept: np.ndarray, window: float | None = None
) -> np.ndarray | None:
    """The stationary state (trace 1) of ``−iω + D`` (D: ``terms``) on the ``kept`` components.

    ``kept`` holds the populations and the coherences solved with them; with coherences, the
    zeroth-order state of a partial-secular generator. ``window``: drop the couplings between
    kept components whose Bohr frequencies differ by more than it (a secular filter). None
    when that block has no unique stationary state.
    """
    rows, cols = np.nonzero(kept)
    frequencies = bohr[rows, cols]
    block = term_block(terms, (rows, cols)) - 1j * np.diag(frequencies)
    if window is not None:
        block[np.abs(frequencies[:, None] - frequencies[None, :]) > window] = 0
    solution = bordered_solve(block, np.zeros(rows.size), rows == cols, 1.0)
    if solution is None:
        return None
    state = np.zeros(bohr.shape, dtype=complex)
    state[rows, cols] = solution
    return state
