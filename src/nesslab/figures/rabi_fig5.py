"""Seed 000 Fig. 5 (App. A1): NESS spin flux of the symmetry-broken Rabi and JC models.

``ε σx`` with ε/ω = 0.15 breaks the Z₂ parity of the Rabi model (s = 1, left) and the U(1)
excitation number of the Jaynes–Cummings model (s = 0, right); the maps are ``J_s/r_s`` over
(Δ/ω, λ/ω) at the paper's rates ``(r_s, r_b)/ω = (5e-12, 5e-6)``. With the bias, same-parity
selection no longer forbids the even resonances: the dips of ``|J_s|`` sit near every integer
Δ/ω (at ``√(k² − 4ε²)`` minus a Bloch–Siegert shift growing with λ).

Below the full resolution the Fock cutoff is ``N_b = 16`` (attrs ``n_boson``; its accuracy
against ``N_b = 20`` is checked in ``tests/figures``); ``--full`` uses the paper's ``N_b = 20``.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import RABI, Label, describe, spin_flux
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import N_BOSON, RATES, common_attrs, flux_point
from nesslab.figures.run import FigureRun, points_computed

BIAS = 0.15
MODELS = {"rabi": 1.0, "jc": 0.0}  # model name → counter-rotating weight s
DELTA_RANGE = (0.05, 6.0)
COUPLING_RANGE = (0.05, 1.0)
REDUCED_N_BOSON = 16
FULL_POINTS = 241
LABELS = {
    **RABI,
    "model": Label("model: rabi (s = 1) or jc (s = 0), both with the bias eps sx"),
    "spin_flux": spin_flux(),
}


def flux_grid(
    run: FigureRun,
    deltas: np.ndarray,
    couplings: np.ndarray,
    n_boson: int = REDUCED_N_BOSON,
    bias: float = BIAS,
) -> xr.Dataset:
    """``J_s/r_s`` of both biased models on a (λ, Δ) grid: one sweep, grid "flux".

    Parameters
    ----------
    run : FigureRun
        Sweep settings.
    deltas, couplings : ndarray
        Δ/ω and λ/ω values.
    n_boson : int
        Fock cutoff N_b.
    bias : float
        ε/ω.

    Returns
    -------
    xarray.Dataset
        ``spin_flux(model, coupling, delta)``, dimensionless (units of r_s), ≤ 0; attrs of
        the sweep (``points_computed``, …).
    """
    grid = {
        "counter_rotating": np.array(list(MODELS.values())),
        "coupling": np.asarray(couplings, dtype=float),
        "delta": np.asarray(deltas, dtype=float),
    }
    point = partial(flux_point, bias=bias, n_boson=n_boson)
    result = run.sweep(point, grid, "flux", config={"bias": bias, "n_boson": n_boson})
    flux = result[["spin_flux"]].rename(counter_rotating="model")
    return flux.assign_coords(model=list(MODELS)).transpose("model", "coupling", "delta")


def fig5(
    points: int,
    run: FigureRun,
    *,
    bias: float = BIAS,
    delta_range: tuple[float, float] = DELTA_RANGE,
    coupling_range: tuple[float, float] = COUPLING_RANGE,
) -> xr.Dataset:
    """Compute seed 000 Fig. 5 on ``points`` values of Δ/ω and ``max(3, points // 8)`` of λ/ω.

    Parameters
    ----------
    points : int
        Δ/ω on ``linspace(*delta_range, points)``; λ/ω on
        ``linspace(*coupling_range, max(3, points // 8))``. ``N_b = 20`` from ``FULL_POINTS``
        on, 16 below.
    run : FigureRun
        Sweep settings.
    bias : float
        ε/ω of the symmetry-breaking ``ε σx``.
    delta_range, coupling_range : tuple of float
        Δ/ω and λ/ω ranges.

    Returns
    -------
    xarray.Dataset
        ``spin_flux(model, coupling, delta)`` (``J_s/r_s``, ≤ 0; model "rabi": s = 1,
        "jc": s = 0); attrs give model, bias, rates, cutoff and sign convention.
    """
    n_boson = N_BOSON if points >= FULL_POINTS else REDUCED_N_BOSON
    deltas = np.linspace(*delta_range, points)
    couplings = np.linspace(*coupling_range, max(3, points // 8))
    dataset = flux_grid(run, deltas, couplings, n_boson, bias)
    dataset = describe(dataset, LABELS)
    dataset.attrs = {
        **common_attrs(RATES, n_boson),
        "figure": "rabi-fig5",
        "bias": bias,
        "models": "rabi: s = 1 (Z2 broken by eps sx); jc: s = 0 (U(1) broken by eps sx)",
        "units": "delta, coupling, bias in units of omega; spin_flux in units of r_s",
        **points_computed(flux=dataset),
    }
    return dataset


def plot_fig5(dataset: xr.Dataset, path: Path) -> Path:
    """Draw ``|J_s|/r_s`` maps over (Δ/ω, λ/ω): biased Rabi (left) and biased JC (right)."""
    figure, axes = new_figure(2)
    titles = {"rabi": r"Rabi, broken $\mathbb{Z}_2$", "jc": "JC, broken U(1)"}
    for panel, model in zip(axes, dataset["model"].values, strict=True):
        values = np.abs(dataset["spin_flux"].sel(model=model))
        mesh = panel.pcolormesh(
            dataset["delta"], dataset["coupling"], values, shading="nearest", cmap="viridis"
        )
        figure.colorbar(mesh, ax=panel, label=r"$|J_s|/r_s$")
        panel.set_title(f"{titles[str(model)]}, $\\epsilon = {dataset.attrs['bias']}\\omega$")
        panel.set_xlabel(r"$\Delta/\omega$")
        panel.set_ylabel(r"$\lambda/\omega$")
    return save(figure, path)
