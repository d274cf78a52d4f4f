"""Exponential decompositions of a bath correlation function, for the HEOM.

Convention (DESIGN.md, QuTiP's environments, seed 004 Eq. 1)::

    C(t) = (1/π) ∫₀^∞ J(ω) [coth(ω/2T) cos ωt − i sin ωt] dω ,   t ≥ 0,

approximated as ``C(t) ≈ Σ_k c_k e^{−ν_k t}``. The HEOM also needs ``C(t)* = Σ_k c̄_k e^{−ν_k t}``
on the same exponentials; for real rates ``c̄_k = c_k*``.

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

Each decomposition is a pure step: it reads a Bath and returns a new :class:`Expansion`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.integrate as si

from nesslab.bath import Bath
from nesslab.spectral import DrudeLorentz


@dataclass(frozen=True)
class Expansion:
    """``C(t) ≈ Σ_k amplitudes[k] e^{−rates[k] t}`` (t ≥ 0) of one bath.

    Attributes
    ----------
    amplitudes : ndarray of complex
        c_k (energy² units).
    rates : ndarray of complex
        ν_k with Re ν_k > 0 (energy units).
    conjugate_amplitudes : ndarray of complex
        c̄_k with ``C(t)* = Σ_k c̄_k e^{−ν_k t}``; ``conj(amplitudes)`` when the rates are real.
    method : str
        How it was obtained ("matsubara", "pade").
    """

    amplitudes: np.ndarray
    rates: np.ndarray
    conjugate_amplitudes: np.ndarray
    method: str

    def __post_init__(self) -> None:
        arrays = [np.asarray(a, dtype=complex).ravel() for a in self._fields()]
        if len({a.size for a in arrays}) != 1 or arrays[0].size == 0:
            raise ValueError("amplitudes, rates and conjugate_amplitudes must have one equal size")
        if np.any(arrays[1].real <= 0):
            raise ValueError("every rate must have a positive real part (decaying exponentials)")
        for name, array in zip(
            ("amplitudes", "rates", "conjugate_amplitudes"), arrays, strict=True
        ):
            object.__setattr__(self, name, array)

    def _fields(self) -> tuple:
        return self.amplitudes, self.rates, self.conjugate_amplitudes

    def __len__(self) -> int:
        return int(self.rates.size)

    def __call__(self, t: np.ndarray | float) -> np.ndarray:
        """``Σ_k c_k e^{−ν_k t}`` at times t ≥ 0."""
        t = np.asarray(t, dtype=float)
        return np.exp(-np.multiply.outer(t, self.rates)) @ self.amplitudes

    @property
    def imag_at_zero(self) -> float:
        """``Im C(0⁺) = Σ_k (c_k − c̄_k)/2i`` (−λγ for Drude–Lorentz); enters the heat current."""
        return float(np.real(np.sum(self.amplitudes - self.conjugate_amplitudes) / 2j))


def _real_rate_expansion(amplitudes: np.ndarray, rates: np.ndarray, method: str) -> Expansion:
    amplitudes = np.asarray(amplitudes, dtype=complex)
    return Expansion(amplitudes, np.asarray(rates, dtype=complex), amplitudes.conj(), method)


def matsubara_poles(n_poles: int) -> tuple[np.ndarray, np.ndarray]:
    """``(ξ_j, η_j)`` of the Matsubara expansion: ``ξ_j = 2πj``, ``η_j = 1``, j = 1…n_poles."""
    return 2 * np.pi * np.arange(1, n_poles + 1, dtype=float), np.ones(n_poles)


def _tridiagonal_eigenvalues(first: int, size: int) -> np.ndarray:
    b = 2 * np.arange(first, first + size, dtype=float) + 1
    off = 1 / np.sqrt(b[:-1] * b[1:])
    matrix = np.diag(off, 1) + np.diag(off, -1)
    return np.linalg.eigvalsh(matrix)


def pade_poles(n_poles: int) -> tuple[np.ndarray, np.ndarray]:
    """``(ξ_j, η_j)`` of the [N−1/N] Padé expansion of the Bose function (Hu, Xu & Yan 2010)."""
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
    xi, eta = POLES[method](n_exponents - 1)
    rates = xi * temperature
    if np.any(np.isclose(rates, gamma, rtol=1e-10, atol=0)):
        raise ValueError(f"a {method} pole coincides with the Drude cutoff γ = {gamma}")
    amplitudes = 4 * lam * gamma * temperature * eta * rates / (rates**2 - gamma**2)
    drude = lam * gamma * (1 / np.tan(gamma / (2 * temperature)) - 1j)
    return _real_rate_expansion(
        np.concatenate([[drude], amplitudes]), np.concatenate([[gamma], rates]), method
    )


def decompose(bath: Bath, n_exponents: int, method: str = "pade") -> Expansion:
    """The exponential expansion of ``bath``'s C(t) (a new object; the Bath is unchanged).

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
    ValueError
        For an unknown method, ``n_exponents < 1`` or T = 0.
    NotImplementedError
        For spectral densities without an analytic expansion (a fitted decomposition is needed).
    """
    if method not in POLES:
        raise ValueError(f"unknown decomposition {method!r}; valid: {', '.join(POLES)}")
    if int(n_exponents) != n_exponents or n_exponents < 1:
        raise ValueError(f"n_exponents must be an integer >= 1, got {n_exponents!r}")
    if not isinstance(bath.spectral_density, DrudeLorentz):
        raise NotImplementedError(
            f"bath {bath.name!r}: analytic {method} expansions exist for DrudeLorentz only; "
            f"{type(bath.spectral_density).__name__} needs a fitted decomposition"
        )
    return drude_lorentz(bath.spectral_density, bath.temperature, int(n_exponents), method)


def correlation_function(bath: Bath, times: np.ndarray) -> np.ndarray:
    """C(t) of the DESIGN.md formula by numerical (Fourier-weighted QUADPACK) integration, t ≥ 0."""
    density, temperature = bath.spectral_density, bath.temperature

    def symmetric(omega: float) -> float:
        if omega == 0:
            return 2 * temperature * density.slope_at_zero()
        if temperature == 0:
            return float(density(omega))
        return float(density(omega) / np.tanh(omega / (2 * temperature)))

    def antisymmetric(omega: float) -> float:
        return float(density(omega))

    values = []
    for t in np.atleast_1d(np.asarray(times, dtype=float)):
        if t == 0:
            real = si.quad(symmetric, 0, np.inf, limit=400)[0]
            values.append(real / np.pi)
            continue
        real = si.quad(symmetric, 0, np.inf, weight="cos", wvar=t, limlst=200)[0]
        imag = si.quad(antisymmetric, 0, np.inf, weight="sin", wvar=t, limlst=200)[0]
        values.append((real - 1j * imag) / np.pi)
    return np.array(values)


@dataclass(frozen=True)
class ExpansionCheck:
    """Error of an expansion against the integrated C(t).

    Attributes
    ----------
    times : ndarray
        Where C(t) was compared.
    max_error : float
        ``max_t |C_exp(t) − C(t)|``.
    relative_error : float
        ``max_error / max_t |C(t)|``.
    """

    times: np.ndarray
    max_error: float
    relative_error: float


def check_expansion(expansion: Expansion, bath: Bath, times: np.ndarray) -> ExpansionCheck:
    """Compare ``expansion`` with the numerically integrated C(t) of ``bath`` at ``times > 0``.

    t = 0 is best avoided: Re C(0) diverges logarithmically for Drude–Lorentz.
    """
    times = np.asarray(times, dtype=float)
    exact = correlation_function(bath, times)
    error = float(np.abs(expansion(times) - exact).max())
    return ExpansionCheck(times, error, error / float(np.abs(exact).max()))
