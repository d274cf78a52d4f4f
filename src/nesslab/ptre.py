r"""Non-equilibrium polaron-transformed Redfield (NE-PTRE) heat current of seed 004 at θ = 0.

Model (seed 004 Eq. 1 at θ = 0, couplings orthogonal)::

    H = Δσz + H_B1 + H_B2 + σx ⊗ X₁ + σz ⊗ X₂,    ⟨X_ν(t) X_ν(0)⟩ = C_ν(t),

with nesslab's ``C_ν(t) = (1/π) ∫₀^∞ J_ν(ω)[coth(ω/2T_ν) cos ωt − i sin ωt] dω`` (DESIGN.md), the
convention the seed's HEOM uses, so J_ν is the seed's J_ν with no conversion:
``X_ν = Σ_j g_j (b_j + b_j†)`` with ``Σ_j g_j² δ(ω − ω_j) = J_ν(ω)/π``. (The seed's
``J = 4π Σ g² δ`` would make ``C = (1/4π)∫J…``; the stated C(t), which defines its HEOM, is used.)

Derivation (re-done here). The full polaron transform of bath 2, ``U = exp(σz A)``,
``A = Σ_j (g_j/ω_j)(b_j† − b_j)``, removes ``σz X₂`` (up to a constant) and turns
``σx → σx e^{−2σz A} = σ₊ D + σ₋ D†`` with the displacement ``D = e^{2A}`` (seed Eq. 5:
``σx cosh 2A + iσy sinh 2A``); Δσz is unchanged and ``⟨D X₁⟩ = 0``, so no mean field is
subtracted. Golden-rule rates in ``V = (σ₊D + σ₋D†) X₁`` involve ``C₁(t) G(t)`` with
``G(t) = ⟨D†(t) D⟩ = exp[Φ(t) − Φ(0)]`` and

    Φ(t) = (4/π) ∫₀^∞ dω J₂(ω)/ω² [(n₂ + 1) e^{−iωt} + n₂ e^{iωt}],

the correlation function of ``2A`` (spectral density ``4J₂/ω²``, power spectrum
``S_Φ(ω) = 4 S₂(ω)/ω²``). To lowest order in the couplings, ``G ≈ 1 + Φ(t) − Φ(0)`` and the
populations are bath 1's thermal ones, ``p_e = 1/(1 + e^{2Δ/T₁})``, ``p_g = 1 − p_e``. Bath 2
exchanges energy only through Φ, so its current is O(α₁α₂) with these populations, and at a
steady state ``J₁ = −J₂``. Counting the energy ω that bath 2 absorbs in each transition::

    J₁ = (2/π) ∫_{−∞}^{∞} dω [S₂(ω)/ω] [p_g S₁(−2Δ − ω) + p_e S₁(2Δ − ω)],

with ``S_ν(ω) = 2 J_ν(ω)[n_ν(ω) + 1]`` (J odd). Each term is balanced by its reverse process,
so J₁ = 0 at T₁ = T₂, and J₁ ∝ α₁α₂ (seed: I ∼ α² at θ = 0). Fourier-transformed to the time
domain it is seed 004 Eq. 6, ``I = −2∫₀^∞(C₁ᴿ Φ̇ᴵ + C₁ᴵ Φ̇ᴿ) cos 2Δt dt
+ 2ξ∫₀^∞(C₁ᴵ Φ̇ᴵ − C₁ᴿ Φ̇ᴿ) sin 2Δt dt`` with ``ξ = p_e − p_g = −tanh(Δ/T₁)``; note the minus
sign of the last term (the transcription has a plus, which breaks J₁ = 0 at equal
temperatures) and ``Φ = (2/π)·Q₂`` for the transcription's ``Q₂ = 2∫ J₂(…)/ω² dω``.
The frequency form is integrated here (no oscillatory time integrals).
"""

from __future__ import annotations

import numpy as np
import scipy.integrate as si

from nesslab.environment.baths import Bath
from nesslab.environment.spectral import power_spectrum
from nesslab.models import spin_boson
from nesslab.operators import sigma_x, sigma_z
from nesslab.system import resolve_operator

_QUAD_OPTIONS = {"epsabs": 0.0, "epsrel": 1e-10, "limit": 400}


def check_pauli_coupling(
    bath: Bath, expected: np.ndarray, label: str, theta: float, route: str
) -> None:
    """Check that a bath couples through the Pauli matrix ``expected`` that ``route`` assumes.

    The coupling is a matrix or a name of :func:`nesslab.models.spin_boson`'s operators at
    ``theta`` (its "s_theta" is σx at θ = π/2, σz at θ = 0).
    """
    system = spin_boson(1.0, theta=theta)
    matrix = resolve_operator(system, bath.coupling, f"coupling of bath {bath.name!r}")
    if not np.allclose(matrix, expected):
        raise ValueError(f"bath {bath.name!r} must couple through {label} for the {route}")


def ptre_heat_current(delta: float, first: Bath, second: Bath) -> float:
    """NE-PTRE heat current from bath 1 into the spin (seed 004 Eq. 6, θ = 0), O(α₁α₂).

    Parameters
    ----------
    delta : float
        Δ ≥ 0 of ``H_S = Δσz`` (level splitting 2Δ, energy units).
    first : Bath
        Bath 1, coupled through σx (the model's "sx"); its J₁ and T₁ are used.
    second : Bath
        Bath 2, coupled through σz (the model's "s_theta" at θ = 0), fully polaron-transformed;
        its J₂ must vanish faster than ω at ω → 0 so that ``∫ J₂/ω²`` converges (super-Ohmic).

    Returns
    -------
    float
        J₁ in energy/time units (ħ = 1), positive when energy flows from bath 1 into the
        system; ``−J₁`` is bath 2's current (module docstring).

    Raises
    ------
    ValueError
        For a negative or non-finite Δ, an explicit coupling that is not σx (bath 1) or σz
        (bath 2), or a bath 2 that is not super-Ohmic.
    """
    delta = float(delta)
    if not np.isfinite(delta) or delta < 0:
        raise ValueError(f"delta must be finite and >= 0, got {delta!r}")
    check_pauli_coupling(first, sigma_x(), "σx", 0.0, "θ = 0 NE-PTRE")
    check_pauli_coupling(second, sigma_z(), "σz", 0.0, "θ = 0 NE-PTRE")
    if second.spectral_density.slope_at_zero() != 0:
        raise ValueError(
            f"bath {second.name!r}: the polaron transform needs a super-Ohmic J₂ (J₂/ω → 0)"
        )
    p_excited = 1 / (1 + np.exp(2 * delta / first.temperature)) if first.temperature > 0 else 0.0

    def spectrum(bath: Bath, omega: float) -> float:
        return float(power_spectrum(bath.spectral_density, bath.temperature, omega))

    def integrand(omega: float) -> float:
        absorbed = spectrum(second, omega) / omega
        return absorbed * (
            (1 - p_excited) * spectrum(first, -2 * delta - omega)
            + p_excited * spectrum(first, 2 * delta - omega)
        )

    breaks = np.unique([-2 * delta, 0.0, 2 * delta])
    edges = [-np.inf, *breaks, np.inf]
    total = sum(
        si.quad(integrand, a, b, **_QUAD_OPTIONS)[0] for a, b in zip(edges, edges[1:], strict=False)
    )
    return float(2 / np.pi * total)
