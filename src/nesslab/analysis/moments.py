"""Equations of motion of a set of operators, ``d⟨v⟩/dt = M ⟨v⟩ + G``, from any generator.

The Heisenberg-picture (adjoint) generator L† acts on an observable A as the row of A times the
generator: ``d⟨A⟩/dt = Tr[A · L(ρ)] = (r_A L) x`` with ``r_A = generator.observable_row(A)``
(the same construction as the heat rows ``Tr[H · D_α(·)]`` of :class:`nesslab.Generator`). For
each operator v_k the row ``r_{v_k} L`` is expanded by least squares in the rows of
``{v_1, …, v_K, 1}``: the coefficients on v_l are ``M[k, l]``, the one on the identity is
``G[k]`` (⟨1⟩ = 1). What the expansion leaves over is the part of ``L†(v_k)`` outside the span;
its norm relative to ``‖r_{v_k} L‖`` (or to ``√ε ‖r_{v_k}‖ ‖L‖_F`` when ``L†(v_k)`` is smaller,
e.g. for a conserved operator) is the *closure residual*: ~1e-16 when the set closes, O(1) when
it does not. Rows are taken in the generator's own space (site or energy eigenbasis;
the basis change is unitary, so the residual does not depend on it), so every density-matrix
approach ("local", "global", "redfield", "partial_secular", …) is handled alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nesslab.generators.base import Generator
from nesslab.system import resolve_operator

RANK_TOL = 1e-10
"""Smallest singular value, relative to the largest, of the rows of ``{v_k, 1}`` accepted as
linearly independent."""


class MomentClosureError(ValueError):
    """The operator set does not close under L† to within the requested residual."""


@dataclass(frozen=True)
class MomentEquations:
    """``d⟨v⟩/dt = M ⟨v⟩ + G`` for operators ``v_1 … v_K`` under one generator.

    Attributes
    ----------
    matrix : ndarray, shape (K, K), complex
        M: ``L†(v_k) = Σ_l M[k, l] v_l + G[k] 1`` (+ the part outside the span), in the
        generator's time unit (inverse energy units; ħ = 1).
    inhomogeneity : ndarray, shape (K,), complex
        G, the coefficient of the identity in ``L†(v_k)``.
    residuals : ndarray, shape (K,)
        Closure residual of each operator: ``‖outside part of L†(v_k)‖ / ‖L†(v_k)‖``.
    names : tuple of str
        Names of the operators (system operator names, or ``"v0"``, ``"v1"``, …).
    approach : str
        The generator's approach.
    """

    matrix: np.ndarray
    inhomogeneity: np.ndarray
    residuals: np.ndarray
    names: tuple[str, ...]
    approach: str

    @property
    def residual(self) -> float:
        """The largest closure residual of the set (0 for an exactly closed set)."""
        return float(self.residuals.max())

    def eigenvalues(self) -> np.ndarray:
        """Eigenvalues of M (rates; relaxation when the real part is negative)."""
        return np.linalg.eigvals(self.matrix)

    def stationary(self) -> np.ndarray:
        """The stationary expectation values ``⟨v⟩ = −M⁻¹ G``.

        Raises
        ------
        np.linalg.LinAlgError
            If M is singular to working precision (no unique stationary point of the set).
        """
        condition = np.linalg.cond(self.matrix)
        if not condition < 1 / np.finfo(float).eps:
            raise np.linalg.LinAlgError(
                f"the moment matrix M of {', '.join(self.names)} is singular (condition number "
                f"{condition:.3g}): the equations fix no unique stationary point"
            )
        return np.linalg.solve(self.matrix, -self.inhomogeneity)


def _names(operators: Sequence[Any], names: Sequence[str] | None) -> tuple[str, ...]:
    if names is None:
        return tuple(op if isinstance(op, str) else f"v{k}" for k, op in enumerate(operators))
    names = tuple(str(name) for name in names)
    if len(names) != len(operators):
        raise ValueError(f"names must name each of the {len(operators)} operators, got {names}")
    return names


def _operator_rows(generator: Generator, operators: Sequence[Any]) -> np.ndarray:
    """Rows of the operators and of the identity (last), checked linearly independent."""
    matrices = [
        resolve_operator(generator.system, op, f"operators[{k}]") for k, op in enumerate(operators)
    ]
    rows = np.array([generator.observable_row(m) for m in matrices] + [generator.trace_row()])
    singular = np.linalg.svd(rows, compute_uv=False)
    rank = int(np.sum(singular > RANK_TOL * singular[0]))
    if rank < rows.shape[0]:
        raise ValueError(
            f"the operators and the identity are linearly dependent on "
            f"{generator.space.describe()} (rank {rank} of {rows.shape[0]}): drop the dependent "
            "ones (the identity is always included)"
        )
    return rows


def moment_equations(
    generator: Generator,
    operators: Sequence[Any],
    *,
    names: Sequence[str] | None = None,
    max_residual: float | None = None,
) -> MomentEquations:
    """The matrix M and inhomogeneity G of ``d⟨v⟩/dt = M⟨v⟩ + G`` for ``operators`` v_k.

    Parameters
    ----------
    generator : Generator
        Any generator on ρ alone (a density-matrix or population space), e.g.
        ``nesslab.generator(system, environment, "global")``.
    operators : sequence of ndarray or str
        The operators v_k (site basis, N×N, not necessarily Hermitian) or names of system
        operators; the identity is added to the span automatically and must not be one of them.
    names : sequence of str, optional
        Labels of the operators (default: the names given, else ``"v0"``, ``"v1"``, …).
    max_residual : float, optional
        Raise :class:`MomentClosureError` when the closure residual of any operator exceeds
        it (e.g. ``1e-10`` to require an exactly closed set); None reports it only.

    Returns
    -------
    MomentEquations
        M, G and the closure residual of each operator.

    Raises
    ------
    ValueError
        For a generator on a space with auxiliary components (a HEOM hierarchy, whose
        ⟨v⟩ depend on more than ρ), an empty operator list, or operators that are linearly
        dependent together with the identity.
    MomentClosureError
        If ``max_residual`` is given and exceeded (the message names the operator and its
        residual).
    """
    if generator.space.auxiliary:
        raise ValueError(
            f"moment equations need a generator on ρ alone; {generator.space.describe()} "
            "carries auxiliary components, on which d⟨v⟩/dt also depends"
        )
    operators = list(operators)
    if not operators:
        raise ValueError("operators must name at least one operator")
    labels = _names(operators, names)
    rows = _operator_rows(generator, operators)
    count = len(operators)
    adjoint = np.asarray(generator.matrix.T @ rows[:count].T)  # column k: (r_{v_k} L)ᵀ
    coefficients, *_ = np.linalg.lstsq(rows.T, adjoint, rcond=None)
    outside = np.linalg.norm(adjoint - rows.T @ coefficients, axis=0)
    natural = np.linalg.norm(rows[:count], axis=1) * generator.frobenius_norm
    scale = np.maximum(np.linalg.norm(adjoint, axis=0), np.sqrt(np.finfo(float).eps) * natural)
    residuals = outside / np.where(scale > 0, scale, 1.0)
    equations = MomentEquations(
        matrix=coefficients[:count].T.copy(),
        inhomogeneity=coefficients[count].copy(),
        residuals=residuals,
        names=labels,
        approach=generator.approach,
    )
    if max_residual is not None and equations.residual > max_residual:
        worst = int(np.argmax(residuals))
        raise MomentClosureError(
            f"the operators {', '.join(labels)} do not close under the adjoint "
            f"{generator.approach} generator: closure residual {equations.residual:.3g} of "
            f"{labels[worst]!r} > max_residual = {max_residual:g}; add the operators that "
            f"L†({labels[worst]}) reaches, or pass max_residual=None to accept the projection"
        )
    return equations
