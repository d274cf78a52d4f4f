"""Classical spin-flip benchmark (seed 003): rates, rate equation, and the exact N = 2 check.

Three problems, each timed for nesslab and for what a physicist would write instead, serial
against serial (one BLAS thread), best of the repeats:

1. **Rates for all N·2^N flips at N = 16** (g_i uniform in [−3, 3], seed 2019, ω = κ = 1,
   Ω = 0.1, η = 10 and 0.1): nesslab's :func:`~nesslab.analysis.classical.spin_flip_generator`
   (contour quadrature of Eq. 3, vectorised over the ΔE of each spin) against
   ``scipy.integrate.quad`` of the printed Eq. 3 integrand on [0, ∞), one call per distinct ΔE,
   timed on a subset and reported per rate, with the largest relative difference on it.
2. **Stationary state and P(E, t) on 200 times at N = 16** (65,536 states, η = 10, times
   ``geomspace(0.1, 10³, 200)`` from all spins down, 60 energy bins): nesslab's
   ``stationary_distribution`` and ``rate_dynamics(...).energy_distribution`` against
   ``scipy.sparse.linalg.spsolve`` of the bordered generator and a loop of
   ``scipy.sparse.linalg.expm_multiply`` between consecutive times on the same matrix.
3. **The exact N = 2 Lindblad check** (Fig. 2(a) inset: g = (2, −1.2), η = 10, N_F = 14, the
   boson starting in the all-down sector's steady state, times 5 … 500): nesslab's
   :func:`~nesslab.analysis.elimination_check.exact_spin_dynamics` against ``qutip.mesolve``
   and ``qutip.steadystate`` on the same truncated model built from QuTiP operators; the table
   gives the largest difference of the spin populations p(σ, t) and of the stationary ones.

Run ``python benchmarks/bench_classical.py [--quick]`` (``--quick``: N = 12, fewer quad calls
and repeats; the full run takes a few minutes on 2 cores). Ratios > 1: nesslab faster.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from typing import Any

import numpy as np
import qutip
import scipy.integrate as si
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from threadpoolctl import threadpool_limits

from nesslab.analysis.classical import (
    rate_dynamics,
    spin_configurations,
    spin_flip_generator,
    stationary_distribution,
)
from nesslab.analysis.elimination_check import exact_spin_dynamics
from nesslab.analysis.flip_rates import RateParameters, spin_flip_rates
from nesslab.analysis.flip_rates.laplace import sector_boson_state
from nesslab.analysis.validity import ValidityWarning
from nesslab.models import random_couplings

from timing import best_time

OMEGA, DRIVE, KAPPA, G0, SEED = 1.0, 0.1, 1.0, 3.0, 2019
SIZES = {
    "full": {"spins": 16, "quad": 200, "repeats": 2},
    "quick": {"spins": 12, "quad": 40, "repeats": 1},
}
TIMES = np.geomspace(0.1, 1e3, 200)
BINS = 60
INSET_COUPLINGS, INSET_N_FOCK = (2.0, -1.2), 14
INSET_TIMES = (5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0)


def rates_of(n: int, eta: float):
    """The draw's rates (its weakly coupled spins break the elimination: not the point here)."""
    couplings = random_couplings(n, G0, seed=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ValidityWarning)
        return spin_flip_rates(
            couplings, omega=OMEGA, drive=DRIVE, gamma=KAPPA + eta * OMEGA, kappa=KAPPA
        )


# --- 1. rates ------------------------------------------------------------------------------


def quad_rate(delta_e: float, g: float, p: RateParameters) -> float:
    """Eq. 3 as printed, by ``scipy.integrate.quad`` on [0, ∞) (τ = ωt)."""
    eta = p.eta
    a = 2 * g**2 * p.nu / p.omega**2
    b = 16 / (p.omega**2 * (eta**2 + 4))

    def integrand(tau: float) -> float:
        damp = np.exp(-eta * tau / 2)
        f = (8 - 2 * eta**2) / (eta * (eta**2 + 4)) * (1 - damp * np.cos(tau))
        f -= 8 * damp * np.sin(tau) / (eta**2 + 4)
        s = (4 * eta * (damp * np.cos(tau) - 1) + (eta**2 - 4) * damp * np.sin(tau)) / (eta**2 + 4)
        return np.exp(-a * (f + tau)) * np.cos(b * (delta_e * tau - g**2 * s))

    value = si.quad(integrand, 0, np.inf, limit=500)[0]
    return 2 * p.drive**2 / p.omega * value


def bench_rates(n: int, quad_calls: int, repeats: int) -> list[str]:
    rows = []
    configurations = spin_configurations(n)
    for eta in (10.0, 0.1):
        rates = rates_of(n, eta)
        seconds, generator = best_time(lambda rates=rates: spin_flip_generator(rates), repeats)
        flips = n * 2**n
        distinct = sum(np.unique(rates.flip_energy(i, configurations)).size for i in range(n))
        rng = np.random.default_rng(0)
        spins = rng.integers(0, n, quad_calls)
        picks = rng.integers(0, 2**n, quad_calls)
        delta = np.array(
            [
                rates.flip_energy(i, configurations[k : k + 1])[0]
                for i, k in zip(spins, picks, strict=True)
            ]
        )
        start = time.perf_counter()
        reference = np.array(
            [
                quad_rate(d, rates.couplings[i], rates.params)
                for i, d in zip(spins, delta, strict=True)
            ]
        )
        per_quad = (time.perf_counter() - start) / quad_calls
        ours = np.array(
            [rates.rate_of(i, np.array([d]))[0] for i, d in zip(spins, delta, strict=True)]
        )
        difference = np.max(np.abs(reference / ours - 1))
        per_rate = seconds / distinct
        rows.append(
            f"rates eta={eta:<5g} N={n}: {flips} flips, {distinct} distinct dE, "
            f"nesslab {seconds:.2f} s ({per_rate * 1e6:.1f} us/rate) | quad "
            f"{per_quad * 1e6:.0f} us/rate | ratio {per_quad / per_rate:.0f}x | "
            f"max rel diff {difference:.1e} ({generator.size} states)"
        )
    return rows


# --- 2. stationary state and P(E, t) -------------------------------------------------------


def scipy_stationary(matrix: sp.csr_matrix) -> np.ndarray:
    bordered = sp.lil_matrix(matrix)
    bordered[0, :] = np.ones(matrix.shape[0])
    rhs = np.zeros(matrix.shape[0])
    rhs[0] = 1.0
    return spla.spsolve(bordered.tocsc(), rhs)


def scipy_dynamics(matrix: sp.csr_matrix, energies: np.ndarray) -> np.ndarray:
    csc = matrix.tocsc()
    vector = np.zeros(matrix.shape[0])
    vector[0] = 1.0
    edges = np.linspace(energies.min(), energies.max(), BINS + 1)
    bins = np.clip(np.digitize(energies, edges) - 1, 0, BINS - 1)
    histograms, previous = [], 0.0
    for t in TIMES:
        vector = spla.expm_multiply(csc * (t - previous), vector)
        previous = t
        histograms.append(np.bincount(bins, weights=vector, minlength=BINS))
    return np.array(histograms)


def bench_rate_equation(n: int, repeats: int) -> list[str]:
    generator = spin_flip_generator(rates_of(n, 10.0))
    matrix = sp.csr_matrix(generator.matrix)
    ours_s, ours = best_time(lambda: stationary_distribution(generator).probabilities, repeats)
    scipy_s, theirs = best_time(lambda: scipy_stationary(matrix), repeats)
    rows = [
        f"stationary N={n}: nesslab {ours_s:.3f} s | spsolve {scipy_s:.3f} s | ratio "
        f"{scipy_s / ours_s:.1f}x | max diff {np.abs(ours - theirs).max():.1e}"
    ]
    energies = generator.energies

    def ours_dynamics() -> np.ndarray:
        return rate_dynamics(generator, 0, TIMES).energy_distribution(BINS).probabilities

    ours_s, ours = best_time(ours_dynamics, repeats)
    scipy_s, theirs = best_time(lambda: scipy_dynamics(matrix, energies), repeats)
    rows.append(
        f"P(E,t) N={n}, 200 times: nesslab {ours_s:.2f} s | expm_multiply loop {scipy_s:.2f} s "
        f"| ratio {scipy_s / ours_s:.1f}x | max diff {np.abs(ours - theirs).max():.1e}"
    )
    return rows


# --- 3. the exact N = 2 check against QuTiP ------------------------------------------------


def qutip_inset(gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """p(σ, t) and stationary p(σ) from qutip.mesolve / steadystate, nesslab's state order."""
    g = INSET_COUPLINGS
    a = qutip.tensor(qutip.qeye(2), qutip.qeye(2), qutip.destroy(INSET_N_FOCK))
    sz = [qutip.tensor(qutip.sigmaz(), qutip.qeye(2), qutip.qeye(INSET_N_FOCK))]
    sz.append(qutip.tensor(qutip.qeye(2), qutip.sigmaz(), qutip.qeye(INSET_N_FOCK)))
    sx = [qutip.tensor(qutip.sigmax(), qutip.qeye(2), qutip.qeye(INSET_N_FOCK))]
    sx.append(qutip.tensor(qutip.qeye(2), qutip.sigmax(), qutip.qeye(INSET_N_FOCK)))
    H = OMEGA * a.dag() * a + sum(gi * s * (a + a.dag()) for gi, s in zip(g, sz, strict=True))
    H = H + DRIVE * (sx[0] + sx[1])
    c_ops = [np.sqrt(gamma) * a, np.sqrt(KAPPA) * a.dag()]
    params = RateParameters(OMEGA, DRIVE, gamma, KAPPA)
    boson = qutip.Qobj(sector_boson_state(-sum(g), params, INSET_N_FOCK))
    down = qutip.basis(2, 1) * qutip.basis(2, 1).dag()  # qutip's basis(2, 1) has σz = −1
    rho0 = qutip.tensor(down, down, boson)
    # state codes 0..3 = (dd, ud, du, uu): bit i set when spin i is up
    projectors = []
    for code in range(4):
        kets = [qutip.basis(2, 0 if code >> i & 1 else 1) for i in range(2)]
        projectors.append(
            qutip.tensor(kets[0] * kets[0].dag(), kets[1] * kets[1].dag(), qutip.qeye(INSET_N_FOCK))
        )
    times = np.concatenate([[0.0], INSET_TIMES])
    options = {"atol": 1e-10, "rtol": 1e-8, "nsteps": 10**6}
    result = qutip.mesolve(H, rho0, times, c_ops, e_ops=projectors, options=options)
    dynamics = np.array(result.expect).T[1:]
    rho = qutip.steadystate(H, c_ops)
    stationary = np.array([qutip.expect(p, rho) for p in projectors])
    return dynamics, stationary


def bench_inset(repeats: int) -> list[str]:
    gamma = KAPPA + 10.0 * OMEGA

    def ours() -> Any:
        return exact_spin_dynamics(
            INSET_COUPLINGS,
            omega=OMEGA,
            drive=DRIVE,
            gamma=gamma,
            kappa=KAPPA,
            times=INSET_TIMES,
            n_fock=INSET_N_FOCK,
        )

    ours_s, exact = best_time(ours, repeats)
    qutip_s, (dynamics, stationary) = best_time(lambda: qutip_inset(gamma), repeats)
    return [
        f"exact N=2 inset (N_F={INSET_N_FOCK}, t to 500): nesslab {ours_s:.2f} s | QuTiP "
        f"mesolve+steadystate {qutip_s:.2f} s | ratio {qutip_s / ours_s:.1f}x | max diff "
        f"p(sigma,t) {np.abs(exact.populations - dynamics).max():.1e}, stationary "
        f"{np.abs(exact.stationary - stationary).max():.1e}"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 12, fewer repeats")
    size = SIZES["quick" if parser.parse_args().quick else "full"]
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    print(f"nesslab vs scipy/QuTiP {qutip.__version__}, one BLAS thread, best of repeats")
    with threadpool_limits(1):
        rows = bench_rates(size["spins"], size["quad"], size["repeats"])
        rows += bench_rate_equation(size["spins"], size["repeats"])
        rows += bench_inset(size["repeats"])
    print("\n".join(rows))


if __name__ == "__main__":
    main()
