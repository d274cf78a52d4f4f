"""The Generator: what every master-equation approach returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.generators.deferred import Build, BuiltOnRead, Deferred
from nesslab.generators.jump_form import JumpForm
from nesslab.spaces import StateSpace
from nesslab.superop import Matrix
from nesslab.system import System


def as_row(values: Any, size: int, name: str) -> sp.csr_array:
    """A row of ``size`` entries (dense or sparse input) as a 1 × size CSR array."""
    row = sp.csr_array(values.reshape(1, -1) if isinstance(values, np.ndarray) else values)
    if row.shape != (1, size):
        raise ValueError(f"heat row {name!r} must have {size} entries, got shape {row.shape}")
    return row.astype(complex)


_COHERENT = BuiltOnRead()
"""``Generator.coherent``: a matrix, or a :class:`Build` assembled on first read."""


def _energy_row(
    space: StateSpace, hamiltonian: np.ndarray, parts: Mapping[str, Matrix], name: str
) -> sp.csr_array:
    """The default heat row of part ``name``: ``Tr[H · D(·)]``.

    A function of the generator's fields, not a method: a builder bound to the generator
    would make a reference cycle, and every generator of a sweep would wait for the cyclic
    garbage collector.
    """
    energy = space.observable_row(hamiltonian)
    return as_row(energy @ parts[name], space.size, name)


@dataclass(frozen=True)
class Generator:
    """A master-equation generator ``dx/dt = (coherent + Σ_α parts[α]) x`` on a state space.

    Attributes
    ----------
    approach : str
        Name of the approach that built it ("local", "global", "redfield", …).
    system : System
        The system it describes.
    space : StateSpace
        What the state vector x is (:mod:`nesslab.spaces`): vec(ρ) in the site or energy
        basis, eigenstate populations, a HEOM hierarchy, …
    coherent : matrix
        The Hamiltonian part ``−i[H, ·]`` (all zeros for a rate equation); may be given as a
        :class:`~nesslab.generators.deferred.Build`, assembled on first read.
    parts : mapping of str to matrix
        Dissipator of each bath (Channels that share a name are summed into one part); a
        :class:`~nesslab.generators.deferred.Deferred` mapping assembles them on first use.
    temperatures : mapping of str to float or None
        Temperature of each part's bath, where known (entropy production needs it).
    options : mapping
        Options the approach was built with, for the record.
    heat_rows : mapping of str to sparse row, optional
        Heat current of each bath as a row linear in the state vector,
        ``J_α = Re(heat_rows[α] · x)``, positive when energy flows from bath α into the system.
        Default ``Tr[H · D_α(·)]`` (the row of H times ``parts[α]``); a HEOM fills in its
        bath-side current of the first-tier auxiliary operators. Stored as 1 × size CSR arrays
        (the default ones built on first use).
    details : mapping
        Approach-specific objects for that approach's own tools (HEOM: ``"hierarchy"``);
        solvers and observables never read them.
    jump_form : JumpForm, optional
        The same dissipators as jump operators and rates, when the generator is a Lindbladian
        built from them ("local"): eigenbasis solvers apply it as N×N matrix products instead
        of the N²×N² parts (:mod:`nesslab.solve.reduced`).
    assembly : Build, optional
        The whole matrix ``coherent + Σ parts`` in one pass, for an approach that builds it
        more cheaply than the sum of its blocks ("local": one sparse assembly of every term).
        It must equal that sum; :attr:`matrix` uses it when given.
    """

    approach: str
    system: System
    space: StateSpace
    coherent: Matrix = _COHERENT  # type: ignore[assignment]
    parts: Mapping[str, Matrix]
    temperatures: Mapping[str, float | None] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    heat_rows: Mapping[str, Any] | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    jump_form: JumpForm | None = None
    assembly: Build | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.space, StateSpace):
            raise TypeError(
                f"space must be a nesslab.spaces.StateSpace (DensitySpace, PopulationSpace, "
                f"HierarchySpace, …), got {type(self.space).__name__}"
            )
        if not self.parts:
            raise ValueError("a Generator needs at least one bath or channel")
        shape = (self.space.size, self.space.size)
        blocks = {"coherent": _COHERENT.shape(self)}
        if isinstance(self.parts, Deferred):
            blocks.update(dict.fromkeys(self.parts, self.parts.shape))
        else:
            blocks.update({name: np.shape(part) for name, part in self.parts.items()})
        if self.assembly is not None:
            blocks["assembly"] = self.assembly.shape
        for name, block_shape in blocks.items():
            if block_shape != shape:
                raise ValueError(
                    f"generator block {name!r} has shape {block_shape}, but "
                    f"{self.space.describe()} needs {shape}"
                )
        rows = self.heat_rows
        size = self.space.size
        if rows is None:
            rows = Deferred(
                {
                    name: partial(_energy_row, self.space, self.system.H, self.parts, name)
                    for name in self.parts
                }
            )
        elif set(rows) != set(self.parts):
            raise ValueError(
                f"heat_rows must name the parts {sorted(self.parts)}, got {sorted(rows)}"
            )
        elif not isinstance(rows, Deferred):
            rows = {name: as_row(row, size, name) for name, row in rows.items()}
        object.__setattr__(self, "heat_rows", rows)

    @property
    def dim(self) -> int:
        """Hilbert-space dimension N."""
        return self.system.dim

    @property
    def size(self) -> int:
        """Length of the state vector (``space.size``)."""
        return self.space.size

    @property
    def basis(self) -> np.ndarray | None:
        """The space's basis (eigenvectors of H for the eigenbasis approaches), or None (site)."""
        return self.space.basis

    @property
    def basis_name(self) -> str:
        """``"site"`` or ``"eigen"``."""
        return "site" if self.basis is None else "eigen"

    @cached_property
    def matrix(self) -> Matrix:
        """The full generator: coherent part plus every dissipator."""
        if self.assembly is not None:
            total = self.assembly.builder()
            return total.tocsr() if sp.issparse(total) else np.asarray(total)
        total = self.coherent
        for part in self.parts.values():
            total = total + part
        return total.tocsr() if sp.issparse(total) else np.asarray(total)

    @cached_property
    def frobenius_norm(self) -> float:
        """``‖matrix‖_F``, the scale of relative residuals."""
        matrix = self.matrix
        if not sp.issparse(matrix):
            return float(np.linalg.norm(matrix))
        canonical = sp.csr_matrix(matrix)
        canonical.sum_duplicates()
        return float(np.linalg.norm(canonical.data))

    @cached_property
    def frequencies(self) -> np.ndarray:
        """Bohr frequency of every component (eigenbasis spaces only)."""
        frequencies = self.space.bohr_frequencies(self.system)
        if frequencies is None:
            raise ValueError(
                f"Bohr frequencies are defined for eigenbasis spaces only, not "
                f"{self.space.describe()}"
            )
        return frequencies

    def in_basis(self, operator: np.ndarray) -> np.ndarray:
        """A site-basis operator written in this generator's basis."""
        return self.space.in_basis(operator)

    def observable_row(self, operator: np.ndarray) -> np.ndarray:
        """Row r with ``r · x = Tr[operator · X]`` for a state (or derivative) vector x."""
        return self.space.observable_row(operator)

    def trace_row(self) -> np.ndarray:
        """Row r with ``r · x = Tr X``."""
        return self.space.trace_row()

    def to_site(self, vector: np.ndarray) -> np.ndarray:
        """The density matrix (site basis) of a state vector in this generator's space."""
        return self.space.to_site(vector)

    def from_site(self, rho: np.ndarray) -> np.ndarray:
        """The state vector in this generator's space of a site-basis density matrix."""
        return self.space.from_site(rho)


def in_eigenbasis(generator: Generator) -> Generator:
    """The same generator written in the energy eigenbasis (exactly diagonal coherent part).

    Only the dissipators (and heat rows) are rotated; the coherent part is rebuilt as
    ``−i(E_m − E_n)`` from the eigenvalues, so the Hamiltonian loses no digits to the rotation.

    Raises
    ------
    ValueError
        If the generator's space cannot be written in the eigenbasis (e.g. a HEOM hierarchy).
    """
    rotation = generator.space.eigenbasis(generator.system)
    if rotation is None:
        raise ValueError(
            f"a generator on {generator.space.describe()} cannot be written in the energy "
            "eigenbasis"
        )
    if rotation.space is generator.space:
        return generator
    frequencies = rotation.space.bohr_frequencies(generator.system)
    return Generator(
        approach=generator.approach,
        system=generator.system,
        space=rotation.space,
        coherent=sp.diags(-1j * frequencies, format="csr"),
        parts={name: rotation.superoperator(p) for name, p in generator.parts.items()},
        temperatures=generator.temperatures,
        options={**generator.options, "basis": "eigen"},
        heat_rows={
            name: rotation.row(row.toarray().ravel()) for name, row in generator.heat_rows.items()
        },
        details=generator.details,
        jump_form=generator.jump_form,
    )
