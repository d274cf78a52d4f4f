"""Derivatives of a steady state and its currents with respect to model parameters (adjoint).

For a generator ``L(p)`` with unique NESS ``x(p)`` (``L x = 0``, ``Tr x = 1``),
differentiating gives ``L ∂x = −(∂L) x`` with ``Tr ∂x = 0``, so ``∂x = −L⁺ (∂L) x`` on the
traceless subspace. A quantity linear in the state, ``Q = r(p) · x`` (an observable or a
heat-current row), has

    dQ/dp = (∂r) · x − μ · (∂L) x ,   μ = r L⁺ ,

and μ is one *adjoint* solve per quantity, shared by every parameter: the gradient of one
current with respect to many parameters costs one factorisation of L, one adjoint solve and,
per parameter, the derivative ∂L and one matrix–vector product.

∂L and ∂r come from the generator's own assembly: each parameter is stepped by ``±h, ±2h``
(``h = relative_step · |p|``, or ``relative_step`` at p = 0) and the blocks are combined with
the five-point stencil ``(−L(2h) + 8L(h) − 8L(−h) + L(−2h)) / 12h`` (error O(h⁴)). No
steady state is solved at the stepped points. Eigenbasis generators ("global", "redfield", …)
are compared in the site basis (their eigenvectors change with p); the difference from the
three-point stencil, :attr:`Gradient.stencil_error`, is the evidence of the step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.generators.base import Generator
from nesslab.limits import check_limit, dense_megabytes
from nesslab.solve import SteadyState, steady_state
from nesslab.solve.factorization import factorize
from nesslab.solve.linalg import bordered_rows
from nesslab.spaces import DensitySpace
from nesslab.system import resolve_operator

STENCIL = ((2.0, -1.0), (1.0, 8.0), (-1.0, -8.0), (-2.0, 1.0))
"""(step multiple, weight) of the five-point first-derivative stencil, divided by 12h."""


@dataclass(frozen=True)
class SiteForm:
    """A generator's matrix and rows on site-basis vec(ρ) (for comparing parameter points)."""

    matrix: Any
    heat_rows: Mapping[str, np.ndarray]


def site_form(generator: Generator) -> SiteForm:
    """``generator`` on site-basis vec ρ (``T L T†`` with ``T = conj(V) ⊗ V`` if in an eigenbasis).

    Raises
    ------
    ValueError
        For a space that is not a :class:`~nesslab.spaces.DensitySpace` (populations, HEOM
        hierarchies and RC spaces carry no basis-independent form).
    """
    space = generator.space
    if type(space) is not DensitySpace:
        raise ValueError(
            f"steady_state_gradient needs a density-matrix generator, not {space.describe()} "
            f"(approach {generator.approach!r}); use 'global', 'redfield', "
            "'partial_secular' or 'local'"
        )
    rows = {name: np.asarray(row.toarray()).ravel() for name, row in generator.heat_rows.items()}
    if space.basis is None:
        return SiteForm(sp.csr_matrix(generator.matrix), rows)
    check_limit(
        dense_megabytes(generator.size, 3),
        "max_memory_mb",
        None,
        f"dense site-basis generator of size {generator.size}, MB",
        "lower the dimension, or use a site-basis approach ('local')",
    )
    transform = np.kron(space.basis.conj(), space.basis)
    matrix = generator.matrix
    matrix = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
    adjoint = transform.conj().T
    return SiteForm(
        transform @ matrix @ adjoint, {name: row @ adjoint for name, row in rows.items()}
    )


@dataclass(frozen=True)
class Gradient:
    """d/dp of the heat currents and observables of a NESS (module docstring).

    Attributes
    ----------
    parameters : tuple of str
        Parameter names, in the order of every array.
    values : ndarray
        The point p₀.
    state : SteadyState
        The NESS at p₀.
    currents : mapping of str to ndarray
        ``dJ_α/dp`` per bath (J positive into the system), one entry per parameter.
    observables : mapping of str to ndarray
        ``d⟨A⟩/dp`` for each requested observable.
    stencil_error : float
        Largest ``‖∂L₅ − ∂L₃‖ / ‖∂L₅‖`` over the parameters (five- against three-point).
    """

    parameters: tuple[str, ...]
    values: np.ndarray
    state: SteadyState = field(repr=False)
    currents: Mapping[str, np.ndarray]
    observables: Mapping[str, np.ndarray]
    stencil_error: float


def _norm(matrix: Any) -> float:
    return float(sp.linalg.norm(matrix) if sp.issparse(matrix) else np.linalg.norm(matrix))


def _derivatives(build: Callable[..., Generator], point: dict, name: str, step: float):
    """Five-point ∂L, ∂r of parameter ``name`` and the three-point ∂L (for the error)."""
    forms = {}
    for multiple, _ in STENCIL:
        shifted = {**point, name: point[name] + multiple * step}
        forms[multiple] = site_form(build(**shifted))
    d_matrix = sum(weight * forms[m].matrix for m, weight in STENCIL) / (12 * step)
    d_rows = {
        bath: sum(weight * forms[m].heat_rows[bath] for m, weight in STENCIL) / (12 * step)
        for bath in forms[1.0].heat_rows
    }
    three_point = (forms[1.0].matrix - forms[-1.0].matrix) / (2 * step)
    error = _norm(d_matrix - three_point) / max(_norm(d_matrix), 1e-300)
    return d_matrix, d_rows, error


def steady_state_gradient(
    build: Callable[..., Generator],
    parameters: Mapping[str, float],
    *,
    observables: Mapping[str, Any] | None = None,
    relative_step: float = 1e-3,
) -> Gradient:
    """Gradient of the NESS's heat currents and observables with respect to ``parameters``.

    Parameters
    ----------
    build : callable
        ``build(**parameters) -> Generator`` (any density-matrix approach; it must be smooth in
        the parameters: "global" away from degeneracies, "redfield", "local", …).
    parameters : mapping of str to float
        The point p₀ at which to differentiate (every entry is differentiated).
    observables : mapping of str to operator, optional
        Site-basis operators (or system operator names) whose ``d⟨A⟩/dp`` to return.
    relative_step : float
        Stencil step ``h = relative_step · |p|`` (``relative_step`` where p = 0).

    Returns
    -------
    Gradient
        One adjoint solve per current and observable, whatever the number of parameters.
    """
    if not parameters:
        raise ValueError("parameters must name at least one parameter to differentiate")
    point = {name: float(value) for name, value in parameters.items()}
    generator = build(**point)
    state = steady_state(generator)
    form = site_form(generator)
    x0 = np.asarray(generator.space.to_site(state.vector)).ravel(order="F")
    trace_row = np.eye(generator.dim, dtype=complex).ravel()
    bordered, scale, replaced = bordered_rows(form.matrix, trace_row)
    lu = factorize(sp.csc_matrix(bordered) if sp.issparse(bordered) else bordered)
    rows = {f"current:{name}": row for name, row in form.heat_rows.items()}
    for name, operator in (observables or {}).items():
        matrix = resolve_operator(generator.system, operator, f"observables[{name!r}]")
        rows[f"observable:{name}"] = matrix.ravel(order="C").astype(complex)
    adjoints = {
        key: np.conj(lu.solve(np.conj(row), adjoint=True)) * scale for key, row in rows.items()
    }
    for adjoint in adjoints.values():
        adjoint[replaced] = 0.0
    values = {key: np.zeros(len(point)) for key in rows}
    worst = 0.0
    for index, name in enumerate(point):
        step = relative_step * (abs(point[name]) or 1.0)
        d_matrix, d_rows, error = _derivatives(build, point, name, step)
        worst = max(worst, error)
        applied = d_matrix @ x0
        for key, adjoint in adjoints.items():
            direct = d_rows[key.split(":", 1)[1]] @ x0 if key.startswith("current:") else 0.0
            values[key][index] = float(np.real(direct - adjoint @ applied))
    currents = {key.split(":", 1)[1]: v for key, v in values.items() if key.startswith("current:")}
    observed = {
        key.split(":", 1)[1]: v for key, v in values.items() if key.startswith("observable:")
    }
    return Gradient(tuple(point), np.array(list(point.values())), state, currents, observed, worst)
