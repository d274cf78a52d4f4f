"""Sparse right-hand side of the bosonic HEOM, assembled from Kronecker products.

For baths α with couplings Q_α and expansions ``C_α(t) = Σ_k c_k e^{−ν_k t}``,
``C_α(t)* = Σ_k c̄_k e^{−ν_k t}`` (one mode j per exponential of every bath), the hierarchy is
(Tanimura, J. Chem. Phys. 153, 020901 (2020); the unscaled form of QuTiP's ``HEOMSolver``)::

    dρ_n/dt = (−i[H_S, ·] − Σ_j n_j ν_j) ρ_n
              − i Σ_j [Q_j, ρ_{n+e_j}]
              − i Σ_j n_j (c_j Q_j ρ_{n−e_j} − c̄_j ρ_{n−e_j} Q_j),

with Q_j the coupling of mode j's bath. The ADO vector stacks ``vec(ρ_n)`` (column-stacked) in
the order of :class:`HierarchyIndex`, so every term is ``kron(P, S)``: an ADO-space matrix P
(diagonal, "next" or "prev" neighbours) times a superoperator S on one ADO. One Kronecker
product per bath and kind of term; there is no loop over matrix elements.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
import scipy.sparse as sp
from scipy.special import gammaln

from nesslab.environment.expansion import Expansion
from nesslab.generators.heom.index import HierarchyIndex
from nesslab.superop import assemble, commutator_terms

BYTES_PER_NONZERO = 16 + 4


@dataclass(frozen=True)
class Hierarchy:
    """What a HEOM generator carries besides its matrix: index, baths and expansions.

    Attributes
    ----------
    index : HierarchyIndex
        ADO labels ↔ positions.
    names : tuple of str
        Bath names, in bath-number order.
    couplings : tuple of ndarray
        Hermitian coupling operator Q_α of each bath (site basis).
    expansions : tuple of Expansion
        Exponential expansion of each bath's C_α(t).
    """

    index: HierarchyIndex
    names: tuple[str, ...]
    couplings: tuple[np.ndarray, ...]
    expansions: tuple[Expansion, ...]

    @property
    def n_ados(self) -> int:
        """Number of auxiliary density operators (tier 0 included)."""
        return self.index.n_ados

    def balance(self) -> np.ndarray:
        """Scale of every ADO, ``s_n = Π_j √(n_j! m_j^{n_j})`` with ``m_j = max(|c_j|, |c̄_j|)``.

        The unscaled ADOs grow like ``s_n`` (the coupling down a tier carries ``n_j c_j``, the
        one up a tier 1); ``ρ_n = s_n ρ̃_n`` is the scaled form of Shi et al., J. Chem. Phys.
        130, 084105 (2009), whose couplings are ``√((n_j + 1) m_j)`` up and ``√(n_j) c_j/√m_j``
        down, both of one size. The similarity ``S⁻¹ A S`` does not change the solution; it
        changes how fast GMRES finds it (:class:`nesslab.solve.hierarchy.TierGMRES`). A mode
        with ``m_j`` below 1e-12 of the largest is scaled as if it had that.
        """
        amplitudes = np.concatenate([np.abs(e.amplitudes) for e in self.expansions])
        conjugates = np.concatenate([np.abs(e.conjugate_amplitudes) for e in self.expansions])
        magnitudes = np.maximum(amplitudes, conjugates)
        if not magnitudes.max() > 0:
            return np.ones(self.n_ados)
        magnitudes = np.maximum(magnitudes, 1e-12 * magnitudes.max())
        labels = self.index.labels
        logs = labels @ np.log(magnitudes) + gammaln(labels + 1).sum(axis=1)
        return np.exp(logs / 2)


@dataclass(frozen=True)
class HierarchySize:
    """Size of a HEOM problem, estimated before assembly.

    Attributes
    ----------
    n_ados : int
        ``binomial(K + depth, depth)`` for K modes.
    unknowns : int
        ``n_ados · N²``.
    nonzeros : int
        Upper bound on the nonzeros of the right-hand side.
    megabytes : float
        Memory of that CSR matrix (complex values, int32 indices), before any factorisation;
        a sparse LU needs several times more.
    """

    n_ados: int
    unknowns: int
    nonzeros: int
    megabytes: float


def _superop_nonzeros(operator: np.ndarray) -> int:
    return 2 * operator.shape[0] * int(np.count_nonzero(operator))


def estimate_size(
    hamiltonian: np.ndarray, couplings: list[np.ndarray], modes: list[int], depth: int
) -> HierarchySize:
    """Counts from combinatorics only (no labels built): ADOs, unknowns, nonzeros, memory.

    ``modes[α]`` is the number of exponentials of bath α. Each of the
    ``binomial(K + depth − 1, depth − 1)`` ADOs below the top tier has one "next" neighbour per
    mode, and as many "prev" pairs exist.
    """
    dim = hamiltonian.shape[0]
    n_modes = sum(modes)
    n_ados = comb(n_modes + depth, depth)
    below_top = comb(n_modes + depth - 1, depth - 1) if depth > 0 else 0
    nonzeros = n_ados * (_superop_nonzeros(hamiltonian) + dim * dim)
    for coupling, count in zip(couplings, modes, strict=True):
        nonzeros += 2 * below_top * count * _superop_nonzeros(coupling)
    return HierarchySize(n_ados, n_ados * dim * dim, nonzeros, nonzeros * BYTES_PER_NONZERO / 1e6)


def _mode_arrays(hierarchy: Hierarchy) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    expansions = hierarchy.expansions
    amplitudes = np.concatenate([e.amplitudes for e in expansions])
    conjugates = np.concatenate([e.conjugate_amplitudes for e in expansions])
    rates = np.concatenate([e.rates for e in expansions])
    return amplitudes, conjugates, rates


def _ado_matrix(pairs: list[tuple[np.ndarray, np.ndarray, np.ndarray]], size: int) -> sp.csr_matrix:
    """ADO-space matrix from (rows, cols, values) triples."""
    rows, cols, values = (np.concatenate(column) for column in zip(*pairs, strict=True))
    return sp.csr_matrix((values, (rows, cols)), shape=(size, size), dtype=complex)


def bath_block(hierarchy: Hierarchy, bath: int) -> sp.csr_matrix:
    """All terms of bath ``bath``: damping of its modes and couplings to neighbour tiers."""
    index = hierarchy.index
    coupling = hierarchy.couplings[bath]
    dim = coupling.shape[0]
    amplitudes, conjugates, rates = _mode_arrays(hierarchy)
    modes = index.modes_of(bath)
    up, left, right = [], [], []
    for mode in modes:
        rows, cols = index.next(mode)
        up.append((rows, cols, np.ones(rows.size)))
        rows, cols = index.prev(mode)
        occupation = index.labels[rows, mode]
        left.append((rows, cols, occupation * amplitudes[mode]))
        right.append((rows, cols, occupation * conjugates[mode]))
    damping = -(index.labels[:, modes] @ rates[modes])
    n = index.n_ados
    terms = [
        (sp.diags(damping.astype(complex)), sp.identity(dim * dim, format="csr")),
        (_ado_matrix(up, n), assemble(commutator_terms(coupling), dim)),
        (_ado_matrix(left, n), assemble([(-1j, coupling, None)], dim)),
        (_ado_matrix(right, n), assemble([(1j, None, coupling)], dim)),
    ]
    block = sp.csr_matrix((n * dim * dim,) * 2, dtype=complex)
    for ado_part, superoperator in terms:
        block = block + sp.kron(ado_part, superoperator, format="csr")
    block.eliminate_zeros()
    return block


def assemble_rhs(
    hamiltonian: np.ndarray, hierarchy: Hierarchy
) -> tuple[sp.csr_matrix, dict[str, sp.csr_matrix]]:
    """The coherent part ``1 ⊗ (−i[H_S, ·])`` and one block per bath; their sum is the RHS."""
    dim = hamiltonian.shape[0]
    liouvillian = assemble(commutator_terms(hamiltonian), dim)
    coherent = sp.kron(sp.identity(hierarchy.n_ados, format="csr"), liouvillian, format="csr")
    parts = {name: bath_block(hierarchy, b) for b, name in enumerate(hierarchy.names)}
    return coherent, parts
