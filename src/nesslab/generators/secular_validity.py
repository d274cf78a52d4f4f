"""How far a secular approximation is from its parent generator: the coherences it drops.

The secular ("pauli", "global") and partial-secular generators drop the coupling between
populations and the coherences ρ_mn whose Bohr frequency ω_mn is outside their window. To first
order in rate/|ω| the parent generator (Lindbladian of the channels, or Bloch–Redfield of the
baths) drives each such coherence to

    c_mn = D(P)_mn / (iω_mn − d_mn),

with P the secular (Pauli) populations, D the parent dissipator and d_mn its diagonal entry.
``½ Σ |c_mn|`` over the dropped pairs bounds, at that order, the trace distance the dropped
coherences themselves make (the entrywise 1-norm bounds the trace norm); at the next order
they shift the populations by δP (``G δP = −diag D(C)``, G the Pauli generator), and
``½(Σ|c_mn| + Σ|δP_m|)`` is the *estimate* of :class:`SecularValidity`. A near-degenerate
pair (|ω_mn| comparable with the rates) makes it large; that is where the secular
approximation fails.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import scipy.linalg as la

from nesslab.superop import Term
from nesslab.system import System

ACCURACY = 1e-6
"""Default accuracy (trace distance, estimated): "pauli" warns above it and
"partial_secular"'s default window keeps every coherence needed to stay below it."""


class SecularApproximationWarning(UserWarning):
    """A secular approximation drops coherences that change the steady state."""


@dataclass(frozen=True)
class SecularValidity:
    """First-order size of the coherences a secular generator drops (module docstring).

    Attributes
    ----------
    estimate : float
        ``½(Σ|c_mn| + Σ|δP_m|)`` over the dropped pairs: estimated trace distance to the
        parent.
    pair : tuple of int, or None
        Eigenstate indices (ascending energy) of the largest dropped coherence.
    amplitude : float
        Its ``|c_mn|``.
    gap : float
        Its ``|E_m − E_n|`` (energy units).
    """

    estimate: float
    pair: tuple[int, int] | None
    amplitude: float
    gap: float

    def describe(self) -> str:
        """One line for notes and warnings."""
        if self.pair is None:
            return f"estimated trace distance {self.estimate:.1e} (no coherence dropped)"
        m, n = self.pair
        return (
            f"estimated trace distance {self.estimate:.1e} to the non-secular generator; the "
            f"largest dropped coherence is between eigenstates {m} and {n} (gap {self.gap:.2e},"
            f" first-order amplitude {self.amplitude:.1e})"
        )


def _apply(terms: list[Term], matrix: np.ndarray) -> np.ndarray:
    """``Σ c A X B`` over the terms (None: identity)."""
    total = np.zeros_like(matrix, dtype=complex)
    for coefficient, left, right in terms:
        product = matrix if left is None else left @ matrix
        total += coefficient * (product if right is None else product @ right)
    return total


def _diagonal(terms: list[Term], dim: int) -> np.ndarray:
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


def _rate_generator(rates: np.ndarray) -> np.ndarray:
    """``dP/dt = G P`` from the rates ``W[m, p]`` (p → m; the diagonal is ignored)."""
    rates = np.array(rates, dtype=float)
    np.fill_diagonal(rates, 0.0)
    return rates - np.diag(rates.sum(axis=0))


def _bordered_solve(generator: np.ndarray, rhs: np.ndarray, trace: float) -> np.ndarray | None:
    """``G x = rhs`` with ``Σ x = trace`` (the first equation replaced), or None if singular."""
    scale = float(np.abs(generator).max()) or 1.0
    bordered = generator / scale
    bordered[0, :] = 1.0
    rhs = np.array(rhs, dtype=float) / scale
    rhs[0] = trace
    try:
        solution = la.solve(bordered, rhs)
    except (la.LinAlgError, ValueError):
        return None
    return solution if np.all(np.isfinite(solution)) else None


def stationary_populations(rates: np.ndarray) -> np.ndarray | None:
    """The stationary distribution of the rates ``W[m, p]`` (p → m; diagonal ignored), or None."""
    return _bordered_solve(_rate_generator(rates), np.zeros(rates.shape[0]), 1.0)


@dataclass(frozen=True)
class SecularParent:
    """The non-secular parent of a secular generator, with its first-order coherences.

    Attributes
    ----------
    terms : list of Term
        The parent dissipator's terms in the eigenbasis (all parts together).
    bohr : ndarray
        Bohr frequencies ``E_m − E_n``.
    rates : ndarray
        Secular (Pauli) rates ``W[m, p]`` of the parent.
    populations : ndarray
        Their stationary populations P.
    coherences : ndarray
        First-order coherences ``c_mn = D(P)_mn / (iω_mn − d_mn)``.
    """

    terms: list[Term]
    bohr: np.ndarray
    rates: np.ndarray
    populations: np.ndarray
    coherences: np.ndarray

    def validity(self, dropped: np.ndarray) -> SecularValidity:
        """What dropping the coherences where ``dropped`` is True costs, to second order.

        ``estimate = ½(Σ|c_mn| + Σ|δP_m|)`` with δP the shift of the secular populations that
        the dropped coherences would cause (``G δP = −diag D(C)``, ``Σ δP = 0``).
        """
        mask = dropped & ~np.eye(self.bohr.shape[0], dtype=bool)
        dropped_coherences = np.where(mask, self.coherences, 0.0)
        amplitudes = np.abs(dropped_coherences)
        if not amplitudes.any():
            return SecularValidity(0.0, None, 0.0, 0.0)
        source = np.real(np.diag(_apply(self.terms, dropped_coherences)))
        shift = _bordered_solve(_rate_generator(self.rates), -source, 0.0)
        shifted = np.inf if shift is None else float(np.abs(shift).sum())
        m, n = np.unravel_index(int(np.argmax(amplitudes)), amplitudes.shape)
        return SecularValidity(
            float((amplitudes.sum() + shifted) / 2),
            (int(min(m, n)), int(max(m, n))),
            float(amplitudes[m, n]),
            float(abs(self.bohr[m, n])),
        )

    def window(self, accuracy: float, start: float = 0.0) -> float:
        """The smallest window (``start`` or a gap above it) within ``accuracy``.

        Coherences with ``|ω_mn| > window`` are dropped; the estimate falls as the window
        grows, so the candidates are bisected.
        """
        gaps = np.unique(np.abs(self.bohr))
        candidates = np.concatenate([[start], gaps[gaps > start]])
        low, high = 0, candidates.size - 1
        while low < high:
            middle = (low + high) // 2
            dropped = np.abs(self.bohr) > candidates[middle]
            if self.validity(dropped).estimate <= accuracy:
                high = middle
            else:
                low = middle + 1
        return float(candidates[low])


def secular_parent(
    system: System, terms: list[Term], populations: np.ndarray | None = None
) -> SecularParent | None:
    """The :class:`SecularParent` of ``terms``; None when the secular populations are not unique.

    ``populations`` (the secular generator's own) are computed from the terms if not given.
    """
    rates = pauli_rates(terms, system.dim)
    if populations is None:
        populations = stationary_populations(rates)
    if populations is None:
        return None
    energies = system.eigen[0]
    bohr = energies[:, None] - energies[None, :]
    source = _apply(terms, np.diag(populations).astype(complex))
    denominator = 1j * bohr - _diagonal(terms, system.dim)
    coherences = np.zeros_like(source)
    off = ~np.eye(system.dim, dtype=bool) & (denominator != 0)
    coherences[off] = source[off] / denominator[off]
    return SecularParent(terms, bohr, rates, populations, coherences)


def checked_accuracy(accuracy: float) -> float:
    """``accuracy`` as a float, or a ValueError naming it (a positive trace distance)."""
    if isinstance(accuracy, bool) or not isinstance(accuracy, (int, float)) or not accuracy > 0:
        raise ValueError(f"accuracy must be a positive trace distance, e.g. 1e-6; got {accuracy!r}")
    return float(accuracy)


def warn_if_invalid(approach: str, validity: SecularValidity | None, accuracy: float) -> None:
    """Warn (:class:`SecularApproximationWarning`) when the estimate exceeds ``accuracy``."""
    if validity is not None and validity.estimate > accuracy:
        advice = (
            "use the default tolerance (None: the window keeps such coherences) or a larger "
            "tolerance"
            if approach == "partial_secular"
            else "use approach='partial_secular' (its default window keeps such coherences) or "
            "the full generator"
        )
        warnings.warn(
            f"approach {approach!r}: {validity.describe()}, above the accuracy {accuracy:g}; "
            f"{advice}",
            SecularApproximationWarning,
            stacklevel=4,
        )
