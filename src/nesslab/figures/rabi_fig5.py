"""Seed 000 Fig. 5 (App. A1): NESS spin flux of the symmetry-broken Rabi and JC models.

``ε σx`` with ε/ω = 0.15 breaks the Z₂ parity of the Rabi model (s = 1, left) and the U(1)
excitation number of the Jaynes–Cummings model (s = 0, right); the maps are ``J_s/r_s`` over
(Δ/ω, λ/ω) at the paper's rates ``(r_s, r_b)/ω = (5e-12, 5e-6)``. With the bias, same-parity
selection no longer forbids the even resonances: the dips of ``|J_s|`` sit near every integer
Δ/ω (at ``√(k² − 4ε²)`` minus a Bloch–Siegert shift growing with λ).

Below the full resolution the Fock cutoff is ``N_b = 16`` (attrs ``n_boson``): measured against
``N_b = 20``, the flux differs by < 1e-15 at λ/ω = 0.2 and by ≤ 5e-4 at λ/ω = 1, Δ/ω ≤ 6
(``N_b = 12`` is off by 0.1 there); ``--full`` uses the paper's ``N_b = 20``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import N_BOSON, RATES, common_attrs, rabi_ness

BIAS = 0.15
MODELS = {"rabi": 1.0, "jc": 0.0}  # model name → counter-rotating weight s
DELTA_RANGE = (0.05, 6.0)
COUPLING_RANGE = (0.05, 1.0)
REDUCED_N_BOSON = 16
FULL_POINTS = 241


def _flux_point(delta: float, coupling: float, counter_rotating: float, n_boson: int) -> dict:
    """``J_s/r_s`` of the biased model at one (Δ, λ, s)."""
    point = rabi_ness(
        delta, coupling, counter_rotating=counter_rotating, bias=BIAS, n_boson=int(n_boson)
    )
    return {"spin_flux": point.spin_flux}


def flux_grid(
    deltas: np.ndarray, couplings: np.ndarray, n_boson: int = REDUCED_N_BOSON
) -> xr.DataArray:
    """``J_s/r_s`` of both biased models on a (λ, Δ) grid.

    Parameters
    ----------
    deltas, couplings : ndarray
        Δ/ω and λ/ω values.
    n_boson : int
        Fock cutoff N_b.

    Returns
    -------
    xarray.DataArray
        ``spin_flux(model, coupling, delta)``, dimensionless (units of r_s), ≤ 0.
    """
    grid = {
        "counter_rotating": np.array(list(MODELS.values())),
        "coupling": np.asarray(couplings, dtype=float),
        "delta": np.asarray(deltas, dtype=float),
        "n_boson": np.array([n_boson]),
    }
    result = nl.sweep(_flux_point, grid, backend="serial", progress=False)
    flux = result["spin_flux"].isel(n_boson=0, drop=True)
    flux = flux.rename(counter_rotating="model").assign_coords(model=list(MODELS))
    return flux.transpose("model", "coupling", "delta")


def fig5(points: int) -> xr.Dataset:
    """Compute seed 000 Fig. 5 on ``points`` values of Δ/ω and ``max(3, points // 8)`` of λ/ω.

    Parameters
    ----------
    points : int
        Δ/ω on ``linspace(0.05, 6, points)``; λ/ω on ``linspace(0.05, 1, max(3, points // 8))``.
        ``N_b = 20`` from ``FULL_POINTS`` on, 16 below.

    Returns
    -------
    xarray.Dataset
        ``spin_flux(model, coupling, delta)`` (``J_s/r_s``, ≤ 0; model "rabi": s = 1,
        "jc": s = 0), with ε/ω = 0.15; attrs give model, rates, cutoff and sign convention.
    """
    n_boson = N_BOSON if points >= FULL_POINTS else REDUCED_N_BOSON
    deltas = np.linspace(*DELTA_RANGE, points)
    couplings = np.linspace(*COUPLING_RANGE, max(3, points // 8))
    flux = flux_grid(deltas, couplings, n_boson)
    attrs = {
        **common_attrs(RATES, n_boson),
        "figure": "rabi-fig5",
        "bias": BIAS,
        "models": "rabi: s = 1 (Z2 broken by eps sx); jc: s = 0 (U(1) broken by eps sx)",
        "units": "delta, coupling, bias in units of omega; spin_flux in units of r_s",
    }
    return xr.Dataset({"spin_flux": flux}, attrs=attrs)


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
