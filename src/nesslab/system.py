"""The System: a Hamiltonian, its subsystem dimensions and named operators."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import InitVar, dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.limits import check_dimension

HERMITICITY_TOL = 1e-10


def as_dense(operator: Any, name: str = "operator") -> np.ndarray:
    """Convert numpy, scipy.sparse or ``qutip.Qobj`` input to a dense complex matrix.

    Parameters
    ----------
    operator : array_like, sparse matrix or Qobj
        The operator.
    name : str
        Argument name used in error messages.
    """
    if type(operator) is np.ndarray and operator.dtype == complex and operator.ndim == 2:
        # The common case (a model's cached operators), without the conversions' checks.
        if operator.shape[0] == operator.shape[1] and np.isfinite(operator).all():
            return operator
    if hasattr(operator, "full") and callable(operator.full):
        operator = operator.full()
    elif sp.issparse(operator):
        operator = operator.toarray()
    matrix = np.asarray(operator, dtype=complex)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {matrix.shape}")
    if not np.all(np.isfinite(matrix)):
        raise ValueError(f"{name} contains NaN or infinite entries")
    return matrix


def hermiticity_error(matrix: np.ndarray) -> float:
    """Largest entry of ``|M - M†|`` relative to the largest entry of ``|M|``."""
    scale = max(np.abs(matrix).max(), 1e-300)
    return float(np.abs(matrix - matrix.conj().T).max() / scale)


@dataclass(frozen=True)
class System:
    """A closed quantum system: Hamiltonian, subsystem dimensions and named operators.

    Parameters
    ----------
    H : array_like, scipy.sparse matrix or qutip.Qobj
        Hermitian Hamiltonian (energy units; ħ = 1). Stored dense.
    dims : sequence of int, optional
        Subsystem dimensions in tensor order (e.g. ``[2, 20]`` for spin ⊗ boson). Their product
        must equal the Hilbert-space dimension. Defaults to ``[dim]``.
    operators : mapping of str to operator, optional
        Named system operators (``system.op("sz")``), same shape as ``H``.
    symmetry : str, optional
        Name of a Hermitian operator that commutes with H (e.g. ``"parity"``). The eigenvectors
        are then chosen with definite symmetry quantum numbers (:attr:`sectors`), which lets the
        steady-state solver work in the symmetric sector when the environment respects it.
    max_dimension : int, optional
        Largest Hilbert dimension accepted (default :data:`nesslab.limits.DEFAULTS`, 4096, or
        ``NESSLAB_MAX_DIMENSION``); checked on the shape of ``H`` before it is made dense. Not
        stored.

    Raises
    ------
    ValueError
        If ``H`` is not square or not Hermitian, a dimension does not match, or ``symmetry``
        does not commute with H.
    nesslab.limits.ResourceLimitError
        If the dimension exceeds ``max_dimension`` (a MemoryError, raised before any copy).
    """

    H: np.ndarray
    dims: tuple[int, ...] = ()
    operators: Mapping[str, np.ndarray] = field(default_factory=dict)
    symmetry: str | None = None
    max_dimension: InitVar[int | None] = None

    def __post_init__(self, max_dimension: int | None) -> None:
        shape = np.shape(self.H) if not hasattr(self.H, "shape") else tuple(self.H.shape)
        if len(shape) == 2:
            check_dimension(shape[:1], "System", max_dimension)
        H = as_dense(self.H, "H")
        error = hermiticity_error(H)
        if error > HERMITICITY_TOL:
            raise ValueError(
                f"H must be Hermitian: max|H - H†|/max|H| = {error:.2e}; "
                "symmetrise it or check the coupling terms"
            )
        H = (H + H.conj().T) / 2
        dims = tuple(int(d) for d in self.dims) if len(self.dims) else (H.shape[0],)
        if int(np.prod(dims)) != H.shape[0]:
            raise ValueError(
                f"dims {list(dims)} multiply to {int(np.prod(dims))}, but H has dimension "
                f"{H.shape[0]}"
            )
        operators = {}
        for name, op in dict(self.operators).items():
            matrix = as_dense(op, f"operator {name!r}")
            if matrix.shape != H.shape:
                raise ValueError(
                    f"operator {name!r} has shape {matrix.shape}, H has shape {H.shape}"
                )
            operators[name] = matrix
        object.__setattr__(self, "H", H)
        object.__setattr__(self, "dims", dims)
        object.__setattr__(self, "operators", operators)
        if self.symmetry is not None:
            symmetry = self.op(self.symmetry)
            if hermiticity_error(symmetry) > HERMITICITY_TOL:
                raise ValueError(f"symmetry operator {self.symmetry!r} must be Hermitian")
            scale = max(1.0, float(np.abs(H).max()))
            real_H, real_symmetry = real_if_exact(H), real_if_exact(symmetry)
            if np.abs(real_H @ real_symmetry - real_symmetry @ real_H).max() > 1e-10 * scale:
                raise ValueError(f"symmetry operator {self.symmetry!r} does not commute with H")

    @property
    def dim(self) -> int:
        """Hilbert-space dimension."""
        return self.H.shape[0]

    def op(self, name: str) -> np.ndarray:
        """Return the named operator; raises KeyError listing the available names."""
        try:
            return self.operators[name]
        except KeyError:
            available = ", ".join(sorted(self.operators)) or "none"
            raise KeyError(f"no operator named {name!r}; available: {available}") from None

    @cached_property
    def eigen(self) -> tuple[np.ndarray, np.ndarray]:
        """Eigenvalues (ascending) and eigenvectors (columns) of H.

        With a ``symmetry``, H is diagonalised inside each symmetry eigenspace, so every
        eigenvector has a definite quantum number even across degeneracies. A real H (and
        symmetry) gives real eigenvectors.
        """
        H = real_if_exact(self.H)
        if self.symmetry is None:
            return np.linalg.eigh(H)
        symmetry = real_if_exact(self.op(self.symmetry))
        diagonal = np.diag(symmetry)
        if np.count_nonzero(symmetry) == np.count_nonzero(diagonal):
            energies, columns = _eigh_in_blocks(H, np.round(diagonal.real, 8))
        else:
            values, vectors = np.linalg.eigh(symmetry)
            energies, rotated = _eigh_in_blocks(vectors.conj().T @ H @ vectors, np.round(values, 8))
            columns = vectors @ rotated
        order = np.argsort(energies, kind="stable")
        return energies[order], columns[:, order]

    @cached_property
    def sectors(self) -> np.ndarray | None:
        """Symmetry quantum number of each eigenvector (``None`` without a symmetry)."""
        if self.symmetry is None:
            return None
        vectors = self.eigen[1]
        labels = np.real(np.einsum("ia,ij,ja->a", vectors.conj(), self.op(self.symmetry), vectors))
        return np.round(labels, 8)

    def with_operators(self, **operators: Any) -> System:
        """A copy of this System with extra named operators."""
        operators = {**self.operators, **operators}
        return System(self.H, self.dims, operators, self.symmetry, max_dimension=self.dim)


def _eigh_in_blocks(H: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues and eigenvectors of a Hermitian H that is block diagonal by ``labels``.

    Each set of basis states with one label is diagonalised on its own; the eigenvectors of
    one label are zero outside its states. Columns come grouped by label, not sorted.
    """
    energies = np.empty(H.shape[0])
    vectors = np.zeros_like(H)
    start = 0
    for label in np.unique(labels):
        index = np.flatnonzero(labels == label)
        stop = start + index.size
        energies[start:stop], vectors[index, start:stop] = np.linalg.eigh(H[np.ix_(index, index)])
        start = stop
    return energies, vectors


def real_if_exact(matrix: np.ndarray) -> np.ndarray:
    """The real part of a matrix whose imaginary part is exactly zero; otherwise the matrix.

    Real LAPACK routines (eigh, Cholesky) run about twice as fast as the complex ones.
    """
    return matrix.real if not np.any(matrix.imag) else matrix


def resolve_operator(system: System, operator: Any, name: str) -> np.ndarray:
    """An operator given as a matrix or as the name of one of ``system``'s operators."""
    matrix = system.op(operator) if isinstance(operator, str) else as_dense(operator, name)
    if matrix.shape != system.H.shape:
        raise ValueError(
            f"{name} has shape {matrix.shape}, but the system has dimension {system.dim}"
        )
    return matrix
