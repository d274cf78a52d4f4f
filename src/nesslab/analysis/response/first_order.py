"""The first-order generator L₁ of a perturbation H₀ → H₀ + δV (seed 001 Eqs. 16–20).

``L(δ) = L₀ + δL₁ + O(δ²)`` with ``L₁ = −i[V, ·] + Σ_α D₁^α``. For the secular (Davies)
generator of "global", D₁^α is the change of bath α's dissipator when its jump operators
``S_α(ω) = Σ_{E_m − E_n = ω} P_n S_α P_m`` follow the rotated spectral projectors
``P_k(δ) = U Π_k U†`` (``U = e^{δW}``, :mod:`.perturbation`) at *fixed* Bohr frequencies and
rates. Writing D₀[X] for the unperturbed secular dissipator with coupling X,

    D^α(δ) ρ = U D₀[U† S_α U](U† ρ U) U† ,

and since ``U† S U = S + δ[S, W] + O(δ²)`` and D₀[X] is quadratic in X,

    D₁^α = [𝒲, D₀^α] + ½ (D₀[S + T] − D₀[S − T]),   𝒲 = [W, ·],   T = [S, W]

(the polarisation identity makes the cross term exact, not a finite difference). This is
Eq. 17's ``S⁽⁰⁾ρS⁽¹⁾† + S⁽¹⁾ρS⁽⁰⁾† − ½{…}`` with ``S⁽¹⁾(ω) = [W, S(ω)] + ([S, W])_ω``, assembled
with the same secular filter as the unperturbed generator.

The local approach (fixed jump operators) has ``D₁ = 0``: its L₁ is the commutator alone, for
any V. Registry :data:`FIRST_ORDER`; for the derivative of any approach with respect to any
parameter use :func:`nesslab.analysis.response.steady_state_gradient`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.analysis.response.perturbation import DEGENERACY_TOL, Perturbation, perturbation
from nesslab.environment.baths import Bath
from nesslab.generators.base import Generator
from nesslab.generators.couplings import as_list, bath_couplings, emission_matrix
from nesslab.generators.local import local
from nesslab.generators.redfield import degeneracy_tolerance, global_, redfield_terms
from nesslab.registry import lookup
from nesslab.superop import assemble, assemble_on_pairs, commutator_terms, frequency_pairs
from nesslab.system import System


class ShiftedBohrFrequencyError(ValueError):
    """δV moves a driven Bohr frequency at first order: the linear response does not exist."""


@dataclass(frozen=True)
class FirstOrder:
    """The unperturbed generator and the first-order parts of ``L(δ)``.

    Attributes
    ----------
    generator : Generator
        L₀ (the "global" generator of H₀, in its eigenbasis space).
    perturbation : Perturbation
        V, its shifts and rotation W.
    kubo : sparse matrix
        ``−i[V, ·]`` on the generator's space.
    dissipators : mapping of str to sparse matrix
        D₁^α of each bath, on the same space.
    """

    generator: Generator = field(repr=False)
    perturbation: Perturbation
    kubo: Any = field(repr=False)
    dissipators: Mapping[str, Any] = field(repr=False)

    @property
    def matrix(self) -> sp.csr_matrix:
        """``L₁ = kubo + Σ_α D₁^α``."""
        total = self.kubo
        for part in self.dissipators.values():
            total = total + part
        return sp.csr_matrix(total)


def _driven_pattern(system: System, coupling: np.ndarray, tolerance: float) -> np.ndarray:
    """Ones where ``E_a − E_b`` is a Bohr frequency that ``coupling`` drives (within tolerance).

    The cross term pairs components of ``T = [S, W]`` with components of S at the same
    frequency; T's components at other frequencies enter only at O(δ²), where the rate may not
    even exist (pure dephasing at ω = 0 for a flat J).
    """
    energies = system.eigen[0]
    differences = energies[:, None] - energies[None, :]
    magnitude = np.abs(coupling)
    driven = np.unique(differences[magnitude > 1e-14 * max(float(magnitude.max()), 1e-300)])
    position = np.clip(np.searchsorted(driven, differences), 1, max(driven.size - 1, 1))
    nearest = np.minimum(
        np.abs(differences - driven[position - 1]),
        np.abs(differences - driven[np.minimum(position, driven.size - 1)]),
    )
    return (nearest <= tolerance).astype(float)


def _secular_dissipator(coupling: np.ndarray, emission: np.ndarray, dim: int, pairs: tuple):
    return assemble_on_pairs(redfield_terms(coupling, emission), dim, *pairs)


def global_first_order(
    system: System,
    environment: Any,
    operator: Any,
    *,
    degeneracy_tol: float = DEGENERACY_TOL,
    max_memory_mb: float | None = None,
) -> FirstOrder:
    """L₀ and L₁ of the global (Davies) approach for the perturbation ``operator``.

    Raises
    ------
    ShiftedBohrFrequencyError
        When δV moves a Bohr frequency that a bath drives (``ν⁽¹⁾ ≠ 0``): the secular generator
        is then not differentiable in δ. The message names the two treatments that apply
        (:func:`nesslab.analysis.response.perturbed_heat_currents`).
    """
    baths = as_list(environment, Bath, "global")
    generator = global_(system, baths, degeneracy_tol=degeneracy_tol, max_memory_mb=max_memory_mb)
    shift = perturbation(system, operator, degeneracy_tol=degeneracy_tol)
    couplings = bath_couplings(system, baths)
    driven = [coupling for coupling, _ in couplings.values()]
    if shift.shifts_bohr_frequencies(driven):
        moved = shift.transition_shift(driven)
        raise ShiftedBohrFrequencyError(
            f"the perturbation moves a driven Bohr frequency at first order (|ν⁽¹⁾| up to "
            f"{moved:.4g} per unit δ): the secular generator has no linear response. Use "
            "perturbed_heat_currents(..., treatment='local') when δ·ν⁽¹⁾ is small against the "
            "relaxation rates, or treatment='davies' (the generator of H₀ + δV rebuilt) when "
            "it is large; response_regime(...) says which"
        )
    dim = system.dim
    frequencies = generator.frequencies
    tolerance = degeneracy_tolerance(system, degeneracy_tol)
    pairs = frequency_pairs(frequencies, tolerance)
    rotation = shift.rotation
    rotate = assemble([(1.0, rotation, None), (-1.0, None, rotation)], dim)
    dissipators = {}
    for name, (coupling, bath) in couplings.items():
        change = coupling @ rotation - rotation @ coupling
        emission = emission_matrix(system, bath, _driven_pattern(system, coupling, tolerance))
        unperturbed = sp.csr_matrix(generator.parts[name])
        cross = _secular_dissipator(coupling + change, emission, dim, pairs)
        cross = (cross - _secular_dissipator(coupling - change, emission, dim, pairs)) / 2
        dissipators[name] = sp.csr_matrix(rotate @ unperturbed - unperturbed @ rotate + cross)
    kubo = assemble(commutator_terms(shift.eigen_operator), dim)
    return FirstOrder(generator, shift, sp.csr_matrix(kubo), dissipators)


def local_first_order(
    system: System, environment: Any, operator: Any, **options: Any
) -> FirstOrder:
    """L₀ and L₁ of the local approach: its jump operators do not depend on H, so D₁ = 0.

    The Lindbladian is differentiable in δ whatever V does to the Bohr frequencies.
    ``options`` go to :func:`nesslab.generators.local.local` (``basis``, ``max_memory_mb``).
    """
    generator = local(system, environment, **options)
    shift = perturbation(system, operator)
    kubo = sp.csr_matrix(assemble(commutator_terms(generator.in_basis(shift.operator)), system.dim))
    zero = sp.csr_matrix(kubo.shape, dtype=complex)
    return FirstOrder(generator, shift, kubo, dict.fromkeys(generator.parts, zero))


FIRST_ORDER: dict[str, Callable[..., FirstOrder]] = {
    "global": global_first_order,
    "local": local_first_order,
}
"""Approaches with a first-order generator L₁ (module docstring)."""


def first_order(
    system: System, environment: Any, operator: Any, approach: str = "global", **options: Any
) -> FirstOrder:
    """L₀ and L₁ of ``approach`` for H₀ → H₀ + δ·``operator`` (module docstring).

    Parameters
    ----------
    system : System
        H₀.
    environment : Bath or list of Bath
        The baths.
    operator : ndarray or str
        Hermitian V (site basis, energy units), or a system operator's name.
    approach : str
        A key of :data:`FIRST_ORDER` ("global", "local").
    **options
        Passed on (``degeneracy_tol``, ``max_memory_mb``).

    Raises
    ------
    ValueError
        For an approach without a first-order generator (the message names the generic
        gradient instead), a non-Hermitian V or one of the wrong dimension.
    ShiftedBohrFrequencyError
        When V shifts driven Bohr frequencies at first order.
    """
    if approach not in FIRST_ORDER and isinstance(approach, str):
        raise ValueError(
            f"approach {approach!r} has no first-order dissipator D₁ (the response theory of "
            f"seed 001 is defined for {sorted(FIRST_ORDER)}); for the derivative of its steady "
            "state with respect to a parameter use steady_state_gradient"
        )
    build = lookup(FIRST_ORDER, approach, "approach")
    return build(system, environment, operator, **options)
