"""Spin-flip rate models with known answers for the tests of nesslab.analysis.classical.

``IsingRates`` follows the SpinFlipRates contract (``n``, ``energy``, ``rate``) of seed 003's
eliminated rates: E(σ) = −½ Σ_ij J_ij σ_i σ_j − Σ_i h_i σ_i, and flip rates of Glauber
(``a_i / (1 + e^{β_i ΔE})``) or Metropolis (``a_i min(1, e^{−β_i ΔE})``) form. With one β for
every spin both obey detailed balance with the Boltzmann weights e^{−βE}; spin-dependent β_i
(each spin touching its own bath) break it whenever coupled spins have different β_i.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class IsingRates:
    couplings: np.ndarray
    fields: np.ndarray
    beta: np.ndarray
    attempt: np.ndarray
    kind: str = "glauber"

    @property
    def n(self):
        return self.fields.size

    def energy(self, configurations):
        spins = np.asarray(configurations, dtype=float)
        return -0.5 * np.einsum("mi,ij,mj->m", spins, self.couplings, spins) - spins @ self.fields

    def delta_energy(self, spin, configurations):
        spins = np.asarray(configurations, dtype=float)
        return 2 * spins[:, spin] * (spins @ self.couplings[:, spin] + self.fields[spin])

    def rate(self, spin, configurations):
        exponent = self.beta[spin] * self.delta_energy(spin, configurations)
        if self.kind == "glauber":
            return self.attempt[spin] / (1 + np.exp(exponent))
        return self.attempt[spin] * np.exp(-np.maximum(exponent, 0.0))


def ising(n, beta=1.0, *, seed=0, kind="glauber", coupled=True, attempt=None):
    """A random Ising model (couplings N(0, 1/n), fields N(0, 0.3²)) with reproducible draws."""
    rng = np.random.default_rng(seed)
    couplings = rng.normal(size=(n, n)) / np.sqrt(n)
    couplings = (couplings + couplings.T) / 2 * coupled
    np.fill_diagonal(couplings, 0.0)
    fields = 0.3 * rng.normal(size=n)
    betas = np.broadcast_to(np.asarray(beta, dtype=float), (n,)).copy()
    attempts = np.ones(n) if attempt is None else np.asarray(attempt, dtype=float)
    return IsingRates(couplings, fields, betas, attempts, kind)


def boltzmann(energies, beta):
    weights = np.exp(-beta * (energies - energies.min()))
    return weights / weights.sum()


def ring_rates(size, clockwise, counter):
    """Rates W[j, i] of a ring 0 → 1 → … → size−1 → 0 (clockwise) and back (counter)."""
    rates = np.zeros((size, size))
    for i in range(size):
        rates[(i + 1) % size, i] = clockwise
        rates[(i - 1) % size, i] = counter
    return rates
