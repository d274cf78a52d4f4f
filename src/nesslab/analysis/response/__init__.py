"""Response of nonequilibrium steady states to perturbations (seed 001).

* :mod:`.perturbation`: a Hermitian δV in H₀'s eigenbasis, its first-order Bohr shifts and
  the rotation of the eigenvectors;
* :mod:`.first_order`: the first-order generator ``L₁ = −i[V, ·] + Σ_α D₁^α``;
* :mod:`.linear`: Φ_A(t), Φ_A(∞) split into Kubo and dissipator-rotation parts, and the
  first-order heat currents, entropy production and entropy;
* :mod:`.regimes`: perturbations that move Bohr frequencies (no linear response): the
  "local" and "davies" treatments and the diagnostic that says which applies;
* :mod:`.gradient`: d/dp of currents and observables of any density-matrix approach, by one
  adjoint solve per quantity.
"""

from nesslab.analysis.response.first_order import (
    FIRST_ORDER,
    FirstOrder,
    ShiftedBohrFrequencyError,
    first_order,
)
from nesslab.analysis.response.gradient import Gradient, steady_state_gradient
from nesslab.analysis.response.linear import LinearResponse, ResponseParts, linear_response
from nesslab.analysis.response.perturbation import Perturbation, perturbation
from nesslab.analysis.response.regimes import (
    TREATMENTS,
    Regime,
    perturbed_heat_currents,
    response_regime,
)

__all__ = [
    "FIRST_ORDER",
    "TREATMENTS",
    "FirstOrder",
    "Gradient",
    "LinearResponse",
    "Perturbation",
    "Regime",
    "ResponseParts",
    "ShiftedBohrFrequencyError",
    "first_order",
    "linear_response",
    "perturbation",
    "perturbed_heat_currents",
    "response_regime",
    "steady_state_gradient",
]
