"""Many small steady states at once: stacked dense bordered systems and batched LU solves.

For small Liouvillians (two qubits: 16 unknowns) a sweep spends its time in per-point overhead,
not in arithmetic. :func:`steady_states` stacks the bordered, row-equilibrated systems of many
generators (:func:`nesslab.solve.linalg.bordered_system`) and solves them in one batched LAPACK
call (NumPy), or on an accelerator through JAX (``pip install 'nesslab[gpu]'``; JAX runs on the
CPU when no GPU is present, which is how it is tested).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.generators.base import Generator
from nesslab.limits import check_limit, dense_megabytes
from nesslab.registry import lookup
from nesslab.solve.linalg import (
    SINGULAR_CONDITION,
    NonUniqueSteadyStateError,
    Solution,
    bordered_system,
)
from nesslab.solve.method import SteadyStateMethod
from nesslab.solve.result import SteadyState, finish

MAX_DENSE_SIZE = 1024
BATCH_COPIES = 4
"""Dense size × size arrays per generator of a batch: its bordered system, the stack, the
inverse and the LU's copy (3.5 measured with tracemalloc, NumPy backend)."""
BatchSolver = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def _refined_solve(xp: Any, matrices: Any, rhs: Any) -> tuple[Any, Any]:
    """Batched LU solve with one refinement step, and the inverses, in array module ``xp``."""
    inverses = xp.linalg.inv(matrices)
    solutions = xp.linalg.solve(matrices, rhs[..., None])[..., 0]
    residuals = rhs - xp.einsum("kij,kj->ki", matrices, solutions)
    return solutions + xp.einsum("kij,kj->ki", inverses, residuals), inverses


def _solve_numpy(matrices: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Refined batched solves and ``‖A‖₁‖A⁻¹‖₁`` of each system, with NumPy."""
    solutions, inverses = _refined_solve(np, matrices, rhs)
    return solutions, _one_norms(matrices) * _one_norms(inverses)


def _solve_jax(matrices: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_solve_numpy` in double precision with JAX, on its default device."""
    try:
        import jax
        import jax.numpy as jnp
    except ImportError as exc:
        raise ImportError(
            "the 'jax' batch backend needs JAX: pip install 'nesslab[gpu]' (or jax for the CPU)"
        ) from exc
    double = getattr(jax, "enable_x64", None)  # JAX >= 0.8; earlier in jax.experimental
    if double is None:
        from jax.experimental import enable_x64 as double
    with double(True):
        solutions, inverses = _refined_solve(jnp, jnp.asarray(matrices), jnp.asarray(rhs))
        inverses = np.asarray(inverses)
        return np.asarray(solutions), _one_norms(matrices) * _one_norms(inverses)


BATCH_BACKENDS: dict[str, BatchSolver] = {"numpy": _solve_numpy, "jax": _solve_jax}


@dataclass(frozen=True)
class Batched(SteadyStateMethod):
    """The method of :func:`steady_states`: one batched dense LU with refinement.

    As a method of :func:`nesslab.steady_state` it solves a batch of one.

    Parameters
    ----------
    backend : {"numpy", "jax"}
        Where the batch is solved (:data:`BATCH_BACKENDS`).
    max_memory_mb : float, optional
        Refuse a batch whose dense arrays (:data:`BATCH_COPIES` per generator) exceed this
        many MB (default 4000, or ``NESSLAB_MAX_MEMORY_MB``; :mod:`nesslab.limits`).
    """

    name = "batched"

    backend: str = "numpy"
    max_memory_mb: float | None = None

    def __post_init__(self) -> None:
        lookup(BATCH_BACKENDS, self.backend, "backend")

    def solve(self, generator: Generator) -> Solution:  # noqa: D102
        return _solve_batch([generator], self)[0]


def _one_norms(matrices: np.ndarray) -> np.ndarray:
    """Matrix 1-norm (largest column sum) of each matrix of a stack."""
    return np.abs(matrices).sum(axis=-2).max(axis=-1)


def steady_states(
    generators: Sequence[Generator], *, backend: str = "numpy", max_memory_mb: float | None = None
) -> list[SteadyState]:
    """The steady states of many small generators, solved as one batch.

    Each generator's dense matrix is bordered with the trace condition and row-equilibrated as
    in :func:`nesslab.steady_state` (method "direct"); the stack is solved by batched LU with
    one step of iterative refinement, and every state gets the usual diagnostics (residual,
    trace and Hermiticity errors, positivity; ``condition`` is the exact 1-norm condition number
    of its bordered system, from the batched inverse).

    Parameters
    ----------
    generators : sequence of Generator
        Generators on the same kind of space and of one size, at most ``MAX_DENSE_SIZE``
        unknowns each (the batch is dense).
    backend : {"numpy", "jax"}
        NumPy's batched LAPACK on the CPU, or JAX on its default device (a GPU when the
        ``[gpu]`` extra is installed and one is present, else the CPU).
    max_memory_mb : float, optional
        Refuse, before any matrix is made dense, a batch whose dense arrays
        (:data:`BATCH_COPIES` size × size complex arrays per generator) exceed this many MB
        (default 4000, or ``NESSLAB_MAX_MEMORY_MB``).

    Returns
    -------
    list of SteadyState
        In the order of ``generators``; ``method`` is "batched", ``seconds`` the batch's wall
        time divided by its size.

    Raises
    ------
    ValueError
        For an empty batch, mixed spaces or sizes, or too many unknowns.
    NonUniqueSteadyStateError
        If a generator's bordered system is singular to working precision (its index is named).
    nesslab.limits.ResourceLimitError
        If the batch's estimated memory exceeds ``max_memory_mb`` (a MemoryError).
    """
    method = Batched(backend, max_memory_mb)
    generators = list(generators)
    start = time.perf_counter()
    solutions = _solve_batch(generators, method)
    seconds = (time.perf_counter() - start) / len(generators)
    return [finish(gen, s, seconds) for gen, s in zip(generators, solutions, strict=True)]


def _solve_batch(generators: list[Generator], method: Batched) -> list[Solution]:
    """Raw solutions of a checked batch (:func:`steady_states`)."""
    _check_batch(generators, method)
    systems = [bordered_system(_dense(g.matrix), g.trace_row()) for g in generators]
    matrices = np.stack([matrix for matrix, _ in systems])
    rhs = np.stack([vector for _, vector in systems])
    solutions, conditions = BATCH_BACKENDS[method.backend](matrices, rhs)
    bad = np.flatnonzero(~(np.isfinite(solutions).all(axis=1) & (conditions < SINGULAR_CONDITION)))
    if bad.size:
        raise NonUniqueSteadyStateError(
            f"generators {bad.tolist()} of the batch have singular bordered systems (condition "
            f"{conditions[bad[0]]:.2e}): their steady state is not unique; solve them one by one "
            "with nesslab.steady_state for the null-space dimension"
        )
    note = [f"batched dense LU ({method.backend})"]
    return [Solution(x, float(c), note, method) for x, c in zip(solutions, conditions, strict=True)]


def _check_batch(generators: list[Any], method: Batched) -> None:
    if not generators:
        raise ValueError("generators is empty; pass at least one Generator")
    if not all(isinstance(g, Generator) for g in generators):
        raise TypeError("generators must all be nesslab Generators (see nesslab.generator)")
    spaces = {type(g.space).__name__ for g in generators}
    sizes = {g.size for g in generators}
    if len(spaces) > 1 or len(sizes) > 1:
        raise ValueError(
            f"generators must share one space and size to be batched, got spaces "
            f"{sorted(spaces)} and sizes {sorted(sizes)}"
        )
    size = sizes.pop()
    if size > MAX_DENSE_SIZE:
        raise ValueError(
            f"generators have more than MAX_DENSE_SIZE = {MAX_DENSE_SIZE} unknowns; the batch is "
            "dense, use nesslab.steady_state (sparse LU) for them"
        )
    check_limit(
        dense_megabytes(size, BATCH_COPIES * len(generators)),
        "max_memory_mb",
        method.max_memory_mb,
        f"a batch of {len(generators)} dense {size}×{size} systems ({BATCH_COPIES} arrays "
        "each), MB",
        "solve it in smaller batches",
    )


def _dense(matrix: Any) -> np.ndarray:
    return matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
