"""Reduced states and entanglement entropy of eigenstates (seed 000 Eq. 3)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from nesslab.analysis.spectrum import Spectrum
from nesslab.observables import von_neumann_entropy
from nesslab.system import as_dense

NORM_TOL = 1e-8


def reduced_state(state: Any, dims: Sequence[int], keep: Sequence[int]) -> np.ndarray:
    """Partial trace onto the subsystems ``keep``.

    Parameters
    ----------
    state : array_like or qutip.Qobj
        A normalised pure state (vector of length ``prod(dims)``) or a density matrix
        (``prod(dims)`` square, unit trace), in the tensor-product basis of ``dims``.
    dims : sequence of int
        Subsystem dimensions in tensor order (the first is the slowest index).
    keep : sequence of int
        Indices into ``dims`` of the subsystems kept, in the order they appear in the result.

    Returns
    -------
    ndarray
        The reduced density matrix on ``keep`` (dimension ``prod(dims[keep])``).

    Raises
    ------
    ValueError
        If the state does not match ``dims``, is not normalised, or ``keep`` is invalid.
    """
    dims = tuple(int(d) for d in dims)
    keep = _check_keep(keep, len(dims))
    rest = [i for i in range(len(dims)) if i not in keep]
    d_keep = int(np.prod([dims[i] for i in keep]))
    d_rest = int(np.prod([dims[i] for i in rest]))
    vector, rho = _as_state(state, int(np.prod(dims)))
    if vector is not None:
        amplitudes = vector.reshape(dims).transpose(keep + rest).reshape(d_keep, d_rest)
        return amplitudes @ amplitudes.conj().T
    order = keep + rest
    tensor = rho.reshape(dims + dims).transpose(order + [len(dims) + i for i in order])
    return np.einsum("arbr->ab", tensor.reshape(d_keep, d_rest, d_keep, d_rest))


def entanglement_entropy(state: Any, dims: Sequence[int], keep: Sequence[int]) -> float:
    """Von Neumann entropy (nats) of the reduced state on ``keep``: ``S = −Tr ρ_k ln ρ_k``.

    For a pure state of a bipartition this is the entanglement entropy of seed 000 Eq. 3,
    ``S_k = −Tr_b[ρ_{k,s} log ρ_{k,s}]`` with ``ρ_{k,s} = Tr_b |k⟩⟨k|`` (natural log, so a
    Bell pair gives ln 2), and it does not depend on which side is kept. For a mixed state it
    is the entropy of the marginal, not an entanglement measure. Arguments as in
    :func:`reduced_state`.
    """
    return von_neumann_entropy(reduced_state(state, dims, keep))


def level_entropies(
    spectrum: Spectrum, track: int, keep: Sequence[int] = (0,)
) -> tuple[np.ndarray, np.ndarray]:
    """Entanglement entropy along one tracked level of a :class:`Spectrum`.

    Parameters
    ----------
    spectrum : Spectrum
        A sweep from :func:`spectrum_sweep`.
    track : int
        Track id (e.g. ``crossing.levels[0]`` of an avoided crossing).
    keep : sequence of int
        Subsystems kept (default: the first, the spin of the Rabi model).

    Returns
    -------
    values : ndarray
        Parameter values where the track lies among the stored levels.
    entropies : ndarray
        Entanglement entropy (nats) of the tracked eigenstate there.
    """
    points, _, vectors = spectrum.level(track)
    entropies = [entanglement_entropy(v, spectrum.dims, keep) for v in vectors]
    return spectrum.values[points], np.array(entropies)


def _check_keep(keep: Sequence[int], n_subsystems: int) -> list[int]:
    kept = [int(i) for i in keep]
    if not kept or len(set(kept)) != len(kept) or not all(0 <= i < n_subsystems for i in kept):
        raise ValueError(
            f"keep must list distinct subsystem indices in [0, {n_subsystems}), got {keep!r}"
        )
    return kept


def _as_state(state: Any, dim: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(vector, None) for a pure state, (None, rho) for a density matrix; both validated."""
    array = state.full() if hasattr(state, "full") and callable(state.full) else state
    array = np.asarray(array, dtype=complex)
    if array.ndim == 1 or (array.ndim == 2 and 1 in array.shape and dim > 1):
        vector = array.ravel()
        if vector.size != dim:
            raise ValueError(f"state has {vector.size} amplitudes, dims multiply to {dim}")
        if abs(np.linalg.norm(vector) - 1) > NORM_TOL:
            raise ValueError(f"state vector must be normalised, norm = {np.linalg.norm(vector)}")
        return vector, None
    rho = as_dense(array, "state")
    if rho.shape[0] != dim:
        raise ValueError(f"density matrix has dimension {rho.shape[0]}, dims multiply to {dim}")
    if abs(np.trace(rho) - 1) > NORM_TOL:
        raise ValueError(f"density matrix must have unit trace, Tr ρ = {np.trace(rho)}")
    return None, rho
