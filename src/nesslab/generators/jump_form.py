"""A Lindblad dissipator kept as jump operators, and its action in the energy eigenbasis.

``D_α(ρ) = Σ_k γ_k (L_k ρ L_k† − ½{L_k†L_k, ρ})`` applied to N×N matrices costs a few N×N
matrix products, where the assembled N²×N² superoperator costs N⁴ memory once rotated to the
eigenbasis. Solvers that work in the eigenbasis at extreme scale separation
(:mod:`nesslab.solve.reduced`) use this form; it describes exactly the same dissipator as the
generator's assembled ``parts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class JumpForm:
    """Jump operators (site basis) and rates of every part of a Lindblad generator.

    Attributes
    ----------
    jumps : mapping of str to tuple of (ndarray, float)
        For each part (bath or channel name): ``(L_k, γ_k)`` pairs, rates in energy units.
    """

    jumps: Mapping[str, tuple[tuple[np.ndarray, float], ...]]

    def mean_decay(self, dim: int) -> float:
        """``Tr A / N`` with ``A = Σ_k γ_k L_k†L_k``: basis independent, at most ``max_m A_mm``."""
        total = sum(
            rate * float(np.vdot(operator, operator).real)
            for jumps in self.jumps.values()
            for operator, rate in jumps
        )
        return total / dim

    def in_eigenbasis(self, energies: np.ndarray, vectors: np.ndarray) -> EigenDissipator:
        """The dissipator written in the eigenbasis ``vectors`` of H (eigenvalues ``energies``).

        Real operators stay real (a real H and real jumps): D is then applied to the real and
        imaginary parts of X with real matrix products, half the work of complex ones.
        """
        adjoint = vectors.conj().T
        operators = np.stack(
            [
                np.sqrt(rate) * (adjoint @ operator @ vectors)
                for jumps in self.jumps.values()
                for operator, rate in jumps
            ]
        )
        if np.iscomplexobj(operators) and not np.any(operators.imag):
            operators = operators.real
        return EigenDissipator(np.asarray(energies, dtype=float), operators)


@dataclass(frozen=True)
class EigenDissipator:
    """``D(X) = Σ_k J_k X J_k† − ½{A, X}`` with ``J_k = √γ_k V†L_kV`` and ``A = Σ_k J_k†J_k``.

    Attributes
    ----------
    energies : ndarray
        Eigenvalues ``E_m`` of H (energy units).
    operators : ndarray
        The scaled eigenbasis jump operators ``J_k``, shape (K, N, N) (real when they are).
    """

    energies: np.ndarray
    operators: np.ndarray

    @cached_property
    def decay(self) -> np.ndarray:
        """``A = Σ_k J_k†J_k``; ``A_mm`` is the total decay rate of eigenstate m."""
        return self._stack.conj().T @ self._stack

    @cached_property
    def _stack(self) -> np.ndarray:
        """The J_k stacked vertically, (K·N, N)."""
        count, size, _ = self.operators.shape
        return self.operators.reshape(count * size, size)

    @cached_property
    def _adjoint_stack(self) -> np.ndarray:
        """The J_k† stacked vertically, (K·N, N)."""
        count, size, _ = self.operators.shape
        adjoints = np.ascontiguousarray(self.operators.conj().transpose(0, 2, 1))
        return adjoints.reshape(count * size, size)

    @cached_property
    def bohr(self) -> np.ndarray:
        """``ω_mn = E_m − E_n``: the coherent part is ``−iω ∘ X``."""
        return self.energies[:, None] - self.energies[None, :]

    @cached_property
    def diagonal(self) -> np.ndarray:
        """``d_mn``: the diagonal of D, the coefficient of X_mn in D(X)_mn."""
        diagonals = np.diagonal(self.operators, axis1=1, axis2=2)
        sandwich = np.einsum("km,kn->mn", diagonals, diagonals.conj())
        decay = np.diag(self.decay).real
        return sandwich - (decay[:, None] + decay[None, :]) / 2

    @property
    def largest_decay(self) -> float:
        """``max_m A_mm``: the fastest population decay rate (1 for a vanishing dissipator)."""
        return float(np.diag(self.decay).real.max()) or 1.0

    def apply(self, matrix: np.ndarray) -> np.ndarray:
        """``D(X)`` of an N×N matrix X.

        With real operators and a complex X, the real and imaginary parts go through the same
        real matrix products side by side (``[Re X | Im X]``), half the work of complex ones.
        """
        if not (np.isrealobj(self.operators) and np.iscomplexobj(matrix)):
            return self._apply(matrix[None])[0]
        parts = self._apply(np.stack([matrix.real, matrix.imag]))
        return parts[0] + 1j * parts[1]

    def _apply(self, matrices: np.ndarray) -> np.ndarray:
        """``D`` of a stack of B matrices, shape (B, N, N), in four matrix products."""
        count, size, _ = self.operators.shape
        batch = matrices.shape[0]
        side_by_side = matrices.transpose(1, 0, 2).reshape(size, batch * size)
        left = (self._stack @ side_by_side).reshape(count, size, batch, size)
        rows = left.transpose(2, 1, 0, 3).reshape(batch * size, count * size)
        sandwich = (rows @ self._adjoint_stack).reshape(batch, size, size)
        before = (self.decay @ side_by_side).reshape(size, batch, size).transpose(1, 0, 2)
        after = (matrices.reshape(batch * size, size) @ self.decay).reshape(batch, size, size)
        return sandwich - (before + after) / 2

    @cached_property
    def coherent(self) -> np.ndarray:
        """``−iω_mn``: the coherent part of the generator, entrywise."""
        return -1j * self.bohr

    def generator(self, matrix: np.ndarray) -> np.ndarray:
        """``−iω ∘ X + D(X)``: the whole generator in the eigenbasis."""
        return self.coherent * matrix + self.apply(matrix)

    def frobenius_norm(self) -> float:
        """``‖L‖_F`` of the whole generator ``−iω ∘ X + D(X)`` as an N²×N² matrix.

        ``L = Σ_t α_t P_t ⊗ Q_t`` (``vec(PXQ) = (Qᵀ ⊗ P) vec X``) with the terms ``−i(I ⊗ E)``,
        ``i(E ⊗ I)``, ``J̄_k ⊗ J_k``, ``−½ I ⊗ A`` and ``−½ Aᵀ ⊗ I``, so
        ``‖L‖_F² = Σ_{t,s} ᾱ_t α_s ⟨P_t, P_s⟩⟨Q_t, Q_s⟩``: O(N²) per pair of terms, no N⁴ object.
        """
        size = self.energies.size
        identity = np.eye(size)
        energy = np.diag(self.energies).astype(complex)
        ops = list(self.operators)
        lefts = [identity, energy, *(op.conj() for op in ops), identity, self.decay.T]
        rights = [energy, identity, *ops, self.decay, identity]
        coefficients = np.array([-1j, 1j, *np.ones(len(ops)), -0.5, -0.5])
        left = np.stack(lefts).reshape(len(lefts), -1)
        right = np.stack(rights).reshape(len(rights), -1)
        gram = (left.conj() @ left.T) * (right.conj() @ right.T)
        return float(np.sqrt(max(np.real(coefficients.conj() @ gram @ coefficients), 0.0)))

    def block(self, rows: tuple[np.ndarray, np.ndarray], cols: tuple[np.ndarray, np.ndarray]):
        """Entries of D between components ``(m_i, n_i)`` (rows) and ``(p_j, q_j)`` (columns).

        ``D_{(mn),(pq)} = Σ_k J_mp J̄_nq − ½δ_nq A_mp − ½δ_mp A_qn``.
        """
        m, n = (index[:, None] for index in rows)
        p, q = (index[None, :] for index in cols)
        ops = self.operators
        sandwich = np.einsum("kij,kij->ij", ops[:, m, p], ops[:, n, q].conj())
        decay = self.decay
        return sandwich - 0.5 * ((n == q) * decay[m, p] + (m == p) * decay[q, n])
