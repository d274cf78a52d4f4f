"""Classical spin-flip dynamics against the exact open dynamics (seed 003, Fig. 2(a) inset).

The effective rate equation of :mod:`nesslab.analysis.flip_rates` (generator
:func:`nesslab.analysis.classical.spin_flip_generator`) is propagated from all spins down and
compared with the spin populations of the full Lindblad equation
(:func:`nesslab.analysis.elimination_check.exact_spin_dynamics`), both in the state-code order
of :mod:`nesslab.analysis.classical` (index 0 = all down).

Perturbative error
------------------
The elimination keeps the second order in Ω of the Nakajima–Zwanzig kernel. A flip of spin i
opens the coherence |σ⟩⟨σ'|, which lives for the memory time t_L,i = ω/(2g_i²ν) (the decay of
Eq. 3's integrand). Two corrections are then of the same order: the fourth-order kernel changes
each rate W_i ~ Ω² t_L,i by a relative (Ω t_L,i)², and the Markov step (the kernel's memory
replaced by its integral) delays every flip by ~t_L,i, a population error W_i t_L,i ~
(Ω t_L,i)²; the Ω-drive also dresses the σz populations at the same order. Hence

    ε(Ω) = Σ_i (Ω t_L,i)² = Σ_i (ωΩ / (2g_i²ν))²,

an order-of-magnitude bound (no O(1) constant) on max_σ,t |p_exact − p_effective|, ∝ Ω² at
times that scale as 1/Ω² (the effective dynamics then depends on Ω²t only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nesslab.analysis.classical import rate_dynamics, spin_flip_generator, stationary_distribution
from nesslab.analysis.elimination_check import exact_spin_dynamics
from nesslab.analysis.flip_rates import SpinFlipRates, spin_flip_rates


@dataclass(frozen=True)
class EliminationComparison:
    """Exact and effective spin populations on the same times (module docstring).

    Attributes
    ----------
    times : ndarray
        Times (1/energy).
    exact, effective : ndarray
        p(σ, t), shape (len(times), 2^N), state-code order.
    exact_stationary, effective_stationary : ndarray
        Stationary p(σ), shape (2^N,).
    error_estimate : float
        ε(Ω) of the module docstring.
    n_fock : int
        Fock cutoff of the exact dynamics.
    """

    times: np.ndarray
    exact: np.ndarray
    effective: np.ndarray
    exact_stationary: np.ndarray
    effective_stationary: np.ndarray
    error_estimate: float
    n_fock: int

    @property
    def deviation(self) -> float:
        """Max over σ and t of |p_exact − p_effective|."""
        return float(np.abs(self.exact - self.effective).max())

    @property
    def stationary_deviation(self) -> float:
        """Max over σ of the stationary |p_exact − p_effective|."""
        return float(np.abs(self.exact_stationary - self.effective_stationary).max())


def elimination_error(
    couplings: object, *, omega: float, drive: float, gamma: float, kappa: float
) -> float:
    """ε(Ω) = Σ_i (Ω t_L,i)² (module docstring): the estimated error of the elimination."""
    rates = spin_flip_rates(couplings, omega=omega, drive=drive, gamma=gamma, kappa=kappa)
    return _estimate(rates)


def _estimate(rates: SpinFlipRates) -> float:
    return float(np.sum(rates.elimination_margins**-2.0))


def compare_elimination(
    couplings: object,
    *,
    omega: float,
    drive: float,
    gamma: float,
    kappa: float,
    times: Sequence[float],
    n_fock: int | None = None,
    initial_boson: str = "sector",
) -> EliminationComparison:
    """Spin populations of the effective rate equation and of the exact Lindblad dynamics.

    Parameters
    ----------
    couplings : sequence of float
        g_i ≠ 0 of N = 2 or 3 spins (the exact Liouvillian has (2^N N_F)² entries).
    omega, drive, gamma, kappa : float
        ω, Ω, loss γ > gain κ ≥ 0.
    times : sequence of float
        Increasing times ≥ 0 (1/energy); the exact route's cost grows with the last one.
    n_fock : int, optional
        Fock cutoff (default :func:`nesslab.analysis.elimination_check.fock_cutoff`).
    initial_boson : {"sector", "vacuum"}
        Initial boson state of the exact route; both start with all spins down.

    Raises
    ------
    ValueError
        For bad rates, a zero coupling or bad times (from the two routes).
    """
    params = dict(omega=omega, drive=drive, gamma=gamma, kappa=kappa)
    rates = spin_flip_rates(couplings, **params)
    generator = spin_flip_generator(rates)
    effective = rate_dynamics(generator, 0, times)
    exact = exact_spin_dynamics(
        couplings, times=times, n_fock=n_fock, initial_boson=initial_boson, **params
    )
    return EliminationComparison(
        effective.times,
        exact.populations,
        effective.probabilities,
        exact.stationary,
        stationary_distribution(generator).probabilities,
        _estimate(rates),
        exact.n_fock,
    )
