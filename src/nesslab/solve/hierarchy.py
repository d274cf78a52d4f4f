"""Method "iterative" for HEOM hierarchies: GMRES with a tier preconditioner.

The tier preconditioner: exact LU below a tier, block sweeps above it.

The HEOM right-hand side couples tier t only to tiers t − 1 and t + 1, and within a tier only
each ADO to itself (one N²×N² block: −i[H_S, ·] minus its damping Σ_j n_j ν_j). Ordered by tier
the bordered steady-state system is block tridiagonal,

    D_t x_t + U_t x_{t+1} + L_t x_{t−1} = r_t,

and its lowest tiers carry the strong, dense coupling while the many ADOs of the top tiers are
damped by their large Σ_j n_j ν_j. The preconditioner solves the tiers ``≤ low_depth`` exactly
(sparse LU of the hierarchy truncated there, which is itself a small HEOM) and the tiers above
by one backward block Gauss–Seidel sweep from the top tier down,

    x_d = D_d⁻¹ r_d,   x_t = D_t⁻¹ (r_t − U_t x_{t+1}),   x_low = LU⁻¹ (r_low − U x_{low+1}),

i.e. it keeps every coupling towards deeper tiers and drops the couplings back down. GMRES
supplies what the sweep leaves out; at strong coupling, where the full sparse LU of a deep
hierarchy fills in badly, this is the fast route (``benchmarks/bench_heom.py --strong``).

GMRES runs on the balanced system ``S⁻¹ A S y = S⁻¹ b``, ``x = S y``, with every ADO scaled by
its natural size (:meth:`nesslab.generators.heom.assembly.Hierarchy.balance`): the unscaled
ADOs grow by orders of magnitude up the tiers at strong coupling, and GMRES, which minimises
the 2-norm of the residual, then spends its iterations on the large deep-tier components.
Balanced, the same preconditioner needs several times fewer iterations at strong coupling and
can leave more tiers to the sweep (``benchmarks/bench_heom.py --strong``). It stops at a normwise
backward error ``|b̃ − Ãy|₂ / (|Ã|∞ |ỹ₀|₂)`` of the balanced system, with ỹ₀ the
preconditioned right-hand side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from nesslab.generators.base import Generator
from nesslab.solve.direct import Direct
from nesslab.solve.linalg import ConvergenceError, Solution, bordered_system
from nesslab.solve.method import SteadyStateMethod
from nesslab.spaces import HierarchySpace

LOW_ORDERING = "MMD_AT_PLUS_A"


@dataclass(frozen=True)
class TierGMRES(SteadyStateMethod):
    """GMRES on a hierarchy with the tier preconditioner (module docstring).

    Parameters
    ----------
    low_ados : int
        The preconditioner factorises exactly the tiers up to the deepest one with at most this
        many ADOs (counted from tier 0) …
    max_sweep_tiers : int
        … or, if that leaves more tiers than this to the block sweep, the tiers up to
        ``depth − max_sweep_tiers`` (GMRES needs more iterations behind more swept tiers, and
        stagnates behind too many), …
    max_low_unknowns : int
        … as long as the exactly factorised tiers hold at most this many unknowns (the
        low-tier LU fills in fast: 12k unknowns 6 s, 26k unknowns 64 s for that case).
    restart : int
        GMRES restart length.
    max_restarts : int
        Restart cycles allowed.
    backward_error : float
        Normwise backward error at which GMRES stops.
    accept : float
        Backward error below which a GMRES run that used all its restarts short of
        ``backward_error`` is still returned (its note says so); above it, ConvergenceError.
        At strong coupling GMRES can stall just above ``backward_error``, where the current
        is already accurate far beyond the depth convergence.
    direct : Direct
        Used for a hierarchy of depth 0 (nothing to precondition).
    """

    name = "iterative"
    spaces = (HierarchySpace,)

    low_ados: int = 1500
    max_sweep_tiers: int = 6
    max_low_unknowns: int = 30_000
    restart: int = 200
    max_restarts: int = 15
    backward_error: float = 1e-11
    accept: float = 1e-9
    direct: Direct = field(default_factory=Direct)

    def solve(self, generator: Generator) -> Solution:  # noqa: D102
        space = generator.space
        if space.tiers[-1] == 0:
            return self.direct.solve(generator)
        bordered, rhs = bordered_system(sp.csc_matrix(generator.matrix), generator.trace_row())
        solver = self.prepare(bordered, space.tiers, space.block, balance_of(generator))
        vector, iterations, backward = solver.solve(rhs)
        short = backward > self.backward_error
        note = (
            f"gmres with the tier preconditioner (exact LU to tier {solver.low_depth}): "
            f"{iterations} iterations, backward error {backward:.1e}"
            + (f" (stopped short of {self.backward_error:g})" if short else "")
        )
        return Solution(vector, np.nan, [note], self)

    def prepare(
        self,
        bordered: sp.spmatrix,
        tiers: np.ndarray,
        block: int,
        balance: np.ndarray | None = None,
    ) -> TierSolver:
        """The preconditioned GMRES of a bordered hierarchy, for any number of right-hand sides.

        ``balance``: the scale of every unknown (:func:`balance_of`), or None to solve the
        system as it is.
        """
        bordered = sp.csr_matrix(bordered)
        if balance is not None:
            balance = np.asarray(balance, dtype=float)
            bordered = sp.csr_matrix(sp.diags(1 / balance) @ bordered @ sp.diags(balance))
        counts = np.cumsum(np.bincount(tiers))
        depth = len(counts) - 1
        by_count = int(np.searchsorted(counts, self.low_ados, side="right")) - 1
        affordable = int(np.searchsorted(counts * block, self.max_low_unknowns, side="right")) - 1
        wanted = max(by_count, min(depth - self.max_sweep_tiers, affordable))
        low_depth = max(0, min(wanted, depth - 1))
        preconditioner = tier_preconditioner(bordered, tiers, block, low_depth)
        return TierSolver(bordered, preconditioner, low_depth, self, balance)


@dataclass(frozen=True)
class TierSolver:
    """GMRES with a built tier preconditioner on one bordered hierarchy (:class:`TierGMRES`)."""

    bordered: sp.csr_matrix
    preconditioner: spla.LinearOperator
    low_depth: int
    settings: TierGMRES
    balance: np.ndarray | None = None

    def solve(self, rhs: np.ndarray) -> tuple[np.ndarray, int, float]:
        """The solution, the GMRES iterations and the normwise backward error reached.

        ``rhs`` and the solution are those of the system as given to
        :meth:`TierGMRES.prepare`; the backward error is that of the balanced system.

        Raises
        ------
        ConvergenceError
            If GMRES stops, out of restarts, above the settings' ``accept``.
        """
        if self.balance is not None:
            rhs = rhs / self.balance
        estimate = self.preconditioner @ rhs
        scale = spla.norm(self.bordered, np.inf) * np.linalg.norm(estimate)
        iterations = [0]

        def count(_: float) -> None:
            iterations[0] += 1

        vector, info = spla.gmres(
            self.bordered,
            rhs,
            x0=estimate,
            M=self.preconditioner,
            rtol=0.0,
            atol=self.settings.backward_error * scale,
            restart=self.settings.restart,
            maxiter=self.settings.max_restarts,
            callback=count,
            callback_type="pr_norm",
        )
        backward = np.linalg.norm(rhs - self.bordered @ vector) / scale
        if info != 0 and not backward <= self.settings.accept:
            raise ConvergenceError(
                f"GMRES with the tier preconditioner did not converge in {iterations[0]} "
                f"iterations (backward error {backward:.1e} > {self.settings.accept:g}); "
                "raise TierGMRES(max_restarts=...) or try method='direct'"
            )
        if self.balance is not None:
            vector = vector * self.balance
        return vector, iterations[0], float(backward)


def balance_of(generator: Generator) -> np.ndarray | None:
    """Scale of every unknown of a HEOM generator's bordered system, or None without one.

    Each ADO's :meth:`~nesslab.generators.heom.assembly.Hierarchy.balance`, repeated over its
    N² entries (the bordering replaces a row of tier 0, whose scale is 1).
    """
    hierarchy = generator.details.get("hierarchy")
    if hierarchy is None:
        return None
    return np.repeat(hierarchy.balance(), generator.space.block)


def _ado_blocks(matrix: sp.csr_matrix, block: int) -> np.ndarray:
    """The diagonal ``block × block`` blocks of ``matrix``, shape ``(n // block, block, block)``."""
    coo = matrix.tocoo()
    same = coo.row // block == coo.col // block
    blocks = np.zeros((matrix.shape[0] // block, block, block), dtype=complex)
    np.add.at(
        blocks,
        (coo.row[same] // block, coo.row[same] % block, coo.col[same] % block),
        coo.data[same],
    )
    return blocks


def tier_preconditioner(
    bordered: sp.spmatrix, tiers: np.ndarray, block: int, low_depth: int
) -> spla.LinearOperator:
    """Approximate inverse of a bordered HEOM system (module docstring) as a LinearOperator.

    Parameters
    ----------
    bordered : sparse matrix
        The steady-state system (trace row in tier 0), unknowns ordered ADO by ADO.
    tiers : ndarray of int
        Tier of every ADO, nondecreasing (:class:`nesslab.generators.heom.HierarchyIndex`).
    block : int
        Unknowns per ADO, N².
    low_depth : int
        Tiers ``≤ low_depth`` are factorised exactly; ``0 ≤ low_depth < max(tiers)``.

    Raises
    ------
    ValueError
        If ``low_depth`` is outside ``[0, max(tiers))`` or the tiers are not ordered.
    """
    tiers = np.asarray(tiers)
    depth = int(tiers.max())
    if not 0 <= low_depth < depth:
        raise ValueError(f"low_depth must be in [0, {depth}), got {low_depth}")
    if np.any(np.diff(tiers) < 0):
        raise ValueError("tiers must be nondecreasing (ADOs ordered tier by tier)")
    matrix = sp.csr_matrix(bordered)
    starts = np.searchsorted(tiers, np.arange(depth + 2)) * block
    low = slice(0, starts[low_depth + 1])
    factor = spla.splu(sp.csc_matrix(matrix[low, low]), permc_spec=LOW_ORDERING)
    sweeps = []
    for tier in range(low_depth + 1, depth + 1):
        rows = slice(starts[tier], starts[tier + 1])
        inverse = np.linalg.inv(_ado_blocks(matrix[rows, rows], block))
        upward = matrix[rows, starts[tier + 1] : starts[tier + 2]] if tier < depth else None
        sweeps.append((rows, inverse, upward))
    into_sweeps = matrix[low, starts[low_depth + 1] : starts[low_depth + 2]]

    def apply(residual: np.ndarray) -> np.ndarray:
        solution = np.zeros_like(residual, dtype=complex)
        above = None
        for rows, inverse, upward in reversed(sweeps):
            local = residual[rows] if above is None else residual[rows] - upward @ above
            above = np.einsum("aij,aj->ai", inverse, local.reshape(-1, block)).ravel()
            solution[rows] = above
        solution[low] = factor.solve(residual[low] - into_sweeps @ above)
        return solution

    return spla.LinearOperator(matrix.shape, matvec=apply, dtype=complex)
