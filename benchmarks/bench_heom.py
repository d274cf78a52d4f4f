"""Benchmark nesslab's HEOM steady state against QuTiP's ``HEOMSolver.steady_state``.

Case: two-bath spin-boson of seed 004 (H = Δσz, bath 1 through σx, bath 2 through
σθ = cos θ σz + sin θ σx, θ = π/4), Drude–Lorentz baths λ = 0.05, γ = 1, T = 1 and 0.5, Padé with
4 exponentials per bath (QuTiP's ``Nk = 3``), depth 5 and 6: 1287 and 3003 ADOs. QuTiP's bath is
built from nesslab's exponents, so both codes solve the same hierarchy.

Timed (best of ``--repeats`` after one warm-up, ``time.perf_counter``):

* build: nesslab ``generator(..., "heom")`` vs QuTiP ``HEOMSolver(...)`` construction (RHS);
* solve: nesslab ``steady_state`` with "direct" (SuperLU, MMD_AT_PLUS_A ordering — the default
  for hierarchies — and, for comparison, the COLAMD ordering of the density-matrix solves) and
  "iterative" (GMRES with the tier preconditioner of :mod:`nesslab.solve.hierarchy`), plus LGMRES
  with an incomplete LU (drop tolerance 1e-5); QuTiP ``steady_state()`` (scipy ``spsolve``, no
  MKL here).

Agreement: trace distance of the reduced states and the bath-1 heat current of nesslab.

``--strong`` adds seed 004 at strong coupling (θ = π/4, Δ = 0.1, T = 1/0.9, 8 fitted
modes; :func:`nesslab.figures.nesb.nesb_generator`), where the incomplete LU no longer
preconditions GMRES: sparse LU vs tier-preconditioned GMRES, depths ``--strong-depths``
(``--strong-depths 9 10``: above ``DIRECT_LIMIT`` unknowns only GMRES is timed) and couplings
``--strong-alphas`` (``4 8``), with GMRES iterations, backward error and peak memory.

Run ``python benchmarks/bench_heom.py [--depths 5 6] [--repeats 2] [--strong]``; set
OMP_NUM_THREADS=1 on a shared 2-core machine (threaded BLAS inside SuperLU otherwise
oversubscribes the cores).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import qutip
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from qutip.solver.heom import BosonicBath, HEOMSolver

import nesslab as nl
from nesslab.environment.spectral import DrudeLorentz
from nesslab.figures.nesb import nesb_generator
from nesslab.generators.heom import hierarchy_of
from nesslab.solve.linalg import bordered_system, null_vector

from timing import best_time

DELTA, THETA = 0.5, np.pi / 4
BATHS = {"hot": (0.05, 1.0, 1.0), "cold": (0.05, 1.0, 0.5)}
N_EXPONENTS = 4
DIRECT_LIMIT = 30_000


def nesslab_generator(depth: int) -> nl.Generator:
    system = nl.models.spin_boson(DELTA, THETA)
    baths = [
        nl.Bath(op, DrudeLorentz(lam, gamma), temperature, name)
        for op, (name, (lam, gamma, temperature)) in zip(
            ("sx", "s_theta"), BATHS.items(), strict=True
        )
    ]
    return nl.generator(system, baths, "heom", depth=depth, n_exponents=N_EXPONENTS)


def qutip_solver(gen: nl.Generator, depth: int) -> HEOMSolver:
    hierarchy = hierarchy_of(gen)
    baths = []
    for name, expansion, coupling in zip(
        hierarchy.names, hierarchy.expansions, hierarchy.couplings, strict=True
    ):
        c, rates = expansion.amplitudes, expansion.rates.real
        imaginary = c.imag != 0
        baths.append(
            BosonicBath(
                qutip.Qobj(coupling), c.real, rates, c.imag[imaginary], rates[imaginary], tag=name
            )
        )
    return HEOMSolver(qutip.Qobj(gen.system.H), baths, max_depth=depth)


def krylov(gen: nl.Generator, method: Callable) -> np.ndarray:
    bordered, rhs = bordered_system(sp.csc_matrix(gen.matrix), gen.trace_row())
    bordered = sp.csc_matrix(bordered)
    ilu = spla.spilu(bordered, drop_tol=1e-5, fill_factor=20, permc_spec="MMD_AT_PLUS_A")
    preconditioner = spla.LinearOperator(bordered.shape, ilu.solve, dtype=complex)
    vector, info = method(bordered, rhs, M=preconditioner, rtol=1e-12, atol=0.0, maxiter=2000)
    if info != 0:
        raise RuntimeError(f"{method.__name__} did not converge (info={info})")
    return vector


def run(depth: int, repeats: int) -> None:
    build, gen = best_time(lambda: nesslab_generator(depth), repeats)
    q_build, solver = best_time(lambda: qutip_solver(gen, depth), repeats)
    size = gen.options["size"]
    print(
        f"\ndepth {depth}: {gen.space.n_ados} ADOs, {gen.size} unknowns, "
        f"{gen.matrix.nnz} nonzeros (estimate {size.nonzeros}, {size.megabytes:.1f} MB)"
    )
    q_solve, (rho_q, _) = best_time(solver.steady_state, repeats)
    print(
        f"  build    nesslab {build:8.3f} s   qutip {q_build:8.3f} s   ratio {q_build / build:6.1f}"
    )
    print(f"  qutip steady_state (spsolve)        {q_solve:8.3f} s")
    solves = {
        "direct (MMD_AT_PLUS_A)": lambda: nl.steady_state(gen, method="direct").rho,
        "iterative (GMRES + tiers)": lambda: nl.steady_state(gen, method="iterative").rho,
        "LGMRES + ILU": lambda: gen.to_site(krylov(gen, spla.lgmres)),
        "direct (COLAMD)": lambda: gen.to_site(null_vector(gen.matrix, gen.trace_row())[0]),
    }
    for label, solve in solves.items():
        seconds, rho = best_time(solve, repeats)
        rho = rho / np.trace(rho)
        distance = nl.trace_distance(rho, rho_q.full())
        print(
            f"  nesslab {label:25s} {seconds:8.3f} s   qutip/nesslab {q_solve / seconds:6.2f}"
            f"   trace distance {distance:.1e}"
        )
    state = nl.steady_state(gen, method="direct")
    currents = nl.heat_currents(gen, state)
    print(f"  J_hot = {currents['hot']:.10e}, first-law residual {currents.first_law_residual:.1e}")


def run_strong(depth: int, alpha: float = 4.0) -> None:
    """Seed 004 at strong coupling: sparse LU vs tier-preconditioned GMRES, one run each.

    Reports the time, the GMRES iterations and backward error (the solve's note), the peak
    memory the solve allocated (tracemalloc, NumPy included) and the current; a GMRES that
    stagnates is reported with its error instead of a current.
    """
    gen = nesb_generator(0.1, np.pi / 4, (alpha, alpha), (1.0, 0.9), depth)
    print(
        f"\nseed 004, alpha = {alpha:g}, depth {depth}: {gen.space.n_ados} ADOs, "
        f"{gen.size} unknowns"
    )
    results = {}
    methods = ("direct", "iterative") if gen.size <= DIRECT_LIMIT else ("iterative",)
    for method in methods:
        tracemalloc.start()
        start = time.perf_counter()
        try:
            state = nl.steady_state(gen, method=method)
        except (nl.ConvergenceError, nl.NonUniqueSteadyStateError) as error:
            seconds = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"  {method:9s} {seconds:8.2f} s   peak {peak / 1e6:7.0f} MB   {error}")
            continue
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        results[method] = (seconds, nl.heat_currents(gen, state)["1"])
        print(
            f"  {method:9s} {seconds:8.2f} s   peak {peak / 1e6:7.0f} MB   "
            f"I = {results[method][1]:.10e}   {state.notes[0]}"
        )
    if "direct" not in results:
        print(f"  direct skipped above {DIRECT_LIMIT} unknowns (the LU fills in beyond memory)")
        return
    if "iterative" not in results:
        return
    (lu, exact), (gmres, current) = results["direct"], results["iterative"]
    print(
        f"  LU/GMRES time ratio {lu / gmres:.1f}, relative current difference "
        f"{abs(current - exact) / abs(exact):.1e}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[5, 6])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--strong", action="store_true")
    parser.add_argument("--strong-depths", type=int, nargs="+", default=[6, 7])
    parser.add_argument("--strong-alphas", type=float, nargs="+", default=[4.0])
    args = parser.parse_args()
    for depth in args.depths:
        run(depth, args.repeats)
    if args.strong:
        for alpha in args.strong_alphas:
            for depth in args.strong_depths:
                run_strong(depth, alpha)


if __name__ == "__main__":
    main()
