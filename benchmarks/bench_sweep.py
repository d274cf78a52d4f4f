"""Sweep benchmark: seed 000 Fig. 1(b)'s Δ-slice with nesslab against a plain QuTiP loop.

The slice: Rabi model, λ/ω = 0.2, N_b = 20 (dimension 40), 400 points Δ/ω ∈ [0.05, 8], local
channels √r_s σ₋ ("spin") and √r_b a ("boson") at moderate (5e-4, 5e-2)ω and at the paper's
(5e-12, 5e-6)ω rates. Each point returns the spin flux J_s/r_s = Tr[σz D_s(ρ)]/(2 r_s), which
equals −⟨|↑⟩⟨↑|⟩ for any state (so it is read off the state for every route).

Both codes run with one BLAS thread (serial against serial: one core each).
Timed in one run, one process for the QuTiP loop (what a physicist writes today):

* QuTiP: ``for Δ: qutip.steadystate(H(Δ), c_ops)``;
* nesslab "local" with ``steady_state``'s "auto" (the full sparse LU at moderate rates, the
  slow/fast reduction at the paper's rates) with ``nesslab.sweep`` on the serial and the default
  "processes" backends;
* nesslab "pauli" (the secular route, valid at the paper's rates away from near-degeneracies;
  its warnings near the crossings are silenced here, the J_s column shows the difference).

The script prints per-point times, ratios against the QuTiP loop and the largest relative
difference in J_s. With ``--map`` it also times the 2-D map of Fig. 1(a) (Δ × λ) on the processes
backend: by default a 40 × 40 grid extrapolated to 200 × 200, or the real 200 × 200 grid with
``--map-size 200``.

Run ``python benchmarks/bench_sweep.py [--points 400] [--map] [--map-size 40]``.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from functools import partial

import numpy as np
import qutip
from threadpoolctl import threadpool_limits

import nesslab as nl
from nesslab import models

COUPLING = 0.2
N_BOSON = 20
RATES = {"moderate": (5e-4, 5e-2), "extreme": (5e-12, 5e-6)}


def spin_flux_point(delta: float, coupling: float, rates: tuple, approach: str) -> dict:
    """One NESS of the local Rabi model by nesslab; J_s/r_s = −⟨|↑⟩⟨↑|⟩."""
    system = models.rabi(delta, coupling, N_BOSON)
    channels = [nl.Channel("sm", rates[0], "spin"), nl.Channel("a", rates[1], "boson")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nl.SecularApproximationWarning)
        state = nl.steady_state(nl.generator(system, channels, approach))
    up = np.real(np.trace(system.op("sz") @ state.rho) + 1) / 2
    return {"J_s": -up, "residual": state.residual}


def qutip_loop(deltas: np.ndarray, rates: tuple) -> np.ndarray:
    """The plain loop over ``qutip.steadystate``."""
    a = qutip.tensor(qutip.qeye(2), qutip.destroy(N_BOSON))
    sz = qutip.tensor(qutip.sigmaz(), qutip.qeye(N_BOSON))
    sx = qutip.tensor(qutip.sigmax(), qutip.qeye(N_BOSON))
    sm = qutip.tensor(qutip.sigmam(), qutip.qeye(N_BOSON))
    up = (qutip.tensor(qutip.qeye(2), qutip.qeye(N_BOSON)) + sz) / 2
    c_ops = [np.sqrt(rates[0]) * sm, np.sqrt(rates[1]) * a]
    fluxes = []
    for delta in deltas:
        H = delta / 2 * sz + a.dag() * a + COUPLING * sx * (a + a.dag())
        fluxes.append(-qutip.expect(up, qutip.steadystate(H, c_ops)))
    return np.array(fluxes)


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def nesslab_sweep(deltas: np.ndarray, rates: tuple, approach: str, backend: str) -> np.ndarray:
    point = partial(spin_flux_point, coupling=COUPLING, rates=rates, approach=approach)
    dataset = nl.sweep(point, {"delta": deltas}, backend=backend, progress=False)
    return dataset["J_s"].values


def slice_benchmark(points: int) -> None:
    deltas = np.linspace(0.05, 8.0, points)
    cpus = os.cpu_count()
    print(f"Fig. 1(b) slice: {points} points, λ = {COUPLING}, N_b = {N_BOSON}, {cpus} CPUs")
    header = f"{'rates':9s} {'route':28s} {'ms/point':>9s} {'ratio':>7s} {'max |ΔJ_s|/|J_s|':>18s}"
    print(header)
    print("-" * len(header))
    for label, rates in RATES.items():
        reference, qutip_seconds = timed(qutip_loop, deltas, rates)
        print(f"{label:9s} {'qutip.steadystate loop':28s} {1e3 * qutip_seconds / points:9.2f}")
        routes = [("local", "serial"), ("local", "processes")]
        if label == "extreme":
            routes += [("pauli", "serial"), ("pauli", "processes")]
        for approach, backend in routes:
            fluxes, seconds = timed(nesslab_sweep, deltas, rates, approach, backend)
            difference = np.max(np.abs(fluxes - reference) / np.abs(reference))
            name = f"nesslab {approach} ({backend})"
            print(
                f"{label:9s} {name:28s} {1e3 * seconds / points:9.2f} "
                f"{qutip_seconds / seconds:7.1f} {difference:18.2e}"
            )


def map_benchmark(size: int) -> None:
    grid = {"delta": np.linspace(0.05, 8.0, size), "coupling": np.linspace(0.01, 1.0, size)}
    point = partial(map_point, rates=RATES["extreme"])
    _, seconds = timed(nl.sweep, point, grid, backend="processes", progress=False)
    scale = (200 * 200) / (size * size)
    print(
        f"Fig. 1(a) map {size}×{size} (local, extreme rates, processes): {seconds:.1f} s; "
        f"200×200 extrapolated: {seconds * scale / 60:.1f} min"
    )


def map_point(delta: float, coupling: float, rates: tuple) -> dict:
    """A Fig. 1(a) point: the full local NESS at (Δ, λ)."""
    return spin_flux_point(delta, coupling, rates, "local")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=400)
    parser.add_argument("--map", action="store_true", help="also time the Fig. 1(a) map")
    parser.add_argument("--map-size", type=int, default=40)
    args = parser.parse_args()
    slice_benchmark(args.points)
    if args.map:
        map_benchmark(args.map_size)


if __name__ == "__main__":
    # Serial against serial: one core and one BLAS thread each (threaded BLAS on the small
    # dense blocks of a point costs more than it gains; the processes backend's workers are
    # single-threaded too).
    with threadpool_limits(1):
        main()
