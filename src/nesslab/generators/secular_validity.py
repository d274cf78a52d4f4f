"""How far a secular approximation is from its parent generator: the coherences it drops.

The secular ("pauli", "global") and partial-secular generators drop the coupling between
the components they keep (K: the populations and, for a partial-secular window, the
coherences inside it) and the coherences ρ_mn whose Bohr frequency ω_mn is outside their
window. Let X_K be the stationary state on K alone (the secular populations P for "pauli";
:func:`~nesslab.generators.term_algebra.kept_state`). To first order in rate/|ω| the parent
generator (Lindbladian of the channels, or Bloch–Redfield of the baths) drives each dropped
coherence to

    c_mn = D(X_K)_mn / (iω_mn − d_mn),

with D the parent dissipator and d_mn its diagonal entry. ``½ Σ |c_mn|`` bounds, at that
order, the trace distance the dropped coherences themselves make (the entrywise 1-norm bounds
the trace norm); at the next order they shift the kept components by δ
(``L_KK δ = −D(C)_K``, ``Tr δ = 0``), and ``½(Σ|c_mn| + Σ|δ|)`` is the *estimate* of
:class:`SecularValidity`. A near-degenerate pair (|ω_mn| comparable with the rates) makes it
large; that is where the secular approximation fails. A criterion that drops terms rather
than components (``partial_secular``'s "frequency_sign") gives its own source
:meth:`SecularParent.first_order`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from nesslab.generators.term_algebra import (
    apply_terms,
    bordered_solve,
    kept_state,
    pauli_rates,
    rate_generator,
    stationary_populations,
    term_block,
    term_diagonal,
)
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


@dataclass(frozen=True)
class SecularParent:
    """The non-secular parent of a secular generator, and what dropping parts of it costs.

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
    """

    terms: list[Term]
    bohr: np.ndarray
    rates: np.ndarray
    populations: np.ndarray

    @cached_property
    def diagonal(self) -> np.ndarray:
        """``d_mn``, the diagonal of the parent D."""
        return term_diagonal(self.terms, self.bohr.shape[0])

    @property
    def largest_decay(self) -> float:
        """``max_m (−d_mm)``: the fastest population decay rate of the parent."""
        return float(np.max(-np.real(np.diag(self.diagonal)), initial=0.0))

    def validity(self, window: float, populations_only: bool = False) -> SecularValidity:
        """What a secular filter of ``window`` costs, to second order in rate/|ω|.

        The filter drops every coupling between two components whose Bohr frequencies differ
        by more than ``window`` (energy units); its kept set K is the populations and the
        coherences with ``|ω_mn| ≤ window`` (the populations alone with
        ``populations_only``, the Pauli equation). X_K, the stationary state of the filtered
        generator on K, feeds the dropped couplings; :meth:`first_order` turns that source
        into the estimate.
        """
        dim = self.bohr.shape[0]
        diagonal = np.eye(dim, dtype=bool)
        kept = diagonal if populations_only else diagonal | (np.abs(self.bohr) <= window)
        if not (kept & ~diagonal).any():  # the populations alone: X_K = diag(P)
            source = apply_terms(self.terms, np.diag(self.populations).astype(complex))
            return self.first_order(np.where(diagonal, 0.0, source), kept)
        state = kept_state(self.terms, self.bohr, kept, window)
        if state is None:
            return SecularValidity(np.inf, None, np.inf, 0.0)
        rows, cols = np.nonzero(kept)
        every = np.indices((dim, dim)).reshape(2, -1)
        couplings = term_block(self.terms, (every[0], every[1]), (rows, cols))
        dropped = np.abs(self.bohr.ravel()[:, None] - self.bohr[rows, cols][None, :]) > window
        source = (np.where(dropped, couplings, 0) @ state[rows, cols]).reshape(dim, dim)
        return self.first_order(source, kept)

    def first_order(self, source: np.ndarray, kept: np.ndarray) -> SecularValidity:
        """The estimate from ``source``, what the dropped terms add to ``dρ/dt`` at X_K.

        Outside ``kept`` (fast coherences): ``c_mn = source_mn / (iω_mn − d_mn)``. Inside,
        the shift δ of the kept components (``L_KK δ = −[source + D(C)]_K``, ``Tr δ = 0``).
        Estimate ``½(Σ|c_mn| + Σ|δ|)``, the entrywise 1-norm bounding the trace norm.
        """
        fast = ~kept
        denominator = 1j * self.bohr - self.diagonal
        coherences = np.zeros_like(source, dtype=complex)
        solvable = fast & (denominator != 0)
        coherences[solvable] = source[solvable] / denominator[solvable]
        amplitudes = np.abs(coherences)
        inside = np.where(kept, source, 0.0)
        if not amplitudes.any() and not inside.any():
            return SecularValidity(0.0, None, 0.0, 0.0)
        feedback = inside + np.where(kept, apply_terms(self.terms, coherences), 0.0)
        rows, cols = np.nonzero(kept)
        if np.array_equal(rows, cols):  # the populations alone: the Pauli generator
            block = rate_generator(self.rates)
            feedback = feedback.real
        else:
            block = term_block(self.terms, (rows, cols)) - 1j * np.diag(self.bohr[rows, cols])
        shift = bordered_solve(block, -feedback[rows, cols], rows == cols, 0.0)
        shifted = np.inf if shift is None else float(np.abs(shift).sum())
        estimate = float((amplitudes.sum() + shifted) / 2)
        if not amplitudes.any():
            return SecularValidity(estimate, None, 0.0, 0.0)
        m, n = np.unravel_index(int(np.argmax(amplitudes)), amplitudes.shape)
        return SecularValidity(
            estimate,
            (int(min(m, n)), int(max(m, n))),
            float(amplitudes[m, n]),
            float(abs(self.bohr[m, n])),
        )

    def window(self, accuracy: float, start: float = 0.0) -> float:
        """The smallest window whose :meth:`validity` is within ``accuracy``.

        Candidates: ``start``, every gap above it, and ``2 max|ω|`` (nothing dropped). The
        estimate falls as the window grows, so the candidates are searched by galloping up from
        the smallest, then bisection.
        """
        gaps = np.unique(np.abs(self.bohr))
        candidates = np.concatenate([[start], gaps[gaps > start], [2 * gaps[-1]]])

        def within(index: int) -> bool:
            return self.validity(float(candidates[index])).estimate <= accuracy

        # Gallop from the smallest window (the answer is usually near it, where the kept
        # block is small), then bisect the last bracket. The last candidate drops nothing.
        low, index, step = 0, 0, 1
        while index < candidates.size - 1 and not within(index):
            low, index, step = index + 1, min(index + step, candidates.size - 1), 2 * step
        high = index
        while low < high:
            middle = (low + high) // 2
            if within(middle):
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
    return SecularParent(terms, energies[:, None] - energies[None, :], rates, populations)


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
