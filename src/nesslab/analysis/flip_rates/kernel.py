"""Parameters and integrand of seed 003's spin-flip rate (Eq. 3 = S8), derived here.

Derivation (S1–S8)
------------------
At Ω = 0 every σz_i is conserved; in sector σ the boson sees ``H_σ = ω a†a + M_σ(a + a†)``,
``M_σ = Σ_l g_l σ_l``, and relaxes to a displaced thermal state ρ_σ with ``⟨a⟩ = −M_σ/(ω −
iΓ/2)``, Γ = γ − κ, and occupation ``n_th = κ/Γ`` about it. To second order in Ω the
populations p_σ obey a single-flip master equation whose rate for flipping spin i (σ → σ')
is ``W = 2Ω² Re ∫₀^∞ Tr[e^{Vt} ρ_σ] dt`` with the coherence generator ``V X = −i(H_σ' X −
X H_σ) + γ D[a]X + κ D[a†]X``. In the Heisenberg picture ``Tr[e^{Vt}ρ_σ] = Tr[ρ_σ Y(t)]``
with ``Y = e^{c} e^{α a†} e^{β a}`` (normal ordered, Y(0) = 1): ``α̇ = (iω − Γ/2)α + iΔM``,
``β = −α*``, ``ċ = i(M_σ α + M_σ' α*) − κ|α|²``, ``ΔM = M_σ − M_σ' = 2g_iσ_i``. With the
normally ordered characteristic function of ρ_σ, ``ln Tr = c + α⟨a⟩* − α*⟨a⟩ − n_th|α|²``,
which in τ = ωt is Eq. 3::

    W = (2Ω²/ω) ∫₀^∞ dτ exp[−a (f(τ) + τ)] cos[Γ_i τ − b g_i² (s(τ) + τ)],
    a = 2 g_i² ν/ω²,  b = 16/(ω²(η² + 4)),  Γ_i = b (ΔE_i + g_i²)  (S12),

with η = Γ/ω, θ = κ/γ, ν = 4(2κ/ω + η)/(η² + 4) (S4), ``ΔE_i = g_iσ_i Σ_{l≠i} g_lσ_l``, and f,
s of Eq. 3. (Checks of the derivation: the decay rate of the integrand, a, is the
measurement-induced dephasing (γ + κ)|Δ⟨a⟩|²/2; its frequency, bΔE_i, the difference of the
sectors' polaron shifts; f is independent of κ, which enters only through ν.)

Numerics
--------
Both f and s are entire in τ. With ``z = i − η/2``, ``z̄ = −i − η/2`` (the conjugate exponent,
continued analytically), ``E₃(w) = e^w − 1 − w − w²/2`` (a series for |w| < 1),
``E₊ = [E₃(zτ) + E₃(z̄τ)]/2`` and ``E₋ = [E₃(zτ) − E₃(z̄τ)]/(2i)``, the terms of order τ and τ²
are taken out exactly (S10, S11)::

    f + τ = (η² + 4)τ²/(4η) − C₁ E₊ − C₂ E₋,
    s + τ = [4η E₊ + (η² − 4) E₋]/(η² + 4),

``C₁ = (8 − 2η²)/(η(η² + 4)) = f(∞)``, ``C₂ = 8/(η² + 4)``, so both are accurate to rounding
relative to their own size, near τ = 0 and anywhere in the complex plane — which the contour
quadrature of :mod:`nesslab.analysis.flip_rates.contour` needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nesslab.limits import real_numbers
from nesslab.models.disordered import check_gain_loss

SERIES_RADIUS = 1.0
SERIES_TERMS = 30
"""E₃(w) is summed as Σ_{n≥3} wⁿ/n! for |w| < SERIES_RADIUS (up to n = 30: remainder < 1e-32)."""


@dataclass(frozen=True)
class RateParameters:
    """Boson frequency, drive and gain/loss of seed 003, with the derived constants.

    Attributes
    ----------
    omega : float
        Boson frequency ω > 0 (energy units; τ = ωt).
    drive : float
        Transverse drive Ω of every spin (W ∝ Ω²).
    gamma, kappa : float
        Loss and gain rates, γ > κ ≥ 0.
    """

    omega: float
    drive: float
    gamma: float
    kappa: float

    def __post_init__(self) -> None:
        real_numbers(omega=self.omega, drive=self.drive, gamma=self.gamma, kappa=self.kappa)
        if not self.omega > 0:
            raise ValueError(f"omega must be > 0, got {self.omega!r}")
        check_gain_loss(self.gamma, self.kappa)
        for name in ("omega", "drive", "gamma", "kappa"):
            object.__setattr__(self, name, float(getattr(self, name)))

    @property
    def eta(self) -> float:
        """η = (γ − κ)/ω, the scaled gain–loss difference."""
        return (self.gamma - self.kappa) / self.omega

    @property
    def theta(self) -> float:
        """θ = κ/γ ∈ [0, 1)."""
        return self.kappa / self.gamma

    @property
    def nu(self) -> float:
        """ν = 4(2κ/ω + η)/(η² + 4) = 4(1 + θ)η/((η² + 4)(1 − θ)) (S4)."""
        return 4 * (2 * self.kappa / self.omega + self.eta) / (self.eta**2 + 4)

    @property
    def b(self) -> float:
        """The phase constant 16/(ω²(η² + 4)) of Eq. 3 (1/energy²): the phase is b·(ΔE τ − g² s)."""
        return 16 / (self.omega**2 * (self.eta**2 + 4))

    def decay(self, coupling: np.ndarray) -> np.ndarray:
        """The decay rate a = 2g²ν/ω² of the integrand in τ (1/t_L = ωa)."""
        return 2 * np.square(coupling) * self.nu / self.omega**2

    def curvature(self, coupling: np.ndarray) -> np.ndarray:
        """The curvature c = a(η² + 4)/(4η) = 2g²(2κ/ω + η)/(ω²η): a(f + τ) = cτ² + O(τ³)."""
        return self.decay(coupling) * (self.eta**2 + 4) / (4 * self.eta)

    @property
    def beta_prime(self) -> float:
        """β' = b²g²/c = 128η/(ω²(2κ/ω + η)(η² + 4)²) of S15 (1/energy²; 4η/(κω) as η → 0).

        In regime (i) the rates obey detailed balance with weights e^{−β' E(σ)}.
        """
        eta = self.eta
        return 128 * eta / (self.omega**2 * (2 * self.kappa / self.omega + eta) * (eta**2 + 4) ** 2)

    @property
    def prefactor(self) -> float:
        """2Ω²/ω, the factor in front of Eq. 3's integral (rate units)."""
        return 2 * self.drive**2 / self.omega

    @property
    def constants(self) -> tuple[float, float]:
        """(C₁, C₂) of the module docstring; C₁ = f(∞)."""
        eta = self.eta
        return (8 - 2 * eta**2) / (eta * (eta**2 + 4)), 8 / (eta**2 + 4)

    @property
    def s_infinity(self) -> float:
        """s(∞) = −4η/(η² + 4)."""
        return -4 * self.eta / (self.eta**2 + 4)

    def attrs(self) -> dict[str, float]:
        """The parameters and derived constants, for file metadata."""
        return {
            "omega": self.omega,
            "drive": self.drive,
            "gamma": self.gamma,
            "kappa": self.kappa,
            "eta": self.eta,
            "theta": self.theta,
            "nu": self.nu,
            "beta_prime": self.beta_prime,
        }


def exponential_remainder(w: np.ndarray) -> np.ndarray:
    """``E₃(w) = e^w − 1 − w − w²/2`` for complex w, without cancellation at small |w|."""
    w = np.asarray(w, dtype=complex)
    small = np.abs(w) < SERIES_RADIUS
    result = np.empty_like(w)
    large = w[~small]
    result[~small] = np.exp(large) - 1 - large - large**2 / 2
    ws = w[small]
    series = np.ones_like(ws)
    largest = float(np.abs(ws).max()) if ws.size else 0.0
    terms = _series_terms(largest)
    for n in range(terms, 3, -1):  # Horner: w³/3! · (1 + w/4 (1 + w/5 (1 + …)))
        series = 1 + series * ws / n
    result[small] = series * ws**3 / 6
    return result


def _series_terms(radius: float) -> int:
    """Terms of E₃'s series for |w| ≤ radius: the first dropped one, rⁿ/n!, below 1e-17 r³/6."""
    n, term = 4, radius / 4
    while term > 1e-17 and n < SERIES_TERMS:
        n += 1
        term *= radius / n
    return n


def _remainders(tau: np.ndarray, eta: float) -> tuple[np.ndarray, np.ndarray]:
    """``(E₃(zτ) + E₃(z̄τ))/2`` and ``(E₃(zτ) − E₃(z̄τ))/(2i)``, z = i − η/2, z̄ = −i − η/2."""
    tau = np.asarray(tau, dtype=complex)
    plus = exponential_remainder((1j - eta / 2) * tau)
    minus = exponential_remainder((-1j - eta / 2) * tau)
    return (plus + minus) / 2, (plus - minus) / 2j


def shifted_f_s(tau: np.ndarray, params: RateParameters) -> tuple[np.ndarray, np.ndarray]:
    """``(f(τ) + τ, s(τ) + τ)`` of Eq. 3 for complex τ, from E₃ (module docstring)."""
    eta = params.eta
    c1, c2 = params.constants
    even, odd = _remainders(tau, eta)
    tau = np.asarray(tau, dtype=complex)
    f_shifted = (eta**2 + 4) / (4 * eta) * tau**2 - c1 * even - c2 * odd
    return f_shifted, (4 * eta * even + (eta**2 - 4) * odd) / (eta**2 + 4)


def tail_deviations(tau: np.ndarray, params: RateParameters) -> tuple[np.ndarray, np.ndarray]:
    """``(f(τ) − f(∞), s(τ) − s(∞))``, both O(e^{−η Re τ/2}).

    ``f − f(∞) = −ρ e^{−ητ/2} cos(τ − θ₀)`` with ρ = √(C₁² + C₂²), ``s − s(∞) = e^{−ητ/2}
    cos(τ − θ₁)``.
    """
    eta = params.eta
    tau = np.asarray(tau, dtype=complex)
    ez, ezb = np.exp((1j - eta / 2) * tau), np.exp((-1j - eta / 2) * tau)
    cosine, sine = (ez + ezb) / 2, (ez - ezb) / 2j
    c1, c2 = params.constants
    return -c1 * cosine - c2 * sine, (4 * eta * cosine + (eta**2 - 4) * sine) / (eta**2 + 4)
