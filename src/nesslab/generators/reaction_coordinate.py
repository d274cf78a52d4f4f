"""The reaction-coordinate approach: each bath's collective mode joins the system.

Every Bath is mapped to its reaction coordinate (:mod:`nesslab.environment.reaction_coordinate`):
a mode ``Ω_α a_α†a_α`` coupled to the system as ``λ_α S_α ⊗ (a_α + a_α†)``, kept in
``levels_α`` Fock states, and damped by the residual bath ``J_res,α`` through ``a_α + a_α†`` at
the bath's temperature. The augmented Hamiltonian

    H_aug = H_S ⊗ 1 + Σ_α [λ_α S_α ⊗ q_α + Ω_α a_α†a_α],   q_α = a_α + a_α†,

is exact for any coupling strength; only the residual baths are treated to second order, by
Bloch–Redfield in the eigenbasis of H_aug (Lamb shift and counter-term both left out, which is
consistent to that order). The secular (Davies) treatment is not offered: two RCs of equal
frequency make H_aug degenerate between baths, and the secular generator then carries heat
directly from one residual bath to the other (700 times the Redfield current for seed 004's
model at α = 0.1, θ = π/4).

Heat current of bath α: ``J_α = Tr[H_aug D_α(ρ_aug)]``, the energy that leaves residual bath α,
positive into the augmented system. In a steady state the energy of the RC and of its coupling
terms is constant, so this is the energy leaving the original bath α, which is what the HEOM's
bath-side current measures; ``Σ_α J_α = 0`` holds exactly (Tr[H_aug [H_aug, ρ]] = 0).

The generator never assembles its N²×N² matrix unless a solver asks for it: its
``details["operator_sum"]`` (:class:`nesslab.operator_sum.OperatorSum`) is what
:mod:`nesslab.solve.sylvester` solves at O(N³) per iteration.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.environment.baths import Bath
from nesslab.environment.reaction_coordinate import ReactionCoordinate, reaction_coordinate
from nesslab.generators.base import Generator
from nesslab.generators.couplings import as_list, site_couplings
from nesslab.generators.deferred import Deferred
from nesslab.generators.redfield import bath_terms
from nesslab.limits import DENSE_TEMPORARIES, check_limit, count, dense_megabytes
from nesslab.operator_sum import OperatorSum
from nesslab.operators import destroy, embed, number
from nesslab.spaces import DensitySpace, ReactionCoordinateSpace
from nesslab.superop import assemble, commutator_terms, expectation_row
from nesslab.system import System

RESIDUAL_STRENGTH_LIMIT = 0.1
"""``J_res(Ω)/Ω`` above which the residual bath is too strong for a Born–Markov treatment."""


class ReactionCoordinateWarning(UserWarning):
    """The reaction-coordinate route is used outside its validity (a strong residual bath)."""


def _levels(levels: int | Sequence[int] | Mapping[str, int], names: list[str]) -> tuple[int, ...]:
    if isinstance(levels, Mapping):
        missing = sorted(set(names) - set(levels))
        if missing or set(levels) - set(names):
            raise ValueError(f"levels must name every bath {names}, got {sorted(levels)}")
        values = [levels[name] for name in names]
    elif np.ndim(levels) == 0:
        values = [levels] * len(names)
    else:
        values = list(levels)
        if len(values) != len(names):
            raise ValueError(f"levels must have one entry per bath ({len(names)}), got {levels}")
    return tuple(count(v, "levels", minimum=2) for v in values)


def augmented_model(
    system: System, baths: list[Bath], levels: tuple[int, ...]
) -> tuple[System, list[Bath], dict[str, ReactionCoordinate]]:
    """H_aug (module docstring), the residual baths and each bath's reaction coordinate.

    The augmented system has dims ``(N, *levels)`` and, besides the system's operators
    (as ``A ⊗ 1``), the named operators ``"q_<bath>"`` (a + a†) and ``"n_<bath>"`` (a†a).
    """
    couplings = site_couplings(system, baths)
    dims = (system.dim, *levels)
    modes = {bath.name: reaction_coordinate(bath.spectral_density) for bath in baths}
    hamiltonian = embed(system.H, 0, dims)
    operators = {name: embed(op, 0, dims) for name, op in system.operators.items()}
    residuals = []
    for position, bath in enumerate(baths, start=1):
        lowering = destroy(levels[position - 1])
        position_op = embed(lowering + lowering.T, position, dims)
        number_op = embed(number(levels[position - 1]), position, dims)
        mode = modes[bath.name]
        coupling = couplings[bath.name][0]
        hamiltonian = hamiltonian + mode.coupling * embed(coupling, 0, dims) @ position_op
        hamiltonian = hamiltonian + mode.frequency * number_op
        operators[f"q_{bath.name}"] = position_op
        operators[f"n_{bath.name}"] = number_op
        residuals.append(Bath(position_op, mode.residual, bath.temperature, bath.name))
    augmented = System(hamiltonian, (*system.dims, *levels), operators)
    return augmented, residuals, modes


def _dense_part(terms: list, dim: int, max_memory_mb: float | None) -> np.ndarray:
    check_limit(
        dense_megabytes(dim * dim, 1 + DENSE_TEMPORARIES),
        "max_memory_mb",
        max_memory_mb,
        f"dense part of a reaction_coordinate generator of dimension {dim}, MB",
        "only a direct solve assembles it: use method='iterative' (SylvesterGMRES, never "
        "assembled) or fewer levels",
    )
    return assemble(terms, dim, sparse=False)


def reaction_coordinate_generator(
    system: System,
    environment: Any,
    *,
    levels: int | Sequence[int] | Mapping[str, int] = 6,
    max_memory_mb: float | None = None,
) -> Generator:
    """The reaction-coordinate generator (module docstring), one part per Bath.

    Parameters
    ----------
    system : System
        The system (dimension N).
    environment : Bath or list of Bath
        Thermal baths whose J(ω) has a reaction coordinate (Brownian, or finite ``∫Jω`` and
        ``∫J/ω``: :func:`nesslab.environment.reaction_coordinate.reaction_coordinate`).
    levels : int, sequence or mapping of int
        Fock levels kept of each RC (≥ 2): one for all, one per bath in order, or by bath
        name. Converge it (:func:`nesslab.analysis.converge_levels`).
    max_memory_mb : float, optional
        Limit on the dense N_aug²×N_aug² parts, checked only if a solver assembles them
        (the "direct" method); the default solver never does.

    Returns
    -------
    Generator
        On a :class:`~nesslab.spaces.ReactionCoordinateSpace`; ``details``: the
        ``"augmented_system"``, the ``"reaction_coordinates"`` by bath and the
        ``"operator_sum"`` of the whole generator (eigenbasis of H_aug).

    Warns
    -----
    ReactionCoordinateWarning
        When a residual bath is strong, ``J_res(Ω)/Ω > RESIDUAL_STRENGTH_LIMIT``.

    Raises
    ------
    ValueError
        For a bath without a reaction coordinate, or bad ``levels``.
    nesslab.limits.ResourceLimitError
        If the augmented dimension exceeds ``max_dimension`` (:class:`nesslab.System`).
    """
    baths = as_list(environment, Bath, "reaction_coordinate")
    names = [bath.name for bath in baths]
    level_counts = _levels(levels, names)
    augmented, residuals, modes = augmented_model(system, baths, level_counts)
    for name, mode in modes.items():
        if mode.residual_strength > RESIDUAL_STRENGTH_LIMIT:
            warnings.warn(
                f"bath {name!r}: the residual bath of its reaction coordinate is strong "
                f"(J_res(Ω)/Ω = {mode.residual_strength:.2g} > {RESIDUAL_STRENGTH_LIMIT}), so "
                "its Born–Markov treatment is outside its validity; cross-check with the HEOM",
                ReactionCoordinateWarning,
                stacklevel=3,
            )
    terms, temperatures = bath_terms(augmented, residuals)
    dim = augmented.dim
    energies = np.diag(augmented.eigen[0]).astype(complex)
    inner = DensitySpace(dim, augmented.eigen[1])
    space = ReactionCoordinateSpace(system.dim, level_counts, inner)
    sums = {name: OperatorSum.of(part, dim) for name, part in terms.items()}
    total = OperatorSum.of(commutator_terms(energies), dim)
    for part in sums.values():
        total = total + part
    return Generator(
        approach="reaction_coordinate",
        system=system,
        space=space,
        coherent=sp.diags(-1j * inner.bohr_frequencies(augmented), format="csr"),
        parts=Deferred(
            {name: partial(_dense_part, part, dim, max_memory_mb) for name, part in terms.items()},
            shape=(dim * dim, dim * dim),
        ),
        temperatures=temperatures,
        options={"levels": dict(zip(names, level_counts, strict=True)), "residual": "redfield"},
        heat_rows={
            name: expectation_row(part.adjoint_observable(energies)) for name, part in sums.items()
        },
        details={
            "augmented_system": augmented,
            "reaction_coordinates": modes,
            "operator_sum": total,
        },
    )


def top_level_populations(generator: Generator, vector: np.ndarray) -> dict[str, float]:
    """Population of each RC's highest kept Fock level in a state vector.

    The truncation's evidence: small when ``levels`` suffices.
    """
    space = generator.space
    populations = np.real(np.diag(space.augmented_state(vector)))
    populations = populations.reshape(space.dim, *space.levels)
    result = {}
    for axis, name in enumerate(generator.options["levels"], start=1):
        result[name] = float(np.take(populations, -1, axis=axis).sum())
    return result
