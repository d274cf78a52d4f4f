"""Seed 000 Fig. 8 (App. D): local populations of the NESS versus the thermal (T = 0) state.

For λ/ω ∈ {0.2, 1} the spin ground-state population ``⟨|↓⟩⟨↓|⟩`` (left) and the boson
ground-state population ``⟨|0⟩⟨0|⟩`` (right) of the local-Lindblad NESS (paper rates) are
compared with those of the closed Rabi model's ground state ``ρ(T = 0)`` and of Gibbs states
``e^{−H/T}/Z`` (:func:`nesslab.analysis.thermal_comparison`). The paper finds the NESS closest
to the thermal state at the LACs.

Below the full resolution the Fock cutoff is ``N_b = 16`` (attrs ``n_boson``), as for Fig. 5.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.analysis.thermal import thermal_comparison
from nesslab.figures.labels import RABI, Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import N_BOSON, RATES, common_attrs, local_channels
from nesslab.figures.run import FigureRun, points_computed
from nesslab.models import rabi
from nesslab.operators import embed

COUPLINGS = (0.2, 1.0)
TEMPERATURES = (0.0, 0.5)
DELTA_RANGE = (0.05, 6.0)
REDUCED_N_BOSON = 16
FULL_POINTS = 241
OBSERVABLES = ("spin_down", "boson_ground")
COLORS = ("tab:blue", "tab:brown", "tab:green", "tab:red")
LABELS = {
    **RABI,
    "temperature": Label("temperature T of the Gibbs state (0: the ground state)", "omega"),
    "observable": Label("local population: spin_down <down|rho|down>, boson_ground <0|rho|0>"),
    "ness": Label("local population of the local-Lindblad NESS"),
    "gibbs": Label("local population Tr[P e^(-H/T)]/Z of the closed model's Gibbs state"),
}


def local_projectors(n_boson: int) -> dict[str, np.ndarray]:
    """Projectors on |↓⟩ (spin) and on the vacuum |0⟩ (boson) of the spin ⊗ boson space."""
    dims = (2, n_boson)
    vacuum = np.zeros((n_boson, n_boson))
    vacuum[0, 0] = 1.0
    return {
        "spin_down": embed(np.diag([0.0, 1.0]), 0, dims),
        "boson_ground": embed(vacuum, 1, dims),
    }


def comparison_point(
    delta: float, coupling: float, n_boson: int, temperatures: tuple[float, ...]
) -> dict[str, np.ndarray]:
    """NESS and Gibbs populations of |↓⟩ and |0⟩ at one (Δ, λ) (a sweep point)."""
    n_boson = int(n_boson)
    system = rabi(delta, coupling, n_boson)
    state = nl.steady_state(nl.generator(system, local_channels(RATES), "local"))
    result = thermal_comparison(system, state.rho, local_projectors(n_boson), temperatures)
    return {"ness": result.state, "gibbs": result.gibbs}


def comparison(
    run: FigureRun,
    deltas: np.ndarray,
    couplings: np.ndarray,
    n_boson: int,
    temperatures: tuple[float, ...] = TEMPERATURES,
) -> xr.Dataset:
    """NESS and Gibbs local populations on a (λ, Δ) grid: one sweep, grid "comparison".

    Parameters
    ----------
    run : FigureRun
        Sweep settings.
    deltas, couplings : ndarray
        Δ/ω and λ/ω values.
    n_boson : int
        Fock cutoff N_b.
    temperatures : tuple of float
        T/ω of the Gibbs states (0: the ground state).

    Returns
    -------
    xarray.Dataset
        ``ness(coupling, delta, observable)`` and ``gibbs(coupling, delta, temperature,
        observable)``; attrs of the sweep.
    """
    grid = {
        "coupling": np.asarray(couplings, dtype=float),
        "delta": np.asarray(deltas, dtype=float),
    }
    temperatures = tuple(float(t) for t in temperatures)
    point = partial(comparison_point, n_boson=n_boson, temperatures=temperatures)
    config = {"n_boson": n_boson, "temperatures": temperatures}
    raw = run.sweep(point, grid, "comparison", config=config)
    dims = ("coupling", "delta")
    return xr.Dataset(
        {
            "ness": ((*dims, "observable"), raw["ness"].values),
            "gibbs": ((*dims, "temperature", "observable"), raw["gibbs"].values),
        },
        coords={
            "coupling": grid["coupling"],
            "delta": grid["delta"],
            "temperature": np.array(temperatures),
            "observable": list(OBSERVABLES),
        },
        attrs=raw.attrs,
    )


def fig8(
    points: int,
    run: FigureRun,
    *,
    couplings: tuple[float, ...] = COUPLINGS,
    temperatures: tuple[float, ...] = TEMPERATURES,
    delta_range: tuple[float, float] = DELTA_RANGE,
) -> xr.Dataset:
    """Compute seed 000 Fig. 8 on ``points`` values of Δ/ω for each λ/ω of ``couplings``.

    Parameters
    ----------
    points : int
        Δ/ω grid size; ``N_b = 20`` from ``FULL_POINTS`` on, 16 below.
    run : FigureRun
        Sweep settings.
    couplings : tuple of float
        λ/ω values.
    temperatures : tuple of float
        T/ω of the Gibbs states; must include 0, the ground state the plot draws.
    delta_range : tuple of float
        Δ/ω range.

    Returns
    -------
    xarray.Dataset
        Populations (dimensionless, in [0, 1]) of the NESS (``ness``) and of Gibbs states at
        each temperature (``gibbs``; T = 0 is the ground state).

    Raises
    ------
    ValueError
        If ``temperatures`` lacks 0.
    """
    if 0.0 not in temperatures:
        raise ValueError(f"temperatures must include 0 (the ground state), got {temperatures}")
    n_boson = N_BOSON if points >= FULL_POINTS else REDUCED_N_BOSON
    deltas = np.linspace(*delta_range, points)
    dataset = comparison(run, deltas, np.array(couplings), n_boson, temperatures)
    dataset = describe(dataset, LABELS)
    dataset.attrs = {
        **common_attrs(RATES, n_boson),
        "figure": "rabi-fig8",
        "observables": "spin_down = <down|rho|down>, boson_ground = <0|rho|0>",
        "thermal": "gibbs = Tr[P e^{-H/T}]/Z of the closed Rabi model; T = 0 is the ground state",
        "units": "delta, coupling, temperature in units of omega (k_B = 1)",
        **points_computed(comparison=dataset),
    }
    return dataset


def plot_fig8(dataset: xr.Dataset, path: Path) -> Path:
    """Draw NESS (dashed) and ground-state (solid) populations for each λ/ω."""
    figure, axes = new_figure(2)
    labels = {"spin_down": r"$P_\downarrow$", "boson_ground": r"$P_{n=0}$"}
    for panel, observable in zip(axes, dataset["observable"].values, strict=True):
        for coupling, color in zip(dataset["coupling"].values, COLORS, strict=False):
            data = dataset.sel(coupling=coupling, observable=observable)
            label = rf"$\lambda = {coupling:g}\omega$"
            panel.plot(dataset["delta"], data["gibbs"].sel(temperature=0.0), "-", color=color)
            panel.plot(dataset["delta"], data["ness"], "--", color=color, label=f"NESS, {label}")
        panel.set_xlabel(r"$\Delta/\omega$")
        panel.set_ylabel(labels[str(observable)])
    axes[0].legend(fontsize="small", title="solid: ground state", title_fontsize="small")
    return save(figure, path)
