"""Seed 000 Fig. 6 (App. B): NESS populations of the Rabi model for a family of rate pairs.

At λ/ω = 0.2 the spin-down population ``⟨|↓⟩⟨↓|⟩`` (left) and the boson-vacuum population
``⟨|0⟩⟨0|⟩`` (right) of the local-Lindblad NESS are scanned over Δ/ω for
``(r_s, r_b)/ω = 5 × (10^{k−12}, 10^{−6−k})``, k = 0 … 6 (red to blue in the paper). The
LAC-induced peaks sit at the same Δ for every pair; their prominence depends on the ratio
``r_s/r_b``.

Below the full resolution the Fock cutoff is ``N_b = 12`` (attrs ``n_boson``); at λ/ω = 0.2
the populations agree with ``N_b = 20`` to ≤ 2e-8 for every pair of the family (measured at
Δ/ω = 2.9, 4.9, 5.9; ``N_b = 10`` is off by up to 6e-4).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import N_BOSON, common_attrs, rabi_ness

COUPLING = 0.2
DELTA_RANGE = (0.5, 5.5)
REDUCED_N_BOSON = 12
FULL_POINTS = 241
STEPS = np.arange(7)


def rate_family() -> np.ndarray:
    """The rate pairs of Fig. 6, shape (7, 2): ``(r_s, r_b)/ω = 5 × (10^{k−12}, 10^{−6−k})``."""
    return 5.0 * np.stack([10.0 ** (STEPS - 12), 10.0 ** (-6 - STEPS)], axis=1)


def _population_point(delta: float, r_s: float, r_b: float, n_boson: int) -> dict:
    """NESS spin-down and boson-vacuum populations at one (Δ, r_s, r_b)."""
    point = rabi_ness(delta, COUPLING, rates=(r_s, r_b), n_boson=int(n_boson))
    return {"spin_down": point.spin_down, "boson_ground": point.boson_ground}


def populations(deltas: np.ndarray, rates: np.ndarray, n_boson: int) -> xr.Dataset:
    """``spin_down(rates, delta)`` and ``boson_ground(rates, delta)`` at λ/ω = 0.2.

    Parameters
    ----------
    deltas : ndarray
        Δ/ω values.
    rates : ndarray, shape (n_pairs, 2)
        ``(r_s, r_b)/ω`` pairs.
    n_boson : int
        Fock cutoff N_b.
    """
    grid = [
        {"delta": float(d), "r_s": float(r[0]), "r_b": float(r[1]), "n_boson": n_boson}
        for r in rates
        for d in deltas
    ]
    result = nl.sweep(_population_point, grid, backend="serial", progress=False)
    shape = (len(rates), len(deltas))
    coords = {
        "rates": np.arange(len(rates)),
        "delta": np.asarray(deltas, dtype=float),
        "r_s": ("rates", rates[:, 0]),
        "r_b": ("rates", rates[:, 1]),
    }
    data = {
        name: (("rates", "delta"), result[name].values.reshape(shape))
        for name in ("spin_down", "boson_ground")
    }
    return xr.Dataset(data, coords=coords)


def fig6(points: int) -> xr.Dataset:
    """Compute seed 000 Fig. 6 on ``points`` values of Δ/ω in [0.5, 5.5] (LACs at 1, 2.9, 4.9).

    Parameters
    ----------
    points : int
        Δ/ω grid size; ``N_b = 20`` from ``FULL_POINTS`` on, 12 below.

    Returns
    -------
    xarray.Dataset
        ``spin_down(rates, delta)``, ``boson_ground(rates, delta)`` (NESS populations, in
        [0, 1]); coordinates ``r_s(rates)``, ``r_b(rates)`` in units of ω.
    """
    n_boson = N_BOSON if points >= FULL_POINTS else REDUCED_N_BOSON
    rates = rate_family()
    dataset = populations(np.linspace(*DELTA_RANGE, points), rates, n_boson)
    dataset.attrs = {
        **common_attrs(tuple(rates[0]), n_boson),
        "figure": "rabi-fig6",
        "coupling": COUPLING,
        "r_s": "see coordinate r_s(rates)",
        "r_b": "see coordinate r_b(rates)",
        "units": "delta, coupling, r_s, r_b in units of omega; populations dimensionless",
        "observables": "spin_down = <down|rho_ss|down> (boson traced out); boson_ground = "
        "<0|rho_ss|0> (spin traced out)",
    }
    return dataset


def plot_fig6(dataset: xr.Dataset, path: Path) -> Path:
    """Draw both populations against Δ/ω, one curve per rate pair (red → blue)."""
    figure, axes = new_figure(2)
    count = dataset.sizes["rates"]
    colors = [(1 - k / max(count - 1, 1), 0.1, k / max(count - 1, 1)) for k in range(count)]
    for panel, name, label in zip(
        axes,
        ("spin_down", "boson_ground"),
        (r"$P_\downarrow$", r"$P_{n=0}$"),
        strict=True,
    ):
        for k in range(count):
            pair = dataset.isel(rates=k)
            panel.plot(
                dataset["delta"],
                pair[name],
                color=colors[k],
                label=f"({float(pair['r_s']):.0e}, {float(pair['r_b']):.0e})",
            )
        panel.set_xlabel(r"$\Delta/\omega$")
        panel.set_ylabel(label)
    axes[0].legend(fontsize="x-small", title=r"$(r_s, r_b)/\omega$", title_fontsize="x-small")
    axes[1].set_title(rf"$\lambda = {dataset.attrs['coupling']}\omega$")
    return save(figure, path)
