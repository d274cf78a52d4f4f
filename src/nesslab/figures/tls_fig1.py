"""Seed 002 Fig. 1: eigenvalues of the moment matrices M_L, M_G, M_PS against the coupling Ω.

Two TLSs at Δω = 0, ``H_S = ω(σ₁†σ₁ + σ₂†σ₂) + Ω(σ₁†σ₂ + σ₂†σ₁)`` with ω = ω₁ = ω₂ = 1 (Eq. 5,
:func:`nesslab.models.tls_dimer`; every energy and rate in units of ω₁), TLS j coupled to its
reservoir through ``σ_j + σ_j†`` with ``γ_j(ω) = c_j ω³``, **c₁ = 0.002, c₂ = 0.04** (c₂ = 20c₁,
unlike Figs. 2–5), T₁ = 0.2, T₂ = 0.22. nesslab's spectral density is ``J_j = γ_j/2 = c_jω³/2``
without cutoff (``SPECS.md`` §2.1; :func:`nesslab.figures.tls_maps.dimer`). Approaches, all
from the same Baths: "local", Eq. 8's channels at the bare ω_j derived from them (decay
``γ_j(n_j + 1)``, excitation ``γ_j n_j``); "global", Davies; "partial_secular", seed
002's PS: Bloch–Redfield without Lamb shift, secular only between components of opposite
frequency sign (``criterion="frequency_sign"``).

For v = (σ₁†σ₁, σ₂†σ₂, σ₁†σ₂, σ₂†σ₁) the matrix M of ``d⟨v⟩/dt = Mv + G`` (Eqs. 9, 20, 23) is
extracted from each generator (:func:`nesslab.analysis.moment_equations`, closure residual
stored), one sweep point per (approach, Ω); its eigenvalues are tracked along Ω
(:func:`nesslab.analysis.track_eigenvalues`) and the exceptional points of each approach are
searched on the same grid (:func:`nesslab.analysis.exceptional_points`, computed directly: a
root search, not a grid). The local approach has its EP at ``Ω_EP = |g₁ − g₂|/2`` with
``g_j = γ_j(n_j + ½)`` (Eq. 13 corrected, SPECS §2.2): λ± and the λ = −(g₁ + g₂) of the
(⟨σ₁†σ₁⟩, ⟨σ₂†σ₂⟩, Im⟨σ₁†σ₂⟩) block meet there with a single eigenvector, an EP of order 3
reached along a square-root branch; global and PS have none.
"""

from __future__ import annotations

import warnings
from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.analysis import (
    ExceptionalPointSearch,
    MomentEquations,
    exceptional_points,
    moment_equations,
    track_eigenvalues,
)
from nesslab.environment.spectral import bose_einstein
from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun, points_computed
from nesslab.figures.tls_maps import dimer

RATES = (0.002, 0.04)
TEMPERATURES = (0.2, 0.22)
COUPLING_RANGE = (0.0, 0.03)
APPROACH_OPTIONS: dict[str, dict] = {
    "local": {},
    "global": {},
    "partial_secular": {"criterion": "frequency_sign"},
}
APPROACHES = tuple(APPROACH_OPTIONS)
STYLES = {"local": "-", "global": "--", "partial_secular": ":"}
MOMENTS = "(<s1^dag s1>, <s2^dag s2>, <s1^dag s2>, <s2^dag s1>)"
RATE = "omega_1"
LABELS = {
    "approach": Label("master-equation approach (nesslab generator name)"),
    "coupling": Label("inter-TLS coupling Omega", RATE),
    "track": Label("eigenvalue track index (continuous in Omega, not sorted)"),
    "eigenvalue_real": Label(
        f"Re lambda: eigenvalue of M in d<v>/dt = M v + G, v = {MOMENTS}", RATE
    ),
    "eigenvalue_imag": Label(
        f"Im lambda: eigenvalue of M in d<v>/dt = M v + G, v = {MOMENTS}", RATE
    ),
    "row": Label(f"row k of M: the equation of component k of v = {MOMENTS}"),
    "column": Label(f"column l of M: component l of v = {MOMENTS}"),
    "matrix_real": Label("Re M[k, l], the moment matrix extracted from the generator", RATE),
    "matrix_imag": Label("Im M[k, l], the moment matrix extracted from the generator", RATE),
    "closure_residual": Label("closure residual of v under the adjoint generator (relative)"),
    "secular_validity": Label(
        "estimated trace distance of the NESS to the Bloch-Redfield one (partial_secular; NaN: "
        "not estimated)"
    ),
    "condition": Label("condition number of the unit eigenvector matrix of M"),
    "ep_coupling": Label("exceptional point Omega_EP (NaN: none found)", RATE),
    "ep_eigenvalue_real": Label("Re of the coalescing eigenvalue at Omega_EP", RATE),
    "ep_eigenvalue_imag": Label("Im of the coalescing eigenvalue at Omega_EP", RATE),
    "ep_order": Label("order of the exceptional point (0: none found)"),
}


def relaxation_rates(
    rates: tuple[float, float], temperatures: tuple[float, float]
) -> tuple[float, float]:
    """``g_j = γ_j(ω)(n_j(ω) + ½)`` at ω = 1 (Eq. 10's relaxation rates, units of ω₁)."""
    return tuple(
        float(c * (bose_einstein(1.0, t) + 0.5)) for c, t in zip(rates, temperatures, strict=True)
    )


def dimer_moments(
    coupling: float,
    approach: str,
    rates: tuple[float, float] = RATES,
    temperatures: tuple[float, float] = TEMPERATURES,
) -> tuple[MomentEquations, float]:
    """M and G of v = (σ₁†σ₁, σ₂†σ₂, σ₁†σ₂, σ₂†σ₁) under ``approach`` at Ω = ``coupling``.

    Returns the equations and the generator's secular-validity estimate (NaN for an approach
    without one). Its SecularApproximationWarning is not raised: the recipe records the
    estimate at every point instead.
    """
    system, baths = dimer(coupling, 0.0, rates[0], rates[1] / rates[0], temperatures)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nl.SecularApproximationWarning)
        generator = nl.generator(system, baths, approach, **APPROACH_OPTIONS[approach])
    validity = generator.details.get("secular_validity")
    s1, s2 = system.op("s1"), system.op("s2")
    equations = moment_equations(generator, ["n1", "n2", s1.conj().T @ s2, s2.conj().T @ s1])
    return equations, np.nan if validity is None else validity.estimate


def moment_point(
    approach: float,
    coupling: float,
    rates: tuple[float, float] = RATES,
    temperatures: tuple[float, float] = TEMPERATURES,
) -> dict[str, np.ndarray | float]:
    """One sweep point: M (real and imaginary parts), the closure residual, the validity.

    ``approach`` is the index into :data:`APPROACHES` (sweep grids hold numbers only).
    """
    equations, validity = dimer_moments(coupling, APPROACHES[int(approach)], rates, temperatures)
    return {
        "matrix_real": equations.matrix.real,
        "matrix_imag": equations.matrix.imag,
        "closure_residual": equations.residual,
        "secular_validity": validity,
    }


def _exceptional_point(search: ExceptionalPointSearch) -> tuple[float, complex, int, str]:
    """Location, eigenvalue, order and a one-line account of the first EP (NaN, 0 if none)."""
    if not search.found:
        return np.nan, complex(np.nan, np.nan), 0, search.reason
    point = search.points[0]
    account = (
        f"EP of order {point.order} at Omega = {point.location:.10g}, lambda = "
        f"{point.eigenvalue.real:.6g} + {point.eigenvalue.imag:.2g}i; eigenvector condition "
        f"number grows as |Omega - Omega_EP|^({point.condition_exponent:.3g})"
    )
    return point.location, point.eigenvalue, point.order, account


def fig1(
    points: int,
    run: FigureRun,
    *,
    rates: tuple[float, float] = RATES,
    temperatures: tuple[float, float] = TEMPERATURES,
    coupling_range: tuple[float, float] = COUPLING_RANGE,
) -> xr.Dataset:
    """Compute seed 002 Fig. 1 on ``max(points, 3)`` values of Ω.

    One sweep (grid "moments") over (approach, Ω) extracts the moment matrices; tracking and
    the exceptional-point searches then run here (the search evaluates M off the grid).

    Parameters
    ----------
    points : int
        Ω on ``linspace(*coupling_range, max(points, 3))``.
    run : FigureRun
        Sweep settings.
    rates : tuple of float
        (c₁, c₂) of ``γ_j(ω) = c_jω³`` (units of ω₁⁻²).
    temperatures : tuple of float
        (T₁, T₂) in units of ω₁.
    coupling_range : tuple of float
        First and last Ω (units of ω₁).

    Returns
    -------
    xarray.Dataset
        ``eigenvalue_real``/``eigenvalue_imag(approach, coupling, track)`` (tracked, not
        sorted), the matrices ``matrix_real``/``matrix_imag(approach, coupling, row,
        column)``, ``closure_residual`` and ``condition(approach, coupling)``, and per approach
        the EP found (``ep_coupling``, ``ep_eigenvalue_real``/``_imag``, ``ep_order``; NaN and
        0 when none, the search's reason in the attrs ``ep_search_<approach>``); attrs give the
        parameters, units, the closed forms g_j and Ω_EP = |g₁ − g₂|/2.
    """
    couplings = np.linspace(*coupling_range, max(points, 3))
    params = {"rates": tuple(rates), "temperatures": tuple(temperatures)}
    grid = {"approach": np.arange(len(APPROACHES), dtype=float), "coupling": couplings}
    result = run.sweep(partial(moment_point, **params), grid, "moments", config=params)
    matrices = result["matrix_real"].values + 1j * result["matrix_imag"].values
    values, condition, ep = [], [], []
    for index, approach in enumerate(APPROACHES):
        stored = dict(zip(couplings, matrices[index], strict=True))
        tracks = track_eigenvalues(stored.__getitem__, couplings)
        values.append(tracks.values)
        condition.append(tracks.condition())
        family = partial(_moment_matrix, approach=approach, **params)
        ep.append(_exceptional_point(exceptional_points(family, couplings)))
    values = np.array(values)
    data = {
        "eigenvalue_real": (("approach", "coupling", "track"), values.real),
        "eigenvalue_imag": (("approach", "coupling", "track"), values.imag),
        "matrix_real": (("approach", "coupling", "row", "column"), matrices.real),
        "matrix_imag": (("approach", "coupling", "row", "column"), matrices.imag),
        "closure_residual": (("approach", "coupling"), result["closure_residual"].values),
        "secular_validity": (("approach", "coupling"), result["secular_validity"].values),
        "condition": (("approach", "coupling"), np.array(condition)),
        "ep_coupling": ("approach", np.array([e[0] for e in ep])),
        "ep_eigenvalue_real": ("approach", np.array([e[1].real for e in ep])),
        "ep_eigenvalue_imag": ("approach", np.array([e[1].imag for e in ep])),
        "ep_order": ("approach", np.array([e[2] for e in ep])),
    }
    g1, g2 = relaxation_rates(tuple(rates), tuple(temperatures))
    attrs = {
        "figure": "tls-fig1",
        "source": "seed 002 (Vovcenko, Zyablovsky, Pukhov, Andrianov), Fig. 1, Eqs. 9-13, 20, 23",
        "hamiltonian": "H_S = omega (s1^dag s1 + s2^dag s2) + Omega (s1^dag s2 + s2^dag s1), "
        "omega = 1 (Delta omega = 0)",
        "baths": "TLS j couples to reservoir j through s_j + s_j^dag, gamma_j(w) = c_j w^3, "
        "J_j = gamma_j / 2 (no cutoff)",
        "c1": float(rates[0]),
        "c2": float(rates[1]),
        "T1": float(temperatures[0]),
        "T2": float(temperatures[1]),
        "units": "energies, rates and Omega in units of omega_1 (hbar = k_B = 1)",
        "partial_secular": "criterion = frequency_sign: Bloch-Redfield without Lamb shift, "
        "secular only between components of opposite frequency sign",
        "global_at_zero_coupling": "at Omega = 0 the levels are degenerate and the Davies "
        "generator keeps the TLSs' own transitions together (= local): it is discontinuous there",
        "g1": g1,
        "g2": g2,
        "omega_ep_closed_form": abs(g1 - g2) / 2,
        **{f"ep_search_{a}": e[3] for a, e in zip(APPROACHES, ep, strict=True)},
        **points_computed(moments=result),
    }
    coords = {
        "approach": list(APPROACHES),
        "coupling": couplings,
        "track": np.arange(values.shape[-1]),
        "row": np.arange(4),
        "column": np.arange(4),
    }
    return describe(xr.Dataset(data, coords=coords, attrs=attrs), LABELS)


def _moment_matrix(coupling: float, approach: str, **params: tuple[float, float]) -> np.ndarray:
    """M alone, the family :func:`nesslab.analysis.exceptional_points` searches."""
    return dimer_moments(coupling, approach, **params)[0].matrix


def plot_fig1(dataset: xr.Dataset, path: Path) -> Path:
    """Draw (a) Re λ and (b) Im λ against Ω for the three approaches, the EPs as stars.

    The global approach jumps at Ω = 0 (degenerate levels: the local limit, attrs
    ``global_at_zero_coupling``): its Ω = 0 values are open circles, its lines start after.
    """
    figure, axes = new_figure(2)
    coupling = dataset["coupling"].values
    for color, approach in enumerate(map(str, dataset["approach"].values)):
        jump = int(approach == "global" and coupling[0] == 0)
        for panel, part in zip(axes, ("real", "imag"), strict=True):
            lines = dataset[f"eigenvalue_{part}"].sel(approach=approach).values
            style = {"color": f"C{color}", "lw": 1.5}
            panel.plot(coupling[jump:], lines[jump:], STYLES[approach], **style)
            if jump:
                panel.plot(coupling[:1].repeat(lines.shape[1]), lines[0], "o", mfc="none", **style)
            location = float(dataset["ep_coupling"].sel(approach=approach))
            if np.isfinite(location):
                value = float(dataset[f"ep_eigenvalue_{part}"].sel(approach=approach))
                panel.plot(location, value, "*", color="black", ms=11, zorder=3)
    for panel, name, tag in zip(axes, ("Re", "Im"), "ab", strict=True):
        panel.set_xlabel(r"$\Omega$ ($\omega_1$)")
        panel.set_ylabel(rf"{name} $\lambda$ ($\omega_1$)")
        panel.set_title(f"({tag})", fontsize="small")
    for color, approach in enumerate(map(str, dataset["approach"].values)):
        axes[0].plot([], [], STYLES[approach], color=f"C{color}", label=approach)
    axes[0].plot([], [], "*", color="black", ms=11, label="exceptional point")
    axes[0].legend(fontsize="small")
    return save(figure, path)
