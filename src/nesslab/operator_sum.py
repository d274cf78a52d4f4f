"""A superoperator kept as its terms, ``X ↦ Σ_k c_k A_k X B_k``, applied by matrix products.

:mod:`nesslab.superop` assembles terms into N²×N² matrices; an :class:`OperatorSum` never does.
Applying it to an N×N matrix costs a few N×N products per term (O(N³) instead of the O(N⁴) of
a dense superoperator), which is what lets a Bloch–Redfield generator of an augmented system
(:mod:`nesslab.generators.reaction_coordinate`) be solved at dimensions where its matrix would
not fit in memory (:mod:`nesslab.solve.sylvester`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nesslab.superop import Term


def _or_identity(matrix: np.ndarray | None, dim: int) -> np.ndarray:
    return np.eye(dim, dtype=complex) if matrix is None else matrix


@dataclass(frozen=True)
class OperatorSum:
    """``X ↦ Σ_k c_k A_k X B_k`` on N×N matrices (``None`` for an identity factor).

    Attributes
    ----------
    terms : tuple of Term
        ``(c, A, B)`` triples (:data:`nesslab.superop.Term`).
    dim : int
        N.
    """

    terms: tuple[Term, ...]
    dim: int

    @classmethod
    def of(cls, terms: Sequence[Term], dim: int) -> OperatorSum:
        """From any sequence of terms."""
        return cls(tuple(terms), int(dim))

    def __add__(self, other: OperatorSum) -> OperatorSum:
        return OperatorSum(self.terms + other.terms, self.dim)

    def __call__(self, matrix: np.ndarray) -> np.ndarray:
        """``Σ c A X B``."""
        total = np.zeros((self.dim, self.dim), dtype=complex)
        for coefficient, left, right in self.terms:
            product = matrix if left is None else left @ matrix
            total += coefficient * (product if right is None else product @ right)
        return total

    def adjoint_observable(self, operator: np.ndarray) -> np.ndarray:
        """M with ``Tr[M X] = Tr[operator · Σ c A X B]`` for every X: ``M = Σ c B·operator·A``."""
        swapped = OperatorSum(tuple((c, b, a) for c, a, b in self.terms), self.dim)
        return swapped(operator)

    def split(self) -> tuple[np.ndarray, np.ndarray, OperatorSum]:
        """``(A, B, rest)`` with ``Σ c A_k X B_k = A X + X B + rest(X)``.

        A collects the one-sided terms ``c A X``, B the terms ``c X B``, and ``rest`` the
        two-sided ones: ``X ↦ AX + XB`` is a Sylvester operator, solvable in O(N³).
        """
        left = np.zeros((self.dim, self.dim), dtype=complex)
        right = np.zeros((self.dim, self.dim), dtype=complex)
        rest = []
        for coefficient, a, b in self.terms:
            if a is not None and b is not None:
                rest.append((coefficient, a, b))
            elif b is None:
                left += coefficient * _or_identity(a, self.dim)
            else:
                right += coefficient * b
        return left, right, OperatorSum(tuple(rest), self.dim)

    def frobenius_norm(self) -> float:
        """``‖Σ c Bᵀ ⊗ A‖_F`` from the Gram matrix of the terms (never assembled)."""
        lefts = [_or_identity(a, self.dim) for _, a, _ in self.terms]
        rights = [_or_identity(b, self.dim) for _, _, b in self.terms]
        coefficients = np.array([c for c, _, _ in self.terms], dtype=complex)
        left_gram = np.array([[np.vdot(a, b) for b in lefts] for a in lefts])
        right_gram = np.array([[np.vdot(a, b) for b in rights] for a in rights])
        total = coefficients.conj() @ (left_gram * right_gram) @ coefficients
        return float(np.sqrt(max(total.real, 0.0)))
