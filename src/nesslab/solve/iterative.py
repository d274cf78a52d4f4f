"""Method "iterative" for any generator: GMRES on the bordered system, incomplete-LU preconditioned.

(A HEOM hierarchy has its own "iterative" method with a tier preconditioner,
:class:`nesslab.solve.hierarchy.TierGMRES`, which the registry prefers for it.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from nesslab.generators.base import Generator
from nesslab.solve.linalg import ConvergenceError, Solution, bordered_system
from nesslab.solve.method import SteadyStateMethod


@dataclass(frozen=True)
class Iterative(SteadyStateMethod):
    """GMRES with an incomplete-LU preconditioner (SuperLU ``spilu``).

    Parameters
    ----------
    rtol : float
        Relative residual ``‖b − Ax‖/‖b‖`` at which GMRES stops.
    restart : int
        GMRES restart length.
    maxiter : int
        Restart cycles allowed.
    drop_tol, fill_factor : float
        Incomplete-LU drop tolerance and fill factor.
    ordering : str
        Column ordering of the incomplete LU (SuperLU ``permc_spec``).
    """

    name = "iterative"

    rtol: float = 1e-12
    restart: int = 200
    maxiter: int = 2000
    drop_tol: float = 1e-8
    fill_factor: float = 20.0
    ordering: str = "COLAMD"

    def solve(self, generator: Generator) -> Solution:  # noqa: D102
        bordered, rhs = bordered_system(sp.csc_matrix(generator.matrix), generator.trace_row())
        bordered = sp.csc_matrix(bordered)
        try:
            ilu = spla.spilu(
                bordered,
                drop_tol=self.drop_tol,
                fill_factor=self.fill_factor,
                permc_spec=self.ordering,
            )
            preconditioner = spla.LinearOperator(bordered.shape, ilu.solve, dtype=complex)
        except RuntimeError:
            preconditioner = None
        vector, info = spla.gmres(
            bordered,
            rhs,
            M=preconditioner,
            rtol=self.rtol,
            atol=0.0,
            restart=self.restart,
            maxiter=self.maxiter,
        )
        if info != 0:
            raise ConvergenceError(
                f"GMRES did not converge (info={info}, rtol={self.rtol:g}); try method='direct'"
            )
        note = f"gmres converged to rtol {self.rtol:g}"
        return Solution(np.asarray(vector), np.nan, [note], self)
