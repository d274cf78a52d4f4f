"""Benchmark nesslab against QuTiP 5 on the same steady-state problems, and check they agree.

Both codes run with one BLAS thread (serial against serial: one core each).
Every timing covers the whole pipeline, from model parameters to the answer: building the
operators, the generator (Liouvillian / Redfield tensor) and solving for the steady state (plus
the heat current in case b). Each measurement is warmed up once, then repeated, and the best
(minimum) wall time of ``time.perf_counter`` is kept; the table reports both times, the ratio
qutip_time / nesslab_time (> 1 means nesslab is faster) and how close the two answers are.

Cases (ħ = ω = 1):

(a) Rabi model, N_b = 20 (dimension 40), local Lindblad channels √r_s σ₋ and √r_b a, at moderate
    (r_s, r_b) = (5e-4, 5e-2) and extreme (5e-12, 5e-6) rates, Δ ∈ {0.6, 1.0, 2.9} (and 4.9, the
    avoided crossing, at extreme rates). nesslab "local" with ``steady_state``'s "auto" (the full
    sparse LU at moderate rates, the slow/fast reduction at extreme ones) vs
    ``qutip.steadystate(H, c_ops)`` (QuTiP operators built natively, sparse). At extreme rates
    nesslab's secular "pauli" route is also timed against the same QuTiP solve (it warns at
    Δ = 4.9, where it is 6e-5 off). Agreement: trace distance and the relative difference of the
    spin flux J_s = −r_s⟨|↑⟩⟨↑|⟩.
(b) Two qubits with XY exchange (ω = 1000, g = 200), flat baths at T = 60 and 40, global (Davies)
    master equation. QuTiP builds the jump operators A(ω) = Σ_{E_m−E_n=ω} |n⟩⟨n|S|m⟩⟨m| itself,
    degenerate Bohr frequencies grouped, rates γ(n+1) and γn with γ = 1. Agreement: the heat
    current J_a = Tr[H D_a(ρ)] of both against the reference 3.2412544575e-4.
(c) Rabi model, N_b = 20, two Ohmic baths, non-secular Bloch–Redfield. QuTiP:
    ``bloch_redfield_tensor(..., sec_cutoff=-1, fock_basis=True)`` with its default ("sparse") and
    its "dense" tensor construction. Both codes use the real power spectrum
    S(ω) = 2J(ω)(n(ω)+1) (S(ω>0): emission) and no Lamb shift, so the states must agree to
    rounding. ``fock_basis=False`` is avoided: QuTiP 5.3 rotates the Hamiltonian part of the
    eigenbasis tensor the wrong way (V ρ V† instead of V† ρ V), which gives a wrong state.

(d) Scaling at extreme rates: case (a) at Δ = 2.9 for N_b = 20, 40, 80 (dimension 40, 80, 160),
    nesslab "auto" against the same QuTiP solve, with the fitted exponent of time ∝ dimension^p.

Run ``python benchmarks/bench_ness.py [--quick]``; the full run takes about 1.5–2 minutes on
2 cores, ``--quick`` about 45 s.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import qutip
from threadpoolctl import threadpool_limits

import nesslab

from timing import best_time

COUPLING = 0.2
N_BOSON = 20
DELTAS = (0.6, 1.0, 2.9)
CROSSING = 4.9
SCALING = {"delta": 2.9, "n_boson": (20, 40, 80)}
RATES = {"moderate": (5e-4, 5e-2), "extreme": (5e-12, 5e-6)}
QUBITS = {"omega": 1000.0, "g": 200.0, "T_a": 60.0, "T_b": 40.0, "J_flat": 0.5}
QUBITS_REFERENCE = 3.2412544575e-4
REDFIELD = {"delta": 1.0, "eta_s": 1e-5, "eta_b": 1e-3, "T_s": 0.5, "T_b": 0.1}
REPEATS = {"full": {"fast": 15, "slow": 3}, "quick": {"fast": 5, "slow": 1}}


@dataclass(frozen=True)
class Row:
    """One benchmark point: best times of both codes and their agreement."""

    case: str
    point: str
    nesslab_s: float
    qutip_s: float
    agreement: str

    @property
    def ratio(self) -> float:
        return self.qutip_s / self.nesslab_s


def relative_difference(value: float, reference: float) -> float:
    return abs(value - reference) / abs(reference)


# --- (a) Rabi model, local Lindblad channels -------------------------------------------------


def nesslab_rabi_local(
    delta: float, r_s: float, r_b: float, approach: str, n_boson: int = N_BOSON
) -> np.ndarray:
    system = nesslab.models.rabi(delta, coupling=COUPLING, n_boson=n_boson)
    channels = [nesslab.Channel("sm", r_s, "spin"), nesslab.Channel("a", r_b, "boson")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nesslab.SecularApproximationWarning)
        return nesslab.steady_state(nesslab.generator(system, channels, approach)).rho


def qutip_rabi_operators(
    delta: float, n_boson: int = N_BOSON
) -> tuple[qutip.Qobj, qutip.Qobj, qutip.Qobj]:
    """H = (Δ/2)σz + a†a + λσx(a + a†), σ₋ and a; spin ⊗ boson, spin basis (|↑⟩, |↓⟩)."""
    identity = qutip.qeye(n_boson)
    sm = qutip.tensor(qutip.sigmam(), identity)
    sz = qutip.tensor(qutip.sigmaz(), identity)
    a = qutip.tensor(qutip.qeye(2), qutip.destroy(n_boson))
    H = delta / 2 * sz + a.dag() * a + COUPLING * (sm + sm.dag()) * (a + a.dag())
    return H, sm, a


def qutip_rabi_local(delta: float, r_s: float, r_b: float, n_boson: int = N_BOSON) -> np.ndarray:
    H, sm, a = qutip_rabi_operators(delta, n_boson)
    return qutip.steadystate(H, [np.sqrt(r_s) * sm, np.sqrt(r_b) * a]).full()


def spin_flux(rho: np.ndarray, r_s: float) -> float:
    """J_s = −r_s ⟨|↑⟩⟨↑|⟩ with |↑⟩⟨↑| = (1 + σz)/2."""
    up = np.kron(np.diag([1.0, 0.0]), np.eye(rho.shape[0] // 2))
    return -r_s * float(np.trace(up @ rho).real)


def rabi_agreement(rho: np.ndarray, reference: np.ndarray, r_s: float) -> str:
    distance = nesslab.trace_distance(rho, reference)
    flux = relative_difference(spin_flux(rho, r_s), spin_flux(reference, r_s))
    return f"TD {distance:.1e}, dJs/Js {flux:.1e}"


def bench_rabi_local(repeats: int) -> list[Row]:
    rows = []
    for regime, (r_s, r_b) in RATES.items():
        deltas = (*DELTAS, CROSSING) if regime == "extreme" else DELTAS
        for delta in deltas:
            point = f"Δ={delta} {regime}"
            t_qt, rho_qt = best_time(
                partial(qutip_rabi_local, delta, r_s, r_b), repeats, warm_up=True
            )
            approaches = ("local", "pauli") if regime == "extreme" else ("local",)
            for approach in approaches:
                solve = partial(nesslab_rabi_local, delta, r_s, r_b, approach)
                t_nl, rho_nl = best_time(solve, repeats, warm_up=True)
                agreement = rabi_agreement(rho_nl, rho_qt, r_s)
                rows.append(Row(f"(a) {approach}", point, t_nl, t_qt, agreement))
    return rows


def bench_scaling(repeats: int) -> list[Row]:
    """Case (d): extreme rates, growing Fock cutoff; prints the fitted exponents."""
    r_s, r_b = RATES["extreme"]
    delta = SCALING["delta"]
    rows = []
    for n_boson in SCALING["n_boson"]:
        t_qt, rho_qt = best_time(
            partial(qutip_rabi_local, delta, r_s, r_b, n_boson), repeats, warm_up=True
        )
        solve = partial(nesslab_rabi_local, delta, r_s, r_b, "local", n_boson)
        t_nl, rho_nl = best_time(solve, repeats, warm_up=True)
        agreement = rabi_agreement(rho_nl, rho_qt, r_s)
        rows.append(Row("(d) scaling", f"N_b={n_boson} dim {2 * n_boson}", t_nl, t_qt, agreement))
    dimensions = np.log([2 * n for n in SCALING["n_boson"]])
    for code, times in (
        ("nesslab", [r.nesslab_s for r in rows]),
        ("qutip", [r.qutip_s for r in rows]),
    ):
        exponent = np.polyfit(dimensions, np.log(times), 1)[0]
        print(f"(d) {code} time per point ∝ dimension^{exponent:.2f} at extreme rates")
    return rows


# --- (b) Two qubits, global (Davies) master equation -----------------------------------------


def nesslab_two_qubits() -> float:
    system = nesslab.models.two_qubits_xy(omega=QUBITS["omega"], g=QUBITS["g"])
    flat = nesslab.spectral.Flat(QUBITS["J_flat"])
    baths = [
        nesslab.Bath("sx_a", flat, QUBITS["T_a"], "a"),
        nesslab.Bath("sx_b", flat, QUBITS["T_b"], "b"),
    ]
    gen = nesslab.generator(system, baths, "global")
    return nesslab.heat_currents(gen, nesslab.steady_state(gen))["a"]


def qutip_two_qubits_operators() -> tuple[qutip.Qobj, qutip.Qobj, qutip.Qobj]:
    """H = (ω/2)(σz^A + σz^B) + (g/2)(σx^A σx^B + σy^A σy^B), σx^A and σx^B."""
    identity = qutip.qeye(2)

    def pair(op: qutip.Qobj) -> tuple[qutip.Qobj, qutip.Qobj]:
        return qutip.tensor(op, identity), qutip.tensor(identity, op)

    (sx_a, sx_b), (sy_a, sy_b), (sz_a, sz_b) = map(
        pair, (qutip.sigmax(), qutip.sigmay(), qutip.sigmaz())
    )
    H = QUBITS["omega"] / 2 * (sz_a + sz_b) + QUBITS["g"] / 2 * (sx_a * sx_b + sy_a * sy_b)
    return H, sx_a, sx_b


def davies_jumps(H: qutip.Qobj, coupling: qutip.Qobj, temperature: float) -> list[qutip.Qobj]:
    """√(γ(n+1)) A(ω) and √(γn) A(ω)† for every Bohr frequency ω > 0 (γ = 2J = 1)."""
    energies, kets = H.eigenstates()
    projectors = [ket * ket.dag() for ket in kets]
    gaps = energies[:, None] - energies[None, :]
    tolerance = 1e-9 * max(1.0, float(np.abs(energies).max()))
    frequencies = np.unique(np.round(gaps[gaps > tolerance] / tolerance) * tolerance)
    gamma = 2 * QUBITS["J_flat"]
    jumps = []
    for omega in frequencies:
        pairs = np.argwhere(np.abs(gaps - omega) <= tolerance)
        A = sum(projectors[n] * coupling * projectors[m] for m, n in pairs)
        occupation = 1 / np.expm1(omega / temperature)
        jumps += [np.sqrt(gamma * (occupation + 1)) * A, np.sqrt(gamma * occupation) * A.dag()]
    return jumps


def qutip_two_qubits() -> float:
    H, sx_a, sx_b = qutip_two_qubits_operators()
    jumps_a = davies_jumps(H, sx_a, QUBITS["T_a"])
    jumps_b = davies_jumps(H, sx_b, QUBITS["T_b"])
    rho = qutip.steadystate(H, jumps_a + jumps_b)
    dissipator_a = sum(qutip.lindblad_dissipator(jump) for jump in jumps_a)
    drho = qutip.vector_to_operator(dissipator_a * qutip.operator_to_vector(rho))
    return float((H * drho).tr().real)


def bench_two_qubits(repeats: int) -> list[Row]:
    t_nl, current_nl = best_time(nesslab_two_qubits, repeats, warm_up=True)
    t_qt, current_qt = best_time(qutip_two_qubits, repeats, warm_up=True)
    agreement = (
        f"Ja nl {current_nl:.10e} qt {current_qt:.10e}; rel.diff "
        f"nl-qt {relative_difference(current_nl, current_qt):.1e}, "
        f"nl-ref {relative_difference(current_nl, QUBITS_REFERENCE):.1e}, "
        f"qt-ref {relative_difference(current_qt, QUBITS_REFERENCE):.1e}"
    )
    return [Row("(b) global", "2 qubits", t_nl, t_qt, agreement)]


# --- (c) Rabi model, two Ohmic baths, Bloch–Redfield -----------------------------------------


def nesslab_rabi_redfield() -> np.ndarray:
    delta = REDFIELD["delta"]
    system = nesslab.models.rabi(delta=delta, coupling=COUPLING, n_boson=N_BOSON)
    Ohmic = nesslab.spectral.Ohmic
    baths = [
        nesslab.Bath("sx", Ohmic(REDFIELD["eta_s"], cutoff=delta), REDFIELD["T_s"], "spin"),
        nesslab.Bath("x", Ohmic(REDFIELD["eta_b"], cutoff=1.0), REDFIELD["T_b"], "boson"),
    ]
    return nesslab.steady_state(nesslab.generator(system, baths, "redfield")).rho


def ohmic_power_spectrum(eta: float, cutoff: float, temperature: float) -> Callable:
    """S(ω) = 2J(ω)(n(ω) + 1) with the odd J(ω) = ηω e^{−|ω|/ω_c}; S(0) = 2ηT."""

    def spectrum(w: float) -> float:
        if w == 0:
            return 2 * eta * temperature
        return 2 * eta * w * np.exp(-abs(w) / cutoff) / -np.expm1(-w / temperature)

    return spectrum


def qutip_rabi_redfield(method: str) -> np.ndarray:
    H, sm, a = qutip_rabi_operators(REDFIELD["delta"])
    a_ops = [
        (
            sm + sm.dag(),
            ohmic_power_spectrum(REDFIELD["eta_s"], REDFIELD["delta"], REDFIELD["T_s"]),
        ),
        (a + a.dag(), ohmic_power_spectrum(REDFIELD["eta_b"], 1.0, REDFIELD["T_b"])),
    ]
    R = qutip.bloch_redfield_tensor(
        H, a_ops, sec_cutoff=-1, fock_basis=True, br_computation_method=method
    )
    return qutip.steadystate(R).full()


def bench_rabi_redfield(repeats: int) -> list[Row]:
    t_nl, rho_nl = best_time(nesslab_rabi_redfield, repeats, warm_up=True)
    rows = []
    for method in ("sparse", "dense"):
        t_qt, rho_qt = best_time(partial(qutip_rabi_redfield, method), repeats, warm_up=True)
        agreement = f"TD {nesslab.trace_distance(rho_nl, rho_qt):.1e}"
        rows.append(Row("(c) redfield", f"qutip BR {method}", t_nl, t_qt, agreement))
    return rows


# --- checks and output -----------------------------------------------------------------------


def check_same_models() -> str:
    """Largest entry difference between the QuTiP-built and nesslab-built operators."""
    error = 0.0
    for delta in DELTAS:
        system = nesslab.models.rabi(delta, coupling=COUPLING, n_boson=N_BOSON)
        H, sm, a = qutip_rabi_operators(delta)
        for ours, theirs in ((system.H, H), (system.op("sm"), sm), (system.op("a"), a)):
            error = max(error, float(np.abs(ours - theirs.full()).max()))
    qubits = nesslab.models.two_qubits_xy(omega=QUBITS["omega"], g=QUBITS["g"])
    for name, op in zip(("H", "sx_a", "sx_b"), qutip_two_qubits_operators(), strict=True):
        ours = qubits.H if name == "H" else qubits.op(name)
        error = max(error, float(np.abs(ours - op.full()).max()))
    if error > 1e-12:
        raise AssertionError(f"QuTiP and nesslab models differ by {error:.1e}")
    return f"{error:.1e}"


def print_table(rows: list[Row]) -> None:
    header = f"{'case':<14}{'point':<20}{'nesslab [s]':>12}{'qutip [s]':>12}{'ratio':>9}  agreement"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.case:<14}{row.point:<20}{row.nesslab_s:>12.4f}{row.qutip_s:>12.4f}"
            f"{row.ratio:>8.1f}x  {row.agreement}"
        )


def print_ratios(rows: list[Row]) -> None:
    print(
        "\nratios qutip_time / nesslab_time (targets: local extreme >= 50x, local moderate >= 5x,"
        " pauli >= 10x, redfield >= 20x)"
    )
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row.case, []).append(f"{row.point}: {row.ratio:.1f}")
    for case, entries in groups.items():
        print(f"  {case:<13} " + " | ".join(entries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats per measurement")
    args = parser.parse_args()
    repeats = REPEATS["quick" if args.quick else "full"]
    print(
        f"nesslab {nesslab.__version__}, qutip {qutip.__version__}, numpy {np.__version__}, "
        f"{os.cpu_count()} CPUs; best of {repeats['fast']} (a, b) / {repeats['slow']} (c) runs"
    )
    print(f"max |operator_qutip - operator_nesslab| = {check_same_models()}\n")
    start = time.perf_counter()
    rows = bench_rabi_local(repeats["fast"])
    rows += bench_two_qubits(repeats["fast"])
    rows += bench_rabi_redfield(repeats["slow"])
    rows += bench_scaling(repeats["slow"])
    print_table(rows)
    print_ratios(rows)
    print(f"\ntotal wall time {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    # Serial against serial: one core and one BLAS thread each (threaded BLAS on the small
    # dense blocks of a point costs more than it gains; the processes backend's workers are
    # single-threaded too).
    with threadpool_limits(1):
        main()
