"""State spaces: what a generator's state vector x is, and how ρ and observables are read off it.

A master-equation generator evolves a vector ``dx/dt = L x``. Its *space* owns every convention
of that vector, so that solvers and observables never need to know which approach built it:

* the size of x, and the site-basis density matrix ρ of a vector (and back);
* the row r with ``r · x = Tr[A ρ]`` of an observable A, the trace row in particular;
* optional structure a solver may exploit: the energy eigenbasis (Bohr frequencies), the
  components that commute with a weak symmetry, the tiers of a hierarchy.

Four spaces exist today:

``DensitySpace``     x = vec(ρ), column-stacked (vec(AρB) = (Bᵀ ⊗ A) vec ρ), in the site basis or
                     in the energy eigenbasis (size N²).
``PopulationSpace``  x = the populations of a basis (the energy eigenbasis for Pauli rate
                     equations), a classical master equation (size N).
``HierarchySpace``   x stacks vec(ρ_n) of every HEOM auxiliary density operator, tier by tier,
                     the reduced ρ (tier 0) first, all in the site basis (size n_ados · N²).
``ReactionCoordinateSpace``  x = vec ρ of the system and its reaction coordinates, in the
                     eigenbasis of their Hamiltonian; ρ is the partial trace over the RCs.

A new kind of state (a covariance matrix, classical configurations, …) is one new subclass of
:class:`StateSpace`; nothing else in nesslab needs to change.
"""

from nesslab.spaces.base import EigenRotation, StateSpace
from nesslab.spaces.density import DensitySpace, PopulationSpace, rotate_superoperator
from nesslab.spaces.hierarchy import HierarchySpace
from nesslab.spaces.reaction import ReactionCoordinateSpace

__all__ = [
    "DensitySpace",
    "EigenRotation",
    "HierarchySpace",
    "PopulationSpace",
    "ReactionCoordinateSpace",
    "StateSpace",
    "rotate_superoperator",
]
