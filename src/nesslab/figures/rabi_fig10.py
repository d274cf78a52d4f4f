"""Seed 000 Fig. 10: secular-Redfield relaxation of the Rabi model, unbiased versus biased.

λ/ω = 0.2, the two App. E baths of :mod:`nesslab.figures.rabi_redfield` (same η, same "global"
secular Redfield generator as Fig. 9), ``(T_s, T_b)/ω = (0, 0)`` ("unbiased") and ``(2.5, 0)``
("biased"), initial state ``|↑⟩ ⊗ |0⟩``. Spin-down population and purity as functions of ωt
(logarithmic grid over [10⁻¹, 10⁹], exact modal propagation) and Δ/ω. Without bias the state
relaxes to the ground state (purity back to 1, no LAC feature at late times); with bias the LAC
peaks (Δ ≈ 1, 2.9, 4.9) persist into the NESS and the purity stays below 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import nesslab as nl
from nesslab.analysis.dynamics import marginal_population, product_state, trajectory
from nesslab.figures.labels import REDFIELD, Label, describe
from nesslab.figures.plotting import save
from nesslab.figures.rabi_redfield import (
    APPROACH,
    COUPLING,
    DELTA_RANGE,
    N_BOSON,
    redfield_attrs,
    redfield_baths,
    spin_down,
)
from nesslab.figures.run import FigureRun, points_computed
from nesslab.models import rabi

CASES = {"unbiased": (0.0, 0.0), "biased": (2.5, 0.0)}
INITIAL = (0, 0)
TIME_RANGE = (1e-1, 1e9)
TIME_POINTS = 201
SPIN_DOWN = "spin-down population <down|rho|down> (boson traced out)"
LABELS = {
    **REDFIELD,
    "case": Label("bath temperatures (T_s, T_b) of the case: coordinates t_spin, t_boson"),
    "spin_down": Label(f"{SPIN_DOWN} from |up>|0>"),
    "purity": Label("purity Tr rho^2 from |up>|0>"),
    "ness_spin_down": Label(f"NESS {SPIN_DOWN}"),
    "ness_purity": Label("NESS purity Tr rho_ss^2"),
}


def dynamics_point(
    delta: float, t_spin: float, t_boson: float, times: np.ndarray
) -> dict[str, np.ndarray | float]:
    """Spin-down population and purity from ``|↑⟩ ⊗ |0⟩`` on ``times`` and at the NESS.

    A sweep point: ``spin_down`` and ``purity`` on ``times`` (1/ω), ``ness_spin_down`` and
    ``ness_purity`` of :func:`nesslab.steady_state`.
    """
    system = rabi(delta, COUPLING, N_BOSON)
    gen = nl.generator(system, redfield_baths(delta, t_spin, t_boson), APPROACH)
    result = trajectory(gen, product_state(system.dims, INITIAL), times)
    down = marginal_population(result["site_population"], system.dims, 0).sel(state=1)
    state = nl.steady_state(gen)
    return {
        "spin_down": down.values,
        "purity": result["purity"].values,
        "ness_spin_down": spin_down(state.rho, N_BOSON),
        "ness_purity": nl.purity(state),
    }


def fig10(
    points: int,
    run: FigureRun,
    *,
    delta_range: tuple[float, float] = DELTA_RANGE,
    cases: Mapping[str, tuple[float, float]] = CASES,
    time_range: tuple[float, float] = TIME_RANGE,
    time_points: int = TIME_POINTS,
) -> xr.Dataset:
    """Compute seed 000 Fig. 10 on ``points`` uniform values of Δ/ω.

    Parameters
    ----------
    points : int
        Δ/ω grid size.
    run : FigureRun
        Sweep settings: one sweep, grid "dynamics", over the cases and Δ.
    delta_range : tuple of float
        Δ/ω range.
    cases : mapping
        Case name → ``(T_s, T_b)/ω``.
    time_range, time_points : tuple of float, int
        The logarithmic grid of ωt.

    Returns
    -------
    xarray.Dataset
        ``spin_down(case, delta, time)`` and ``purity(case, delta, time)`` with time in 1/ω,
        their NESS values ``ness_spin_down(case, delta)``/``ness_purity(case, delta)``
        (:func:`nesslab.steady_state`), coordinates ``t_spin(case)``, ``t_boson(case)``, and
        the largest late-time deviation from the NESS in the attrs.
    """
    deltas = np.linspace(*delta_range, points)
    times = np.geomspace(*time_range, time_points)
    grid = [
        {"delta": d, "t_spin": t_spin, "t_boson": t_boson}
        for t_spin, t_boson in cases.values()
        for d in deltas
    ]
    config = {"time_range": list(time_range), "time_points": time_points}
    result = run.sweep(partial(dynamics_point, times=times), grid, "dynamics", config=config)
    shape = (len(cases), points)
    down, purity, ness_down, ness_purity = (
        result[name].values.reshape(shape + result[name].shape[1:])
        for name in ("spin_down", "purity", "ness_spin_down", "ness_purity")
    )
    late = max(np.abs(down[..., -1] - ness_down).max(), np.abs(purity[..., -1] - ness_purity).max())
    dims = ("case", "delta", "time")
    dataset = xr.Dataset(
        {
            "spin_down": (dims, down),
            "purity": (dims, purity),
            "ness_spin_down": (dims[:2], ness_down),
            "ness_purity": (dims[:2], ness_purity),
        },
        coords={
            "case": list(cases),
            "t_spin": ("case", [t for t, _ in cases.values()]),
            "t_boson": ("case", [t for _, t in cases.values()]),
            "delta": deltas,
            "time": times,
        },
        attrs={
            **redfield_attrs(),
            "figure": "rabi-fig10",
            "initial_state": "|up> (x) |n=0>",
            "time_units": "1/omega",
            "late_time_minus_ness": float(late),
            **points_computed(dynamics=result),
        },
    )
    return describe(dataset, LABELS)


def plot_fig10(dataset: xr.Dataset, path: Path) -> Path:
    """Draw spin-down population (top) and purity (bottom) over (ωt, Δ/ω), one column per case.

    Each row shares one colour scale, so the two cases compare directly.
    """
    figure = Figure(figsize=(8.4, 6.4), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(2, dataset.sizes["case"], sharex=True, sharey=True, squeeze=False)
    for row, (name, label) in enumerate((("spin_down", r"$P_\downarrow$"), ("purity", "purity"))):
        for column, case in enumerate(dataset["case"].values):
            panel = axes[row][column]
            values = dataset[name].sel(case=case)
            limits = {"vmin": float(dataset[name].min()), "vmax": float(dataset[name].max())}
            mesh = panel.pcolormesh(
                dataset["time"], dataset["delta"], values, shading="auto", **limits
            )
            panel.set_xscale("log")
            figure.colorbar(mesh, ax=panel, label=label)
            selected = dataset.sel(case=case)
            panel.set_title(
                rf"$(T_s, T_b) = ({float(selected.t_spin):g}, {float(selected.t_boson):g})$",
                fontsize="small",
            )
            panel.set_xlabel(r"$\omega t$")
            panel.set_ylabel(r"$\Delta / \omega$")
    return save(figure, path)
