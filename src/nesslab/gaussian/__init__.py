"""Exact Gaussian route for quadratic bosonic open systems (no Fock truncation).

Conventions: ħ = k_B = 1 (energies, frequencies, rates and temperatures in one unit); a Lindblad
dissipator ``D[c]ρ = cρc† − ½{c†c, ρ}``; heat current ``J_α = Tr[H D_α(ρ)] = ⟨D_α†(H)⟩``,
positive when energy flows from bath α INTO the system; ``n(ω) = 1/(e^{ω/T} − 1)``. Operators
are normal-ordered :class:`Polynomial` s in the ladder operators of M modes; ``[H₀, O_ν] = νO_ν``
labels frequency components (a Davies jump at Bohr frequency ω > 0 is the ν = −ω part of its
coupling). The quadrature is ``x = a + a†`` (seed 001's convention, no 1/√2).

Modules: ``polynomial`` (the algebra), ``modes`` (changes of mode basis, frequency
components), ``model`` (quadratic models), ``davies`` (global master equations, seed 001's
oscillators), ``generator`` (L† on polynomials), ``wick`` (Gaussian expectations), ``steady``
(NESS, currents, correlations), ``response`` (linear response at fixed Bohr frequencies, seed 001
§1.1).
"""

from nesslab.gaussian.davies import (
    BathCoupling,
    DaviesJump,
    DaviesModel,
    bohr_components,
    davies_jumps,
    to_quadratic,
    two_oscillators_cubic,
    two_oscillators_global,
    two_oscillators_site_modes,
)
from nesslab.gaussian.generator import (
    MonomialBasis,
    adjoint_dissipator,
    adjoint_lindbladian,
    closed_basis,
    heisenberg_basis,
)
from nesslab.gaussian.model import LinearJump, QuadraticModel, bose_einstein, normal_mode_model
from nesslab.gaussian.modes import frequency_component, frequency_components, substitute
from nesslab.gaussian.polynomial import (
    Polynomial,
    anticommutator,
    commutator,
    constant,
    create,
    destroy,
    linear,
    number,
    quadrature,
)
from nesslab.gaussian.response import (
    FirstOrder,
    Response,
    first_order,
    kubo_adjoint,
    linear_response,
    rotation_adjoint,
    rotation_generator,
)
from nesslab.gaussian.steady import Drift, correlation, drift, heat_currents, steady_state
from nesslab.gaussian.wick import GaussianState, expectation, thermal_state

__all__ = [
    "BathCoupling",
    "DaviesJump",
    "DaviesModel",
    "Drift",
    "FirstOrder",
    "GaussianState",
    "LinearJump",
    "MonomialBasis",
    "Polynomial",
    "QuadraticModel",
    "Response",
    "adjoint_dissipator",
    "adjoint_lindbladian",
    "anticommutator",
    "bohr_components",
    "bose_einstein",
    "closed_basis",
    "commutator",
    "constant",
    "correlation",
    "create",
    "davies_jumps",
    "destroy",
    "drift",
    "expectation",
    "first_order",
    "frequency_component",
    "frequency_components",
    "heat_currents",
    "heisenberg_basis",
    "kubo_adjoint",
    "linear",
    "linear_response",
    "normal_mode_model",
    "number",
    "quadrature",
    "rotation_adjoint",
    "rotation_generator",
    "steady_state",
    "substitute",
    "thermal_state",
    "to_quadratic",
    "two_oscillators_cubic",
    "two_oscillators_global",
    "two_oscillators_site_modes",
]
