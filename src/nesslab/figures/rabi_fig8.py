"""Seed 000 Fig. 8 (App. D): local populations of the NESS versus the thermal (T = 0) state.

For λ/ω ∈ {0.2, 1} the spin ground-state population ``⟨|↓⟩⟨↓|⟩`` (left) and the boson
ground-state population ``⟨|0⟩⟨0|⟩`` (right) of the local-Lindblad NESS (paper rates) are
compared with those of the closed Rabi model's ground state ``ρ(T = 0)`` and of Gibbs states
``e^{−H/T}/Z`` (:func:`nesslab.analysis.thermal_comparison`). The paper finds the NESS closest
to the thermal state at the LACs.

Below the full resolution the Fock cutoff is ``N_b = 16`` (attrs ``n_boson``; see
:mod:`nesslab.figures.rabi_fig5` for its accuracy at λ/ω = 1).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.analysis.thermal import thermal_comparison
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import N_BOSON, RATES, common_attrs, local_channels
from nesslab.models import rabi
from nesslab.operators import embed

COUPLINGS = (0.2, 1.0)
TEMPERATURES = (0.0, 0.5)
DELTA_RANGE = (0.05, 6.0)
REDUCED_N_BOSON = 16
FULL_POINTS = 241
OBSERVABLES = ("spin_down", "boson_ground")
COLORS = ("tab:blue", "tab:brown", "tab:green", "tab:red")


def local_projectors(n_boson: int) -> dict[str, np.ndarray]:
    """Projectors on |↓⟩ (spin) and on the vacuum |0⟩ (boson) of the spin ⊗ boson space."""
    dims = (2, n_boson)
    vacuum = np.zeros((n_boson, n_boson))
    vacuum[0, 0] = 1.0
    return {
        "spin_down": embed(np.diag([0.0, 1.0]), 0, dims),
        "boson_ground": embed(vacuum, 1, dims),
    }


def _comparison_point(delta: float, coupling: float, n_boson: int) -> dict:
    """NESS and Gibbs populations of |↓⟩ and |0⟩ at one (Δ, λ)."""
    n_boson = int(n_boson)
    system = rabi(delta, coupling, n_boson)
    state = nl.steady_state(nl.generator(system, local_channels(RATES), "local"))
    result = thermal_comparison(system, state.rho, local_projectors(n_boson), TEMPERATURES)
    return {"ness": result.state, "gibbs": result.gibbs}


def comparison(deltas: np.ndarray, couplings: np.ndarray, n_boson: int) -> xr.Dataset:
    """NESS and Gibbs local populations on a (λ, Δ) grid.

    Parameters
    ----------
    deltas, couplings : ndarray
        Δ/ω and λ/ω values.
    n_boson : int
        Fock cutoff N_b.

    Returns
    -------
    xarray.Dataset
        ``ness(coupling, delta, observable)`` and ``gibbs(coupling, delta, temperature,
        observable)``.
    """
    grid = {
        "coupling": np.asarray(couplings, dtype=float),
        "delta": np.asarray(deltas, dtype=float),
        "n_boson": np.array([n_boson]),
    }
    raw = nl.sweep(_comparison_point, grid, backend="serial", progress=False)
    raw = raw.isel(n_boson=0, drop=True)
    dims = ("coupling", "delta")
    return xr.Dataset(
        {
            "ness": ((*dims, "observable"), raw["ness"].values),
            "gibbs": ((*dims, "temperature", "observable"), raw["gibbs"].values),
        },
        coords={
            "coupling": grid["coupling"],
            "delta": grid["delta"],
            "temperature": np.array(TEMPERATURES),
            "observable": list(OBSERVABLES),
        },
    )


def fig8(points: int) -> xr.Dataset:
    """Compute seed 000 Fig. 8 on ``points`` values of Δ/ω in [0.05, 6], λ/ω ∈ {0.2, 1}.

    Parameters
    ----------
    points : int
        Δ/ω grid size; ``N_b = 20`` from ``FULL_POINTS`` on, 16 below.

    Returns
    -------
    xarray.Dataset
        Populations (dimensionless, in [0, 1]) of the NESS (``ness``) and of Gibbs states at
        T/ω ∈ {0, 0.5} (``gibbs``; T = 0 is the ground state).
    """
    n_boson = N_BOSON if points >= FULL_POINTS else REDUCED_N_BOSON
    dataset = comparison(np.linspace(*DELTA_RANGE, points), np.array(COUPLINGS), n_boson)
    dataset.attrs = {
        **common_attrs(RATES, n_boson),
        "figure": "rabi-fig8",
        "observables": "spin_down = <down|rho|down>, boson_ground = <0|rho|0>",
        "thermal": "gibbs = Tr[P e^{-H/T}]/Z of the closed Rabi model; T = 0 is the ground state",
        "units": "delta, coupling, temperature in units of omega (k_B = 1)",
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
