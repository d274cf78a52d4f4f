"""Validity diagnostics: which assumption of which approach a model breaks, and by how much.

The margins (:mod:`nesslab.analysis.margins`) are computed from the System and its Baths alone,
once per model; each approach is then judged on the assumptions it makes
(:data:`ASSUMPTIONS`), the secular margin with the window of its own generator
(:data:`SECULAR_WINDOWS`). A margin below its threshold (:data:`THRESHOLDS`, 10 for all: the
neglected scale is more than a tenth of the one it is neglected against, so first-order
errors above ~10 %) gives a :class:`ValidityWarning` naming the approach, the assumption and
the number. An approach not listed in :data:`ASSUMPTIONS` is reported with no margins (its
assumptions are not declared); register it there to have it judged.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from nesslab.analysis.margins import (
    SecularCouplings,
    Value,
    local_margin,
    markov_margin,
    weak_coupling_margin,
)
from nesslab.environment.baths import Bath
from nesslab.generators.base import Generator
from nesslab.system import System

THRESHOLDS: dict[str, float] = {
    "secular": 10.0,
    "local": 10.0,
    "weak_coupling": 10.0,
    "markov": 10.0,
}
"""Margin below which an assumption counts as broken (dimensionless)."""

ASSUMPTIONS: dict[str, tuple[str, ...]] = {
    "local": ("weak_coupling", "markov", "local"),
    "global": ("weak_coupling", "markov", "secular"),
    "pauli": ("weak_coupling", "markov", "secular"),
    "partial_secular": ("weak_coupling", "markov", "secular"),
    "redfield": ("weak_coupling", "markov"),
    "heom": (),
}
"""The assumptions each registered approach makes (HEOM: none it can be judged on here)."""

SECULAR_WINDOWS: dict[str, Callable[[Generator], tuple[float, bool] | None]] = {
    "global": lambda gen: (float(gen.options["tolerance"]), False),
    "partial_secular": lambda gen: (
        (float(gen.options["tolerance"]), False) if "tolerance" in gen.options else None
    ),
    "pauli": lambda gen: (0.0, True),
}
"""``(window, populations only)`` of an approach's secular filter, read from its generator
(None: not a frequency window, e.g. partial_secular's criterion "frequency_sign")."""


class ValidityWarning(UserWarning):
    """An approach is used where one of its assumptions fails (a margin below its threshold)."""


@dataclass(frozen=True)
class Margin:
    """One assumption of one approach, judged on a model.

    Attributes
    ----------
    approach : str
        The approach judged.
    assumption : str
        "secular", "local", "weak_coupling" or "markov".
    value : float
        The margin (dimensionless; NaN when it could not be assessed).
    threshold : float
        The assumption holds when ``value ≥ threshold``.
    detail : str
        What was compared, or why it was not assessed.
    """

    approach: str
    assumption: str
    value: float
    threshold: float
    detail: str

    @property
    def fails(self) -> bool:
        """Whether the margin is below its threshold (False when not assessed)."""
        return bool(self.value < self.threshold)

    def describe(self) -> str:
        """One line for warnings and tables."""
        return (
            f"approach {self.approach!r}: the {self.assumption.replace('_', ' ')} assumption "
            f"fails, margin {self.value:.3g} < {self.threshold:g} ({self.detail})"
        )


@dataclass(frozen=True)
class ModelMargins:
    """The approach-independent margins of one model and what the secular ones need.

    Build with :func:`model_margins`; judge an approach with :func:`approach_margins`.
    """

    values: Mapping[str, Value]
    secular: SecularCouplings | None
    thresholds: Mapping[str, float]


def _assess(compute: Callable[[], Value]) -> Value:
    try:
        return compute()
    except (ValueError, ArithmeticError, MemoryError) as error:
        return Value(np.nan, f"not assessed: {' '.join(str(error).split())}")


def model_margins(
    system: System, baths: Sequence[Bath], thresholds: Mapping[str, float] | None = None
) -> ModelMargins:
    """The weak-coupling, Markov and local margins of ``system`` with ``baths``.

    Parameters
    ----------
    system : System
        The model.
    baths : sequence of Bath
        Its environment (an environment of Channels has no spectral densities: pass ``[]``
        and every margin is reported as not assessed).
    thresholds : mapping, optional
        Overrides of :data:`THRESHOLDS`, by assumption.

    Returns
    -------
    ModelMargins
        A margin that cannot be computed (no declared subsystems for the local margin, a
        divergent rate, a model too large) is NaN with the reason.
    """
    unknown = set(thresholds or {}) - set(THRESHOLDS)
    if unknown:
        raise ValueError(
            f"thresholds: unknown assumption(s) {sorted(unknown)}; valid: {sorted(THRESHOLDS)}"
        )
    limits = {**THRESHOLDS, **(thresholds or {})}
    baths = list(baths)
    if not baths:
        missing = Value(np.nan, "not assessed: needs Baths (spectral densities)")
        return ModelMargins(
            dict.fromkeys(("local", "weak_coupling", "markov"), missing), None, limits
        )
    values = {
        "weak_coupling": _assess(lambda: weak_coupling_margin(system, baths)),
        "markov": _assess(lambda: markov_margin(system, baths)),
        "local": _assess(lambda: local_margin(system, baths)),
    }
    try:
        secular = SecularCouplings.of(system, baths)
    except (ValueError, MemoryError):
        secular = None
    return ModelMargins(values, secular, limits)


def _secular(margins: ModelMargins, approach: str, generator: Generator | None) -> Value:
    window = SECULAR_WINDOWS.get(approach)
    if window is None or generator is None:
        return Value(np.nan, "not assessed: no secular window known for this approach")
    filter_ = window(generator)
    if filter_ is None:
        return Value(np.nan, "not assessed: its secular filter is not a frequency window")
    if margins.secular is None:
        return Value(np.nan, "not assessed: needs Baths (the Redfield parent)")
    return _assess(lambda: margins.secular.margin(*filter_))


def approach_margins(
    margins: ModelMargins, approach: str, generator: Generator | None = None
) -> dict[str, Margin]:
    """The margins of the assumptions ``approach`` makes (:data:`ASSUMPTIONS`).

    Parameters
    ----------
    margins : ModelMargins
        From :func:`model_margins`.
    approach : str
        A registered approach (an undeclared one gets no margins).
    generator : Generator, optional
        Its generator, which sets the secular window (needed for the secular margin).
    """
    result = {}
    for assumption in ASSUMPTIONS.get(approach, ()):
        if assumption == "secular":
            value = _secular(margins, approach, generator)
        else:
            value = margins.values[assumption]
        threshold = margins.thresholds[assumption]
        result[assumption] = Margin(approach, assumption, value.value, threshold, value.detail)
    return result


def warn_failing(margins: Mapping[str, Margin]) -> list[Margin]:
    """Issue a :class:`ValidityWarning` for every failing margin; return those margins."""
    failing = [margin for margin in margins.values() if margin.fails]
    for margin in failing:
        warnings.warn(margin.describe(), ValidityWarning, stacklevel=3)
    return failing
