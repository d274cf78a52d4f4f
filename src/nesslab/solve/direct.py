"""Exact steady-state methods: "direct" (bordered LU) and "eigen" (dense SVD null vector)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from nesslab.generators.base import Generator
from nesslab.solve.layout import sector_system
from nesslab.solve.linalg import (
    NULL_TOL,
    NonUniqueSteadyStateError,
    Solution,
    null_vector,
    permuted_null_vector,
)
from nesslab.solve.method import SteadyStateMethod
from nesslab.solve.sector import restrict, symmetric_sector

DEFAULT_ORDERING = "RCM"


@dataclass(frozen=True)
class Direct(SteadyStateMethod):
    """Sparse or dense LU of the generator bordered with the trace condition.

    The bordered system is row-equilibrated and solved with iterative refinement
    (:func:`nesslab.solve.linalg.null_vector`); a weak symmetry of the system that the
    environment respects restricts the solve to the symmetric sector. With the default
    ordering a sparse system's structure (sector, bordering, equilibration, RCM permutation) is
    built once per sparsity pattern and reused (:mod:`nesslab.solve.layout`).

    Parameters
    ----------
    ordering : str, optional
        Sparse LU ordering (:func:`nesslab.solve.factorization.factorize`); None: the space's own
        (``lu_ordering``: reverse Cuthill–McKee for density matrices, MMD_AT_PLUS_A for HEOM
        hierarchies, whose pattern is nearly symmetric).
    refine : int
        Steps of iterative refinement.
    symmetry : bool
        Solve in the symmetric sector when the generator has a weak symmetry.
    """

    name = "direct"

    ordering: str | None = None
    refine: int = 2
    symmetry: bool = True

    def solve(self, generator: Generator) -> Solution:  # noqa: D102
        ordering = self.ordering or generator.space.lu_ordering
        notes = [] if ordering == DEFAULT_ORDERING else [f"sparse LU with {ordering} ordering"]
        mask = symmetric_sector(generator) if self.symmetry else None
        if mask is not None:
            notes.append(
                f"solved in the {generator.system.symmetry!r}-symmetric sector ({int(mask.sum())} "
                f"of {mask.size} components); uniqueness checked within it"
            )
        kept = np.arange(generator.size) if mask is None else np.flatnonzero(mask)
        trace_row = generator.trace_row()[kept]
        matrix = generator.matrix
        if sp.issparse(matrix) and ordering == DEFAULT_ORDERING:
            matrix = sp.csr_matrix(matrix)
            matrix.sort_indices()
            system, rhs, order = sector_system(matrix, kept, trace_row)
            solved = permuted_null_vector(system, rhs, order, self.refine)
            if solved is not None:
                return Solution(_embed(solved[0], kept, generator.size), solved[1], notes, self)
        block = matrix if mask is None else restrict(matrix, mask)
        vector, condition = null_vector(block, trace_row, self.refine, ordering)
        return Solution(_embed(vector, kept, generator.size), condition, notes, self)


def _embed(vector: np.ndarray, kept: np.ndarray, size: int) -> np.ndarray:
    """The sector's solution as a whole state vector (zero outside the sector)."""
    if kept.size == size:
        return vector
    whole = np.zeros(size, dtype=complex)
    whole[kept] = vector
    return whole


@dataclass(frozen=True)
class Eigen(SteadyStateMethod):
    """The null vector of the dense generator by singular value decomposition.

    Parameters
    ----------
    max_size : int
        Largest state vector accepted (the SVD is dense: O(size³) work).
    """

    name = "eigen"

    max_size: int = 4096

    def solve(self, generator: Generator) -> Solution:  # noqa: D102
        if generator.size > self.max_size:
            raise ValueError(
                f"method 'eigen' is dense; use 'direct' or 'iterative' above size "
                f"{self.max_size} (this generator has {generator.size} unknowns)"
            )
        matrix = generator.matrix
        matrix = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
        _, singular, right = np.linalg.svd(matrix)
        dimension = int(np.sum(singular <= NULL_TOL * singular[0]))
        if dimension > 1:
            raise NonUniqueSteadyStateError(
                f"the steady state is not unique: null space of dimension {dimension}"
            )
        vector = right[-1].conj()
        vector = vector / (generator.trace_row() @ vector)
        condition = singular[0] / singular[-2] if singular.size > 1 else 1.0
        return Solution(vector, float(condition), [], self)
