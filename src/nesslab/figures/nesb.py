"""Shared physics of seed 004's figures: the generalized nonequilibrium spin-boson model (NESB).

``H = Δσz + Σ_ν H_B,ν + σx ⊗ B₁ + σθ ⊗ B₂`` with ``σθ = cos θ σz + sin θ σx``
(:func:`nesslab.models.few_body.spin_boson`), both baths with the super-Ohmic rational spectral
density ``J_ν(ω) = πα_ν ω³ / (1 + ω²)⁴`` (s = 3, ω_c = 1; every energy in units of ω_c,
ħ = k_B = 1). The heat current ``I`` is the bath-side current of :mod:`nesslab.generators.heom`
out of bath 1 into the system: positive when heat flows from bath 1 (hot in seed 004's Figs.
1–3) into the spin.

C(t) is linear in α, so the correlation function of each temperature is fitted once at α = 1
(:func:`unit_expansion`, cached) and its amplitudes are scaled by α (:func:`scaled`). The fit
shares its rates between Re C and Im C (5 HEOM modes per bath at T ≈ 1 instead of 5 + 4), which
makes depth 4 (1001 ADOs) cost what depth 3 did with the separate fit (1330 ADOs).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

import nesslab as nl
from nesslab.decomposition import Expansion
from nesslab.fitting import fit_correlation
from nesslab.models.few_body import spin_boson
from nesslab.spectral import PowerLaw

EXPONENT = 3
CUTOFF = 1.0
FIT_T_MAX = 30.0
FIT_TIMES = 300
FIT_TOLERANCE = 1e-4
FIT_MAX_TERMS = 10
DEPTH = 4
SIGN_CONVENTION = (
    "I = heat current out of bath 1 (coupled through sigma_x) into the spin, positive when heat "
    "flows from bath 1 into the system (bath-side HEOM current); hbar = k_B = omega_c = 1"
)


def spectral_density(alpha: float) -> PowerLaw:
    """Seed 004's ``J(ω) = πα ω³ / (1 + ω²)⁴`` (ω_c = 1) for coupling strength ``alpha``."""
    return PowerLaw(np.pi * alpha, EXPONENT, CUTOFF, form="rational")


@lru_cache(maxsize=8)
def unit_expansion(temperature: float) -> Expansion:
    """Fitted exponential expansion of C(t) at α = 1 and ``temperature`` (cached per T).

    Fit of :func:`nesslab.fitting.fit_correlation` on ``0 ≤ t ≤ 30`` (300 points) with rates
    shared by Re C and Im C, to a maximum relative error of 1e-4 for each (5 modes at T ≈ 1).
    """
    bath = nl.Bath("sx", spectral_density(1.0), float(temperature), "unit")
    fit = fit_correlation(
        bath, FIT_T_MAX, FIT_TIMES, FIT_TOLERANCE, FIT_MAX_TERMS, shared_rates=True
    )
    return fit.expansion


def scaled(expansion: Expansion, alpha: float) -> Expansion:
    """The expansion of α · C(t): both amplitude arrays multiplied by ``alpha``."""
    return dataclasses.replace(
        expansion,
        amplitudes=alpha * expansion.amplitudes,
        conjugate_amplitudes=alpha * expansion.conjugate_amplitudes,
    )


@dataclass(frozen=True)
class Point:
    """One HEOM steady state of the NESB.

    Attributes
    ----------
    current : float
        I (module docstring), energy/time in units of ω_c².
    first_law_residual : float
        ``|I₁ + I₂|`` relative to the currents (:class:`nesslab.Currents`).
    modes : int
        Exponentials of both baths together (HEOM modes).
    """

    current: float
    first_law_residual: float
    modes: int


def heom_point(
    delta: float,
    theta: float,
    alphas: tuple[float, float],
    temperatures: tuple[float, float],
    depth: int = DEPTH,
) -> Point:
    """Steady-state heat current of the NESB from the HEOM with fitted expansions.

    Parameters
    ----------
    delta : float
        Half gap Δ of ``H_S = Δσz`` (units of ω_c).
    theta : float
        Direction θ (rad) of bath 2's coupling σθ in the x–z plane.
    alphas : tuple of float
        Coupling strengths (α₁, α₂).
    temperatures : tuple of float
        Temperatures (T₁, T₂) in units of ω_c.
    depth : int
        Hierarchy truncation tier.
    """
    expansions = [scaled(unit_expansion(t), a) for a, t in zip(alphas, temperatures, strict=True)]
    baths = [
        nl.Bath(coupling, spectral_density(a), t, name)
        for coupling, a, t, name in zip(("sx", "s_theta"), alphas, temperatures, "12", strict=True)
    ]
    generator = nl.generator(
        spin_boson(delta, theta), baths, "heom", depth=depth, expansions=expansions
    )
    currents = nl.heat_currents(generator, nl.steady_state(generator, "direct"))
    return Point(currents["1"], currents.first_law_residual, sum(len(e) for e in expansions))


def depth_check(
    delta: float,
    theta: float,
    alphas: tuple[float, float],
    temperatures: tuple[float, float],
    depths: tuple[int, int] = (DEPTH - 1, DEPTH),
) -> dict[str, float | str]:
    """Attrs recording the change of I between two depths at one point.

    Returns
    -------
    dict
        ``depth_check_point`` (a description), ``depth_check_depths``, ``depth_check_currents``
        and ``depth_check_relative_change`` = |I(d₂) − I(d₁)| / |I(d₂)|.
    """
    values = [heom_point(delta, theta, alphas, temperatures, d).current for d in depths]
    return {
        "depth_check_point": (
            f"Delta={delta:g}, theta={theta:.6g}, alpha1={alphas[0]:g}, alpha2={alphas[1]:g}, "
            f"T1={temperatures[0]:g}, T2={temperatures[1]:g}"
        ),
        "depth_check_depths": np.array(depths),
        "depth_check_currents": np.array(values),
        "depth_check_relative_change": abs(values[1] - values[0]) / abs(values[1]),
    }


def common_attrs(depth: int = DEPTH) -> dict[str, float | str | int]:
    """Attrs shared by every seed-004 figure: model, units, sign convention, HEOM settings."""
    return {
        "source": "seed 004 (generalized nonequilibrium spin-boson model)",
        "hamiltonian": "H_S = Delta sigma_z; bath 1 via sigma_x, bath 2 via cos(theta) sigma_z "
        "+ sin(theta) sigma_x",
        "spectral_density": "J(w) = pi alpha w^3 / (1 + w^2)^4 (s = 3, omega_c = 1)",
        "units": "energies and temperatures in omega_c, currents in omega_c^2 (hbar = k_B = 1), "
        "theta in rad",
        "sign_convention": SIGN_CONVENTION,
        "method": "HEOM (nesslab, no counter-term), fitted exponential expansions of C(t) "
        "with rates shared by Re C and Im C, sparse direct steady-state solve",
        "heom_depth": depth,
        "fit_tolerance": FIT_TOLERANCE,
        "fit_t_max": FIT_T_MAX,
    }
