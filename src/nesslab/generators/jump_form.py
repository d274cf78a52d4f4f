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

from nesslab.system import real_if_exact


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
                np.sqrt(rate) * (adjoint @ real_if_exact(operator) @ vectors)
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
        sandwich = diagonals.T @ diagonals.conj()
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

        ``‖L‖² = ‖C‖² + 2 Re⟨C, D⟩ + ‖D‖²`` with the diagonal coherent part C = −iω, so
        ``⟨C, D⟩ = Σ iω_mn d_mn`` (:attr:`diagonal`). D is ``Σ_k J̄_k ⊗ J_k − ½ I ⊗ A − ½ Aᵀ ⊗ I``
        (``vec(PXQ) = (Qᵀ ⊗ P) vec X``), and ``⟨P ⊗ Q, R ⊗ S⟩ = ⟨P, R⟩⟨Q, S⟩`` gives
        ``‖D‖² = Σ_kl |⟨J_k, J_l⟩|² − 2 Re Σ_k tr(J_k)⟨J_k, A⟩ + ½N‖A‖² + ½(tr A)²``
        (A Hermitian): O(K²N²), no N⁴ object.
        """
        count, size, _ = self.operators.shape
        flat = self.operators.reshape(count, size * size)
        gram = flat.conj() @ flat.T
        traces = np.trace(self.operators, axis1=1, axis2=2)
        decay = self.decay
        dissipator = (
            np.sum(np.abs(gram) ** 2)
            - 2 * np.real(traces @ (flat.conj() @ decay.ravel()))
            + 0.5 * size * np.vdot(decay, decay).real
            + 0.5 * np.trace(decay).real ** 2
        )
        coherent = np.sum(self.bohr**2)
        cross = 2 * np.real(np.sum(1j * self.bohr * self.diagonal))
        return float(np.sqrt(max(coherent + cross + dissipator, 0.0)))

    def images(self, cols: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """``D(|p_j⟩⟨q_j|)`` for the components ``(p_j, q_j)``: shape (N², n), row ``m·N + n``.

        The whole columns of D at those components (:meth:`block` at every row), from
        ``Σ_k J_mp J̄_nq − ½δ_nq A_mp − ½δ_mp A_qn``; N²·n entries.
        """
        p, q = cols
        size = self.energies.size
        ops = self.operators
        # images[j, m, n] = Σ_k J_k[m, p_j] J̄_k[n, q_j]: one batched product over j.
        images = ops[:, :, p].transpose(2, 1, 0) @ ops[:, :, q].conj().transpose(2, 0, 1)
        columns = np.arange(p.size)
        images[columns, :, q] -= 0.5 * self.decay[:, p].T
        images[columns, p, :] -= 0.5 * self.decay[q, :]
        return images.reshape(p.size, size * size).T

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
