"""Seed 000 Fig. 6 (App. B): NESS populations of the Rabi model for a family of rate pairs.

At λ/ω = 0.2 the spin-down population ``⟨|↓⟩⟨↓|⟩`` (left) and the boson-vacuum population
``⟨|0⟩⟨0|⟩`` (right) of the local-Lindblad NESS are scanned over Δ/ω for
``(r_s, r_b)/ω = 5 × (10^{k−12}, 10^{−6−k})``, k = 0 … 6 (red to blue in the paper). The
LAC-induced peaks sit at the same Δ for every pair; their prominence depends on the ratio
``r_s/r_b``.

Below the full resolution the Fock cutoff is ``N_b = 12`` (attrs ``n_boson``; its accuracy
against ``N_b = 20`` at λ/ω = 0.2 is checked in ``tests/figures``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr

from nesslab.figures.labels import RABI, Label, describe
from nesslab.figures.plotting import new_figure, save
from nesslab.figures.rabi import N_BOSON, common_attrs, rabi_ness
from nesslab.figures.run import FigureRun, points_computed

COUPLING = 0.2
DELTA_RANGE = (0.5, 5.5)
REDUCED_N_BOSON = 12
FULL_POINTS = 241
STEPS = 7
LABELS = {
    **RABI,
    "rates": Label("index k of the rate pair (r_s, r_b) = 5 (10^(k-12), 10^(-6-k)) omega"),
    "r_s": Label("spin dissipation rate r_s", "omega"),
    "r_b": Label("boson dissipation rate r_b", "omega"),
    "spin_down": Label("NESS population of the spin ground state |down> (boson traced out)"),
    "boson_ground": Label("NESS population of the boson vacuum |0> (spin traced out)"),
}


def rate_family(steps: int = STEPS) -> np.ndarray:
    """The rate pairs of Fig. 6, shape (steps, 2): ``(r_s, r_b)/ω = 5 × (10^{k−12}, 10^{−6−k})``."""
    k = np.arange(steps)
    return 5.0 * np.stack([10.0 ** (k - 12), 10.0 ** (-6 - k)], axis=1)


def population_point(
    delta: float, r_s: float, r_b: float, coupling: float, n_boson: int
) -> dict[str, float]:
    """NESS spin-down and boson-vacuum populations at one (Δ, r_s, r_b) (a sweep point)."""
    point = rabi_ness(delta, coupling, rates=(r_s, r_b), n_boson=int(n_boson))
    return {"spin_down": point.spin_down, "boson_ground": point.boson_ground}


def populations(
    run: FigureRun,
    deltas: np.ndarray,
    rates: np.ndarray,
    n_boson: int,
    coupling: float = COUPLING,
) -> xr.Dataset:
    """``spin_down(rates, delta)`` and ``boson_ground(rates, delta)``: one sweep, grid "ness".

    Parameters
    ----------
    run : FigureRun
        Sweep settings.
    deltas : ndarray
        Δ/ω values.
    rates : ndarray, shape (n_pairs, 2)
        ``(r_s, r_b)/ω`` pairs.
    n_boson : int
        Fock cutoff N_b.
    coupling : float
        λ/ω.

    Returns
    -------
    xarray.Dataset
        The two populations, coordinates ``r_s(rates)`` and ``r_b(rates)``; attrs of the sweep.
    """
    grid = [
        {"delta": float(d), "r_s": float(r[0]), "r_b": float(r[1])} for r in rates for d in deltas
    ]
    point = partial(population_point, coupling=coupling, n_boson=n_boson)
    result = run.sweep(point, grid, "ness", config={"coupling": coupling, "n_boson": n_boson})
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
    return xr.Dataset(data, coords=coords, attrs=result.attrs)


def fig6(
    points: int,
    run: FigureRun,
    *,
    coupling: float = COUPLING,
    delta_range: tuple[float, float] = DELTA_RANGE,
    steps: int = STEPS,
) -> xr.Dataset:
    """Compute seed 000 Fig. 6 on ``points`` values of Δ/ω (LACs at 1, 2.9, 4.9 for λ/ω = 0.2).

    Parameters
    ----------
    points : int
        Δ/ω grid size; ``N_b = 20`` from ``FULL_POINTS`` on, 12 below.
    run : FigureRun
        Sweep settings.
    coupling : float
        λ/ω.
    delta_range : tuple of float
        Δ/ω range.
    steps : int
        Rate pairs k = 0 … steps − 1 of :func:`rate_family`.

    Returns
    -------
    xarray.Dataset
        ``spin_down(rates, delta)``, ``boson_ground(rates, delta)`` (NESS populations, in
        [0, 1]); coordinates ``r_s(rates)``, ``r_b(rates)`` in units of ω.
    """
    n_boson = N_BOSON if points >= FULL_POINTS else REDUCED_N_BOSON
    rates = rate_family(steps)
    dataset = populations(run, np.linspace(*delta_range, points), rates, n_boson, coupling)
    dataset = describe(dataset, LABELS)
    dataset.attrs = {
        **common_attrs(tuple(rates[0]), n_boson),
        "figure": "rabi-fig6",
        "coupling": coupling,
        "r_s": "see coordinate r_s(rates)",
        "r_b": "see coordinate r_b(rates)",
        "units": "delta, coupling, r_s, r_b in units of omega; populations dimensionless",
        "observables": "spin_down = <down|rho_ss|down> (boson traced out); boson_ground = "
        "<0|rho_ss|0> (spin traced out)",
        **points_computed(ness=dataset),
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
