"""Convergence in a truncation parameter: the HEOM depth, a Fock cutoff, a number of modes.

:func:`converge` raises an integer parameter until the quantity it controls has settled:
``steps`` successive increments must each change it by less than ``tolerance`` relative to its
latest value. One small step is not enough where the quantity oscillates with the parameter
(the HEOM at strong coupling can change little from one depth to the next and a lot at the
one after). :func:`converge_depth` applies it to the steady state of a HEOM,
:func:`converge_levels` to the Fock levels of the reaction coordinates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from nesslab.generators import Generator, generator
from nesslab.observables import heat_currents
from nesslab.solve import SteadyState, steady_state


@dataclass(frozen=True)
class Convergence:
    """A quantity converged (or not) in a truncation parameter.

    Attributes
    ----------
    value : float
        The quantity at ``parameter``.
    parameter : int
        The last parameter evaluated: where the rule was met, or the largest allowed.
    change : float
        Largest relative change ``|q(p) − q(p − 1)| / |q(parameter)|`` over the last ``steps``
        increments (NaN when fewer than two values were computed).
    converged : bool
        Whether every one of those changes is below the tolerance.
    history : tuple of (int, float)
        Every ``(parameter, value)`` computed, in order: the evidence.
    tolerance : float
        The relative tolerance used.
    details : object
        What ``evaluate`` returned besides the value at ``parameter`` (for
        :func:`converge_depth`: a :class:`DepthPoint`).
    """

    value: float
    parameter: int
    change: float
    converged: bool
    history: tuple[tuple[int, float], ...]
    tolerance: float
    details: Any = None


def converge(
    evaluate: Callable[[int], tuple[float, Any]],
    *,
    start: int,
    stop: int,
    tolerance: float = 0.01,
    steps: int = 2,
) -> Convergence:
    """Raise the parameter from ``start`` until ``steps`` successive increments are small.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(parameter) -> (value, details)``; ``value`` a finite real number.
    start, stop : int
        First and largest parameter; ``stop ≥ start + steps``.
    tolerance : float
        Relative tolerance on each of the last ``steps`` changes, in (0, 1).
    steps : int
        Successive increments that must each be below the tolerance (≥ 1).

    Returns
    -------
    Convergence
        ``converged`` is False when ``stop`` was reached first.

    Raises
    ------
    ValueError
        For bad limits or tolerance, or a non-finite value.
    """
    if int(steps) != steps or steps < 1:
        raise ValueError(f"steps must be an integer >= 1, got {steps!r}")
    if int(start) != start or int(stop) != stop or stop < start + steps:
        raise ValueError(
            f"stop must be an integer >= start + steps = {start} + {steps}, got {stop!r}"
        )
    if not 0 < tolerance < 1:
        raise ValueError(f"tolerance must lie in (0, 1), got {tolerance!r}")
    history: list[tuple[int, float]] = []
    for parameter in range(int(start), int(stop) + 1):
        value, details = evaluate(parameter)
        value = float(value)
        if not np.isfinite(value):
            raise ValueError(f"the quantity is not finite at parameter {parameter}: {value}")
        history.append((parameter, value))
        values = [v for _, v in history[-(steps + 1) :]]
        change = float(np.abs(np.diff(values)).max() / abs(value)) if len(values) > 1 else np.nan
        converged = len(values) == steps + 1 and change < tolerance
        if converged:
            break
    return Convergence(value, parameter, change, converged, tuple(history), tolerance, details)


class DepthPoint(NamedTuple):
    """The generator and steady state at the truncation a convergence accepted.

    The HEOM depth (:func:`converge_depth`) or the RC levels (:func:`converge_levels`).
    """

    generator: Generator
    state: SteadyState


def _quantity(quantity: str | Callable[[Generator, SteadyState], float]) -> Callable:
    if callable(quantity):
        return quantity
    if isinstance(quantity, str):
        return lambda gen, state: heat_currents(gen, state)[quantity]
    raise TypeError(
        f"quantity must be a bath name or a function (generator, state) -> float, got "
        f"{type(quantity).__name__}"
    )


def converge_depth(
    system: Any,
    environment: Any,
    quantity: str | Callable[[Generator, SteadyState], float],
    *,
    start_depth: int = 3,
    max_depth: int = 9,
    tolerance: float = 0.01,
    steps: int = 2,
    method: Any = "auto",
    **heom_options: Any,
) -> Convergence:
    """A HEOM steady-state quantity, the depth raised until it has converged (:func:`converge`).

    Parameters
    ----------
    system : System
        The system.
    environment : Bath or list of Bath
        The baths (:func:`nesslab.generators.heom.heom`).
    quantity : str or callable
        A bath name (its heat current, positive into the system), or
        ``quantity(generator, state) -> float``.
    start_depth, max_depth : int
        First and largest hierarchy depth.
    tolerance, steps : float, int
        The rule of :func:`converge`: ``steps`` successive depths each change the quantity by
        less than ``tolerance`` relative to its latest value.
    method : str or SteadyStateMethod
        Steady-state method (:func:`nesslab.steady_state`).
    **heom_options
        Passed to the "heom" approach (``n_exponents``, ``expansions``, ``max_nonzeros``, …).

    Returns
    -------
    Convergence
        ``parameter`` is the depth; ``details`` the :class:`DepthPoint` (generator and steady
        state) at that depth.
    """
    return _converge_option(
        "heom",
        "depth",
        system,
        environment,
        quantity,
        start_depth,
        max_depth,
        tolerance,
        steps,
        method,
        heom_options,
    )


def converge_levels(
    system: Any,
    environment: Any,
    quantity: str | Callable[[Generator, SteadyState], float],
    *,
    start_levels: int = 3,
    max_levels: int = 12,
    tolerance: float = 0.01,
    steps: int = 2,
    method: Any = "auto",
    **options: Any,
) -> Convergence:
    """A reaction-coordinate steady-state quantity, converged in the RCs' Fock levels.

    Every RC keeps the same number of levels, raised from ``start_levels`` until ``steps``
    successive increments each change the quantity by less than ``tolerance`` relative to its
    latest value (:func:`converge`), or up to ``max_levels``.

    Parameters
    ----------
    system, environment :
        As for :func:`nesslab.generators.reaction_coordinate.reaction_coordinate_generator`.
    quantity : str or callable
        A bath name (its heat current), or ``quantity(generator, state) -> float``.
    start_levels, max_levels : int
        First and largest number of levels per RC.
    tolerance, steps, method :
        As for :func:`converge_depth`.
    **options
        Passed to the "reaction_coordinate" approach (``max_memory_mb``).

    Returns
    -------
    Convergence
        ``parameter`` is the number of levels; ``details`` the :class:`DepthPoint`
        (generator and steady state) there.
    """
    return _converge_option(
        "reaction_coordinate",
        "levels",
        system,
        environment,
        quantity,
        start_levels,
        max_levels,
        tolerance,
        steps,
        method,
        options,
    )


def _converge_option(
    approach: str,
    option: str,
    system: Any,
    environment: Any,
    quantity: Any,
    start: int,
    stop: int,
    tolerance: float,
    steps: int,
    method: Any,
    options: dict[str, Any],
) -> Convergence:
    """:func:`converge` of ``quantity`` in the integer option ``option`` of ``approach``."""
    measure = _quantity(quantity)

    def evaluate(value: int) -> tuple[float, DepthPoint]:
        gen = generator(system, environment, approach, **{option: value}, **options)
        state = steady_state(gen, method=method)
        return measure(gen, state), DepthPoint(gen, state)

    return converge(evaluate, start=start, stop=stop, tolerance=tolerance, steps=steps)
