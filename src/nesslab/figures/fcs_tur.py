"""The thermodynamic uncertainty relation of seed 002's dimer, over (Ω, ΔT), for three approaches.

Two coupled TLSs (:mod:`nesslab.figures.tls_maps`: ω₁ = 1, Δω = −0.09, γ₁ = 0.01, c₂ = 2c₁),
reservoir 1 at T₁ = 0.2 and reservoir 2 at T₂ = T₁ + ΔT. For the energy Q₁ exchanged with
reservoir 1, :func:`nesslab.current_statistics` gives the mean current and the zero-frequency
noise, and the TUR ratio

    𝒬 = Var(J₁) σ / ⟨J₁⟩²,   σ = −Σ_j J_j/T_j  (k_B = 1),

which the TUR bounds below by 2 for classical Markov jump processes
(:mod:`nesslab.counting.statistics`).

* "global" (Davies): its populations obey a classical rate equation and its counting field is
  that of the jumps between eigenstates: 𝒬 ≥ 2 everywhere.
* "partial_secular" (seed 002's, ``criterion="frequency_sign"``): energy counted with the field
  in the bath correlation function (:mod:`nesslab.counting.fields`); it keeps the coherence of
  the near-degenerate doublet, and 𝒬 may approach or cross 2 (coherent transport is not
  bound by the classical TUR), which the data record (``below_bound_points_<approach>``).
* "local": its jumps carry the bare quanta ω₁, ω₂; the counted mean is the bare energy
  current, and σ is nesslab's ``−Σ J_j/T_j`` from ``Tr[H D_j(ρ)]``. Where Δω < ω₁(1 − T₂/T₁)
  (ΔT < 0.018 here) the local approach pumps heat from cold to hot, σ < 0 (seed 002 Sec. III,
  ``tls-second-law``), and 𝒬 < 0: not a violation of the TUR but of the second law by an
  approach that is thermodynamically inconsistent there.

A last panel adds seed 004's spin-boson model against the coupling α from the HEOM
(:mod:`nesslab.figures.fcs_tur_heom`), with the α-independent global ratio of the same model.
"""

from __future__ import annotations

import warnings
from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.figures.fcs_tur_heom import HEOM_LABELS, heom_tur
from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun, points_computed
from nesslab.figures.tls_maps import (
    APPROACH_OPTIONS,
    COUPLING_MAX,
    LABELS,
    OMEGA1,
    TEMPERATURES,
    common_attrs,
    dimer,
)
from nesslab.generators.secular_validity import SecularApproximationWarning

APPROACHES = ("global", "partial_secular", "local")
DETUNING = -0.09
GAMMA1 = 0.01
DELTA_T_RANGE = (0.002, 0.1)
"""ΔT = T₂ − T₁ (units of ω₁), logarithmic."""
BOUND = 2.0
TUR_LABELS = {
    "coupling": LABELS["coupling"],
    "delta_t": Label("temperature difference T_2 - T_1 (T_1 = 0.2)", "omega_1"),
    **{f"tur_{a}": Label(f"TUR ratio Var(J_1) sigma / J_1^2 ({a})") for a in APPROACHES},
    **{
        f"mean_{a}": Label(
            f"mean energy current from reservoir 1 counted by the field ({a})",
            "omega_1^2",
            "positive from reservoir 1 into the system",
        )
        for a in APPROACHES
    },
    **{
        f"noise_{a}": Label(f"zero-frequency noise of J_1, Var per unit time ({a})", "omega_1^3")
        for a in APPROACHES
    },
    **{f"entropy_production_{a}": Label(f"sigma ({a})", "omega_1") for a in APPROACHES},
    **HEOM_LABELS,
}


def tur_point(coupling: float, delta_t: float, approach: str) -> dict[str, float]:
    """The statistics of the energy from reservoir 1 at one (Ω, ΔT)."""
    temperatures = (TEMPERATURES[0], TEMPERATURES[0] + delta_t)
    system, baths = dimer(coupling, DETUNING, GAMMA1, temperatures=temperatures)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecularApproximationWarning)
        generator = nl.generator(system, baths, approach, **APPROACH_OPTIONS[approach])
    record = nl.current_statistics(generator, bath="1", order=2)["1"]
    return {
        "tur": record.tur_ratio,
        "mean": record.mean,
        "noise": record.variance,
        "entropy_production": record.entropy_production,
    }


def fcs_tur(
    points: int,
    run: FigureRun,
    *,
    coupling_max: float = COUPLING_MAX,
    delta_t_range: tuple[float, float] = DELTA_T_RANGE,
) -> xr.Dataset:
    """Compute the TUR ratio of three approaches on a ``points × points`` (Ω, ΔT) grid.

    Parameters
    ----------
    points : int
        Grid size per axis.
    run : FigureRun
        Sweep settings (one grid per approach, named after it).
    coupling_max : float
        Ω ∈ (0, coupling_max] (units of ω₁), uniform.
    delta_t_range : tuple of float
        ΔT range (units of ω₁), logarithmic.

    Returns
    -------
    xarray.Dataset
        ``tur_<approach>``, ``mean_<approach>``, ``noise_<approach>`` and
        ``entropy_production_<approach>`` over ``(coupling, delta_t)``; attrs
        ``below_bound_points_<approach>`` (points with 𝒬 < 2) and ``smallest_tur_<approach>``;
        the HEOM part over ``alpha`` (``points // 2 + 1`` values,
        :mod:`nesslab.figures.fcs_tur_heom`).
    """
    grid = {
        "coupling": np.linspace(0.0, coupling_max, points + 1)[1:],
        "delta_t": np.geomspace(*delta_t_range, points),
    }
    data, results, attrs = {}, {}, {}
    for approach in APPROACHES:
        point = partial(tur_point, approach=approach)
        config = {"approach": approach, "detuning": DETUNING, "gamma1": GAMMA1}
        result = results[approach] = run.sweep(point, grid, approach, config)
        for name in ("tur", "mean", "noise", "entropy_production"):
            data[f"{name}_{approach}"] = (("coupling", "delta_t"), result[name].values)
        tur = result["tur"].values
        attrs[f"below_bound_points_{approach}"] = int((tur < BOUND).sum())
        attrs[f"smallest_tur_{approach}"] = float(tur.min())
    heom_points = points // 2 + 1
    heom_variables, heom_coords, heom_attrs, results["heom"] = heom_tur(heom_points, run)
    data.update(heom_variables)
    grid.update(heom_coords)
    attrs = {
        **common_attrs(),
        "figure": "fcs-tur",
        "detuning": DETUNING,
        "gamma1": GAMMA1,
        "temperature_1": TEMPERATURES[0],
        "tur_bound": BOUND,
        "local_second_law_boundary_delta_t": TEMPERATURES[0] * DETUNING / -OMEGA1,
        "counting": "energy from reservoir 1 into the system; local: bare quanta omega_1, "
        "omega_2; partial_secular: counting field in the bath correlation function",
        **attrs,
        **heom_attrs,
        **points_computed(**results),
    }
    return describe(xr.Dataset(data, coords=grid, attrs=attrs), TUR_LABELS)


def plot_fcs_tur(dataset: xr.Dataset, path: Path) -> Path:
    """Draw |𝒬|/2 per approach, the smallest 𝒬 over Ω against ΔT, and the HEOM 𝒬 against α.

    Maps over (Ω, ΔT) in log colour, white where 𝒬 = 2 and red where 𝒬 = 0 (the local σ
    changes sign); then the minima with the bound 2 dashed, and seed 004's spin-boson model.
    """
    figure, axes = new_figure(len(APPROACHES) + 2)
    for panel, approach in zip(axes[: len(APPROACHES)], APPROACHES, strict=True):
        ratio = dataset[f"tur_{approach}"] / BOUND
        mesh = panel.pcolormesh(
            dataset["coupling"],
            dataset["delta_t"],
            np.log10(np.abs(ratio)).T,
            shading="nearest",
            cmap="viridis",
        )
        panel.contour(dataset["coupling"], dataset["delta_t"], ratio.T, [1.0], colors="w")
        if (ratio < 0).any():
            panel.contour(
                dataset["coupling"], dataset["delta_t"], ratio.T, [0.0], colors="r", linewidths=1
            )
        figure.colorbar(mesh, ax=panel).ax.set_title(r"$\log_{10}(|\mathcal{Q}|/2)$", fontsize=7)
        panel.set_yscale("log")
        panel.set_title(approach.replace("_", " "), fontsize="small")
        panel.set_xlabel(r"$\Omega/\omega_1$")
        panel.set_ylabel(r"$\Delta T/\omega_1$")
    last = axes[-2]
    for approach in APPROACHES:
        last.semilogx(
            dataset["delta_t"],
            dataset[f"tur_{approach}"].min("coupling"),
            label=approach.replace("_", " "),
        )
    last.axhline(BOUND, color="k", ls="--", lw=1, label="TUR bound 2")
    last.set_xlabel(r"$\Delta T/\omega_1$")
    last.set_ylabel(r"$\min_\Omega \mathcal{Q}$")
    last.set_yscale("symlog", linthresh=1.0)
    last.legend(fontsize="x-small")
    _plot_heom(axes[-1], dataset)
    return save(figure, path)


def _plot_heom(panel, dataset: xr.Dataset) -> None:
    """𝒬 of seed 004's spin-boson against α: HEOM points, the global line and the bound."""
    panel.semilogx(dataset["alpha"], dataset["tur_heom"], "o-", ms=3, label="HEOM")
    panel.semilogx(dataset["alpha"], dataset["tur_global_heom_model"], "--", label="global")
    panel.axhline(BOUND, color="k", ls=":", lw=1, label="TUR bound 2")
    panel.set_xlabel(r"$\alpha$ (seed 004 spin-boson)")
    panel.set_ylabel(r"$\mathcal{Q}$")
    panel.set_title(r"spin-boson, $T_1 = 1$, $T_2 = 0.5$", fontsize="small")
    panel.legend(fontsize="x-small")
