"""The classical rate generator ``dP/dt = G P`` over a finite set of states.

Convention (fixed): ``G[j, i]`` (i ≠ j) is the rate, in units of 1/time, of the transition
i → j, and every column sums to zero, ``G[i, i] = −Σ_{j≠i} G[j, i]`` (minus the escape rate of
i), so that ``Σ_i P_i`` is conserved. The same convention as nesslab's Pauli rate equation
(:func:`nesslab.generators.pauli.rate_matrix`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from nesslab.generators.base import Generator
from nesslab.spaces import PopulationSpace

COLUMN_SUM_TOL = 1e-12
"""Largest ``|Σ_j G[j, i]|`` accepted, relative to ``Σ_j |G[j, i]|``."""
PAULI_ROUNDING = 64 * np.finfo(float).eps
"""Negative Pauli rates down to this fraction of the largest rate are rounding, set to zero."""


class Transitions(NamedTuple):
    """Every unordered pair of states joined by a rate, once, with both rates.

    ``forward[k]`` is the rate ``source[k] → target[k]``, ``backward[k]`` the rate
    ``target[k] → source[k]`` (either may be zero, not both); ``source < target``.
    """

    source: np.ndarray
    target: np.ndarray
    forward: np.ndarray
    backward: np.ndarray


@dataclass(frozen=True, eq=False)
class RateGenerator:
    """A classical master equation ``dP/dt = G P`` (module docstring for the convention).

    Build it with :meth:`from_rates`, :meth:`from_pauli` or
    :func:`~nesslab.analysis.classical.spin_flip_generator`.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        The generator G (real, n × n): ``G[j, i]`` = rate of i → j, columns summing to zero.
    energies : ndarray or None
        Energy of each state (energy units), for P(E, t), ⟨E⟩ and rate ratios.
    labels : tuple of str or None
        A name for each state.
    spins : int or None
        The number of spins N when the states are the 2^N spin configurations coded as in
        :func:`~nesslab.analysis.classical.spin_configurations` (bit i of the state index is 1
        when spin i is up).
    """

    matrix: sp.csr_matrix
    energies: np.ndarray | None = None
    labels: tuple[str, ...] | None = None
    spins: int | None = None

    def __post_init__(self) -> None:
        matrix = self.matrix
        if not sp.issparse(matrix) or matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
            raise TypeError("matrix must be a square scipy.sparse matrix; use from_rates")
        if not np.isrealobj(matrix.data):
            raise TypeError(f"matrix must be real, got dtype {matrix.dtype}; use from_rates")
        matrix = sp.csr_matrix(matrix, dtype=float)
        matrix.sum_duplicates()
        object.__setattr__(self, "matrix", matrix)
        _check_generator(matrix)
        size = matrix.shape[0]
        if self.energies is not None:
            energies = np.asarray(self.energies, dtype=float)
            if energies.shape != (size,) or not np.all(np.isfinite(energies)):
                raise ValueError(
                    f"energies must be {size} finite numbers, got shape {energies.shape}"
                )
            object.__setattr__(self, "energies", energies)
        if self.labels is not None:
            labels = tuple(str(label) for label in self.labels)
            if len(labels) != size:
                raise ValueError(f"labels must name all {size} states, got {len(labels)}")
            object.__setattr__(self, "labels", labels)

    @property
    def size(self) -> int:
        """Number of states n."""
        return self.matrix.shape[0]

    @property
    def rates(self) -> sp.csr_matrix:
        """The off-diagonal part W of G: ``W[j, i]`` = rate of i → j (diagonal zero)."""
        rates = self.matrix - sp.diags(self.matrix.diagonal())
        rates = sp.csr_matrix(rates)
        rates.eliminate_zeros()
        return rates

    @property
    def escape_rates(self) -> np.ndarray:
        """Total rate of leaving each state, ``−G[i, i]``."""
        return -self.matrix.diagonal()

    def transitions(self) -> Transitions:
        """Every pair of states joined by a nonzero rate, once (:class:`Transitions`)."""
        rates = self.rates.tocoo()
        size = np.int64(self.size)
        targets, sources = rates.row.astype(np.int64), rates.col.astype(np.int64)
        lower, upper = np.minimum(sources, targets), np.maximum(sources, targets)
        keys, inverse = np.unique(lower * size + upper, return_inverse=True)
        forward = np.zeros(keys.size)
        backward = np.zeros(keys.size)
        upward = sources < targets
        forward[inverse[upward]] = rates.data[upward]
        backward[inverse[~upward]] = rates.data[~upward]
        return Transitions(keys // size, keys % size, forward, backward)

    def state_name(self, index: int) -> str:
        """The label of state ``index``, or ``"state <index>"`` without labels."""
        return self.labels[index] if self.labels is not None else f"state {index}"

    @classmethod
    def from_rates(
        cls,
        matrix: Any,
        energies: Sequence[float] | np.ndarray | None = None,
        labels: Sequence[str] | None = None,
    ) -> RateGenerator:
        """The generator of the rates ``W[j, i]`` = rate of i → j (dense or sparse, n × n).

        The diagonal of ``matrix`` is ignored (it is fixed by probability conservation), so a
        generator G itself is accepted too.

        Raises
        ------
        ValueError
            For a non-square matrix, a negative off-diagonal rate or a non-finite entry (the
            first offending ``matrix[j, i]`` is named), or energies/labels of the wrong length.
        TypeError
            For complex rates.
        """
        return cls(_generator_of(matrix, "matrix", 0.0), energies, labels)

    @classmethod
    def from_pauli(cls, generator: Generator) -> RateGenerator:
        """The rate equation of a nesslab Pauli generator, with the eigenenergies as energies.

        States are the energy eigenstates of ``generator.system`` in ascending order of energy
        (``system.eigen[0]``), labelled ``"E0"``, ``"E1"``, …. Negative rates within
        :data:`PAULI_ROUNDING` of the largest rate are rounding and set to zero.

        Raises
        ------
        TypeError
            If ``generator`` is not a :class:`~nesslab.Generator` on eigenstate populations
            (:class:`~nesslab.spaces.PopulationSpace`), e.g. ``nesslab.generator(system,
            baths, "pauli")``.
        """
        if not isinstance(generator, Generator) or not isinstance(generator.space, PopulationSpace):
            raise TypeError(
                "generator must be a nesslab Generator on eigenstate populations "
                "(nesslab.generator(system, environment, 'pauli')), got "
                f"{type(generator).__name__}"
            )
        matrix = generator.matrix
        matrix = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
        if np.iscomplexobj(matrix):
            imaginary = float(np.abs(matrix.imag).max(initial=0.0))
            if imaginary > PAULI_ROUNDING * float(np.abs(matrix.real).max(initial=0.0)):
                raise ValueError(
                    f"the Pauli generator has complex rates (max |Im| {imaginary:.2e})"
                )
            matrix = matrix.real
        energies = generator.system.eigen[0]
        labels = [f"E{index}" for index in range(matrix.shape[0])]
        return cls(_generator_of(matrix, "generator.matrix", PAULI_ROUNDING), energies, labels)


def _generator_of(matrix: Any, name: str, rounding: float) -> sp.csr_matrix:
    """G from the rates W: off-diagonal entries checked, the diagonal rebuilt from the columns.

    ``rounding``: negative off-diagonal entries down to ``−rounding · max W`` are set to zero.
    """
    rates = sp.csr_matrix(matrix) if sp.issparse(matrix) else sp.csr_matrix(np.asarray(matrix))
    if rates.ndim != 2 or rates.shape[0] != rates.shape[1]:
        raise ValueError(f"{name} must be a square n × n matrix of rates, got shape {rates.shape}")
    if np.iscomplexobj(rates.data):
        raise TypeError(f"{name} must hold real rates, got dtype {rates.dtype}")
    rates = sp.csr_matrix(rates, dtype=float)
    rates.sum_duplicates()
    coo = rates.tocoo()
    bad = ~np.isfinite(coo.data)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name} has {int(bad.sum())} non-finite entries, e.g. {name}[{coo.row[k]}, "
            f"{coo.col[k]}] = {coo.data[k]}; rates must be finite numbers"
        )
    off = coo.row != coo.col
    data = coo.data[off]
    largest = float(np.abs(data).max(initial=0.0))
    negative = data < -rounding * largest
    if negative.any():
        k = int(np.flatnonzero(negative)[0])
        j, i = coo.row[off][k], coo.col[off][k]
        raise ValueError(
            f"{name} has {int(negative.sum())} negative rates, e.g. {name}[{j}, {i}] = "
            f"{data[k]} (the rate of {i} → {j}); rates must be >= 0"
        )
    data = np.where(data < 0, 0.0, data)
    size = rates.shape[0]
    offdiagonal = sp.csr_matrix((data, (coo.row[off], coo.col[off])), shape=(size, size))
    offdiagonal.eliminate_zeros()
    escape = np.asarray(offdiagonal.sum(axis=0)).ravel()
    return sp.csr_matrix(offdiagonal - sp.diags(escape))


def _check_generator(matrix: sp.csr_matrix) -> None:
    """Refuse a G whose off-diagonal entries are negative or whose columns do not sum to zero.

    Works on the CSR arrays without copies of the entries (the spin generators are large).
    """
    if not np.all(np.isfinite(matrix.data)):
        raise ValueError("matrix has non-finite entries; use from_rates to check the rates")
    negative = np.flatnonzero(matrix.data < 0)
    rows = np.searchsorted(matrix.indptr, negative, side="right") - 1
    if np.any(matrix.indices[negative] != rows):
        raise ValueError("matrix has negative off-diagonal rates; use from_rates")
    diagonal = matrix.diagonal()
    sums = np.asarray(matrix.sum(axis=0)).ravel()
    scale = sums - 2 * diagonal
    worst = np.abs(sums) - COLUMN_SUM_TOL * scale
    if np.any(worst > 0):
        i = int(np.argmax(worst))
        raise ValueError(
            f"the columns of matrix must sum to zero (G[i, i] = −Σ_j≠i G[j, i]); column {i} "
            f"sums to {sums[i]:.3e}; use from_rates, which builds the diagonal"
        )
