"""Method "iterative" for generators kept as operator sums: GMRES with a Sylvester preconditioner.

A Bloch–Redfield generator of dimension N is ``L(X) = A X + X B + Σ_k c_k A_k X B_k``
(:meth:`nesslab.operator_sum.OperatorSum.split`): the commutator and the one-sided decay terms
form a Sylvester operator ``K(X) = AX + XB``, the two-sided terms (the transfers between
states) the rest. ``K`` is inverted exactly at O(N³) with the Schur forms of A and B, computed
once (Bartels–Stewart, LAPACK ``trsyl``). The steady state solves

    K⁻¹L(X) + W Tr X = W,   W = K⁻¹(1),

which is nonsingular when the steady state is unique (the range of L is the traceless matrices,
and W is not in K⁻¹ of them), and its solution has unit trace. GMRES needs the order of a
hundred iterations, each a few N×N products per bath, and no N²×N² matrix is ever formed:
at N = 200 (a spin and two RCs of 10 levels) the dense generator would take 26 GB.

GMRES stops at a relative residual ``tolerance`` of the preconditioned system; the returned
note gives ``‖L(X)‖_F / (‖L‖_F ‖X‖_F)``, the normwise backward error of the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as la
import scipy.sparse.linalg as spla

from nesslab.generators.base import Generator
from nesslab.operator_sum import OperatorSum
from nesslab.solve.linalg import ConvergenceError, Solution
from nesslab.solve.method import SteadyStateMethod
from nesslab.spaces import ReactionCoordinateSpace
from nesslab.superop import unvec, vec


@dataclass(frozen=True)
class SylvesterSolver:
    """``X ↦ K⁻¹(X)`` for ``K(X) = AX + XB``, from the Schur forms of A and B."""

    left: tuple[np.ndarray, np.ndarray]
    right: tuple[np.ndarray, np.ndarray]
    smallest: float

    @classmethod
    def of(cls, left: np.ndarray, right: np.ndarray) -> SylvesterSolver:
        """Factor ``K(X) = left·X + X·right``."""
        t_left, u_left = la.schur(left, output="complex")
        t_right, u_right = la.schur(right, output="complex")
        sums = np.diag(t_left)[:, None] + np.diag(t_right)[None, :]
        return cls((t_left, u_left), (t_right, u_right), float(np.abs(sums).min()))

    def __call__(self, matrix: np.ndarray) -> np.ndarray:
        """X with ``AX + XB = matrix``."""
        (t_left, u_left), (t_right, u_right) = self.left, self.right
        (trsyl,) = la.get_lapack_funcs(("trsyl",), (t_left,))
        rotated = u_left.conj().T @ matrix @ u_right
        solution, scale, info = trsyl(t_left, t_right, rotated)
        if info < 0:
            raise ValueError(f"trsyl: illegal argument {-info}")
        return u_left @ (solution / scale) @ u_right.conj().T


@dataclass(frozen=True)
class SylvesterGMRES(SteadyStateMethod):
    """GMRES on an operator-sum generator with the Sylvester preconditioner (module docstring).

    Supports generators on a :class:`~nesslab.spaces.ReactionCoordinateSpace` (their
    ``details["operator_sum"]``).

    Parameters
    ----------
    tolerance : float
        Relative residual of the preconditioned system at which GMRES stops (heat currents
        are small differences: at 1e-12 seed 004's lose eight digits, at 1e-14 two).
    accept : float
        Backward error below which a GMRES run that stopped short of ``tolerance`` is still
        returned (with a note); above it, ConvergenceError.
    restart : int
        GMRES restart length.
    max_restarts : int
        Restart cycles allowed.
    """

    name = "iterative"
    spaces = (ReactionCoordinateSpace,)

    tolerance: float = 1e-14
    accept: float = 1e-11
    restart: int = 200
    max_restarts: int = 20

    def solve(self, generator: Generator) -> Solution:  # noqa: D102
        operator: OperatorSum = generator.details["operator_sum"]
        dim = operator.dim
        left, right, transfers = operator.split()
        inverse = SylvesterSolver.of(left, right)
        scale = max(np.abs(left).max(), np.abs(right).max())
        if inverse.smallest <= 1e-13 * scale:
            raise ConvergenceError(
                f"the Sylvester part is singular (smallest |a_i + b_j| = {inverse.smallest:.1e}):"
                " a state without decay"
            )
        weight = inverse(np.eye(dim, dtype=complex))

        def preconditioned(x: np.ndarray) -> np.ndarray:
            matrix = unvec(x, dim)
            action = left @ matrix + matrix @ right + transfers(matrix)
            return vec(inverse(action) + weight * np.trace(matrix))

        size = dim * dim
        system = spla.LinearOperator((size, size), matvec=preconditioned, dtype=complex)
        iterations = [0]

        def counter(_: float) -> None:
            iterations[0] += 1

        vector, info = spla.gmres(
            system,
            vec(weight),
            x0=vec(weight),
            rtol=self.tolerance,
            restart=self.restart,
            maxiter=self.max_restarts,
            callback=counter,
            callback_type="pr_norm",
        )

        def action(x: np.ndarray) -> np.ndarray:
            return vec(operator(unvec(x, dim)))

        norm = operator.frobenius_norm()
        backward = np.linalg.norm(action(vector)) / (norm * np.linalg.norm(vector))
        if info != 0 and not backward <= self.accept:
            raise ConvergenceError(
                f"GMRES with the Sylvester preconditioner did not converge in {iterations[0]} "
                f"iterations (restart {self.restart}, {self.max_restarts} cycles): backward "
                f"error {backward:.1e}"
            )
        short = "" if info == 0 else f" (stopped short of tolerance {self.tolerance:g})"
        note = (
            f"gmres with the Sylvester preconditioner: {iterations[0]} iterations, backward "
            f"error {backward:.1e}{short}"
        )
        return Solution(vector, np.nan, [note], self, action=action, frobenius_norm=norm)
