"""Response benchmark: nesslab's linear response and adjoint gradients against QuTiP routes.

1. **Steady-state response of a heat current** dJ/dδ to H₀ → H₀ + δV:
   * two qubits (seed 001 Eq. 37, ω = 10, g = 2, Ohmic baths J = γω/2ω at T = 6/4) in the
     global (Davies) approach, V = σx^Aσx^B − σy^Aσy^B (no first-order Bohr shift, so the
     linear response exists and includes the dissipator rotation D₁);
   * seed 000's local Rabi model at N_b = 20 (dimension 40, Liouville space 1600) with a
     pumped spin channel, V = σx (the field ε), local approach (D₁ = 0).
   nesslab: :func:`nesslab.analysis.linear_response` (builds L₁, one traceless solve). QuTiP
   on the *same* L₀ and L₁ (nesslab's matrices as Qobj superoperators; for the Rabi model
   (a) ``qutip.steadystate`` and ``qutip.pseudo_inverse(..., method="solve")`` (dense; its
   default "splu" stops with a SparseEfficiencyWarning raised as an error in QuTiP 5.3.1, even
   on a ``qutip.liouvillian``), then ρ₁ = −L₀⁺L₁π₀ and the current contraction;
   (b) central finite differences of ``qutip.steadystate`` at δ = ±h.
2. **Gradient of one current with respect to 10 parameters** (the local Rabi model: Δ, λ, ω, ε,
   the counter-rotating weight s, and five channel rates): nesslab's adjoint
   (:func:`nesslab.analysis.steady_state_gradient`, one factorisation, one adjoint solve,
   four generator assemblies per parameter) against 20 ``qutip.steadystate`` solves (central
   differences), and against 20 ``nesslab.steady_state`` solves.

Agreement is the relative difference of the responses. Serial against serial: one BLAS
thread, best of the repeats. Run ``python benchmarks/bench_response.py [--quick]``.
"""

from __future__ import annotations

import argparse

import numpy as np
import qutip
from threadpoolctl import threadpool_limits

import nesslab as nl
from nesslab.analysis import linear_response, steady_state_gradient
from nesslab.analysis.response.gradient import site_form

from timing import best_time

STEP = 1e-5


def qubit_setup():
    system = nl.models.two_qubits_xy(10.0, 2.0)
    spectral = nl.spectral.PowerLaw(0.05, 1, 1.0, "none")
    baths = [nl.Bath("sx_a", spectral, 6.0, "a"), nl.Bath("sx_b", spectral, 4.0, "b")]
    v = system.op("sx_a") @ system.op("sx_b") - system.op("sy_a") @ system.op("sy_b")
    return system, baths, v, "global"


def rabi_channels(rates=(5e-3, 2e-3, 5e-2, 1e-3, 1e-3)) -> list[nl.Channel]:
    down, up, boson, boson_up, dephasing = rates
    return [
        nl.Channel("sm", down, "spin"),
        nl.Channel("sp", up, "spin"),
        nl.Channel("a", boson, "boson"),
        nl.Channel(nl.models.rabi(1.0, 0.2, 20).op("a").conj().T, boson_up, "boson"),
        nl.Channel("sz", dephasing, "dephasing"),
    ]


def rabi_setup():
    system = nl.models.rabi(1.3, 0.2, 20, bias=0.1)
    return system, rabi_channels(), system.op("sx"), "local"


def as_qobj(matrix, dim: int) -> qutip.Qobj:
    dense = matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)
    return qutip.Qobj(dense, dims=[[[dim], [dim]], [[dim], [dim]]], superrep="super")


def site_generator(system, environment, approach):
    """The generator on site-basis vec ρ (QuTiP's convention) and its bath-a heat row."""
    generator = nl.generator(system, environment, approach)
    form = site_form(generator)
    return form.matrix, form.heat_rows[next(iter(form.heat_rows))]


def bench_response(setup, repeats: int) -> str:
    system, environment, v, approach = setup()
    bath = environment[0].name
    ours_s, response = best_time(
        lambda: linear_response(system, environment, v, approach=approach), repeats
    )
    ours = response.heat_currents()[bath]
    first = response.first_order
    generator = first.generator
    # QuTiP (a): pseudo-inverse on the same L₀, L₁ (site basis)
    form = site_form(generator)
    basis = generator.basis
    transform = None if basis is None else np.kron(basis.conj(), basis)

    def on_site(matrix):
        dense = matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)
        return dense if transform is None else transform @ dense @ transform.conj().T

    dim = system.dim
    L0 = as_qobj(form.matrix, dim)
    L1 = as_qobj(on_site(first.matrix), dim)
    part = on_site(generator.parts[bath])
    d1 = on_site(first.dissipators[bath])
    h_row = system.H.ravel(order="C")
    v_row = v.ravel(order="C")

    def pinv_route():
        rho = qutip.steadystate(L0)
        pinv = qutip.pseudo_inverse(L0, rhoss=rho, method="solve")
        pi0 = rho.full().ravel(order="F")
        rho1 = -(pinv.full() @ (L1.full() @ pi0))
        return float(np.real(h_row @ part @ rho1 + h_row @ d1 @ pi0 + v_row @ part @ pi0))

    pinv_s, pinv_value = best_time(pinv_route, repeats)

    # QuTiP (b): finite differences of qutip.steadystate on the perturbed generators
    shifted = []
    for sign in (1, -1):
        perturbed = nl.System(system.H + sign * STEP * v, system.dims, system.operators)
        matrix, row = site_generator(perturbed, environment, approach)
        shifted.append((as_qobj(matrix, dim), row))

    def difference_route():
        values = [
            float(np.real(row @ qutip.steadystate(L).full().ravel(order="F"))) for L, row in shifted
        ]
        return (values[0] - values[1]) / (2 * STEP)

    fd_s, fd_value = best_time(difference_route, repeats)
    return (
        f"{approach} N={dim}: dJ/dδ nesslab {ours_s * 1e3:.1f} ms | QuTiP pseudo_inverse "
        f"{pinv_s * 1e3:.1f} ms ({pinv_s / ours_s:.1f}x, d={abs(pinv_value / ours - 1):.1e}) | "
        f"QuTiP 2 steadystate FD {fd_s * 1e3:.1f} ms ({fd_s / ours_s:.1f}x, "
        f"d={abs(fd_value / ours - 1):.1e})"
    )


PARAMETERS = dict(
    delta=1.3,
    coupling=0.2,
    omega=1.0,
    bias=0.1,
    counter_rotating=1.0,
    down=5e-3,
    up=2e-3,
    boson=5e-2,
    boson_up=1e-3,
    dephasing=1e-3,
)


def rabi_build(
    delta, coupling, omega, bias, counter_rotating, down, up, boson, boson_up, dephasing
):
    system = nl.models.rabi(
        delta, coupling, 20, omega=omega, counter_rotating=counter_rotating, bias=bias
    )
    rates = (down, up, boson, boson_up, dephasing)
    return nl.generator(system, rabi_channels(rates), "local")


def spin_current(generator, state) -> float:
    return nl.heat_currents(generator, state)["spin"]


def bench_gradient(repeats: int) -> str:
    ours_s, gradient = best_time(lambda: steady_state_gradient(rabi_build, PARAMETERS), repeats)
    steps = {name: 1e-4 * abs(value) for name, value in PARAMETERS.items()}
    shifted = [
        rabi_build(**{**PARAMETERS, name: PARAMETERS[name] + sign * steps[name]})
        for name in PARAMETERS
        for sign in (1, -1)
    ]

    def nesslab_differences():
        values = [spin_current(g, nl.steady_state(g)) for g in shifted]
        return np.array(values[::2]) - np.array(values[1::2])

    ness_s, ness_values = best_time(nesslab_differences, repeats)
    liouvillians = [as_qobj(g.matrix, g.dim) for g in shifted]  # "local": site basis
    rows = [np.asarray(g.heat_rows["spin"].toarray()).ravel() for g in shifted]

    def qutip_differences():
        values = [
            float(np.real(row @ qutip.steadystate(L).full().ravel(order="F")))
            for L, row in zip(liouvillians, rows, strict=True)
        ]
        return np.array(values[::2]) - np.array(values[1::2])

    qt_s, qt_values = best_time(qutip_differences, repeats)
    width = np.array([2 * steps[name] for name in PARAMETERS])
    adjoint = gradient.currents["spin"]
    d_qt = np.max(np.abs(qt_values / width - adjoint) / np.abs(adjoint))
    d_ness = np.max(np.abs(ness_values / width - adjoint) / np.abs(adjoint))
    return (
        f"gradient of J_spin w.r.t. 10 parameters (local Rabi N_b=20): adjoint "
        f"{ours_s * 1e3:.0f} ms | 20 nesslab steady_state {ness_s * 1e3:.0f} ms "
        f"({ness_s / ours_s:.1f}x, d={d_ness:.1e}) | 20 qutip.steadystate {qt_s * 1e3:.0f} ms "
        f"({qt_s / ours_s:.1f}x, d={d_qt:.1e}) | stencil error {gradient.stencil_error:.1e}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat")
    repeats = 1 if parser.parse_args().quick else 3
    print(f"nesslab vs QuTiP {qutip.__version__}, one BLAS thread, best of {repeats}")
    with threadpool_limits(1):
        bench_response(qubit_setup, 1)  # warm-up
        for setup in (qubit_setup, rabi_setup):
            print(bench_response(setup, repeats))
        print(bench_gradient(repeats))


if __name__ == "__main__":
    main()
