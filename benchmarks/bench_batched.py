"""Batched steady states: a temperature sweep of seed 001's two qubits, three ways and QuTiP.

Two qubits with XY exchange (ω = 1000, g = 200) between flat baths (J = 1/2), global (Davies)
master equation, T_b = 40 and T_a on ``--points`` values in [20, 500]. Every route builds the
Hamiltonian once (it does not depend on T_a), then the generator (QuTiP: the jump operators), the
steady state and the heat current J_a at every point:

* QuTiP: ``for T_a: qutip.steadystate(H, Davies jumps)`` (bench_ness.py's case (b));
* nesslab one by one: ``nesslab.steady_state`` per point;
* nesslab batched: the generators of all points, one ``nesslab.steady_states`` call (NumPy's
  batched LAPACK), and the same with ``backend="jax"`` when JAX is installed (on its default
  device: the CPU here, a GPU with ``nesslab[gpu]``).

Printed: ms per point, the ratio QuTiP/route and the largest relative deviation of J_a from
seed 001 Eq. 42. Run ``python benchmarks/bench_batched.py [--points 2000]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections.abc import Callable

import numpy as np
import qutip
from bench_ness import QUBITS, davies_jumps, qutip_two_qubits_operators

import nesslab

T_B = 40.0


def eq42_current(t_a: float) -> float:
    """Seed 001 Eq. 42 with γ = 2J = 1: the heat current out of bath a."""
    total = 0.0
    for frequency in (QUBITS["omega"] + QUBITS["g"], QUBITS["omega"] - QUBITS["g"]):
        n_a, n_b = 1 / np.expm1(frequency / t_a), 1 / np.expm1(frequency / T_B)
        total += frequency * (n_a - n_b) / (4 * (n_a + n_b + 1))
    return total


def generator(system: nesslab.System, t_a: float) -> nesslab.Generator:
    flat = nesslab.spectral.Flat(QUBITS["J_flat"])
    baths = [nesslab.Bath("sx_a", flat, t_a, "a"), nesslab.Bath("sx_b", flat, T_B, "b")]
    return nesslab.generator(system, baths, "global")


def one_by_one(temperatures: np.ndarray) -> np.ndarray:
    system = nesslab.models.two_qubits_xy(QUBITS["omega"], QUBITS["g"])
    currents = []
    for t_a in temperatures:
        gen = generator(system, t_a)
        currents.append(nesslab.heat_currents(gen, nesslab.steady_state(gen))["a"])
    return np.array(currents)


def batched(temperatures: np.ndarray, backend: str) -> np.ndarray:
    system = nesslab.models.two_qubits_xy(QUBITS["omega"], QUBITS["g"])
    generators = [generator(system, t_a) for t_a in temperatures]
    states = nesslab.steady_states(generators, backend=backend)
    pairs = zip(generators, states, strict=True)
    return np.array([nesslab.heat_currents(gen, state)["a"] for gen, state in pairs])


def qutip_loop(temperatures: np.ndarray) -> np.ndarray:
    H, sx_a, sx_b = qutip_two_qubits_operators()
    currents = []
    for t_a in temperatures:
        jumps_a = davies_jumps(H, sx_a, t_a)
        rho = qutip.steadystate(H, jumps_a + davies_jumps(H, sx_b, T_B))
        dissipator = sum(qutip.lindblad_dissipator(jump) for jump in jumps_a)
        drho = qutip.vector_to_operator(dissipator * qutip.operator_to_vector(rho))
        currents.append(float((H * drho).tr().real))
    return np.array(currents)


def timed(function: Callable[[], np.ndarray]) -> tuple[float, np.ndarray]:
    function()  # warm-up (imports, JAX compilation)
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=2000)
    args = parser.parse_args()
    temperatures = np.linspace(20.0, 500.0, args.points)
    reference = np.array([eq42_current(t) for t in temperatures])
    routes = {
        "qutip.steadystate loop": lambda: qutip_loop(temperatures),
        "nesslab one by one": lambda: one_by_one(temperatures),
        "nesslab batched (numpy)": lambda: batched(temperatures, "numpy"),
    }
    if importlib.util.find_spec("jax") is not None:
        import jax

        label = f"nesslab batched (jax, {jax.default_backend()})"
        routes[label] = lambda: batched(temperatures, "jax")
    print(f"two-qubit temperature sweep, {args.points} points, global master equation")
    print(f"{'route':34s} {'ms/point':>9s} {'vs QuTiP':>9s} {'max |ΔJ_a|/J_a vs Eq. 42':>26s}")
    qutip_seconds = None
    for name, route in routes.items():
        seconds, currents = timed(route)
        qutip_seconds = qutip_seconds or seconds
        deviation = np.max(np.abs(currents - reference) / np.abs(reference))
        print(
            f"{name:34s} {1e3 * seconds / args.points:9.3f} {qutip_seconds / seconds:9.1f} "
            f"{deviation:26.2e}"
        )


if __name__ == "__main__":
    main()
