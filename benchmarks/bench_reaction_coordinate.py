"""Reaction-coordinate benchmark: nesslab's RC route against QuTiP's Bloch–Redfield on the same
augmented model, and against nesslab's HEOM at the same coupling.

Model: the two-bath spin-boson model ``H_S = Δσz`` (Δ = 0.5), bath 1 on σx at T = 1, bath 2 on
σθ = cos θ σz + sin θ σx (θ = π/4) at T = 0.5, both Brownian, ``J = λ²Γω/((ω₀² − ω²)² + Γ²ω²)``
with λ = 0.35, Γ = 0.2, ω₀ = 1.5 (residual strength Γ/2ω₀ = 0.067; weak-coupling Redfield is
56 % below the HEOM here, ``tests/generators/test_reaction_coordinate.py``). Each RC keeps
``levels`` Fock states, so the augmented dimension is 2·levels².

* nesslab: ``nl.generator(system, baths, "reaction_coordinate", levels=n)`` and
  ``nl.steady_state`` ("auto": GMRES with the Sylvester preconditioner above 2000 unknowns, the
  matrix never assembled), then ``nl.heat_currents``.
* QuTiP: ``qutip.bloch_redfield_tensor`` of the same augmented H with the residual baths as
  ``a_ops`` (q_α with the spectrum ``S(ω) = 2J_res(ω)(n(ω) + 1)``, ``sec_cutoff=-1``: no
  secular approximation; ``br_computation_method="dense"``, ten times faster than its default
  "sparse" at dimension 32) and ``qutip.steadystate``; the heat current
  ``Tr[H_aug D_1(ρ)]`` from the tensor of bath 1 alone (QuTiP's tensors include ``−i[H, ·]``,
  which is subtracted). QuTiP's spectra are functions of ``w`` alone: a function with any other
  parameter is taken for a time-dependent coefficient and evaluated at the wrong argument.
* The dense direct LU of the same nesslab generator (``method="direct"``), where it fits.
* HEOM: ``nesslab.analysis.converge_depth`` (fitted expansions of the Brownian C(t)).

Serial against serial (one BLAS thread), best of the repeats. Run
``python benchmarks/bench_reaction_coordinate.py [--quick]``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import numpy as np
import qutip
from threadpoolctl import threadpool_limits

import nesslab as nl
from nesslab.environment.spectral import Brownian, power_spectrum
from nesslab.models.few_body import spin_boson

from timing import best_time

DELTA, THETA, TEMPERATURES = 0.5, np.pi / 4, (1.0, 0.5)
DENSITY = Brownian(0.35, 0.2, 1.5)
DIRECT_LIMIT = 6000
QUTIP_LEVELS = 5
"""Largest levels QuTiP is run at: at 6 (dimension 72) it takes 290 s."""


def baths() -> list[nl.Bath]:
    hot, cold = TEMPERATURES
    return [nl.Bath("sx", DENSITY, hot, "1"), nl.Bath("s_theta", DENSITY, cold, "2")]


def nesslab_current(levels: int, method: str = "auto") -> tuple[float, nl.SteadyState]:
    gen = nl.generator(spin_boson(DELTA, THETA), baths(), "reaction_coordinate", levels=levels)
    state = nl.steady_state(gen, method=method)
    return nl.heat_currents(gen, state)["1"], state


def thermal_spectrum(residual: Any, temperature: float) -> Callable[[Any], Any]:
    """``S(ω)`` as QuTiP's a_ops take it: a function of ``w`` alone (scalar or array)."""

    def spectrum(w: Any) -> Any:
        values = power_spectrum(residual, temperature, np.atleast_1d(np.asarray(w, float)))
        return float(values[0]) if np.ndim(w) == 0 else values

    return spectrum


def qutip_current(levels: int) -> tuple[float, np.ndarray]:
    gen = nl.generator(spin_boson(DELTA, THETA), baths(), "reaction_coordinate", levels=levels)
    augmented = gen.details["augmented_system"]
    dims = [list(augmented.dims), list(augmented.dims)]
    hamiltonian = qutip.Qobj(augmented.H, dims=dims)
    tensors = []
    for bath in baths():
        residual = gen.details["reaction_coordinates"][bath.name].residual
        spectrum = thermal_spectrum(residual, bath.temperature)
        operator = qutip.Qobj(augmented.op(f"q_{bath.name}"), dims=dims)
        tensors.append(
            qutip.bloch_redfield_tensor(
                hamiltonian,
                [[operator, spectrum]],
                sec_cutoff=-1,
                fock_basis=True,
                br_computation_method="dense",
            )
        )
    # Each tensor includes −i[H, ·]: the dissipators are the tensors less the Liouvillian.
    coherent = qutip.liouvillian(hamiltonian)
    rho = qutip.steadystate(tensors[0] + tensors[1] - coherent)
    dissipator = tensors[0] - coherent
    flux = qutip.vector_to_operator(dissipator * qutip.operator_to_vector(rho))
    return float(np.real((hamiltonian * flux).tr())), rho.full()


def heom_current() -> tuple[float, int, float]:
    expansions = [
        nl.environment.approximate(b, "fit", t_max=100.0, tolerance=1e-4, max_terms=12)
        for b in baths()
    ]
    result = nl.analysis.converge_depth(
        spin_boson(DELTA, THETA),
        baths(),
        "1",
        start_depth=3,
        max_depth=7,
        tolerance=2e-3,
        expansions=expansions,
    )
    return result.value, result.parameter, result.change


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="levels 4 and 6 only, one repeat")
    args = parser.parse_args()
    levels_list = (4, 5) if args.quick else (4, 5, 6, 8, 10)
    repeats = 1 if args.quick else 2
    with threadpool_limits(1):
        heom_seconds, (heom, depth, change) = best_time(heom_current, 1)
        print(
            f"HEOM (converged depth {depth}, last change {change:.1e}): I = {heom:.6e} "
            f"in {heom_seconds:.2f} s",
            flush=True,
        )
        print(
            "levels  dim   nesslab s  QuTiP s  ratio  direct s   I (nesslab)    "
            "|ΔI|/I QuTiP  |Δρ| QuTiP  I/I_HEOM − 1"
        )
        for levels in levels_list:
            ours, (current, state) = best_time(lambda n=levels: nesslab_current(n), repeats)
            theirs, reference, rho = float("nan"), float("nan"), None
            if levels <= QUTIP_LEVELS:
                theirs, (reference, rho) = best_time(lambda n=levels: qutip_current(n), repeats)
            dim = 2 * levels**2
            direct = float("nan")
            if dim**2 <= DIRECT_LIMIT:
                direct, _ = best_time(lambda n=levels: nesslab_current(n, "direct"), 1)
            augmented = state.generator.space.augmented_state(state.vector)
            distance = float("nan") if rho is None else np.abs(rho - augmented).max()
            print(
                f"{levels:6d} {dim:4d} {ours:10.3f} {theirs:8.3f} {theirs / ours:6.1f} "
                f"{direct:9.3f} {current:14.6e} {abs(reference / current - 1):13.1e} "
                f"{distance:11.1e} {current / heom - 1:13.1e}",
                flush=True,
            )


if __name__ == "__main__":
    main()
