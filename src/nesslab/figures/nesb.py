"""Shared physics of seed 004's figures: the generalized nonequilibrium spin-boson model (NESB).

``H = Δσz + Σ_ν H_B,ν + σx ⊗ B₁ + σθ ⊗ B₂`` with ``σθ = cos θ σz + sin θ σx``
(:func:`nesslab.models.few_body.spin_boson`), both baths with the super-Ohmic rational spectral
density ``J_ν(ω) = πα_ν ω³ / (1 + ω²)⁴`` (s = 3, ω_c = 1; every energy in units of ω_c,
ħ = k_B = 1). The heat current ``I`` is the bath-side current of :mod:`nesslab.generators.heom`
out of bath 1 into the system: positive when heat flows from bath 1 (hot in seed 004's Figs.
1–3) into the spin.

C(t) is linear in α, so the correlation function of each temperature is fitted once at α = 1
(:func:`unit_expansion`, cached per process) and scaled by α
(:meth:`nesslab.environment.Expansion.scaled`). The fit (``FIT_OPTIONS``) shares its rates
between Re C and Im C.

Every figure point is a :func:`converged_point`: :func:`nesslab.analysis.converge_depth` raises
the hierarchy depth from ``START_DEPTH`` until two successive tiers each change I by less than
a relative tolerance, or up to a largest depth; a point that stops unconverged says so. Strong
coupling needs deeper hierarchies than weak coupling. :func:`heom_sweep` runs the points of a
figure panel through :meth:`nesslab.figures.run.FigureRun.sweep`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.analysis import converge_depth
from nesslab.environment import Expansion, approximate
from nesslab.environment.spectral import PowerLaw
from nesslab.figures.run import FigureRun
from nesslab.models.few_body import spin_boson

EXPONENT = 3
CUTOFF = 1.0
FIT_OPTIONS = {
    "t_max": 30.0,
    "n_times": 300,
    "tolerance": 1e-3,
    "max_terms": 10,
    "shared_rates": True,
}
START_DEPTH = 3
MAX_DEPTH = 9
DEPTH_TOLERANCE = 0.01
OUTPUTS = ("current", "residual", "depth", "depth_change", "converged", "modes")
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

    :func:`nesslab.environment.approximate` "fit" with ``FIT_OPTIONS``: C(t) on
    ``0 ≤ t ≤ t_max`` (``n_times`` points), rates shared by Re C and Im C, a maximum relative
    error ``tolerance`` for each, at most ``max_terms`` exponentials.
    """
    bath = nl.Bath("sx", spectral_density(1.0), float(temperature), "unit")
    return approximate(bath, "fit", **FIT_OPTIONS)


def nesb_baths(alphas: tuple[float, float], temperatures: tuple[float, float]) -> list[nl.Bath]:
    """Bath "1" (σx) and bath "2" (σθ) at ``(α, T)`` each (energies in ω_c)."""
    return [
        nl.Bath(coupling, spectral_density(a), t, name)
        for coupling, a, t, name in zip(("sx", "s_theta"), alphas, temperatures, "12", strict=True)
    ]


def nesb_environment(
    alphas: tuple[float, float], temperatures: tuple[float, float]
) -> tuple[list[nl.Bath], list[Expansion]]:
    """:func:`nesb_baths` and their fitted expansions."""
    baths = nesb_baths(alphas, temperatures)
    expansions = [
        unit_expansion(bath.temperature).scaled(a, bath)
        for a, bath in zip(alphas, baths, strict=True)
    ]
    return baths, expansions


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
        tolerance (False at the largest depth and for a single-depth point).
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
    baths, expansions = nesb_environment(alphas, temperatures)
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
    GMRES with the tier preconditioner for large ones.
    """
    generator = nesb_generator(delta, theta, alphas, temperatures, depth)
    currents = nl.heat_currents(generator, nl.steady_state(generator))
    return Point(
        currents["1"], currents.first_law_residual, sum(generator.options["n_exponents"]), depth
    )


def couplings_commute(theta: float) -> bool:
    """Whether bath 2's σθ is σx, bath 1's coupling (θ = π/2).

    The rule is |cos θ| below 1e-12, so that ``np.pi / 2`` counts.
    """
    return abs(np.cos(theta)) < 1e-12


def conserves_sigma_x(delta: float, theta: float) -> bool:
    """Whether H_S = Δσz and both couplings (σx, σθ) commute with σx: Δ = 0 and θ = π/2.

    σx is then conserved, the NESS is not unique (one per sector), and in every sector each
    bath only feels a static force: no energy flows, I = 0 exactly (θ by
    :func:`couplings_commute`).
    """
    return delta == 0 and couplings_commute(theta)


def converged_point(
    delta: float,
    theta: float,
    alphas: tuple[float, float],
    temperatures: tuple[float, float],
    *,
    tolerance: float = DEPTH_TOLERANCE,
    max_depth: int = MAX_DEPTH,
) -> Point:
    """I converged in the hierarchy depth (:func:`nesslab.analysis.converge_depth`, bath "1").

    The depth grows one tier at a time from ``START_DEPTH`` until ``|I(d) − I(d − 1)|`` and
    ``|I(d − 1) − I(d − 2)|`` are both below ``tolerance · |I(d)|``, or ``d = max_depth``
    (≥ ``START_DEPTH + 2``). The returned :class:`Point` carries the depth and the larger of
    those two changes, so a point that stopped at ``max_depth`` unconverged says so
    (``converged`` is False). One small step is not enough at strong coupling, where I can
    oscillate with the depth. At Δ = 0, θ = π/2 (:func:`conserves_sigma_x`) I = 0 exactly and
    no hierarchy is built (depth 0).
    """
    baths, expansions = nesb_environment(alphas, temperatures)
    if conserves_sigma_x(delta, theta):
        return Point(0.0, 0.0, 0, 0, 0.0, True)
    result = converge_depth(
        spin_boson(delta, theta),
        baths,
        "1",
        start_depth=START_DEPTH,
        max_depth=max_depth,
        tolerance=tolerance,
        expansions=expansions,
    )
    generator, state = result.details
    residual = nl.heat_currents(generator, state).first_law_residual
    modes = sum(generator.options["n_exponents"])
    return Point(result.value, residual, modes, result.parameter, result.change, result.converged)


def nesb_point(
    delta: float,
    theta: float,
    alpha_1: float,
    alpha_2: float,
    t_1: float,
    t_2: float,
    *,
    tolerance: float = DEPTH_TOLERANCE,
    max_depth: int = MAX_DEPTH,
) -> dict[str, float]:
    """One :func:`converged_point` as a sweep point: the outputs ``OUTPUTS`` (converged 0/1)."""
    point = converged_point(
        delta, theta, (alpha_1, alpha_2), (t_1, t_2), tolerance=tolerance, max_depth=max_depth
    )
    return {
        "current": point.current,
        "residual": point.first_law_residual,
        "depth": point.depth,
        "depth_change": point.depth_change,
        "converged": np.int8(point.converged),
        "modes": point.modes,
    }


def point_params(
    delta: float, theta: float, alphas: tuple[float, float], temperatures: tuple[float, float]
) -> dict[str, float]:
    """The grid entry of one figure point: the keyword arguments of :func:`nesb_point`."""
    (alpha_1, alpha_2), (t_1, t_2) = alphas, temperatures
    return dict(delta=delta, theta=theta, alpha_1=alpha_1, alpha_2=alpha_2, t_1=t_1, t_2=t_2)


def heom_sweep(
    run: FigureRun,
    label: str,
    points: Sequence[Mapping[str, float]],
    dims: Mapping[str, int],
    *,
    tolerance: float = DEPTH_TOLERANCE,
    max_depth: int = MAX_DEPTH,
    prefix: str = "",
) -> tuple[dict, xr.Dataset]:
    """The converged points of one figure panel, in one sweep (``run.sweep``, grid ``label``).

    Parameters
    ----------
    run : FigureRun
        Sweep settings.
    label : str
        Name of the grid (and of its store).
    points : sequence of dict
        :func:`point_params` of every point, in C order over ``dims``.
    dims : mapping
        Dimension name → size of the panel's grid.
    tolerance, max_depth : float, int
        The depth rule of :func:`converged_point`.
    prefix : str
        Prefix of the variable names.

    Returns
    -------
    variables : dict
        ``{prefix}current``, ``{prefix}residual``, ``{prefix}depth``, ``{prefix}depth_change``,
        ``{prefix}converged`` (0/1) and ``{prefix}modes`` over ``dims``.
    result : xarray.Dataset
        The sweep's result (its attrs say how many points this call computed).
    """
    point = partial(nesb_point, tolerance=tolerance, max_depth=max_depth)
    result = run.sweep(point, list(points), label, config=heom_settings(tolerance, max_depth))
    shape = tuple(dims.values())
    variables = {
        f"{prefix}{name}": (tuple(dims), result[name].values.reshape(shape)) for name in OUTPUTS
    }
    return variables, result


def heom_settings(tolerance: float, max_depth: int) -> dict:
    """The HEOM settings every point depends on: depth rule and fit (a sweep's config)."""
    rule = {"start_depth": START_DEPTH, "max_depth": max_depth, "tolerance": tolerance}
    return {"depth_rule": rule, "fit": FIT_OPTIONS}


def common_attrs(
    tolerance: float = DEPTH_TOLERANCE, max_depth: int = MAX_DEPTH
) -> dict[str, float | str | int]:
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
        "with rates shared by Re C and Im C; steady state by nesslab.steady_state 'auto' "
        "(sparse LU, or GMRES with the tier preconditioner for large hierarchies)",
        "depth_rule": f"depth raised from {START_DEPTH} until |I(d) - I(d-1)| and "
        f"|I(d-1) - I(d-2)| are both < {tolerance:g} |I(d)|, or d = {max_depth}; "
        "per-point depth, depth_change (the larger of the two) and converged are stored",
        "depth_tolerance": tolerance,
        "max_depth": max_depth,
        "fit_tolerance": FIT_OPTIONS["tolerance"],
        "fit_t_max": FIT_OPTIONS["t_max"],
    }
