"""Seed 003 Fig. 2: energy relaxation of N = 10 disordered spins, rate ratios (SPECS §3.3–3.8).

(a, b) P(E, t) (binned in E) and ⟨E⟩(t) of the single-flip rate equation from all spins down,
η = 10 (infinite temperature: stationary state near uniform) and η = 0.1 (cooling towards a
Boltzmann state at β' ≈ 4η), propagated by the modal propagator
(:func:`nesslab.analysis.classical.rate_dynamics`) on logarithmic times; the couplings are
the recorded 2019 draw (:mod:`nesslab.figures.disorder`). Inset of (a): two spins, g = (2, −1.2),
effective against exact Lindblad populations (:func:`~nesslab.analysis.elimination_comparison.
compare_elimination`, N_F = 14, SPECS §3.4). (c) R_i(ΔE) against |ΔE| for several η; (d) R_i
against η at ΔE = 0.02, 3, 8; (e) ln R_i/ΔE against η with −β' (S15) and −4η. For (c–e) the
paper's coupling ("from U[−6, 6]") is not given: g = 1 is chosen (SPECS §3.8's verified values).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.analysis.classical import (
    energy_distribution,
    rate_dynamics,
    relaxation_spectrum,
    spin_configurations,
    spin_flip_generator,
    stationary_distribution,
)
from nesslab.analysis.elimination_comparison import compare_elimination
from nesslab.figures.disorder import (
    DRIVE,
    ETA,
    KAPPA,
    MARGIN,
    OMEGA,
    TIME,
    common_attrs,
    rates_at,
)
from nesslab.figures.labels import Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.run import FigureRun, points_computed
from nesslab.models import random_couplings

N_SPINS, G0, SEED = 10, 3.0, 2019
PANELS = {"a": (10.0, 5.0), "b": (0.1, 7.0)}
"""Panel → (η, log10 of the last time)."""
FIRST_TIME = 1e-1
BINS = 60
INSET_COUPLINGS, INSET_N_FOCK = (2.0, -1.2), 14
INSET_TIMES = (5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0)
RATIO_COUPLING = 1.0
RATIO_ETAS = (0.01, 0.1, 0.3, 1.0, 3.0, 10.0)
RATIO_RANGE = (0.02, 8.0)
CURVE_ENERGIES = (0.02, 3.0, 8.0)
ETA_RANGE = (1e-2, 1e2)
LABELS = {
    "panel": Label("panel: a (eta = 10) or b (eta = 0.1)"),
    "panel_eta": ETA,
    "step": Label("index of the logarithmic time grid"),
    "time": TIME,
    "energy": Label("centre of the energy bin of E(sigma) (Eq. 4)", "omega"),
    "energy_probability": Label("P(E, t): probability of the energy bin"),
    "mean_energy": Label("<E>(t)", "omega"),
    "stationary_probability": Label("stationary P(E)"),
    "stationary_mean_energy": Label("stationary <E>", "omega"),
    "slowest_rate": Label("slowest relaxation rate of the rate equation", "omega"),
    "distance_uniform": Label("total variation distance of pi from the uniform distribution"),
    "distance_boltzmann": Label("total variation distance of pi from exp(-beta' E)/Z"),
    "elimination_margin": MARGIN,
    "inset_time": TIME,
    "configuration": Label("two-spin configuration, state code (0 = dd, 1 = ud, 2 = du, 3 = uu)"),
    "inset_exact": Label("p(sigma, t), exact Lindblad dynamics (N_F = 14)"),
    "inset_effective": Label("p(sigma, t), effective rate equation"),
    "ratio_eta": ETA,
    "delta_energy": Label("|Delta E| of the flip", "omega"),
    "ratio": Label("R_i(|Delta E|) = W_i(|Delta E|)/W_i(-|Delta E|)"),
    "eta": ETA,
    "curve_energy": Label("Delta E of the curve", "omega"),
    "curve_ratio": Label("R_i(Delta E)"),
    "log_ratio_per_energy": Label("ln R_i(Delta E) / Delta E", "1/omega"),
    "minus_beta_prime": Label("-beta' (S15)", "1/omega"),
}


def _distance(p: np.ndarray, q: np.ndarray) -> float:
    return float(np.abs(p - q).sum() / 2)


def dynamics_point(eta: float, last: float, points: int, bins: int) -> dict[str, object]:
    """Panel (a) or (b): P(E, t), ⟨E⟩(t), the stationary state and its distances."""
    couplings = random_couplings(N_SPINS, G0, seed=SEED)
    generator = spin_flip_generator(rates_at(couplings, eta))
    times = np.geomspace(FIRST_TIME, 10.0**last, int(points))
    energies = generator.energies
    dynamics = rate_dynamics(generator, 0, times).energy_distribution(int(bins))
    stationary = stationary_distribution(generator)
    beta = rates_at(couplings, eta).beta_prime
    boltzmann = np.exp(-beta * (energies - energies.min()))
    pi = stationary.probabilities
    return {
        "time": times,
        "energy_probability": dynamics.probabilities,
        "mean_energy": dynamics.mean,
        "stationary_probability": energy_distribution(pi, energies, int(bins)).probabilities[0],
        "stationary_mean_energy": stationary.mean(energies),
        "slowest_rate": relaxation_spectrum(generator, 1, method="sparse").slowest_rate,
        "distance_uniform": _distance(pi, np.full(pi.size, 1 / pi.size)),
        "distance_boltzmann": _distance(pi, boltzmann / boltzmann.sum()),
        "elimination_margin": float(rates_at(couplings, eta).elimination_margins.min()),
    }


def inset_point(drive: float = DRIVE) -> dict[str, np.ndarray]:
    """The inset: two spins, effective against exact populations at :data:`INSET_TIMES`."""
    comparison = compare_elimination(
        INSET_COUPLINGS,
        omega=OMEGA,
        drive=drive,
        gamma=KAPPA + 10.0 * OMEGA,
        kappa=KAPPA,
        times=INSET_TIMES,
        n_fock=INSET_N_FOCK,
    )
    return {
        "inset_exact": comparison.exact,
        "inset_effective": comparison.effective,
        "error_estimate": comparison.error_estimate,
    }


def ratio_point(eta: float, delta_energy: np.ndarray) -> dict[str, np.ndarray]:
    """R_i(ΔE) of a spin of coupling :data:`RATIO_COUPLING` at η, for each ΔE."""
    return {"ratio": rates_at([RATIO_COUPLING], eta).ratio(0, np.asarray(delta_energy))}


def fig2(
    points: int,
    run: FigureRun,
    *,
    bins: int = BINS,
    ratio_etas: tuple[float, ...] = RATIO_ETAS,
    curve_energies: tuple[float, ...] = CURVE_ENERGIES,
    eta_range: tuple[float, float] = ETA_RANGE,
) -> xr.Dataset:
    """Compute seed 003 Fig. 2 with ``points`` times, |ΔE| values and η values.

    Parameters
    ----------
    points : int
        Times per panel (a, b) on ``geomspace(0.1, 10^5 or 10^7, points)``; |ΔE| of (c) on
        ``linspace(0.02, 8, points)``; η of (d, e) on ``geomspace(*eta_range, points)``.
    run : FigureRun
        Sweep settings: grids "dynamics" (panels a, b), "inset", "ratio" (c), "curves" (d, e).
    bins : int
        Energy bins of P(E, t) over [min E, max E].
    ratio_etas : tuple of float
        The η of the curves of (c).
    curve_energies : tuple of float
        The ΔE of the curves of (d, e).
    eta_range : tuple of float
        First and last η of (d, e).

    Returns
    -------
    xarray.Dataset
        (a, b): ``energy_probability(panel, step, energy)``, ``mean_energy(panel, step)`` with
        ``time(panel, step)``, the stationary ``stationary_probability(panel, energy)``,
        ``stationary_mean_energy``, ``slowest_rate``, ``distance_uniform`` and
        ``distance_boltzmann(panel)``, ``elimination_margin(panel)`` (the draw's weakest spin: below
        10, as in the paper); inset ``inset_exact``/``inset_effective(inset_time,
        configuration)``; (c) ``ratio(ratio_eta, delta_energy)``; (d, e)
        ``curve_ratio(curve_energy, eta)``, ``log_ratio_per_energy`` and ``minus_beta_prime(eta)``.
        Attrs: parameters, the couplings and their seed, the inset's error estimate.
    """
    config = {"bins": int(bins), "points": int(points)}
    grid = [
        {"eta": eta, "last": last, "points": float(points), "bins": float(bins)}
        for eta, last in PANELS.values()
    ]
    dynamics = run.sweep(_dynamics_from_grid, grid, "dynamics", config)
    inset = run.sweep(inset_point, {"drive": [DRIVE]}, "inset", {"couplings": INSET_COUPLINGS})
    delta = np.linspace(*RATIO_RANGE, points)
    ratios = run.sweep(
        partial(ratio_point, delta_energy=delta), {"eta": list(ratio_etas)}, "ratio", config
    )
    etas = np.geomspace(*eta_range, points)
    curves = run.sweep(
        partial(ratio_point, delta_energy=np.asarray(curve_energies, dtype=float)),
        {"eta": etas},
        "curves",
        {"energies": list(curve_energies)},
    )
    couplings = random_couplings(N_SPINS, G0, seed=SEED)
    edges = np.linspace(_energies(couplings).min(), _energies(couplings).max(), int(bins) + 1)
    curve = curves["ratio"].values.T
    curve_energies = np.asarray(curve_energies, dtype=float)
    minus_beta = np.array([-rates_at([RATIO_COUPLING], eta).beta_prime for eta in etas])
    dataset = xr.Dataset(
        {
            "time": (("panel", "step"), dynamics["time"].values),
            "energy_probability": (
                ("panel", "step", "energy"),
                dynamics["energy_probability"].values,
            ),
            "mean_energy": (("panel", "step"), dynamics["mean_energy"].values),
            **{
                name: (
                    ("panel", "energy") if name == "stationary_probability" else "panel",
                    dynamics[name].values,
                )
                for name in (
                    "stationary_probability",
                    "stationary_mean_energy",
                    "slowest_rate",
                    "distance_uniform",
                    "distance_boltzmann",
                    "elimination_margin",
                )
            },
            "inset_exact": (("inset_time", "configuration"), inset["inset_exact"].values[0]),
            "inset_effective": (
                ("inset_time", "configuration"),
                inset["inset_effective"].values[0],
            ),
            "ratio": (("ratio_eta", "delta_energy"), ratios["ratio"].values),
            "curve_ratio": (("curve_energy", "eta"), curve),
            "log_ratio_per_energy": (
                ("curve_energy", "eta"),
                np.log(curve) / curve_energies[:, None],
            ),
            "minus_beta_prime": ("eta", minus_beta),
        },
        coords={
            "panel": list(PANELS),
            "panel_eta": ("panel", [eta for eta, _ in PANELS.values()]),
            "energy": (edges[1:] + edges[:-1]) / 2,
            "inset_time": list(INSET_TIMES),
            "configuration": np.arange(4),
            "ratio_eta": list(ratio_etas),
            "delta_energy": delta,
            "eta": etas,
            "curve_energy": curve_energies,
        },
        attrs={
            **common_attrs(),
            "figure": "disorder-fig2",
            "n_spins": N_SPINS,
            "couplings": couplings.values.tolist(),
            **couplings.attrs(),
            "initial_state": "all spins down (state code 0)",
            "energy_bins": f"{int(bins)} equal bins over [min E, max E] (E range of the draw)",
            "caption_typo": "caption's theta = 1/20 for eta = 0.1 contradicts kappa = 1: used "
            "kappa = 1, gamma = 1.1 (theta = 10/11)",
            "inset_couplings": list(INSET_COUPLINGS),
            "inset_eta": 10.0,
            "inset_n_fock": INSET_N_FOCK,
            "inset_initial_boson": "steady state of the all-down sector at Omega = 0",
            "inset_error_estimate": float(inset["error_estimate"].values[0]),
            "inset_error_estimate_formula": "sum_i (Omega t_L,i)^2, t_L,i = omega/(2 g_i^2 nu)",
            "ratio_coupling": RATIO_COUPLING,
            "ratio_coupling_choice": "panels c-e: paper's g from U[-6, 6] not given; g = 1 "
            "chosen (R depends on g^2 only)",
            **points_computed(dynamics=dynamics, inset=inset, ratio=ratios, curves=curves),
        },
    )
    return describe(dataset, LABELS)


def _dynamics_from_grid(eta: float, last: float, points: float, bins: float) -> dict:
    return dynamics_point(eta, last, int(points), int(bins))


def _energies(couplings: object) -> np.ndarray:
    return rates_at(couplings, 1.0).energy(spin_configurations(N_SPINS))


def plot_fig2(dataset: xr.Dataset, path: Path) -> Path:
    """Draw the five panels; the inset of (a) solid effective, dashed exact.

    (a, b) P(E, t) shading (each time scaled to its largest bin) with ⟨E⟩(t) in red; (c) R vs
    |ΔE|; (d) R vs η; (e) ln R/ΔE vs η with −β' (dashed) and −4η (dotted).
    """
    figure, axes = new_figure(5)
    for panel, name in zip(axes[:2], dataset["panel"].values, strict=True):
        data = dataset.sel(panel=name)
        column = data["energy_probability"]
        panel.pcolormesh(
            data["time"],
            dataset["energy"],
            (column / column.max("energy")).T,
            shading="nearest",
            cmap="Greys",
        )
        panel.semilogx(data["time"], data["mean_energy"], "r-", lw=1.2)
        panel.set_title(f"({name}) eta = {float(data['panel_eta']):g}", fontsize="small")
        panel.set_xlabel(r"$t$")
        panel.set_ylabel(r"$E$")
    inset = axes[0].inset_axes([0.55, 0.55, 0.42, 0.4])
    for k in range(4):
        inset.semilogx(dataset["inset_time"], dataset["inset_effective"][:, k], "-", color=f"C{k}")
        inset.semilogx(dataset["inset_time"], dataset["inset_exact"][:, k], "--", color=f"C{k}")
    inset.tick_params(labelsize="x-small")
    for eta in dataset["ratio_eta"].values:
        axes[2].semilogy(
            dataset["delta_energy"], dataset["ratio"].sel(ratio_eta=eta), label=f"eta = {eta:g}"
        )
    axes[2].set_xlabel(r"$|\Delta E|$")
    axes[2].set_ylabel(r"$R_i$")
    axes[2].legend(fontsize="x-small")
    for energy in dataset["curve_energy"].values:
        axes[3].semilogx(
            dataset["eta"],
            dataset["curve_ratio"].sel(curve_energy=energy),
            label=f"dE = {energy:g}",
        )
        axes[4].semilogx(dataset["eta"], dataset["log_ratio_per_energy"].sel(curve_energy=energy))
    axes[4].semilogx(dataset["eta"], dataset["minus_beta_prime"], "k--", label=r"$-\beta'$")
    axes[4].semilogx(dataset["eta"], -4 * dataset["eta"], "k:", label=r"$-4\eta$")
    axes[4].set_ylim(float(dataset["log_ratio_per_energy"].min()) * 1.2, 0.1)
    axes[3].legend(fontsize="x-small")
    axes[4].legend(fontsize="x-small")
    for panel in axes[3:]:
        panel.set_xlabel(r"$\eta$")
    axes[3].set_ylabel(r"$R_i$")
    axes[4].set_ylabel(r"$\ln R_i / \Delta E$")
    return save(figure, path)
