"""Shared physics of seed 002's energy-flow figures (Figs. 2–5, second-law map): two coupled TLSs.

``H_S = ω₁σ₁†σ₁ + ω₂σ₂†σ₂ + Ω(σ₁†σ₂ + σ₂†σ₁)`` (Eq. 5, :func:`nesslab.models.tls_dimer`),
ω₁ = 1 (every energy in units of ω₁), Δω = ω₁ − ω₂; TLS j couples to reservoir j through
``σ_j + σ_j†`` with ``γ_j(ω) = c_j ω³``, ``c₂ = 2c₁`` (``J_j = γ_j/2``, no cutoff,
``SPECS.md`` §2.1), T₁ = 0.2 (reservoir 1, cold) and T₂ = 0.22 (reservoir 2, hot). The axis
γ₁ of the maps is ``γ₁(ω₁) = c₁ω₁³ = c₁``.

Approaches (:data:`APPROACH_OPTIONS`), all from the same two Baths: "local" — Eq. 8's channels
at the bare frequencies, derived from the Baths (:mod:`nesslab.generators.local_baths`);
"global" — Davies; "partial_secular" — seed 002's PS, Bloch–Redfield without Lamb shift,
secular only between components of opposite frequency sign
(``criterion="frequency_sign"``, :mod:`nesslab.generators.secular_criteria`); "redfield".

Sign convention: ``J₁ = Tr[H_S D₁(ρ)]`` is the energy flow **from reservoir 1 into the
system**; the figures plot ``j^st = −J₁/Ω`` (= J₂/Ω at a NESS, the flow out of the hot
reservoir 2 per unit Ω, positive for the paper's parameters) and ``J^st = −J₁`` (Fig. 5).

:func:`flow_maps` computes j^st over (γ₁, Ω) per Δω through one sweep, and the line
``Ω_max(γ₁)``: the grid argmax of each row refined by ``scipy.optimize.minimize_scalar``
(bounded by the neighbouring grid points) on the model, one sweep point per row.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from functools import partial

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from scipy.optimize import minimize_scalar

import nesslab as nl
from nesslab import models
from nesslab.environment.spectral import PowerLaw, bose_einstein
from nesslab.figures.labels import Label
from nesslab.figures.run import FigureRun, points_computed
from nesslab.generators.secular_validity import SecularApproximationWarning

OMEGA1 = 1.0
TEMPERATURES = (0.2, 0.22)
RATE_RATIO = 2.0
COUPLING_MAX = 0.1
GAMMA1_MAX = 0.05
LOWEST_FRACTION = 1e-2
"""The first row bracket reaches down to this fraction of the smallest grid Ω."""
XATOL = 1e-8
"""Refinement tolerance of Ω_max, relative to the bracket's upper end."""
APPROACH_OPTIONS: dict[str, dict] = {
    "local": {},
    "global": {},
    "partial_secular": {"criterion": "frequency_sign"},
    "redfield": {},
}
SIGN_CONVENTION = (
    "J_1 = Tr[H_S D_1(rho)] is the energy flow from reservoir 1 (cold, T_1 = 0.2) into the "
    "system; j^st = -J_1/Omega = J_2/Omega and J^st = -J_1 (flow out of the hot reservoir 2), "
    "energies in units of omega_1, hbar = k_B = 1"
)


def dimer(
    coupling: float,
    detuning: float,
    gamma1: float,
    rate_ratio: float = RATE_RATIO,
    temperatures: tuple[float, float] = TEMPERATURES,
) -> tuple[nl.System, list]:
    """The system and its two Baths; every approach, "local" too, takes the Baths.

    Parameters
    ----------
    coupling : float
        Ω (units of ω₁).
    detuning : float
        Δω = ω₁ − ω₂ (units of ω₁).
    gamma1 : float
        γ₁(ω₁) = c₁ω₁³ (units of ω₁); c₂ = ``rate_ratio`` · c₁.
    rate_ratio : float
        c₂/c₁ (2 in Figs. 2–5, 20 in Fig. 1).
    temperatures : tuple of float
        T₁, T₂.

    Returns
    -------
    tuple
        ``(system, baths)``; bath j (``J_j = c_jω³/2``, no cutoff) is named ``"j"``. The local
        approach derives Eq. 8's channels ``√(γ_j(ω_j)(n_j+1)) σ_j`` and ``√(γ_j(ω_j)n_j) σ_j†``
        at the bare ω_j from them (:mod:`nesslab.generators.local_baths`).
    """
    frequencies = (OMEGA1, OMEGA1 - detuning)
    strengths = (gamma1 / OMEGA1**3, rate_ratio * gamma1 / OMEGA1**3)
    system = models.tls_dimer(*frequencies, coupling)
    baths = [
        nl.Bath(f"x{j}", PowerLaw(c / 2, 3.0, 1.0, "none"), temperature, str(j))
        for j, (c, temperature) in enumerate(zip(strengths, temperatures, strict=True), 1)
    ]
    return system, baths


def flow_point(
    gamma1: float, coupling: float, detuning: float, approach: str, compare_redfield: bool = False
) -> dict:
    """NESS energy flows at one point (a sweep point function).

    Returns
    -------
    dict
        ``specific_flow`` j^st = −J₁/Ω and ``flow`` J^st = −J₁ (units ω₁ and ω₁²),
        ``entropy_production`` σ = −Σ J_j/T_j (units ω₁), ``first_law`` (the relative
        residual |J₁ + J₂|); with ``compare_redfield`` (for "partial_secular") also
        ``redfield_distance``, the trace distance of its NESS to the Bloch–Redfield NESS: what
        the opposite-sign pairs it drops cost, measured. Its SecularApproximationWarning (a
        first-order estimate of the same) is not raised at every point of a map.
    """
    system, baths = dimer(coupling, detuning, gamma1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecularApproximationWarning)
        generator = nl.generator(system, baths, approach, **APPROACH_OPTIONS[approach])
    state = nl.steady_state(generator)
    currents = nl.heat_currents(generator, state)
    result = {
        "specific_flow": -currents["1"] / coupling,
        "flow": -currents["1"],
        "entropy_production": nl.entropy_production(generator, state),
        "first_law": currents.first_law_residual,
    }
    if compare_redfield:
        parent = nl.steady_state(nl.generator(system, baths, "redfield"))
        result["redfield_distance"] = nl.trace_distance(state, parent)
    return result


def optimum_point(gamma1: float, detuning: float, low: float, high: float, approach: str) -> dict:
    """``Ω_max`` and ``j_max`` of one map row: j^st maximised over Ω ∈ [low, high].

    ``inside`` is 1 when the maximum lies strictly inside the bracket (0: at an end, i.e. the
    row's maximum is at the edge of the map's Ω range).
    """

    def negative(coupling: float) -> float:
        return -flow_point(gamma1, coupling, detuning, approach)["specific_flow"]

    tolerance = XATOL * high
    best = minimize_scalar(
        negative, bounds=(low, high), method="bounded", options={"xatol": tolerance}
    )
    inside = low + 2 * tolerance < best.x < high - 2 * tolerance
    return {"coupling_max": float(best.x), "flow_max": -float(best.fun), "inside": int(inside)}


def eq17_coupling(gamma1: np.ndarray, detuning: float) -> np.ndarray:
    """Eq. 17: the local approach's ``Ω_max = √(g₁g₂(1 + Δω²/(g₁+g₂)²))``, g_j = γ_j(n_j + ½)."""
    omega2 = OMEGA1 - detuning
    gamma1 = np.asarray(gamma1, dtype=float)
    g1 = gamma1 * (bose_einstein(OMEGA1, TEMPERATURES[0]) + 0.5)
    g2 = (
        RATE_RATIO
        * gamma1
        * (omega2 / OMEGA1) ** 3
        * (bose_einstein(omega2, TEMPERATURES[1]) + 0.5)
    )
    return np.sqrt(g1 * g2 * (1 + detuning**2 / (g1 + g2) ** 2))


def map_axes(points: int, gamma1_max: float, coupling_max: float) -> tuple[np.ndarray, ...]:
    """``points`` uniform values of γ₁ in (0, gamma1_max] and of Ω in (0, coupling_max]."""
    return (
        np.linspace(0.0, gamma1_max, points + 1)[1:],
        np.linspace(0.0, coupling_max, points + 1)[1:],
    )


def brackets(flows: np.ndarray, couplings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ω brackets ``(low, high)`` around each row's grid argmax (last axis: Ω)."""
    best = np.argmax(flows, axis=-1)
    low = np.where(best > 0, couplings[np.maximum(best - 1, 0)], LOWEST_FRACTION * couplings[0])
    high = couplings[np.minimum(best + 1, couplings.size - 1)]
    return low, high


MAP_OUTPUTS = ("specific_flow", "flow", "entropy_production", "first_law", "redfield_distance")


def flow_maps(
    points: int,
    run: FigureRun,
    approach: str,
    detunings: Sequence[float],
    gamma1_max: float = GAMMA1_MAX,
    coupling_max: float = COUPLING_MAX,
) -> xr.Dataset:
    """j^st over (Δω, γ₁, Ω) for one approach, and the refined line Ω_max(γ₁) per Δω.

    Two sweeps: grid ``"map"`` (every point) and grid ``"line"`` (one optimisation per row).

    Returns
    -------
    xarray.Dataset
        ``specific_flow``, ``entropy_production`` and ``first_law`` over
        ``(detuning, gamma1, coupling)`` (plus ``redfield_distance`` for "partial_secular"),
        ``coupling_max``, ``flow_max``, ``inside`` over ``(detuning, gamma1)``; attrs
        ``points_computed_map``/``_line``. Not yet labelled (:data:`LABELS`).
    """
    gamma1, couplings = map_axes(points, gamma1_max, coupling_max)
    config = {"approach": approach, "options": APPROACH_OPTIONS[approach]}
    grid = {"detuning": np.asarray(detunings, float), "gamma1": gamma1, "coupling": couplings}
    point = partial(flow_point, approach=approach, compare_redfield=approach == "partial_secular")
    result = run.sweep(point, grid, "map", config)
    flows = result["specific_flow"].values
    low, high = brackets(flows, couplings)
    rows = [
        {"gamma1": g, "detuning": d, "low": low[i, k], "high": high[i, k]}
        for i, d in enumerate(grid["detuning"])
        for k, g in enumerate(gamma1)
    ]
    line = run.sweep(partial(optimum_point, approach=approach), rows, "line", config)
    shape = (len(detunings), points)
    outputs = [name for name in result.data_vars if name in MAP_OUTPUTS]
    data = {name: (("detuning", "gamma1", "coupling"), result[name].values) for name in outputs}
    for name in ("coupling_max", "flow_max", "inside"):
        data[name] = (("detuning", "gamma1"), line[name].values.reshape(shape))
    coords = {"detuning": grid["detuning"], "gamma1": gamma1, "coupling": couplings}
    attrs = {**common_attrs(approach), **points_computed(map=result, line=line)}
    return xr.Dataset(data, coords=coords, attrs=attrs)


def common_attrs(approach: str = "") -> dict:
    """Attrs shared by seed 002's flow figures: model, rates, temperatures, sign convention."""
    attrs = {
        "source": "seed 002 (Vovcenko et al., two coupled TLSs from weak to strong coupling)",
        "hamiltonian": "H_S = w1 s1^dag s1 + w2 s2^dag s2 + Omega (s1^dag s2 + s2^dag s1), w1 = 1",
        "reservoirs": "gamma_j(w) = c_j w^3 (J_j = gamma_j/2, no cutoff) through s_j + s_j^dag, "
        "c_2 = 2 c_1",
        "T_1": TEMPERATURES[0],
        "T_2": TEMPERATURES[1],
        "omega_1": OMEGA1,
        "sign_convention": SIGN_CONVENTION,
    }
    if approach:
        attrs["approach"] = approach
        attrs["approach_options"] = repr(APPROACH_OPTIONS[approach])
    return attrs


LABELS = {
    "detuning": Label("detuning Delta omega = omega_1 - omega_2", "omega_1"),
    "gamma1": Label(
        "decay rate gamma_1(omega_1) = c_1 omega_1^3 of TLS 1 (c_2 = 2 c_1)", "omega_1"
    ),
    "coupling": Label("TLS-TLS coupling Omega", "omega_1"),
    "specific_flow": Label(
        "specific NESS energy flow j^st = -J_1/Omega", "omega_1", SIGN_CONVENTION
    ),
    "flow": Label("NESS energy flow J^st = -J_1", "omega_1^2", SIGN_CONVENTION),
    "entropy_production": Label("entropy production rate sigma = -J_1/T_1 - J_2/T_2", "omega_1"),
    "first_law": Label("first-law residual |J_1 + J_2| relative to the flows"),
    "redfield_distance": Label("trace distance of the partial-secular NESS to the Redfield NESS"),
    "coupling_max": Label("Omega_max: argmax of j^st over Omega (grid, refined)", "omega_1"),
    "flow_max": Label("j_max: j^st at Omega_max", "omega_1", SIGN_CONVENTION),
    "inside": Label("Omega_max strictly inside the map's Omega range (1) or at its edge (0)"),
}


def draw_map(axes: Axes, dataset: xr.Dataset, detuning: float, title: str) -> None:
    """j^st(γ₁, Ω) at one Δω, with the refined Ω_max line (red dots, interior maxima only)."""
    panel = dataset.sel(detuning=detuning)
    mesh = axes.pcolormesh(
        panel["gamma1"], panel["coupling"], panel["specific_flow"].T, shading="nearest"
    )
    axes.figure.colorbar(mesh, ax=axes).ax.set_title(r"$j^{st}$", fontsize="small")
    inside = panel["inside"].values.astype(bool)
    axes.plot(
        panel["gamma1"][inside],
        panel["coupling_max"][inside],
        "r.-",
        ms=4,
        label=r"$\Omega_{max}$ (refined argmax)",
    )
    axes.set_xlabel(r"$\gamma_1/\omega_1$")
    axes.set_ylabel(r"$\Omega/\omega_1$")
    axes.set_title(title, fontsize="small")
