"""``steady_state``: the method registry, the "auto" choice, and the solve with its diagnostics."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from nesslab.generators.base import Generator
from nesslab.registry import lookup
from nesslab.solve.direct import Direct, Eigen
from nesslab.solve.hierarchy import TierGMRES
from nesslab.solve.iterative import Iterative
from nesslab.solve.linalg import ConvergenceError, Solution
from nesslab.solve.method import SteadyStateMethod, supported_spaces
from nesslab.solve.reduced import TOLERANCE, Reduced
from nesslab.solve.result import SteadyState, finish
from nesslab.solve.sylvester import SylvesterGMRES
from nesslab.spaces import StateSpace


@dataclass(frozen=True)
class Auto(SteadyStateMethod):
    """Choose the method from the generator.

    * A hierarchy (what :class:`TierGMRES` supports) above ``iterative_size`` unknowns:
      ``iterative`` first, ``direct`` if GMRES does not converge and the generator has at
      most ``direct_size`` unknowns (else the ConvergenceError is raised).
    * A reaction-coordinate generator (what :class:`SylvesterGMRES` supports) above
      ``iterative_size`` unknowns: ``iterative`` first (its matrix is never assembled),
      ``direct`` as for a hierarchy.
    * A density generator with a jump form (a Lindbladian, "local"): ``reduced`` (slow/fast
      defect correction) when it applies and its error estimate is at most ``tolerance``;
      otherwise ``direct``.
    * Anything else: ``direct``, escalated to ``reduced`` where it applies when the condition
      estimate of the direct system exceeds ``escalate_condition``.

    ``notes`` records every decision and its reason.

    Parameters
    ----------
    tolerance : float
        Requested trace distance to the exact steady state for the ``reduced`` route.
    escalate_condition : float
        Condition estimate of the bordered direct system above which "reduced" is used.
    iterative_size : int
        Unknowns above which a hierarchy is solved iteratively first.
    direct_size : int
        Unknowns above which a failed iterative solve is not retried by the sparse LU: the
        fill-in of a deep hierarchy's LU grows so fast that it would take hours, so the GMRES
        ConvergenceError is raised instead (``benchmarks/bench_heom.py --strong`` times it).
    direct, reduced, hierarchy, operator_sum : SteadyStateMethod
        The methods chosen from, with their options (``reduced`` runs at ``tolerance``).
    """

    name = "auto"

    tolerance: float = TOLERANCE
    escalate_condition: float = 1e10
    iterative_size: int = 2000
    direct_size: int = 30_000
    direct: Direct = field(default_factory=Direct)
    reduced: Reduced = field(default_factory=Reduced)
    hierarchy: TierGMRES = field(default_factory=TierGMRES)
    operator_sum: SylvesterGMRES = field(default_factory=SylvesterGMRES)

    def solve(self, generator: Generator) -> Solution:  # noqa: D102
        for iterative in (self.hierarchy, self.operator_sum):
            if iterative.supports(generator.space) and generator.size > self.iterative_size:
                try:
                    return iterative.solve(generator)
                except ConvergenceError as error:
                    if generator.size > self.direct_size:
                        raise ConvergenceError(
                            f"{error}; the direct fallback is skipped above direct_size = "
                            f"{self.direct_size} unknowns (this generator has {generator.size})"
                        ) from error
                    direct = self.direct.solve(generator)
                    return direct._replace(notes=[f"{error}: used 'direct'", *direct.notes])
        if generator.jump_form is not None and self.reduced.supports(generator.space):
            return self._lindbladian(generator)
        direct = self.direct.solve(generator)
        if self.reduced.supports(generator.space) and direct.condition > self.escalate_condition:
            reduced = self.reduced.solve(generator)
            note = (
                f"direct solve condition {direct.condition:.1e} > {self.escalate_condition:g}: "
                "used 'reduced'"
            )
            return reduced._replace(notes=[note, *reduced.notes])
        return direct

    def _lindbladian(self, generator: Generator) -> Solution:
        reduced = self.reduced
        if reduced.tolerance != self.tolerance:
            reduced = replace(reduced, tolerance=self.tolerance)
        attempt = reduced.attempt(generator)
        if isinstance(attempt, Solution):
            if attempt.error_estimate <= self.tolerance:
                note = (
                    f"auto: used 'reduced' (estimated trace distance "
                    f"{attempt.error_estimate:.1e} <= tolerance {self.tolerance:g})"
                )
                return attempt._replace(notes=[note, *attempt.notes])
            attempt = (
                f"its estimated trace distance {attempt.error_estimate:.1e} exceeds the "
                f"tolerance {self.tolerance:g}"
            )
        direct = self.direct.solve(generator)
        return direct._replace(
            notes=[f"auto: used 'direct', not 'reduced': {attempt}", *direct.notes]
        )


# Each name lists its methods in order of preference: the first that supports the generator's
# space is used (a HEOM hierarchy's "iterative" is TierGMRES, a reaction-coordinate
# generator's SylvesterGMRES, any other space's is Iterative).
METHODS: dict[str, tuple[SteadyStateMethod, ...]] = {
    "auto": (Auto(),),
    "direct": (Direct(),),
    "eigen": (Eigen(),),
    "iterative": (TierGMRES(), SylvesterGMRES(), Iterative()),
    "reduced": (Reduced(), Direct()),
}


def resolve_method(
    method: str | SteadyStateMethod | type[SteadyStateMethod], space: StateSpace
) -> tuple[SteadyStateMethod, tuple[str, ...]]:
    """The method object to use on ``space``, and a note when a name fell back to another.

    Raises
    ------
    ValueError
        For an unknown name, or a method that does not support ``space``.
    TypeError
        For anything that is neither a name nor a method.
    """
    if isinstance(method, type) and issubclass(method, SteadyStateMethod):
        method = method()
    if isinstance(method, SteadyStateMethod):
        if not method.supports(space):
            raise ValueError(
                f"method {method.describe()} supports {supported_spaces(method)}, not "
                f"{space.describe()}"
            )
        return method, ()
    if not isinstance(method, str):
        raise TypeError(
            f"method must be a name ({', '.join(METHODS)}) or a SteadyStateMethod, got "
            f"{type(method).__name__}"
        )
    candidates = lookup(METHODS, method, "method")
    usable = [candidate for candidate in candidates if candidate.supports(space)]
    if not usable:
        raise ValueError(f"method {method!r} has no variant for {space.describe()}")
    chosen = usable[0]
    if chosen is candidates[0]:
        return chosen, ()
    note = f"method {method!r} does not apply to {space.describe()}: used {chosen.describe()}"
    return chosen, (note,)


def steady_state(
    generator: Generator, *, method: str | SteadyStateMethod | type[SteadyStateMethod] = "auto"
) -> SteadyState:
    """The unique steady state ``L x = 0``, ``Tr ρ = 1``, with diagnostics.

    Parameters
    ----------
    generator : Generator
        From :func:`nesslab.generator`.
    method : str, SteadyStateMethod instance or class
        A name of :data:`METHODS`, or a method object with its options (``Direct(ordering=...)``,
        ``Iterative(rtol=...)``, ``TierGMRES(restart=...)``, ``Reduced(window=...)``,
        ``Auto(...)``, ``Eigen(...)``), or a method class (its defaults). Names:

        ``"direct"``: sparse or dense LU of the generator bordered with the trace condition,
        row-equilibrated, with iterative refinement, in the symmetric sector of a weak
        symmetry. ``"reduced"``: exact reduction in the energy eigenbasis onto
        populations and near-degenerate coherences (:mod:`nesslab.solve.reduced`: slow/fast
        defect correction from the jump operators of a Lindbladian, with an error estimate;
        Schur complement of any other density generator), well conditioned when the rates
        are 10⁻¹⁶–10⁻¹² of the level spacing; density matrices only ("direct" elsewhere,
        with a note). ``"eigen"``: dense SVD null vector. ``"iterative"``:
        GMRES, with the tier preconditioner of :mod:`nesslab.solve.hierarchy` on a HEOM
        hierarchy, the Sylvester preconditioner of :mod:`nesslab.solve.sylvester` on a
        reaction-coordinate generator and an incomplete LU otherwise. ``"auto"``: :class:`Auto`.

    Returns
    -------
    SteadyState
        With the method's name in ``method`` and the method object in ``solver``.

    Raises
    ------
    ValueError
        For an unknown method or one that does not support the generator's space (checked
        before any work).
    NonUniqueSteadyStateError
        If the null space has dimension > 1 (the message gives the dimension).
    ConvergenceError
        If an iterative solve does not converge.
    """
    if not isinstance(generator, Generator):
        raise TypeError("generator must be a nesslab Generator (see nesslab.generator)")
    solver, notes = resolve_method(method, generator.space)
    start = time.perf_counter()
    solution = solver.solve(generator)
    return finish(generator, solution, time.perf_counter() - start, notes)
