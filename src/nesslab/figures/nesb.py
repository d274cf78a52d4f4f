"""Shared physics of seed 004's figures: the generalized nonequilibrium spin-boson model (NESB).

``H = Δσz + Σ_ν H_B,ν + σx ⊗ B₁ + σθ ⊗ B₂`` with ``σθ = cos θ σz + sin θ σx``
(:func:`nesslab.models.few_body.spin_boson`), both baths with the super-Ohmic rational spectral
density ``J_ν(ω) = πα_ν ω³ / (1 + ω²)⁴`` (s = 3, ω_c = 1; every energy in units of ω_c,
ħ = k_B = 1). The heat current ``I`` is the bath-side current of :mod:`nesslab.generators.heom`
out of bath 1 into the system: positive when heat flows from bath 1 (hot in seed 004's Figs.
1–3) into the spin.

C(t) is linear in α, so the correlation function of each temperature is fitted once at α = 1
(:func:`unit_expansion`, cached) and its amplitudes are scaled by α (:func:`scaled`). The fit
shares its rates between Re C and Im C and stops at a maximum error of 1e-3: 4 HEOM modes per
bath (two damped-oscillation pairs), 8 in all. A 1e-4 fit adds a fifth, fast mode (rate ≈ 7,
amplitude 1e-3) that changes I by 0.03 % at α = 1 but multiplies the ADOs of depth 6 by 2.7.

Every figure point is a :func:`converged_point`: the depth grows until two successive tiers each
change I by less than 1 %. Weak coupling stops at depth 5; strong coupling needs more (θ = π/4,
Δ = 0.1: α = 1 stops at depth 7, and α = 4 at depth 9, 24 310 ADOs, about 30 s with the
tier-preconditioned GMRES of :mod:`nesslab.solve.tiers`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

import nesslab as nl
from nesslab.environment.expansion import Expansion
from nesslab.environment.fitting import fit_correlation
from nesslab.environment.spectral import PowerLaw
from nesslab.models.few_body import spin_boson

EXPONENT = 3
CUTOFF = 1.0
FIT_T_MAX = 30.0
FIT_TIMES = 300
FIT_TOLERANCE = 1e-3
FIT_MAX_TERMS = 10
START_DEPTH = 3
MAX_DEPTH = 9
DEPTH_TOLERANCE = 0.01
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
    depth : int
        Hierarchy truncation tier of ``current``.
    depth_change : float
        ``max(|I(d) − I(d − 1)|, |I(d − 1) − I(d − 2)|) / |I(d)|`` at ``d = depth``
        (:func:`converged_point`); NaN for a single-depth point.
    converged : bool
        Whether :func:`converged_point` stopped because ``depth_change`` fell below its
        tolerance (False at ``max_depth`` and for a single-depth point).
    """

    current: float
    first_law_residual: float
    modes: int
    depth: int
    depth_change: float = float("nan")
    converged: bool = False


def nesb_generator(
    delta: float,
    theta: float,
    alphas: tuple[float, float],
    temperatures: tuple[float, float],
    depth: int,
) -> nl.Generator:
    """HEOM generator of the NESB with the fitted expansions of :func:`unit_expansion`.

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
    return nl.generator(spin_boson(delta, theta), baths, "heom", depth=depth, expansions=expansions)


def heom_point(
    delta: float,
    theta: float,
    alphas: tuple[float, float],
    temperatures: tuple[float, float],
    depth: int,
) -> Point:
    """Steady-state heat current of the NESB at one depth (arguments of :func:`nesb_generator`).

    The steady state is :func:`nesslab.steady_state` "auto": sparse LU for small hierarchies,
    GMRES with the tier preconditioner above 2000 unknowns.
    """
    generator = nesb_generator(delta, theta, alphas, temperatures, depth)
    currents = nl.heat_currents(generator, nl.steady_state(generator))
    return Point(
        currents["1"], currents.first_law_residual, sum(generator.options["n_exponents"]), depth
    )


def converged_point(
    delta: float,
    theta: float,
    alphas: tuple[float, float],
    temperatures: tuple[float, float],
    tolerance: float = DEPTH_TOLERANCE,
    max_depth: int = MAX_DEPTH,
) -> Point:
    """I at the first depth where two successive tiers each change it by < ``tolerance``.

    The depth grows one tier at a time from :data:`START_DEPTH` until
    ``|I(d) − I(d − 1)|`` and ``|I(d − 1) − I(d − 2)|`` are both below ``tolerance · |I(d)|``,
    or ``d = max_depth``. The returned :class:`Point` carries the depth and the larger of those
    two changes, so a point that stopped at ``max_depth`` unconverged says so (``converged`` is
    False). One small step is not enough at strong coupling, where I oscillates with depth:
    at α = 4, θ = π/8 (Δ = 0.1) depth 4 → 5 changes I by 0.65 % and depth 5 → 6 by 18 %.
    """
    if max_depth < START_DEPTH + 2:
        raise ValueError(
            f"max_depth must be >= START_DEPTH + 2 = {START_DEPTH + 2}, got {max_depth}"
        )
    currents = [heom_point(delta, theta, alphas, temperatures, START_DEPTH).current]
    for depth in range(START_DEPTH + 1, max_depth + 1):
        point = heom_point(delta, theta, alphas, temperatures, depth)
        currents.append(point.current)
        change = float(np.abs(np.diff(currents[-3:])).max() / abs(point.current))
        converged = len(currents) >= 3 and change < tolerance
        point = dataclasses.replace(point, depth_change=change, converged=converged)
        if converged:
            break
    return point


def point_variables(points: list, dims: tuple[str, ...], prefix: str = "") -> dict:
    """Data variables over ``dims`` of a (nested) list of Points.

    ``{prefix}current``, ``{prefix}residual``, ``{prefix}depth``, ``{prefix}depth_change`` and
    ``{prefix}converged`` (0/1).
    """
    grid = np.asarray(points, dtype=object)

    def take(attribute: str, dtype: type) -> np.ndarray:
        values = [getattr(point, attribute) for point in grid.flat]
        return np.array(values, dtype=dtype).reshape(grid.shape)

    return {
        f"{prefix}current": (dims, take("current", float)),
        f"{prefix}residual": (dims, take("first_law_residual", float)),
        f"{prefix}depth": (dims, take("depth", np.int64)),
        f"{prefix}depth_change": (dims, take("depth_change", float)),
        f"{prefix}converged": (dims, take("converged", np.int8)),
    }


def common_attrs() -> dict[str, float | str | int]:
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
        "with rates shared by Re C and Im C; steady state by sparse LU, or GMRES with the tier "
        "preconditioner above 2000 unknowns",
        "depth_rule": f"depth raised from {START_DEPTH} until |I(d) - I(d-1)| and "
        f"|I(d-1) - I(d-2)| are both < {DEPTH_TOLERANCE:g} |I(d)|, or d = {MAX_DEPTH}; "
        "per-point depth, depth_change (the larger of the two) and converged are stored",
        "fit_tolerance": FIT_TOLERANCE,
        "fit_t_max": FIT_T_MAX,
    }
