"""The adjoint (Heisenberg) Lindbladian on polynomials and its matrix on a monomial basis.

``L†(O) = i[H, O] + Σ_c rate (c† O c − ½{c†c, O})``. For a quadratic H and linear jumps L† maps
polynomials of degree ≤ k into themselves, so ``O(τ) = e^{L†τ} O`` lives in the finite span of
the monomials reached from O (:func:`closed_basis`), where L† is a matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nesslab.gaussian.model import QuadraticModel
from nesslab.gaussian.polynomial import Key, Polynomial, anticommutator, commutator


def adjoint_dissipator(jump: Polynomial, operator: Polynomial) -> Polynomial:
    """``D†[c](O) = c† O c − ½{c†c, O}`` (rate not included)."""
    dag = jump.adjoint()
    return dag * operator * jump - 0.5 * anticommutator(dag * jump, operator)


def adjoint_dissipator_first_order(
    jump: Polynomial, change: Polynomial, operator: Polynomial
) -> Polynomial:
    """d/dδ of ``D†[c + δc₁](O)`` at δ = 0: ``c†Oc₁ + c₁†Oc − ½{c†c₁ + c₁†c, O}``."""
    dag, change_dag = jump.adjoint(), change.adjoint()
    return (
        dag * operator * change
        + change_dag * operator * jump
        - 0.5 * anticommutator(dag * change + change_dag * jump, operator)
    )


def adjoint_lindbladian(
    model: QuadraticModel, operator: Polynomial, baths: Sequence[str] | None = None
) -> Polynomial:
    """``L†(O)`` of ``model`` (or only the dissipators of ``baths`` if given, without H).

    Parameters
    ----------
    model : QuadraticModel
        The model.
    operator : Polynomial
        O, on ``model.n_modes`` modes.
    baths : sequence of str, optional
        If given, return ``Σ_{α ∈ baths} D_α†(O)`` only (no Hamiltonian part).
    """
    if operator.n_modes != model.n_modes:
        raise ValueError(
            f"operator has {operator.n_modes} modes, the model has {model.n_modes}; build it "
            "with n_modes = model.n_modes"
        )
    result = Polynomial(model.n_modes, {})
    if baths is None:
        result = 1j * commutator(model.hamiltonian(), operator)
    for jump in model.jumps:
        if baths is None or jump.bath in baths:
            result = result + jump.rate * adjoint_dissipator(jump.operator, operator)
    return result


@dataclass(frozen=True)
class MonomialBasis:
    """A finite set of monomials closed under a linear map, with the map's matrix.

    Attributes
    ----------
    keys : tuple of Key
        The monomials ``(p, q)``; a polynomial in their span is the vector of its coefficients.
    matrix : ndarray
        ``G`` with ``map(m_j) = Σ_i G_ij m_i``; coefficients evolve as ``dc/dτ = G c``.
    n_modes : int
        Number of modes.
    """

    keys: tuple[Key, ...]
    matrix: np.ndarray
    n_modes: int

    def vector(self, polynomial: Polynomial) -> np.ndarray:
        """Coefficients of ``polynomial`` in this basis (ValueError if it is not in the span)."""
        index = {key: i for i, key in enumerate(self.keys)}
        out = np.zeros(len(self.keys), dtype=complex)
        for key, c in polynomial.terms.items():
            if key not in index:
                raise ValueError(f"monomial {key} is outside the basis; extend the seeds")
            out[index[key]] = c
        return out

    def polynomial(self, vector: np.ndarray) -> Polynomial:
        """The polynomial with coefficients ``vector``."""
        values = np.asarray(vector, dtype=complex)
        return Polynomial(self.n_modes, dict(zip(self.keys, values, strict=True)))

    def monomials(self) -> list[Polynomial]:
        """The basis elements as Polynomials."""
        return [Polynomial(self.n_modes, {key: 1.0}) for key in self.keys]


def closed_basis(
    linear_map: Callable[[Polynomial], Polynomial],
    seeds: Sequence[Polynomial],
    max_size: int = 2000,
    atol: float = 0.0,
) -> MonomialBasis:
    """Smallest monomial set containing the seeds' monomials and closed under ``linear_map``.

    Parameters
    ----------
    linear_map : callable
        A linear map on polynomials (e.g. ``lambda O: adjoint_lindbladian(model, O)``).
    seeds : sequence of Polynomial
        Polynomials whose monomials start the basis; the constant 1 is always included.
    max_size : int
        Refuse (ValueError) beyond this many monomials: the map does not preserve the degree.
    atol : float
        Image coefficients with modulus ≤ atol are ignored.
    """
    if not seeds:
        raise ValueError("seeds must contain at least one Polynomial")
    n_modes = seeds[0].n_modes
    zero = (0,) * n_modes
    keys: list[Key] = [(zero, zero)]
    for seed in seeds:
        keys += [k for k in seed.terms if k not in keys]
    index = {key: i for i, key in enumerate(keys)}
    images: list[dict[Key, complex]] = []
    position = 0
    while position < len(keys):
        image = linear_map(Polynomial(n_modes, {keys[position]: 1.0}))
        terms = {k: c for k, c in image.terms.items() if abs(c) > atol}
        for key in terms:
            if key not in index:
                index[key] = len(keys)
                keys.append(key)
        if len(keys) > max_size:
            raise ValueError(
                f"the monomial basis exceeds max_size = {max_size}: the map does not preserve "
                "the polynomial degree (is the Hamiltonian quadratic and are the jumps linear?)"
            )
        images.append(terms)
        position += 1
    matrix = np.zeros((len(keys), len(keys)), dtype=complex)
    for j, terms in enumerate(images):
        for key, c in terms.items():
            matrix[index[key], j] = c
    return MonomialBasis(tuple(keys), matrix, n_modes)


def heisenberg_basis(model: QuadraticModel, operators: Sequence[Polynomial]) -> MonomialBasis:
    """:func:`closed_basis` of the model's L† seeded with ``operators``."""
    return closed_basis(lambda o: adjoint_lindbladian(model, o), list(operators))
