"""Analytic exponential expansions of a Drude–Lorentz correlation function (Matsubara, Padé).

``C(t) ≈ Σ_k c_k e^{−ν_k t}`` (:mod:`nesslab.environment.expansion`).

Drude–Lorentz, ``J(ω) = 2λγω/(ω² + γ²)``: closing the contour in the lower half plane picks up
the pole of J at ``ω = −iγ`` and the poles ``ω = −iν_j`` of an expansion of the Bose factor
``coth(x/2)/2 = 1/x + Σ_j 2η_j x/(x² + ξ_j²)`` (x = ω/T, ν_j = ξ_j T)::

    c_0 = λγ [cot(γ/2T) − i],                    ν_0 = γ,
    c_j = 4λγT η_j ν_j / (ν_j² − γ²),            ν_j = ξ_j T      (j ≥ 1).

Matsubara: ``ξ_j = 2πj``, ``η_j = 1``. Padé [N−1/N] (Hu, Xu & Yan, J. Chem. Phys. 133, 101106
(2010)): ``±2/ξ_j`` are the eigenvalues of the 2N×2N tridiagonal matrix with off-diagonal
``1/√(b_m b_{m+1})``, ``b_m = 2m + 1``; ``±2/ζ_k`` those of the (2N−1)×(2N−1) matrix that starts
at ``b_2``; ``η_j = (N b_{N+1}/2) Π_k (ζ_k² − ξ_j²) / Π_{k≠j} (ξ_k² − ξ_j²)``. Padé converges far
faster than Matsubara in the number of terms.

Padé is capped at :data:`MAX_PADE_POLES` = 42 poles (``n_exponents`` ≤ 43). Against an
80-digit mpmath evaluation of the same formulas, the double-precision ξ_j and η_j stay within
2·10⁻¹³ (relative) up to 42 poles, but the products of η_j grow about 10⁹ per pole (10^300.7 at
42) and overflow to inf/NaN from 43 poles on; and the expansion of the Bose function has
already converged to 10⁻¹³ on 0 < ω/T ≤ 100 at 20 poles, so more only add fast HEOM modes.
Matsubara poles are exact at any order; only the HEOM's size guard bounds them.

Each decomposition is a pure step: it reads a Bath and returns a new :class:`Expansion` that
records the bath and its temperature. (The names of :mod:`nesslab.environment.correlation` are
re-exported here, where ``nesslab.decomposition`` always offered them.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from nesslab.environment.baths import Bath
from nesslab.environment.correlation import ExpansionCheck, check_expansion, correlation_function
from nesslab.environment.expansion import Expansion
from nesslab.environment.spectral import DrudeLorentz
from nesslab.limits import check_limit, count
from nesslab.registry import lookup

MAX_PADE_POLES = 42
"""Most Padé poles computed: beyond, the products of η_j overflow double precision."""
_BYTES_PER_EXPONENTIAL = 160  # ten float/complex arrays of the pole and amplitude formulas


def _real_rate_expansion(
    amplitudes: np.ndarray, rates: np.ndarray, method: str, temperature: float
) -> Expansion:
    amplitudes = np.asarray(amplitudes, dtype=complex)
    rates = np.asarray(rates, dtype=complex)
    return Expansion(amplitudes, rates, amplitudes.conj(), method, temperature)


def matsubara_poles(n_poles: int) -> tuple[np.ndarray, np.ndarray]:
    """``(ξ_j, η_j)`` of the Matsubara expansion: ``ξ_j = 2πj``, ``η_j = 1``, j = 1…n_poles."""
    return 2 * np.pi * np.arange(1, n_poles + 1, dtype=float), np.ones(n_poles)


def _tridiagonal_eigenvalues(first: int, size: int) -> np.ndarray:
    b = 2 * np.arange(first, first + size, dtype=float) + 1
    off = 1 / np.sqrt(b[:-1] * b[1:])
    matrix = np.diag(off, 1) + np.diag(off, -1)
    return np.linalg.eigvalsh(matrix)


def pade_poles(n_poles: int) -> tuple[np.ndarray, np.ndarray]:
    """``(ξ_j, η_j)`` of the [N−1/N] Padé expansion of the Bose function (Hu, Xu & Yan 2010).

    Raises
    ------
    ValueError
        For more than :data:`MAX_PADE_POLES` poles (module docstring: η_j would overflow).
    """
    n_poles = count(n_poles, "n_poles")
    if n_poles > MAX_PADE_POLES:
        raise ValueError(
            f"n_poles must be <= {MAX_PADE_POLES} for Padé, got {n_poles}: beyond, the products "
            "of its η_j overflow double precision (and 20 poles already converge to 1e-13)"
        )
    if n_poles == 0:
        return np.zeros(0), np.zeros(0)
    big = np.sort(_tridiagonal_eigenvalues(1, 2 * n_poles))[n_poles:]
    xi = 2 / big[::-1]
    small = np.sort(_tridiagonal_eigenvalues(2, 2 * n_poles - 1))[n_poles:]
    zeta = 2 / small
    b_next = 2 * (n_poles + 1) + 1
    numerator = np.prod(zeta[None, :] ** 2 - xi[:, None] ** 2, axis=1)
    differences = xi[None, :] ** 2 - xi[:, None] ** 2
    np.fill_diagonal(differences, 1.0)
    eta = n_poles * b_next / 2 * numerator / np.prod(differences, axis=1)
    return xi, eta


POLES: dict[str, Callable[[int], tuple[np.ndarray, np.ndarray]]] = {
    "matsubara": matsubara_poles,
    "pade": pade_poles,
}


def check_exponents(n_exponents: int, method: str) -> int:
    """``n_exponents`` of an analytic ``method`` expansion as an int: ≥ 1, and Padé-capped.

    Raises
    ------
    TypeError
        For a bool or str.
    ValueError
        For an unknown method, a non-integer or ``n_exponents < 1``, or a Padé expansion of more
        than ``MAX_PADE_POLES + 1`` exponentials (module docstring).
    """
    lookup(POLES, method, "decomposition")
    n_exponents = count(n_exponents, "n_exponents", minimum=1)
    if method == "pade" and n_exponents > MAX_PADE_POLES + 1:
        raise ValueError(
            f"n_exponents must be <= {MAX_PADE_POLES + 1} for a Padé expansion (the Drude pole "
            f"and {MAX_PADE_POLES} Bose poles), got {n_exponents}: beyond, the products of the "
            "Padé η_j overflow double precision, and 20 Bose poles already converge to 1e-13; "
            'use fewer exponentials (or decomposition="matsubara")'
        )
    return n_exponents


def drude_lorentz(
    spectral_density: DrudeLorentz, temperature: float, n_exponents: int, method: str
) -> Expansion:
    """Analytic expansion of a Drude–Lorentz C(t) with ``n_exponents`` exponentials.

    The first exponential is the Drude pole (ν₀ = γ, exact); the other ``n_exponents − 1`` are
    Bose-function poles of ``method`` (module docstring).
    """
    if temperature <= 0:
        raise ValueError("the Matsubara/Padé expansions need a temperature > 0")
    lam, gamma = spectral_density.lam, spectral_density.gamma
    xi, eta = lookup(POLES, method, "decomposition")(n_exponents - 1)
    rates = xi * temperature
    if np.any(np.isclose(rates, gamma, rtol=1e-10, atol=0)):
        raise ValueError(f"a {method} pole coincides with the Drude cutoff γ = {gamma}")
    amplitudes = 4 * lam * gamma * temperature * eta * rates / (rates**2 - gamma**2)
    drude = lam * gamma * (1 / np.tan(gamma / (2 * temperature)) - 1j)
    return _real_rate_expansion(
        np.concatenate([[drude], amplitudes]), np.concatenate([[gamma], rates]), method, temperature
    )


def decompose(bath: Bath, n_exponents: int, method: str = "pade") -> Expansion:
    """The analytic expansion of ``bath``'s C(t) (a new object recording the bath and its T).

    Parameters
    ----------
    bath : Bath
        A bath with a ``DrudeLorentz`` spectral density and T > 0.
    n_exponents : int
        Number of exponentials ≥ 1 (the Drude pole plus ``n_exponents − 1`` Bose poles; QuTiP's
        ``Nk`` is ``n_exponents − 1``).
    method : {"pade", "matsubara"}
        Expansion of the Bose function.

    Raises
    ------
    TypeError
        For ``n_exponents`` given as a bool or str.
    ValueError
        For an unknown method, ``n_exponents < 1``, a Padé ``n_exponents`` above
        ``MAX_PADE_POLES + 1`` = 43 (:func:`check_exponents`) or T = 0.
    NotImplementedError
        For spectral densities without an analytic expansion (a fitted decomposition is needed).
    nesslab.limits.ResourceLimitError
        If its arrays would exceed ``max_memory_mb`` (a Matsubara order of ~10⁷).
    """
    n_exponents = check_exponents(n_exponents, method)
    check_limit(
        n_exponents * _BYTES_PER_EXPONENTIAL / 1e6,
        "max_memory_mb",
        None,
        f"a {method} expansion of {n_exponents} exponentials (MB)",
        "use fewer exponentials",
        argument=False,
    )
    if not isinstance(bath.spectral_density, DrudeLorentz):
        raise NotImplementedError(
            f"bath {bath.name!r}: analytic {method} expansions exist for DrudeLorentz only; "
            f"{type(bath.spectral_density).__name__} needs a fitted decomposition"
        )
    expansion = drude_lorentz(bath.spectral_density, bath.temperature, n_exponents, method)
    return dataclasses.replace(expansion, bath=bath)


__all__ = [
    "MAX_PADE_POLES",
    "POLES",
    "Expansion",
    "ExpansionCheck",
    "check_expansion",
    "check_exponents",
    "correlation_function",
    "decompose",
    "drude_lorentz",
    "matsubara_poles",
    "pade_poles",
]
