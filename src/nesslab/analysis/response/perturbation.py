"""A Hermitian perturbation δV of H₀ in H₀'s eigenbasis: first-order shifts and rotation.

First-order perturbation theory for clusters of degenerate levels (seed 001 Sec. III A). With
the eigen-clusters k of H₀ (projectors Π_k, energies E_k), the spectral projectors of H₀ + δV
are ``P_k(δ) = U Π_k U† + O(δ²)`` with ``U = e^{δW}`` and the anti-Hermitian generator

    W = Σ_{j ≠ k} Π_j V Π_k / (E_k − E_j) ,

provided V does not split a cluster (``Π_k V Π_k ∝ Π_k``). The first-order energy shift of
cluster k is then ``c_k = Tr[Π_k V]/Tr Π_k``, and a Bohr frequency ``E_m − E_n`` moves by
``ν⁽¹⁾_mn = c_m − c_n`` per unit δ. A perturbation that splits a cluster moves the Bohr
frequencies inside it (from zero to ``δ`` times the spread of ``Π_k V Π_k``'s eigenvalues).

Linear response of a secular (Davies) generator exists only when every transition's Bohr
frequency stays put to first order (``ν⁽¹⁾ = 0`` wherever a bath connects two levels); else the
secular grouping itself changes with δ and :mod:`.regimes` applies (seed 001 Sec. III C).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nesslab.system import System, hermiticity_error, resolve_operator

SHIFT_TOL = 1e-9
"""First-order Bohr shifts below ``SHIFT_TOL · ‖V‖`` (largest eigen-basis entry) count as zero."""

DEGENERACY_TOL = 1e-9
"""Levels closer than ``DEGENERACY_TOL · max(1, max|E|)`` form one cluster (as "global")."""

HERMITICITY_TOL = 1e-10


@dataclass(frozen=True)
class Perturbation:
    """A perturbation V of ``system``'s Hamiltonian, written in the eigenbasis of H₀.

    Attributes
    ----------
    operator : ndarray
        V in the site basis (energy units; the perturbed Hamiltonian is ``H₀ + δV``).
    eigen_operator : ndarray
        ``V_mn = ⟨m|V|n⟩`` in the eigenbasis ``system.eigen[1]``.
    clusters : ndarray of int
        Cluster label of each eigenstate (degenerate levels share one).
    level_shifts : ndarray
        First-order shift ``c_m`` of each level (``Tr[Π_k V]/Tr Π_k`` of its cluster).
    splitting : float
        Largest spread of the eigenvalues of ``Π_k V Π_k`` inside one cluster (0 when V moves
        every cluster rigidly).
    rotation : ndarray
        The anti-Hermitian W of the module docstring (eigenbasis), zero inside clusters.
    """

    operator: np.ndarray = field(repr=False)
    eigen_operator: np.ndarray = field(repr=False)
    clusters: np.ndarray
    level_shifts: np.ndarray
    splitting: float
    rotation: np.ndarray = field(repr=False)

    @property
    def scale(self) -> float:
        """``max|V_mn|``, the scale of the shift tolerance."""
        return max(float(np.abs(self.eigen_operator).max()), 1e-300)

    def bohr_shifts(self) -> np.ndarray:
        """``ν⁽¹⁾[m, n] = c_m − c_n``: the first-order motion of ``E_m − E_n`` per unit δ."""
        return self.level_shifts[:, None] - self.level_shifts[None, :]

    def transition_shift(self, couplings: list[np.ndarray]) -> float:
        """Largest ``|ν⁽¹⁾_mn|`` over the transitions any of ``couplings`` (eigenbasis) drives.

        Includes the splitting of a cluster whose members a coupling connects.
        """
        shifts = np.abs(self.bohr_shifts())
        connected = np.zeros(shifts.shape, dtype=bool)
        for coupling in couplings:
            magnitude = np.abs(coupling)
            connected |= magnitude > 1e-14 * max(float(magnitude.max()), 1e-300)
        largest = float(shifts[connected].max()) if connected.any() else 0.0
        same_cluster = self.clusters[:, None] == self.clusters[None, :]
        if self.splitting > 0 and np.any(connected & same_cluster):
            largest = max(largest, self.splitting)
        return largest

    def shifts_bohr_frequencies(self, couplings: list[np.ndarray]) -> bool:
        """Whether δV moves a driven transition at first order (no linear response then)."""
        return self.transition_shift(couplings) > SHIFT_TOL * self.scale


def _clusters(energies: np.ndarray, tolerance: float) -> np.ndarray:
    """Labels of runs of sorted energies closer than ``tolerance`` (``eigh`` sorts them)."""
    gaps = np.diff(energies) > tolerance
    return np.concatenate([[0], np.cumsum(gaps)])


def perturbation(system: System, operator: Any, *, degeneracy_tol: float = DEGENERACY_TOL):
    """Classify and rotate the perturbation ``operator`` of ``system`` (module docstring).

    Parameters
    ----------
    system : System
        The unperturbed system (H₀).
    operator : ndarray or str
        Hermitian V (site basis, energy units), or the name of a system operator.
    degeneracy_tol : float
        Relative tolerance that groups eigenvalues of H₀ into degenerate clusters.

    Returns
    -------
    Perturbation

    Raises
    ------
    ValueError
        If V is not Hermitian or does not have the system's dimension.
    """
    matrix = resolve_operator(system, operator, "perturbation")
    error = hermiticity_error(matrix)
    if error > HERMITICITY_TOL:
        raise ValueError(
            f"the perturbation must be Hermitian (relative max|V − V†| = {error:.2e}); "
            "pass (V + V†)/2 if the asymmetry is rounding"
        )
    energies, vectors = system.eigen
    eigen_v = vectors.conj().T @ matrix @ vectors
    labels = _clusters(energies, degeneracy_tol * max(1.0, float(np.abs(energies).max())))
    shifts = np.empty(energies.size)
    splitting = 0.0
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        block = eigen_v[np.ix_(members, members)]
        values = np.linalg.eigvalsh((block + block.conj().T) / 2)
        shifts[members] = values.mean()
        splitting = max(splitting, float(values.max() - values.min()))
    differences = energies[None, :] - energies[:, None]
    different = labels[:, None] != labels[None, :]
    rotation = np.zeros_like(eigen_v)
    rotation[different] = eigen_v[different] / differences[different]
    return Perturbation(matrix, eigen_v, labels, shifts, splitting, rotation)
