"""Spectral analysis of closed models: swept spectra, (avoided) crossings, eigenstate entropies.

The "parametric hypersensitivity" toolkit of seed 000: sweep a parameter, track the low-lying
levels by symmetry sector and overlap, locate lowest avoided crossings (LACs) and tell them from
exact crossings, follow the entanglement entropy of the eigenstates involved, and set transport
dips beside the crossings and entropy peaks (:func:`correlation_report`). Relaxation dynamics
(:func:`trajectory`, :func:`secular_comparison`): populations in the site and energy eigenbasis and
purity on logarithmic time grids, secular versus non-secular. Convergence in a truncation
parameter (:func:`converge`; :func:`converge_depth` for the HEOM depth, :func:`converge_levels`
for the Fock levels of reaction coordinates). Response of a NESS to perturbations and
parameter gradients (seed 001, :mod:`nesslab.analysis.response`).
"""

from nesslab.analysis import classical, response
from nesslab.analysis.classical import (
    RateGenerator,
    detailed_balance,
    kinetic_monte_carlo,
    spin_flip_generator,
    stationary_distribution,
)
from nesslab.analysis.convergence import (
    Convergence,
    DepthPoint,
    converge,
    converge_depth,
    converge_levels,
)
from nesslab.analysis.correlation import (
    CorrelationReport,
    StateSequence,
    correlation_report,
    local_extrema,
    state_sequence,
)
from nesslab.analysis.crossings import Crossing, avoided_crossings, lowest_avoided_crossings
from nesslab.analysis.dynamics import (
    compare_dynamics,
    marginal_population,
    ness_observables,
    product_state,
    secular_comparison,
    secular_generators,
    trajectory,
)
from nesslab.analysis.eigentracks import (
    EigenTracks,
    eigenpairs,
    liouvillian_spectrum,
    track_eigenvalues,
)
from nesslab.analysis.entanglement import entanglement_entropy, level_entropies, reduced_state
from nesslab.analysis.exceptional import (
    ExceptionalPoint,
    ExceptionalPointSearch,
    exceptional_points,
)
from nesslab.analysis.moments import MomentClosureError, MomentEquations, moment_equations
from nesslab.analysis.response import (
    linear_response,
    perturbed_heat_currents,
    response_regime,
    steady_state_gradient,
)
from nesslab.analysis.spectrum import Spectrum, spectrum_sweep
from nesslab.analysis.thermal import ThermalComparison, thermal_comparison

__all__ = [
    "Convergence",
    "CorrelationReport",
    "Crossing",
    "DepthPoint",
    "Spectrum",
    "StateSequence",
    "ThermalComparison",
    "avoided_crossings",
    "compare_dynamics",
    "converge",
    "converge_depth",
    "converge_levels",
    "correlation_report",
    "entanglement_entropy",
    "level_entropies",
    "local_extrema",
    "lowest_avoided_crossings",
    "marginal_population",
    "ness_observables",
    "product_state",
    "reduced_state",
    "secular_comparison",
    "secular_generators",
    "spectrum_sweep",
    "state_sequence",
    "thermal_comparison",
    "trajectory",
    # Moment matrices, Liouvillian spectra and exceptional points (seed 002)
    "EigenTracks",
    "ExceptionalPoint",
    "ExceptionalPointSearch",
    "MomentClosureError",
    "MomentEquations",
    "eigenpairs",
    "exceptional_points",
    "liouvillian_spectrum",
    "moment_equations",
    "track_eigenvalues",
    # Classical rate equations, detailed balance, kinetic Monte Carlo (nesslab.analysis.classical)
    "RateGenerator",
    "classical",
    "detailed_balance",
    "kinetic_monte_carlo",
    "spin_flip_generator",
    "stationary_distribution",
    # Response theory and gradients (seed 001, nesslab.analysis.response)
    "linear_response",
    "perturbed_heat_currents",
    "response",
    "response_regime",
    "steady_state_gradient",
]
