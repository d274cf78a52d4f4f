"""Current-noise benchmark: nesslab's counting statistics against QuTiP's countstat.

The Rabi model of seed 000 (H = (Δ/2)σz + a†a + λσx(a + a†), λ = 0.2, N_b = 20: dimension 40),
local Lindblad channels for a spin bath at temperature T_s (√(r_s(n+1)) σ₋, √(r_s n) σ₊) and a
cold boson bath (√r_b a), at moderate rates (r_s, r_b) = (5e-4, 5e-2), Δ ∈ {0.6, 2.9}. The
quantity: the zero-frequency noise of the energy current of the spin bath, counted in the spin's
bare quanta Δ (a decay gives the bath Δ, an excitation takes it).

* nesslab: ``nesslab.current_statistics(generator, state, bath="spin", order=2)`` (the
  recursion on the tilted generator, one sparse LU of the bordered generator), given the steady
  state; its cost is also reported relative to one ``nesslab.steady_state``.
* QuTiP: ``qutip.countstat_current_noise(L, [√(r_s(n+1)) σ₋, √(r_s n) σ₊], rhoss=ρ)`` on the same
  Liouvillian with its steady state (both given: without ``rhoss`` QuTiP 5.3 solves for a
  different state), then Var = Σ_ij d_i d_j S_ij with d = (−Δ, +Δ); its cost relative to
  ``qutip.steadystate``.

Agreement: the relative difference of the two noises and of the two mean currents. Both codes
with one BLAS thread, best of the repeats. Run ``python benchmarks/bench_fcs.py [--quick]``.

HEOM (QuTiP has no counting field for it): seed 004's spin-boson model (fitted super-Ohmic
baths, α = 0.1, Δ = 0.5, θ = π/4, T = 1/0.5) at depth 6, the noise of bath 1 from
``nesslab.current_statistics`` against the ``nesslab.steady_state`` it starts from (both by
GMRES with the tier preconditioner at this size), and the mean against ``heat_currents``.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
import qutip
from threadpoolctl import threadpool_limits

import nesslab as nl

from timing import best_time

COUPLING, N_BOSON, T_SPIN = 0.2, 20, 0.8
RATES = (5e-4, 5e-2)
DELTAS = (0.6, 2.9)


def channel_rates(delta: float) -> tuple[float, float, float]:
    r_s, r_b = RATES
    n = 1 / np.expm1(delta / T_SPIN)
    return r_s * (n + 1), r_s * n, r_b


def nesslab_generator(delta: float) -> nl.Generator:
    system = nl.models.rabi(delta, coupling=COUPLING, n_boson=N_BOSON)
    down, up, boson = channel_rates(delta)
    channels = [
        nl.Channel("sm", down, "spin", T_SPIN),
        nl.Channel(system.op("sm").conj().T, up, "spin", T_SPIN),
        nl.Channel("a", boson, "boson", 0.0),
    ]
    return nl.generator(system, channels, "local")


def qutip_model(delta: float) -> tuple[qutip.Qobj, list[qutip.Qobj]]:
    identity = qutip.qeye(N_BOSON)
    sm = qutip.tensor(qutip.sigmam(), identity)
    sz = qutip.tensor(qutip.sigmaz(), identity)
    a = qutip.tensor(qutip.qeye(2), qutip.destroy(N_BOSON))
    H = delta / 2 * sz + a.dag() * a + COUPLING * (sm + sm.dag()) * (a + a.dag())
    down, up, boson = channel_rates(delta)
    return H, [np.sqrt(down) * sm, np.sqrt(up) * sm.dag(), np.sqrt(boson) * a]


def bench(repeats: int) -> list[str]:
    rows = []
    for delta in DELTAS:
        generator = nesslab_generator(delta)
        ness_s, state = best_time(lambda generator=generator: nl.steady_state(generator), repeats)

        def ours(generator=generator, state=state) -> Any:
            return nl.current_statistics(generator, state, bath="spin", order=2)["spin"]

        ours_s, statistics = best_time(ours, repeats)
        H, c_ops = qutip_model(delta)
        L = qutip.liouvillian(H, c_ops)
        qt_ness_s, rho = best_time(lambda L=L: qutip.steadystate(L), repeats)

        def theirs(L=L, c_ops=c_ops, rho=rho) -> Any:
            return qutip.countstat_current_noise(L, c_ops[:2], rhoss=rho)

        qt_s, result = best_time(theirs, repeats)
        steps = np.array([-delta, delta])
        currents, noise = np.asarray(result[0]), np.asarray(result[1]).reshape(2, 2)
        mean, variance = steps @ currents, steps @ noise @ steps
        rows.append(
            f"Delta={delta}: noise nesslab {ours_s * 1e3:.1f} ms ({ours_s / ness_s:.1f} NESS) | "
            f"QuTiP {qt_s * 1e3:.1f} ms ({qt_s / qt_ness_s:.1f} NESS) | ratio "
            f"{qt_s / ours_s:.1f}x | d(mean) {abs(statistics.mean / mean - 1):.1e}, d(noise) "
            f"{abs(statistics.variance / variance - 1):.1e}"
        )
    return rows


def bench_heom(repeats: int, depth: int = 6) -> str:
    """Noise of a depth-``depth`` HEOM against its steady state (module docstring)."""
    from nesslab.figures.fcs_tur_heom import DELTA, TEMPERATURES, THETA
    from nesslab.figures.nesb import nesb_generator

    generator = nesb_generator(DELTA, THETA, (0.1, 0.1), TEMPERATURES, depth)
    ness_s, state = best_time(lambda: nl.steady_state(generator), repeats)
    stats_s, statistics = best_time(
        lambda: nl.current_statistics(generator, state, bath="1")["1"], repeats
    )
    current = nl.heat_currents(generator, state)["1"]
    return (
        f"HEOM depth {depth} ({generator.size} unknowns): NESS {ness_s * 1e3:.0f} ms, noise "
        f"{stats_s * 1e3:.0f} ms ({stats_s / ness_s:.1f} NESS) | d(mean vs heat_currents) "
        f"{abs(statistics.mean / current - 1):.1e}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat")
    repeats = 1 if parser.parse_args().quick else 5
    print(f"nesslab vs QuTiP {qutip.__version__} countstat, one BLAS thread, best of {repeats}")
    with threadpool_limits(1):
        bench(1)  # warm-up: imports, first factorisations
        print("\n".join(bench(repeats)))
        print(bench_heom(repeats))


if __name__ == "__main__":
    main()
