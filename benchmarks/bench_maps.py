"""Map benchmark: seed 002's j^st(γ₁, Ω) maps (Figs. 2–4) with nesslab.sweep against a QuTiP loop.

The map: two coupled TLSs (``nesslab.figures.tls_maps``: ω₁ = 1, Δω = −0.09, γ_j = c_jω³ with
c₂ = 2c₁, T = 0.2 and 0.22), a 200 × 200 grid γ₁ ∈ (0, 0.05], Ω ∈ (0, 0.1]; each point returns
the specific energy flow j^st = −J₁/Ω, J₁ = Tr[H D₁(ρ)] (from reservoir 1 into the system).
Three approaches, each timed on the whole map with ``nesslab.sweep`` on the "serial" backend and
on the "processes" backend with 2 workers:

* "local": Eq. 8's Channels √(γ_j(n_j+1)) σ_j, √(γ_j n_j) σ_j†;
* "global": Davies, from the Baths;
* "partial_secular" with ``criterion="frequency_sign"`` (seed 002's PS).

The QuTiP loop (what a physicist writes today, one process) computes the same j^st on 2,000
points of the map (an evenly spaced subset) with QuTiP operators only:

* local: ``qutip.steadystate(H, c_ops)``, J₁ from ``qutip.lindblad_dissipator`` of bath 1;
* global: Davies jumps A(ω) = Σ_{E_m−E_n=ω} |n⟩⟨n|S|m⟩⟨m| built from ``H.eigenstates()``
  (degenerate Bohr frequencies grouped), rates S(±ω), the same current;
* PS: ``qutip.bloch_redfield_tensor(..., fock_basis=True)`` with an absolute secular window of
  1.0 (QuTiP's cutoff is ``sec_cutoff`` times the smallest Bohr frequency, so ``sec_cutoff =
  1/dw_min`` per point): the window SPECS.md §2.1 shows equal to the frequency-sign criterion
  here; J₁ from ``qutip.brterm`` of bath 1.

For "global" the script also prints, at the point where the two codes agree least, QuTiP's own
secular Bloch–Redfield tensor (window 1e-6, the Davies equation here) against both: at the
smallest Ω the flow ∝ Ω² is a small difference of large terms, and the Lindblad-form QuTiP
solve is the least precise of the three routes there.

Both codes use the power spectrum S(ω) = 2J(ω)(n(ω) + 1) = cω³/(1 − e^{−ω/T}) (ω > 0:
emission) and no Lamb shift. Each timing is warmed up once on a small grid (imports, the process
pool, BLAS start-up) and the best of the repeats is kept; the table reports ms per point, the
ratio qutip / nesslab (> 1: nesslab faster) and the largest relative difference of j^st on the
shared points.

Run ``python benchmarks/bench_maps.py [--quick]``. The full run (200 × 200, 2,000 QuTiP points)
takes several minutes on 2 cores; ``--quick`` runs 40 × 40 and 200 QuTiP points.

Both codes run with one BLAS thread (serial against serial: one core each).
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from collections.abc import Callable
from functools import partial

import numpy as np
import qutip
from threadpoolctl import threadpool_limits

import nesslab as nl
from nesslab.figures.tls_maps import APPROACH_OPTIONS, TEMPERATURES, dimer

from timing import best_time

DETUNING = -0.09
GAMMA1_MAX = 0.05
COUPLING_MAX = 0.1
RATE_RATIO = 2.0
PS_WINDOW = 1.0
APPROACHES = ("local", "global", "partial_secular")
SIZES = {
    "full": {"map": 200, "qutip": 2000, "repeats": 1},
    "quick": {"map": 40, "qutip": 200, "repeats": 2},
}
WARM_UP_SIZE = 4


def specific_flow(gamma1: float, coupling: float, approach: str) -> dict[str, float]:
    """One nesslab point: j^st = −J₁/Ω at the NESS."""
    system, baths = dimer(coupling, DETUNING, gamma1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nl.SecularApproximationWarning)
        generator = nl.generator(system, baths, approach, **APPROACH_OPTIONS[approach])
    return {"j": -nl.heat_currents(generator, nl.steady_state(generator))["1"] / coupling}


def map_grid(size: int) -> dict[str, np.ndarray]:
    return {
        "gamma1": np.linspace(0.0, GAMMA1_MAX, size + 1)[1:],
        "coupling": np.linspace(0.0, COUPLING_MAX, size + 1)[1:],
    }


def nesslab_map(size: int, approach: str, backend: str) -> np.ndarray:
    workers = 2 if backend == "processes" else None
    point = partial(specific_flow, approach=approach)
    dataset = nl.sweep(point, map_grid(size), backend=backend, workers=workers, progress=False)
    return dataset["j"].values


# --- QuTiP, the same model with QuTiP operators ------------------------------------------------


def qutip_operators(coupling: float) -> tuple[qutip.Qobj, qutip.Qobj, qutip.Qobj]:
    """H (Eq. 5) and σ₁, σ₂: ``qutip.sigmam()`` (|e⟩ first, as nesslab's σ₋)."""
    sm = qutip.sigmam()
    s1, s2 = qutip.tensor(sm, qutip.qeye(2)), qutip.tensor(qutip.qeye(2), sm)
    omega2 = 1.0 - DETUNING
    H = s1.dag() * s1 + omega2 * s2.dag() * s2 + coupling * (s1.dag() * s2 + s2.dag() * s1)
    return H, s1, s2


def power_spectrum(c: float, temperature: float) -> Callable[[float], float]:
    """S(ω) = cω³/(1 − e^{−ω/T}) (J = cω³/2, odd), S(0) = 0."""

    def spectrum(w: float) -> float:
        return 0.0 if w == 0 else c * w**3 / -np.expm1(-w / temperature)

    return spectrum


def current(H: qutip.Qobj, dissipator: qutip.Qobj, rho: qutip.Qobj) -> float:
    drho = qutip.vector_to_operator(dissipator * qutip.operator_to_vector(rho))
    return float((H * drho).tr().real)


def qutip_local(gamma1: float, coupling: float) -> float:
    H, s1, s2 = qutip_operators(coupling)
    jumps = []
    for lower, c, omega, temperature in (
        (s1, gamma1, 1.0, TEMPERATURES[0]),
        (s2, RATE_RATIO * gamma1, 1.0 - DETUNING, TEMPERATURES[1]),
    ):
        rate, n = c * omega**3, 1 / np.expm1(omega / temperature)
        jumps.append([np.sqrt(rate * (n + 1)) * lower, np.sqrt(rate * n) * lower.dag()])
    rho = qutip.steadystate(H, jumps[0] + jumps[1])
    dissipator = sum(qutip.lindblad_dissipator(jump) for jump in jumps[0])
    return -current(H, dissipator, rho) / coupling


def davies_jumps(H: qutip.Qobj, coupling: qutip.Qobj, c: float, temperature: float) -> list:
    energies, kets = H.eigenstates()
    projectors = [ket * ket.dag() for ket in kets]
    gaps = energies[:, None] - energies[None, :]
    tolerance = 1e-9 * max(1.0, float(np.abs(energies).max()))
    frequencies = np.unique(np.round(gaps[gaps > tolerance] / tolerance) * tolerance)
    spectrum = power_spectrum(c, temperature)
    jumps = []
    for omega in frequencies:
        pairs = np.argwhere(np.abs(gaps - omega) <= tolerance)
        A = sum(projectors[n] * coupling * projectors[m] for m, n in pairs)
        jumps += [np.sqrt(spectrum(omega)) * A, np.sqrt(spectrum(-omega)) * A.dag()]
    return jumps


def qutip_global(gamma1: float, coupling: float) -> float:
    H, s1, s2 = qutip_operators(coupling)
    jumps_1 = davies_jumps(H, s1 + s1.dag(), gamma1, TEMPERATURES[0])
    jumps_2 = davies_jumps(H, s2 + s2.dag(), RATE_RATIO * gamma1, TEMPERATURES[1])
    rho = qutip.steadystate(H, jumps_1 + jumps_2)
    dissipator = sum(qutip.lindblad_dissipator(jump) for jump in jumps_1)
    return -current(H, dissipator, rho) / coupling


def qutip_redfield(gamma1: float, coupling: float, window: float = PS_WINDOW) -> float:
    """j^st from QuTiP's Bloch–Redfield tensor, secular outside an absolute window."""
    H, s1, s2 = qutip_operators(coupling)
    energies = H.eigenenergies()
    gaps = np.abs(energies[:, None] - energies[None, :])
    cutoff = window / gaps[gaps > 0].min()
    a_ops = [
        (s1 + s1.dag(), power_spectrum(gamma1, TEMPERATURES[0])),
        (s2 + s2.dag(), power_spectrum(RATE_RATIO * gamma1, TEMPERATURES[1])),
    ]
    R = qutip.bloch_redfield_tensor(H, a_ops, sec_cutoff=cutoff, fock_basis=True)
    rho = qutip.steadystate(R)
    dissipator = qutip.brterm(H, *a_ops[0], sec_cutoff=cutoff, fock_basis=True)
    return -current(H, dissipator, rho) / coupling


QUTIP = {"local": qutip_local, "global": qutip_global, "partial_secular": qutip_redfield}
SECULAR_WINDOW = 1e-6
"""QuTiP's Bloch–Redfield tensor with this absolute window is the Davies equation here (the
degenerate Bohr frequencies are exact): a second QuTiP route for "global"."""


def qutip_loop(approach: str, points: list[tuple[float, float]]) -> np.ndarray:
    return np.array([QUTIP[approach](gamma1, coupling) for gamma1, coupling in points])


# --- timing and output -------------------------------------------------------------------------


def subset(size: int, count: int) -> np.ndarray:
    """``count`` evenly spaced flat indices of the ``size × size`` map (row-major: γ₁, Ω)."""
    return np.unique(np.linspace(0, size * size - 1, min(count, size * size)).round().astype(int))


def check_same_model() -> float:
    """Largest entry difference between the QuTiP-built and nesslab-built H and couplings."""
    system, _ = dimer(0.03, DETUNING, 0.01)
    H, s1, s2 = qutip_operators(0.03)
    pairs = ((system.H, H), (system.op("x1"), s1 + s1.dag()), (system.op("x2"), s2 + s2.dag()))
    error = max(float(np.abs(ours - theirs.full()).max()) for ours, theirs in pairs)
    if error > 1e-12:
        raise AssertionError(f"QuTiP and nesslab models differ by {error:.1e}")
    return error


def print_second_route(points: list, reference: np.ndarray, flows: np.ndarray) -> None:
    """At the worst-agreeing point, the Davies state by hand against QuTiP's secular tensor.

    j^st ∝ Ω² at small Ω is a difference of terms far larger than itself, so the agreement
    there measures the steady-state precision of each route.
    """
    worst = int(np.argmax(np.abs(flows / reference - 1)))
    gamma1, coupling = points[worst]
    secular = qutip_redfield(gamma1, coupling, SECULAR_WINDOW)
    print(
        f"{'':<17}at (γ₁, Ω) = ({gamma1:.3g}, {coupling:.3g}): QuTiP secular Bloch–Redfield vs "
        f"QuTiP Davies loop {abs(reference[worst] / secular - 1):.1e}, vs nesslab "
        f"{abs(flows[worst] / secular - 1):.1e}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 × 40 map, 200 QuTiP points")
    args = parser.parse_args()
    sizes = SIZES["quick" if args.quick else "full"]
    size, repeats = sizes["map"], sizes["repeats"]
    grid = map_grid(size)
    indices = subset(size, sizes["qutip"])
    points = [(grid["gamma1"][i // size], grid["coupling"][i % size]) for i in indices]
    print(
        f"nesslab {nl.__version__}, qutip {qutip.__version__}, {os.cpu_count()} CPUs; seed 002 "
        f"map {size}×{size} at Δω = {DETUNING}, QuTiP loop on {len(points)} of its points; "
        f"best of {repeats}; max |operator difference| = {check_same_model():.1e}"
    )
    header = f"{'approach':<17}{'route':<30}{'ms/point':>10}{'ratio':>8}  max |Δj|/|j| vs QuTiP"
    print(header)
    print("-" * len(header))
    start = time.perf_counter()
    for approach in APPROACHES:
        qutip_loop(approach, points[:WARM_UP_SIZE])
        qutip_seconds, reference = best_time(partial(qutip_loop, approach, points), repeats)
        qutip_ms = 1e3 * qutip_seconds / len(points)
        print(f"{approach:<17}{'qutip loop':<30}{qutip_ms:>10.3f}")
        for backend in ("serial", "processes"):
            nesslab_map(WARM_UP_SIZE, approach, backend)
            seconds, flows = best_time(partial(nesslab_map, size, approach, backend), repeats)
            ms = 1e3 * seconds / size**2
            difference = np.max(np.abs(flows.ravel()[indices] / reference - 1))
            route = f"nesslab.sweep {backend}" + (" (2)" if backend == "processes" else "")
            print(f"{approach:<17}{route:<30}{ms:>10.3f}{qutip_ms / ms:>7.1f}x  {difference:.1e}")
        if approach == "global":
            print_second_route(points, reference, flows.ravel()[indices])
    print(f"\ntotal wall time {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    # Serial against serial: one core and one BLAS thread each (threaded BLAS on the small
    # dense blocks of a point costs more than it gains; the processes backend's workers are
    # single-threaded too).
    with threadpool_limits(1):
        main()
