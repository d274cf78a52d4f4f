"""Counting fields: the jumps of one bath, each with the increment it adds to a counted quantity.

Full counting statistics of a quantity Q_α exchanged with bath α tilts the generator: every
jump superoperator J_q of that bath that changes Q_α by q is multiplied by e^{iχq},

    L(χ) = L + Σ_q (e^{iχq} − 1) J_q,

so that Tr e^{L(χ)t} ρ₀ is the characteristic function of Q_α(t). Two quantities are counted:

* ``"energy"``: Q_α is the energy that flowed **from bath α into the system** (the sign of
  :func:`nesslab.heat_currents`); a jump that takes the system from an eigenstate of energy
  E_m to one of E_k has q = E_k − E_m.
* ``"jumps"``: Q_α is the number of jumps of the bath's channels (q = 1 each), as QuTiP's
  ``countstat_current_noise`` counts them.

Which approaches define them (:data:`COUNTING`):

* ``"global"`` (Davies) and ``"pauli"``: energy. In the eigenbasis every entry
  L[(k,l),(m,n)] of a secular generator is either a jump of q = E_k − E_m (= E_l − E_n) or an
  anticommutator term with E_k = E_m, which q = 0 leaves untilted; the tilt is therefore
  entrywise and exact. ``"pauli"`` also counts jumps (its off-diagonal rates).
* ``"local"``: jumps of its channels, and energy in the bare quanta of the model's subsystems:
  a jump operator L with [H₀, L] = −ωL, H₀ the sum of the model's ``bare_<label>`` operators,
  has q = −ω. Its mean is then Tr[H₀ D_α(ρ)], not :func:`nesslab.heat_currents`' Tr[H D_α(ρ)]
  (they differ by the inter-subsystem coupling's share, the local approach's known
  inconsistency); a channel that is not such an eigenoperator has no energy quantum and is
  refused.

* ``"redfield"`` and ``"partial_secular"`` (from Baths): energy, with the counting field in the
  bath correlation function, the form of the full-counting-statistics Born–Markov literature
  (e.g. G. Schaller, *Open Quantum Systems Far from Equilibrium*, Springer 2014, ch. 3). Of a
  bath's dissipator ``Λ ρ X† + X ρ Λ† − X†Λ ρ − ρ Λ†X`` (eigenbasis, Λ = X ∘ ½P carrying the
  power spectrum; :mod:`nesslab.generators.jump_terms`) the two sandwich terms are the jumps,
  and each carries the energy of the operator that holds the spectrum: q = E_k − E_m for the
  entry (m, n) → (k, l) of ``Λ ρ X†``, q = E_l − E_n for ``X ρ Λ†`` (equal for a secular entry:
  there it is the global approach's field). Limits: a non-secular L(χ) need not be positive,
  θ(χ) obeys the fluctuation theorem only as far as the secular approximation holds, and the
  mean is not Tr[H D_α(ρ)] but ``Tr[H D_α(ρ)] + Tr(ρ [H, X†Λ − Λ†X])``: the second term is
  the energy that D's Hamiltonian-like part ``−i[(X†Λ − Λ†X)/(2i), ρ]`` moves, which no jump
  carries (it vanishes for secular generators).

* ``"heom"``: energy, with the counting field in the bath correlation function, to second order
  in χ (:mod:`nesslab.counting.hierarchy`: mean, noise and covariances).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import scipy.sparse as sp

from nesslab.counting.hierarchy import heom_counting_field
from nesslab.generators.base import Generator
from nesslab.superop import assemble, assemble_on_pairs

KINDS = ("energy", "jumps")
"""What a :class:`CountingField` counts (module docstring)."""
EIGENOPERATOR_TOL = 1e-10
"""Largest ‖[H₀, L] + ωL‖/(‖L‖ ‖H₀‖) of a local channel counted in bare quanta."""


@dataclass(frozen=True)
class CountingField:
    """The jumps of one bath with their increments: ``L(χ) = L + Σ_g (e^{iχq_g} − 1) ∘ J_g``.

    Attributes
    ----------
    bath : str
        The part of the generator whose jumps are counted.
    kind : str
        "energy" (energy units, from the bath into the system) or "jumps" (counts).
    groups : tuple of (csr_matrix, ndarray)
        Jump superoperators J_g with one increment per stored entry (``q.shape ==
        (J_g.nnz,)``): entrywise tilts of several jumps that share entries stay separate.
    """

    bath: str
    kind: str
    groups: tuple[tuple[sp.csr_matrix, np.ndarray], ...]
    max_order: ClassVar[float] = math.inf
    """The tilt is exact: every order of χ is available."""

    def moment(self, order: int) -> sp.csr_matrix:
        """``Σ_g q_g^order ∘ J_g``: the ``order``-th χ-derivative of L(χ) over i^order."""
        return self._weighted(lambda q: q**order)

    def tilt(self, chi: complex) -> sp.csr_matrix:
        """``Σ_g (e^{iχq_g} − 1) ∘ J_g``, to add to the generator for L(χ)."""
        return self._weighted(lambda q: np.expm1(1j * chi * q))

    def _weighted(self, weight: Callable[[np.ndarray], np.ndarray]) -> sp.csr_matrix:
        total = None
        for matrix, increments in self.groups:
            term = matrix.copy()
            term.data = term.data * weight(increments)
            total = term if total is None else total + term
        return sp.csr_matrix(total)


def _entrywise(matrix: object, increments: Callable[[np.ndarray, np.ndarray], np.ndarray]):
    """One group: the entries of ``matrix`` with a nonzero increment q(row, column)."""
    part = sp.coo_matrix(matrix)
    q = increments(part.row, part.col)
    keep = (q != 0) & (part.data != 0)
    jumps = sp.csr_matrix((part.data[keep], (part.row[keep], part.col[keep])), shape=part.shape)
    jumps.sum_duplicates()
    jumps.sort_indices()
    rows = np.repeat(np.arange(jumps.shape[0]), np.diff(jumps.indptr))
    return jumps, increments(rows, jumps.indices).astype(float)


def _energy_only(generator: Generator) -> ValueError:
    return ValueError(
        f"counting='jumps' needs the jumps of a channel: approach {generator.approach!r} has "
        "energy counting only (counting='energy'); 'pauli' and 'local' count jumps"
    )


def _secular(generator: Generator, bath: str, kind: str) -> CountingField:
    energies = generator.system.eigen[0]
    dim = generator.dim
    populations = generator.space.size == dim
    level = (lambda index: index) if populations else (lambda index: index % dim)
    if kind == "energy":

        def increments(row: np.ndarray, col: np.ndarray) -> np.ndarray:
            return energies[level(row)] - energies[level(col)]

    elif populations:

        def increments(row: np.ndarray, col: np.ndarray) -> np.ndarray:
            return (row != col).astype(float)

    else:
        raise _energy_only(generator)
    return CountingField(bath, kind, (_entrywise(generator.parts[bath], increments),))


def _bare_hamiltonian(generator: Generator) -> np.ndarray:
    system = generator.system
    names = [name for name in system.operators if name.startswith("bare_")]
    if not names:
        raise ValueError(
            "energy counting in the local approach uses the bare quanta of the model's "
            "subsystems, and this System declares none (no 'bare_<label>' operators); count "
            "jumps instead (counting='jumps') or declare the subsystems"
        )
    return sum(_dense(system.op(name)) for name in names)


def _dense(operator: object) -> np.ndarray:
    return np.asarray(operator.toarray() if sp.issparse(operator) else operator)


def _quantum(operator: np.ndarray, bare: np.ndarray, bath: str) -> float:
    """ω with [H₀, L] = −ωL, checked (module docstring)."""
    commutator = bare @ operator - operator @ bare
    norm = float(np.vdot(operator, operator).real)
    omega = -complex(np.vdot(operator, commutator)).real / norm
    scale = np.sqrt(norm) * max(np.linalg.norm(bare, 2), 1.0)
    if np.linalg.norm(commutator + omega * operator) > EIGENOPERATOR_TOL * scale:
        raise ValueError(
            f"a jump operator of {bath!r} is not an eigenoperator of the bare Hamiltonians "
            "([H0, L] = -omega L for no omega): it carries no single energy quantum; count "
            "jumps instead (counting='jumps')"
        )
    return omega


def _local(generator: Generator, bath: str, kind: str) -> CountingField:
    if generator.jump_form is None or bath not in generator.jump_form.jumps:
        raise ValueError(f"the local generator keeps no jump operators for {bath!r}")
    bare = _bare_hamiltonian(generator) if kind == "energy" else None
    groups = []
    for operator, rate in generator.jump_form.jumps[bath]:
        dense = _dense(operator)
        jump = sp.csr_matrix(rate * sp.kron(dense.conj(), dense))
        jump.eliminate_zeros()
        increment = 1.0 if bare is None else -_quantum(dense, bare, bath)
        if increment != 0 and jump.nnz:
            groups.append((jump, np.full(jump.nnz, increment)))
    return CountingField(bath, kind, tuple(groups))


def _redfield(generator: Generator, bath: str, kind: str) -> CountingField:
    jumps = generator.details.get("jump_terms")
    if jumps is None:
        raise ValueError(
            f"approach {generator.approach!r} counts energy for Baths only (its Bloch–Redfield "
            "jump terms); this generator was built from Channels"
        )
    if kind != "energy":
        raise _energy_only(generator)
    energies, dim = generator.system.eigen[0], generator.dim
    left, right = jumps.terms[bath]
    groups = []
    for terms, level in ((left, lambda index: index % dim), (right, lambda index: index // dim)):
        if jumps.pairs is None:
            matrix = assemble(list(terms), dim, sparse=True)
        else:
            matrix = assemble_on_pairs(list(terms), dim, *jumps.pairs)

        def increments(row: np.ndarray, col: np.ndarray, level=level) -> np.ndarray:
            return energies[level(row)] - energies[level(col)]

        groups.append(_entrywise(matrix, increments))
    return CountingField(bath, kind, tuple(groups))


COUNTING: dict[str, Callable[[Generator, str, str], CountingField]] = {
    "global": _secular,
    "pauli": _secular,
    "local": _local,
    "redfield": _redfield,
    "partial_secular": _redfield,
    "heom": heom_counting_field,
}
"""Approach → builder of its counting fields (module docstring)."""


def counting_field(generator: Generator, bath: str, kind: str = "energy") -> CountingField:
    """The counting field of ``bath`` in ``generator`` (module docstring for the conventions).

    Parameters
    ----------
    generator : Generator
        A generator of an approach in :data:`COUNTING`.
    bath : str
        Name of one of its parts (a Bath, or Channels that share a name).
    kind : {"energy", "jumps"}
        What is counted.

    Raises
    ------
    ValueError
        For an approach that defines no counting field (the message names those that do), an
        unknown bath or kind, or a local channel without an energy quantum.
    """
    if not isinstance(generator, Generator):
        raise TypeError("generator must be a nesslab Generator (see nesslab.generator)")
    if generator.approach not in COUNTING:
        raise ValueError(
            f"approach {generator.approach!r} defines no counting field; counting is "
            f"implemented for {', '.join(sorted(COUNTING))}"
        )
    if bath not in generator.parts:
        raise ValueError(
            f"bath {bath!r} is not a part of this generator; its parts are "
            f"{', '.join(map(repr, generator.parts))}"
        )
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return COUNTING[generator.approach](generator, bath, kind)
