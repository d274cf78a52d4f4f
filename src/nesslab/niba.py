r"""Heat current of seed 004's commuting-coupling model (θ = π/2) by the NIBA golden rule.

Model (seed 004 Eq. 1 at θ = π/2, both baths on σx, the "c-NESB")::

    H = Δσz + H_B1 + H_B2 + σx ⊗ (X₁ + X₂),    ⟨X_ν(t) X_ν(0)⟩ = C_ν(t),

with nesslab's ``C_ν(t) = (1/π) ∫₀^∞ J_ν(ω)[coth(ω/2T_ν) cos ωt − i sin ωt] dω`` (as in
:mod:`nesslab.ptre`). Derivation (the noninteracting-blip approximation of the nonequilibrium
spin-boson model, Segal & Nitzan, Phys. Rev. Lett. 94, 034301 (2005); re-done here). In the
eigenbasis of σx the polaron transform ``U = exp(σx Σ_ν A_ν)``, ``A_ν = Σ_j (g_j/ω_j)(b_j† − b_j)``,
removes both couplings and turns the tunnelling Δσz into ``Δ(σ₊ D + σ₋ D†)`` (σ± of σx) with
``D = Π_ν e^{2A_ν}``. To second order in Δ each flip, in either direction, has the rate density

    k(ω) = (Δ²/2π) G₁(ω) G₂(−ω)

for bath 1 gaining the energy ω and bath 2 gaining −ω (no bias: the flip costs no energy),
``G_ν(ω) = ∫ dt e^{iωt} e^{Φ_ν(t) − Φ_ν(0)}`` the multi-phonon spectrum of bath ν gaining energy
ω, with ``Φ_ν(t) = (1/2π) ∫ dω S_Φ(ω) e^{−iωt}``, ``S_Φ = 4 S_ν(ω)/ω²`` and ``S_ν(ω) = 2J_ν(ω)
[n_ν(ω) + 1]`` (:func:`nesslab.environment.spectral.power_spectrum`): the correlation function
of 2A_ν. Both flips have the same rate, so the populations drop out and the energy bath 1 loses
per unit time is

    J₁ = −(Δ²/2π) ∫ dω ω G₁(ω) G₂(−ω),

positive from bath 1 into the spin. ``G_ν(−ω) = e^{−ω/T_ν} G_ν(ω)``, so J₁ = 0 at T₁ = T₂, and
J₁ changes sign when the temperatures are swapped. ``G_ν`` holds a zero-phonon line
``2π Z_ν δ(ω)``, ``Z_ν = e^{−Φ_ν(0)}``: it carries no energy and drops out of J₁, which therefore
uses only the regular parts ``e^{−Φ_ν(0)}(e^{Φ_ν(t)} − 1)``, Fourier-transformed on one grid.

Validity. The rate picture is exact to O(Δ²) when the coherent tunnelling it leaves out is
negligible: its weight is ``Z = Z₁Z₂ = e^{−Φ₁(0) − Φ₂(0)}`` (the renormalised tunnelling is
``Δ√Z``). At strong coupling Z is tiny and NIBA is accurate; at weak coupling Z → 1 and NIBA
misses the coherent, Redfield-like transport (``tests/test_niba.py`` measures both against the
HEOM). A :class:`~nesslab.analysis.validity.ValidityWarning` is issued above
``ZERO_PHONON_LIMIT``. Baths must be super-Ohmic beyond ω² (``J/ω³`` finite at ω → 0), so that
Φ(0) is finite.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from nesslab.analysis.validity import ValidityWarning
from nesslab.environment.baths import Bath
from nesslab.environment.spectral import power_spectrum
from nesslab.operators import sigma_x
from nesslab.ptre import check_pauli_coupling

ZERO_PHONON_LIMIT = 0.05
"""Largest zero-phonon weight Z (coherent-tunnelling share) without a ValidityWarning."""
POINTS = 2**17
"""Frequency (and time) grid points of the Fourier transforms."""
DECAY = 1e-13
"""``S_Φ`` beyond the grid's largest frequency is below this fraction of its peak."""


@dataclass(frozen=True)
class NibaCurrent:
    """The NIBA heat current and its evidence (module docstring).

    Attributes
    ----------
    current : float
        J₁, energy per unit time from bath 1 into the spin (ħ = 1); bath 2's is −J₁.
    zero_phonon_weight : float
        Z = e^{−Φ₁(0) − Φ₂(0)}, the weight of the coherent tunnelling NIBA leaves out.
    resolution_change : float
        Relative change of J₁ when the grid is refined (twice the points at the same largest
        frequency, and twice the largest frequency at the same spacing): the numerical error.
    valid : bool
        ``zero_phonon_weight <= ZERO_PHONON_LIMIT``.
    """

    current: float
    zero_phonon_weight: float
    resolution_change: float
    valid: bool


def niba_heat_current(delta: float, first: Bath, second: Bath) -> NibaCurrent:
    """NIBA heat current of ``H = Δσz + σx ⊗ (X₁ + X₂)`` (seed 004 at θ = π/2).

    Parameters
    ----------
    delta : float
        Δ ≥ 0 of ``H_S = Δσz`` (level splitting 2Δ, energy units).
    first, second : Bath
        Bath 1 and bath 2, both coupled through σx (the model's "sx", or "s_theta" of
        :func:`nesslab.models.spin_boson` at θ = π/2), at temperatures > 0.

    Returns
    -------
    NibaCurrent
        J₁ with its zero-phonon weight and grid error.

    Warns
    -----
    ValidityWarning
        When the zero-phonon weight exceeds ``ZERO_PHONON_LIMIT`` (weak coupling: the coherent
        tunnelling NIBA drops matters).

    Raises
    ------
    ValueError
        For a negative or non-finite Δ, a coupling that is not σx, a temperature ≤ 0, or a
        bath whose ``J(ω)/ω³`` diverges at ω → 0 (Φ(0) infinite).
    """
    delta = float(delta)
    if not np.isfinite(delta) or delta < 0:
        raise ValueError(f"delta must be finite and >= 0, got {delta!r}")
    for bath in (first, second):
        check_pauli_coupling(bath, sigma_x(), "σx", np.pi / 2, "θ = π/2 NIBA")
        if not bath.temperature > 0:
            raise ValueError(f"bath {bath.name!r}: NIBA needs a temperature > 0")
        _check_super_ohmic(bath)
    largest = max(_largest_frequency(first), _largest_frequency(second))
    current, weight = _current(delta, first, second, largest, POINTS)
    finer, _ = _current(delta, first, second, largest, 2 * POINTS)
    wider, _ = _current(delta, first, second, 2 * largest, 2 * POINTS)
    change = max(abs(finer - current), abs(wider - current)) / max(abs(current), 1e-300)
    valid = weight <= ZERO_PHONON_LIMIT
    if not valid:
        warnings.warn(
            f"NIBA at zero-phonon weight Z = {weight:.2g} > {ZERO_PHONON_LIMIT}: the coherent "
            "tunnelling it leaves out matters (weak coupling); cross-check with the HEOM",
            ValidityWarning,
            stacklevel=2,
        )
    return NibaCurrent(float(current), weight, float(change), valid)


def _phi_spectrum(bath: Bath, omega: np.ndarray) -> np.ndarray:
    """``S_Φ(ω) = 4 S(ω)/ω²`` on a grid, its ω = 0 value the limit ``8 T lim J/ω³``."""
    result = np.empty_like(omega)
    nonzero = omega != 0
    w = omega[nonzero]
    result[nonzero] = 4 * power_spectrum(bath.spectral_density, bath.temperature, w) / w**2
    if np.any(~nonzero):
        small = 1e-6 * max(1.0, bath.temperature)
        result[~nonzero] = 8 * bath.temperature * bath.spectral_density(small) / small**3
    return result


def _check_super_ohmic(bath: Bath) -> None:
    """Refuse a bath whose ``J/ω³`` grows as ω → 0 (a divergent Φ(0): localisation)."""
    values = [bath.spectral_density(w) / w**3 for w in (1e-4, 1e-5, 1e-6)]
    if not (np.all(np.isfinite(values)) and values[2] <= 2 * values[0] + 1e-300):
        raise ValueError(
            f"bath {bath.name!r}: NIBA needs J(ω)/ω³ finite at ω → 0 (super-Ohmic beyond ω²); "
            "its Φ(0) = (4/π)∫J coth(ω/2T)/ω² diverges"
        )


def _largest_frequency(bath: Bath) -> float:
    """A frequency beyond which ``S_Φ`` is below ``DECAY`` of its peak (on a log grid)."""
    grid = np.geomspace(1e-3, 1e4, 800) * max(1.0, bath.temperature)
    values = _phi_spectrum(bath, grid)
    peak = float(values.max())
    above = np.flatnonzero(values > DECAY * peak)
    return float(grid[min(above[-1] + 1, grid.size - 1)])


def _current(
    delta: float, first: Bath, second: Bath, largest: float, points: int
) -> tuple[float, float]:
    """J₁ on a grid of ``points`` frequencies in ``[−largest, largest)``, and Z."""
    step = 2 * largest / points
    omega = (np.arange(points) - points // 2) * step
    spectra, weight = [], 1.0
    for bath in (first, second):
        regular, zero_phonon = _regular_spectrum(_phi_spectrum(bath, omega), step)
        spectra.append(regular)
        weight *= zero_phonon
    reversed_second = np.zeros(points)
    reversed_second[1:] = spectra[1][:0:-1]  # G₂(−ω_k) = G₂(ω_{N−k}); the edge has no partner
    total = np.sum(omega * spectra[0] * reversed_second) * step
    return float(-(delta**2) / (2 * np.pi) * total), weight


def _regular_spectrum(phi_spectrum: np.ndarray, step: float) -> tuple[np.ndarray, float]:
    """``G(ω)`` without its zero-phonon line, and ``Z = e^{−Φ(0)}`` (module docstring)."""
    points = phi_spectrum.size
    shifted = np.fft.ifftshift(phi_spectrum)
    phi = np.fft.fft(shifted) * step / (2 * np.pi)  # Φ(t_k), t_k = k·2π/(points·step)
    phi_zero = float(np.sum(phi_spectrum) * step / (2 * np.pi))
    zero_phonon = np.exp(-phi_zero)
    regular = zero_phonon * np.expm1(phi)
    time_step = 2 * np.pi / (points * step)
    spectrum = np.fft.ifft(regular) * points * time_step  # ∫ e^{iωt} g(t) dt
    return np.fft.fftshift(spectrum).real, float(zero_phonon)
