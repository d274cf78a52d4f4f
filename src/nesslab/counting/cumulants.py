"""Cumulants of counted quantities by perturbation theory on the tilted generator.

With s = iχ, ``L(s) = L + Σ_{k≥1} s^k/k! L_k`` and ``L_k = Σ_g q_g^k ∘ J_g``
(:meth:`~nesslab.counting.fields.CountingField.moment`). The scaled cumulant generating function
θ(s) = lim log⟨e^{sQ}⟩/t is the eigenvalue of L(s) that vanishes at s = 0; its Taylor
coefficients ``θ(s) = Σ_n c_n s^n/n!`` are the cumulants per unit time (c₁ the mean current,
c₂ the zero-frequency noise, c₃ the third cumulant). Write the eigenvector ``ρ(s) = Σ_n ρ_n s^n``
with ρ₀ = π the steady state and Tr ρ_n = 0 for n ≥ 1 (normalisation Tr ρ(s) = 1). Order n of
L(s)ρ(s) = θ(s)ρ(s), traced (Tr L = 0), gives

    θ_n = Σ_{k=1}^{n} Tr[L_k ρ_{n−k}]/k!,

and the rest

    L ρ_n = Σ_{k=1}^{n} (θ_k ρ_{n−k} − L_k ρ_{n−k}/k!),

a right-hand side of zero trace: ρ_n is its traceless solution, from the bordered system (L with
one population equation replaced by the trace condition, Tr ρ_n = 0) prepared once for all
orders and baths — the Drazin inverse applied by linear solves, never formed. Two baths' jumps
are distinct, so their covariance per unit time is
``C_αβ = Tr[L₁^α ρ₁^β] + Tr[L₁^β ρ₁^α]`` (+ c₂ on the diagonal's own second moment).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from math import factorial

import numpy as np
import scipy.sparse as sp

from nesslab.counting.fields import CountingField
from nesslab.generators.base import Generator
from nesslab.solve.factorization import factorize
from nesslab.solve.hierarchy import TierGMRES, TierSolver, balance_of
from nesslab.solve.linalg import bordered_rows
from nesslab.solve.steady import Auto


@dataclass(frozen=True)
class DrazinSolver:
    """Traceless solutions of ``L x = b`` for right-hand sides of zero trace.

    L bordered with its trace row and row-equilibrated (:func:`nesslab.solve.linalg.bordered_rows`),
    factorised once (sparse or dense LU), or, for a hierarchy above ``Auto().iterative_size``
    unknowns, solved by the same ``Auto().hierarchy`` (:class:`nesslab.solve.TierGMRES`, tier
    preconditioner built once) as :func:`nesslab.steady_state` does: the sparse LU of
    a deep hierarchy fills in badly. Each GMRES solve's iterations and backward error are
    kept in ``gmres_solves`` (a run that stopped short of ``backward_error`` but within
    ``accept`` is returned, as by :func:`nesslab.steady_state`, and :meth:`notes` says so).
    """

    solve_bordered: Callable[[np.ndarray], np.ndarray]
    scale: np.ndarray
    row: int
    trace_row: np.ndarray
    gmres: TierSolver | None = None
    gmres_solves: list[tuple[int, float]] = field(default_factory=list)

    @classmethod
    def of(cls, generator: Generator, hierarchy: TierGMRES | None = None) -> DrazinSolver:
        """Prepare the solves for ``generator``'s matrix.

        ``hierarchy``: the GMRES settings for a hierarchy (default ``Auto().hierarchy``).
        """
        trace_row = np.asarray(generator.trace_row(), dtype=complex).ravel()
        matrix = generator.matrix
        matrix = sp.csr_matrix(matrix) if sp.issparse(matrix) else np.asarray(matrix)
        bordered, scale, row = bordered_rows(matrix, trace_row)
        space, auto = generator.space, Auto()
        if (
            auto.hierarchy.supports(space)
            and space.tiers[-1] > 0
            and generator.size > auto.iterative_size
        ):
            settings = auto.hierarchy if hierarchy is None else hierarchy
            tier = settings.prepare(bordered, space.tiers, space.block, balance_of(generator))
            solves: list[tuple[int, float]] = []

            def solve_recorded(rhs: np.ndarray) -> np.ndarray:
                vector, iterations, backward = tier.solve(rhs)
                solves.append((iterations, backward))
                return vector

            return cls(solve_recorded, scale, row, trace_row, tier, solves)
        if sp.issparse(bordered):
            bordered = sp.csc_matrix(bordered)
        return cls(factorize(bordered, space.lu_ordering).solve, scale, row, trace_row)

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        """The solution x of ``L x = rhs`` with ``Tr x = 0`` (rhs must have zero trace)."""
        rhs = np.array(rhs, dtype=complex)
        rhs[self.row] = 0.0
        return self.solve_bordered(rhs * self.scale)

    def trace(self, vector: np.ndarray) -> complex:
        """Tr of a state vector."""
        return complex(self.trace_row @ vector)

    def notes(self) -> list[str]:
        """What the GMRES solves so far reached (none for an LU)."""
        if self.gmres is None or not self.gmres_solves:
            return []
        target = self.gmres.settings.backward_error
        worst = max(backward for _, backward in self.gmres_solves)
        iterations = max(count for count, _ in self.gmres_solves)
        note = (
            f"{len(self.gmres_solves)} gmres solves with the tier preconditioner (exact LU to "
            f"tier {self.gmres.low_depth}): up to {iterations} iterations, largest backward "
            f"error {worst:.1e}"
        )
        return [note + (f" (stopped short of {target:g})" if worst > target else "")]


@dataclass(frozen=True)
class Expansion:
    """Cumulants c_n (n = 1 … order) of one field and its first-order eigenvector ρ₁."""

    cumulants: np.ndarray
    first_order: np.ndarray


def expand(
    field: CountingField, solver: DrazinSolver, stationary: np.ndarray, order: int
) -> Expansion:
    """The recursion of the module docstring up to ``order``."""
    moments = [field.moment(k) for k in range(1, order + 1)]
    vectors = [np.asarray(stationary, dtype=complex)]
    theta = [0.0]
    for n in range(1, order + 1):
        applied = [moments[k - 1] @ vectors[n - k] / factorial(k) for k in range(1, n + 1)]
        theta.append(sum(solver.trace(term) for term in applied))
        if n == order:
            break
        rhs = sum(theta[k] * vectors[n - k] - applied[k - 1] for k in range(1, n + 1))
        vectors.append(solver.solve(rhs))
    cumulants = np.array([factorial(n) * theta[n] for n in range(1, order + 1)])
    first = vectors[1] if order > 1 else solver.solve(theta[1] * vectors[0] - applied[0])
    return Expansion(cumulants, first)


def covariance(
    fields: Sequence[CountingField],
    expansions: Sequence[Expansion],
    solver: DrazinSolver,
) -> np.ndarray:
    """``C_αβ`` per unit time between the fields (module docstring); c₂ on the diagonal."""
    size = len(fields)
    result = np.zeros((size, size), dtype=complex)
    firsts = [field.moment(1) for field in fields]
    for a in range(size):
        result[a, a] = expansions[a].cumulants[1]
        for b in range(a + 1, size):
            value = solver.trace(firsts[a] @ expansions[b].first_order) + solver.trace(
                firsts[b] @ expansions[a].first_order
            )
            result[a, b] = result[b, a] = value
    return result
