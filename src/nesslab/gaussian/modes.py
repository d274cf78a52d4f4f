"""Linear changes of mode basis and frequency decomposition of :class:`Polynomial` s.

``substitute`` rewrites an operator in new modes (normal modes, displacements, Bogoliubov
transformations); ``frequency_components`` splits it into parts ``P_ν`` with
``[H₀, P_ν] = νP_ν`` for a harmonic ``H₀ = Σ_k ω_k a_k† a_k``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nesslab.gaussian.polynomial import Key, Polynomial, Scalar, constant, linear


def substitute(
    polynomial: Polynomial,
    matrix: np.ndarray,
    shift: Sequence[Scalar] | None = None,
    anomalous: np.ndarray | None = None,
    atol: float = 1e-10,
) -> Polynomial:
    """Rewrite a polynomial in new modes: ``a_k = Σ_j (U_kj b_j + V_kj b_j†) + s_k``.

    Parameters
    ----------
    polynomial : Polynomial
        P in the old modes ``a`` (``polynomial.n_modes`` of them).
    matrix : ndarray, shape (M, M')
        ``U``: coefficients of the new annihilators ``b_j`` in ``a_k``.
    shift : sequence of complex, optional
        ``s``: c-number displacement of ``a_k`` (e.g. ``a = b − f/ω`` removes a linear drive).
    anomalous : ndarray, shape (M, M'), optional
        ``V``: coefficients of ``b_j†`` in ``a_k`` (a Bogoliubov transformation).
    atol : float
        Tolerance of the canonical check.

    Returns
    -------
    Polynomial
        The same operator, normal-ordered in the ``b`` modes (``M'`` of them).

    Raises
    ------
    ValueError
        If the shapes do not fit, or the images violate ``[a_j, a_k†] = δ_jk``,
        ``[a_j, a_k] = 0`` (the map would not be an algebra homomorphism).
    """
    u = np.atleast_2d(np.asarray(matrix, dtype=complex))
    m_old, m_new = u.shape
    if m_old != polynomial.n_modes:
        raise ValueError(
            f"matrix has {m_old} rows but the polynomial has {polynomial.n_modes} modes"
        )
    v = np.zeros_like(u) if anomalous is None else np.asarray(anomalous, dtype=complex)
    s = np.zeros(m_old, complex) if shift is None else np.asarray(shift, dtype=complex)
    if v.shape != u.shape or s.shape != (m_old,):
        raise ValueError(
            f"anomalous must have shape {u.shape} and shift length {m_old}, got {v.shape}, "
            f"{s.shape}"
        )
    comm = u @ u.conj().T - v @ v.conj().T  # [a_j, a_k†]
    pair = u @ v.T - v @ u.T  # [a_j, a_k]
    if np.abs(comm - np.eye(m_old)).max() > atol or np.abs(pair).max() > atol:
        raise ValueError(
            "matrix/anomalous do not preserve the canonical commutators (need U U† − V V† = 1 "
            "and U Vᵀ = V Uᵀ); use a unitary U for a change of normal modes"
        )
    lowers = [linear(u[k], v[k], s[k]) for k in range(m_old)]
    raises = [low.adjoint() for low in lowers]
    result = constant(0.0, m_new)
    for (p, q), c in polynomial.terms.items():
        term = constant(c, m_new)
        for k, e in enumerate(p):
            for _ in range(e):
                term = term * raises[k]
        for k, e in enumerate(q):
            for _ in range(e):
                term = term * lowers[k]
        result = result + term
    return result


def bohr_frequency(key: Key, frequencies: Sequence[float]) -> float:
    """``Σ_k (p_k − q_k) ω_k``: ``[H₀, a†^p a^q] = ν a†^p a^q`` for ``H₀ = Σ ω_k a_k† a_k``."""
    p, q = key
    return float(sum((pk - qk) * w for pk, qk, w in zip(p, q, frequencies, strict=True)))


def frequency_components(
    polynomial: Polynomial, frequencies: Sequence[float], rtol: float = 1e-9
) -> dict[float, Polynomial]:
    """Split P into parts ``P_ν`` with ``[H₀, P_ν] = ν P_ν`` for ``H₀ = Σ_k ω_k a_k† a_k``.

    ``P_ν`` with ν > 0 raises the energy by ν; the Davies jump operator at Bohr frequency
    ω > 0 (it lowers the energy by ω) is the component ν = −ω.

    Parameters
    ----------
    polynomial : Polynomial
        P.
    frequencies : sequence of float
        Mode frequencies ω_k (energy units), one per mode.
    rtol : float
        Frequencies closer than ``rtol · max|ω_k|`` are merged (degenerate Bohr frequencies).

    Returns
    -------
    dict
        ν → P_ν, sorted by ν; ``sum(result.values())`` equals P.
    """
    w = np.asarray(frequencies, dtype=float)
    if w.shape != (polynomial.n_modes,):
        raise ValueError(
            f"frequencies must have one entry per mode ({polynomial.n_modes}), got {w.shape}"
        )
    tol = rtol * max(1.0, float(np.abs(w).max()))
    groups: list[tuple[float, dict[Key, complex]]] = []
    for key, c in polynomial.terms.items():
        nu = bohr_frequency(key, w)
        for ref, terms in groups:
            if abs(ref - nu) <= tol:
                terms[key] = c
                break
        else:
            groups.append((nu, {key: c}))
    return {
        (0.0 if abs(nu) <= tol else nu): Polynomial(polynomial.n_modes, terms)
        for nu, terms in sorted(groups, key=lambda item: item[0])
    }


def frequency_component(
    polynomial: Polynomial, frequencies: Sequence[float], nu: float, rtol: float = 1e-9
) -> Polynomial:
    """The part ``P_ν`` of :func:`frequency_components` (zero if absent)."""
    tol = rtol * max(1.0, float(np.abs(np.asarray(frequencies, float)).max()))
    keep = {
        key: c
        for key, c in polynomial.terms.items()
        if abs(bohr_frequency(key, frequencies) - nu) <= tol
    }
    return Polynomial(polynomial.n_modes, keep)
