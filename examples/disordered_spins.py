"""Seed 003 in a page: disordered spins strongly coupled to a lossy, pumped mode.

Eight spins with couplings drawn uniform in [−3, 3] (seeded), ω = κ = 1, drive Ω = 0.1.
The boson is eliminated: the spins flip one at a time at the rates W_i(ΔE) of Eq. 3, and
the classical rate equation decides everything else. At small gain–loss difference η the spins
cool towards a Boltzmann state at β' ≈ 4η; at large η they heat to infinite temperature; in
between detailed balance is broken. For two strongly coupled spins the elimination is checked
against the full Lindblad dynamics of spins ⊗ truncated boson.

Run: ``python examples/disordered_spins.py`` (a few seconds).
"""

import warnings

import numpy as np

import nesslab as nl
from nesslab.analysis.classical import (
    detailed_balance,
    effective_inverse_temperature,
    rate_dynamics,
    rate_ratios,
    spin_flip_generator,
    stationary_distribution,
)
from nesslab.analysis.elimination_comparison import compare_elimination
from nesslab.analysis.flip_rates import spin_flip_rates
from nesslab.models import random_couplings

couplings = random_couplings(8, 3.0, seed=7)
print("couplings g_i:", np.round(couplings.values, 3), f"(seed {couplings.seed})")

for eta in (0.1, 1.0, 10.0):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", nl.ValidityWarning)
        rates = spin_flip_rates(couplings, omega=1.0, drive=0.1, gamma=1.0 + eta, kappa=1.0)
    generator = spin_flip_generator(rates)
    pi = stationary_distribution(generator)
    balance = detailed_balance(generator)
    beta = effective_inverse_temperature(rate_ratios(generator))
    energy = generator.energies
    cooling = rate_dynamics(generator, 0, [1.0, 1e2, 1e4]).mean_energy
    print(
        f"eta = {eta:>4}: <E>_stationary = {pi.mean(energy):7.3f} (uniform: {energy.mean():.3f}), "
        f"beta_eff = {beta.beta:.3f} (4 eta = {4 * eta:g}, beta' = {rates.beta_prime:.3f}), "
        f"entropy production {balance.entropy_production:.2e}, "
        f"<E>(t = 1, 1e2, 1e4) = {np.round(cooling, 2)}"
    )
    for warning in caught:
        print("   ", str(warning.message)[:110], "...")

# the elimination against the exact open dynamics (N = 2, N_F = 14)
comparison = compare_elimination(
    [2.0, -1.2], omega=1.0, drive=0.1, gamma=11.0, kappa=1.0, times=[10.0, 50.0], n_fock=14
)
print(
    f"two spins, exact Lindblad vs rate equation: max |dp| = {comparison.deviation:.1e} "
    f"(estimate sum (Omega t_L)^2 = {comparison.error_estimate:.1e}), stationary "
    f"{comparison.stationary_deviation:.1e}"
)
