"""Gaussian states and Wick (Isserlis) expectations of normal-ordered polynomials.

A Gaussian state is fixed by its means ``α_k = ⟨a_k⟩`` and the normal-ordered covariances of
the fluctuations ``δa = a − α``: ``N_jk = ⟨δa_j† δa_k⟩`` and ``A_jk = ⟨δa_j δa_k⟩``. For a
normal-ordered product the Wick theorem holds with these (normal-ordered) contractions:
``⟨δa†…δa⟩`` is the hafnian (sum over perfect matchings) of the pair contractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from nesslab.gaussian.modes import substitute
from nesslab.gaussian.polynomial import Key, Polynomial


@dataclass(frozen=True)
class GaussianState:
    """A bosonic Gaussian state of M modes.

    Parameters
    ----------
    means : array_like, shape (M,)
        ``⟨a_k⟩``.
    normal : array_like, shape (M, M)
        ``N_jk = ⟨δa_j† δa_k⟩`` (Hermitian, positive semidefinite; ``N_kk`` is the thermal-like
        occupation of the fluctuations).
    anomalous : array_like, shape (M, M), optional
        ``A_jk = ⟨δa_j δa_k⟩`` (symmetric; zero for number-conserving models).

    Raises
    ------
    ValueError
        For shapes that do not fit, a non-Hermitian ``normal`` or non-symmetric ``anomalous``.
    """

    means: np.ndarray
    normal: np.ndarray
    anomalous: np.ndarray | None = None

    def __post_init__(self) -> None:
        alpha = np.atleast_1d(np.asarray(self.means, dtype=complex))
        m = alpha.size
        n = np.asarray(self.normal, dtype=complex)
        if alpha.ndim != 1 or n.shape != (m, m):
            raise ValueError(f"normal must have shape ({m}, {m}) for {m} means, got {n.shape}")
        a = np.zeros((m, m), complex) if self.anomalous is None else np.asarray(self.anomalous)
        if a.shape != (m, m):
            raise ValueError(f"anomalous must have shape ({m}, {m}), got {a.shape}")
        scale = max(1.0, float(np.abs(n).max()), float(np.abs(a).max()))
        if np.abs(n - n.conj().T).max() > 1e-8 * scale:
            raise ValueError("normal must be Hermitian: N_jk = ⟨δa_j† δa_k⟩ = conj(N_kj)")
        if np.abs(a - a.T).max() > 1e-8 * scale:
            raise ValueError("anomalous must be symmetric: A_jk = ⟨δa_j δa_k⟩ = A_kj")
        object.__setattr__(self, "means", alpha)
        object.__setattr__(self, "normal", (n + n.conj().T) / 2)
        object.__setattr__(self, "anomalous", (a + a.T).astype(complex) / 2)

    @property
    def n_modes(self) -> int:
        """Number of modes M."""
        return self.means.size

    def second_moments(self) -> tuple[np.ndarray, np.ndarray]:
        """Full moments ``(⟨a_j† a_k⟩, ⟨a_j a_k⟩)`` including the means."""
        a = self.means
        return self.normal + np.outer(a.conj(), a), self.anomalous + np.outer(a, a)


def thermal_state(occupations: np.ndarray, means: np.ndarray | None = None) -> GaussianState:
    """Uncorrelated (displaced) thermal state: ``N = diag(n̄)``, ``A = 0``."""
    n = np.atleast_1d(np.asarray(occupations, dtype=float))
    alpha = np.zeros(n.size, complex) if means is None else np.asarray(means, complex)
    return GaussianState(alpha, np.diag(n).astype(complex))


def _operators(key: Key) -> tuple[tuple[int, int], ...]:
    """The normal-ordered operator string of a monomial: (is_creation, mode) pairs."""
    p, q = key
    ops = [(1, k) for k, e in enumerate(p) for _ in range(e)]
    ops += [(0, k) for k, e in enumerate(q) for _ in range(e)]
    return tuple(ops)


def _hafnian(ops: tuple[tuple[int, int], ...], contraction) -> complex:
    """Σ over perfect matchings of Π contraction(ops[i], ops[j]) (i < j in the string)."""

    @cache
    def rec(mask: int) -> complex:
        if mask == 0:
            return 1.0
        first = (mask & -mask).bit_length() - 1
        rest = mask & ~(1 << first)
        total = 0.0
        probe = rest
        while probe:
            j = (probe & -probe).bit_length() - 1
            probe &= probe - 1
            c = contraction(ops[first], ops[j])
            if c != 0:
                total += c * rec(rest & ~(1 << j))
        return total

    return rec((1 << len(ops)) - 1)


def fluctuation_moment(key: Key, state: GaussianState) -> complex:
    """``⟨δa†^p δa^q⟩`` of the zero-mean Gaussian fluctuations of ``state`` (Wick theorem)."""
    ops = _operators(key)
    if len(ops) % 2:
        return 0.0
    n, a = state.normal, state.anomalous

    def contraction(left: tuple[int, int], right: tuple[int, int]) -> complex:
        # In a normal-ordered string a creation never stands right of an annihilation.
        (c1, k1), (c2, k2) = left, right
        if c1 and c2:
            return np.conj(a[k1, k2])
        if c1:
            return n[k1, k2]
        return a[k1, k2]

    return complex(_hafnian(ops, contraction))


def expectation(polynomial: Polynomial, state: GaussianState) -> complex:
    """``⟨P⟩`` in a Gaussian state, exactly (no truncation), for a polynomial of any degree.

    The state is displaced, ``a = α + δa``, the result expanded (still normal-ordered), and each
    monomial of the fluctuations evaluated by the Wick theorem (:func:`fluctuation_moment`).

    Raises
    ------
    ValueError
        If the polynomial and the state have different numbers of modes.
    """
    if polynomial.n_modes != state.n_modes:
        raise ValueError(
            f"polynomial has {polynomial.n_modes} modes, the state {state.n_modes}; they must "
            "describe the same modes"
        )
    m = state.n_modes
    shifted = substitute(polynomial, np.eye(m), state.means)
    return complex(sum(c * fluctuation_moment(key, state) for key, c in shifted.terms.items()))
