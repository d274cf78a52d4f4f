"""Classical rate equations ``dP/dt = G P``: stationarity, relaxation, dynamics, detailed balance.

General, for any finite set of states: rates given as a matrix (:meth:`RateGenerator.from_rates`),
nesslab's own Pauli rate equation (:meth:`RateGenerator.from_pauli`), or single-spin-flip rates
over the 2^N configurations of N spins (:func:`spin_flip_generator`, e.g. seed 003's
adiabatically eliminated spin-boson rates), with a kinetic Monte Carlo sampler
(:func:`kinetic_monte_carlo`) for N beyond enumeration.

Convention (fixed): ``G[j, i]`` (i ≠ j) is the rate of i → j (1/time), columns sum to zero.
Spin configurations are coded ``index = Σ_i 2^i (1 + σ_i)/2`` (+1 = up; 0 = all down).

=====================================  =========================================================
:func:`stationary_distribution`        unique π (reducible generators refused, classes named)
:func:`relaxation_spectrum`            slowest relaxation rates (dense, or shift-invert Arnoldi)
:func:`rate_dynamics`                  P(t) on any time grid ("krylov" or modal "spectral")
:func:`energy_distribution`            P(E, t) binned in E and ⟨E⟩(t)
:func:`loop_ratio`                     Kolmogorov's ratio of one cycle
:func:`detailed_balance`               currents, cycle-basis affinities, entropy production
:func:`rate_ratios`                    ``ln R`` against ΔE for every two-way transition
:func:`effective_inverse_temperature`  β_eff fitted from ``ln R = −β ΔE``
:func:`kinetic_monte_carlo`            Gillespie trajectories: ⟨E⟩(t), P(E, t) with errors
=====================================  =========================================================
"""

from nesslab.analysis.classical.balance import (
    DetailedBalance,
    detailed_balance,
    entropy_production_rate,
    probability_currents,
)
from nesslab.analysis.classical.cycles import (
    cycle_affinities,
    flip_rate_table,
    fundamental_affinities,
    hypercube_squares,
    loop_ratio,
    square_affinities,
)
from nesslab.analysis.classical.dynamics import RateDynamics, rate_dynamics
from nesslab.analysis.classical.energy import EnergyDistribution, energy_distribution
from nesslab.analysis.classical.generator import RateGenerator, Transitions
from nesslab.analysis.classical.kmc import KineticMonteCarlo, kinetic_monte_carlo
from nesslab.analysis.classical.ratios import (
    EffectiveTemperature,
    RateRatios,
    effective_inverse_temperature,
    rate_ratios,
)
from nesslab.analysis.classical.spectrum import RelaxationSpectrum, relaxation_spectrum
from nesslab.analysis.classical.spins import (
    SpinFlipRates,
    configuration_index,
    spin_configurations,
    spin_flip_generator,
)
from nesslab.analysis.classical.stationary import (
    StationaryDistribution,
    closed_classes,
    stationary_distribution,
)

__all__ = [
    "DetailedBalance",
    "EffectiveTemperature",
    "EnergyDistribution",
    "KineticMonteCarlo",
    "RateDynamics",
    "RateGenerator",
    "RateRatios",
    "RelaxationSpectrum",
    "SpinFlipRates",
    "StationaryDistribution",
    "Transitions",
    "closed_classes",
    "configuration_index",
    "cycle_affinities",
    "detailed_balance",
    "effective_inverse_temperature",
    "energy_distribution",
    "entropy_production_rate",
    "flip_rate_table",
    "fundamental_affinities",
    "hypercube_squares",
    "kinetic_monte_carlo",
    "loop_ratio",
    "probability_currents",
    "rate_dynamics",
    "rate_ratios",
    "relaxation_spectrum",
    "spin_configurations",
    "spin_flip_generator",
    "square_affinities",
    "stationary_distribution",
]
