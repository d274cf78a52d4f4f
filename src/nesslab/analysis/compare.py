"""Approaches side by side on one model: currents, thermodynamics, validity (``nesslab.compare``).

Every approach of :data:`nesslab.APPROACHES` (or those asked for) is built on the same System and
environment, solved, and measured: heat currents (positive from the bath into the system), the
first law ``Σ_α J_α``, the entropy production ``σ = −Σ_α J_α/T_α`` and its sign, positivity of
the steady state, the trace distance to the Gibbs state when every bath is set to the same
temperature, and the validity margins of the assumptions the approach makes
(:mod:`nesslab.analysis.validity`). An approach that cannot take the environment, lacks a
required option or fails is reported in ``status``, not raised.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import xarray as xr

from nesslab.analysis.validity import (
    THRESHOLDS,
    Margin,
    ModelMargins,
    approach_margins,
    model_margins,
    warn_failing,
)
from nesslab.environment.baths import Bath, Channel
from nesslab.generators import APPROACHES
from nesslab.observables import entropy_production, gibbs_state, heat_currents, trace_distance
from nesslab.registry import unknown_name
from nesslab.solve import SteadyState, steady_state
from nesslab.solve.result import POSITIVITY_TOL
from nesslab.system import System

SIGN_TOL = 1e-9
"""|σ| below this fraction of ``Σ_α |J_α|/T_α`` counts as zero (its sign is 0)."""
FAILURES = (ValueError, TypeError, MemoryError, RuntimeError, ArithmeticError)
"""What a failing approach may raise; anything else propagates (a bug, not a result)."""


@dataclass
class _Outcome:
    """What one approach gave (NaN/empty until it succeeds)."""

    status: str = "ok"
    state: SteadyState | None = None
    currents: dict[str, float] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)
    margins: dict[str, Margin] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    caught: list[warnings.WarningMessage] = field(default_factory=list)


def _items(environment: Any) -> list:
    items = [environment] if isinstance(environment, (Bath, Channel)) else list(environment)
    if not items or not all(isinstance(item, (Bath, Channel)) for item in items):
        raise TypeError("environment must be a Bath, a Channel or a non-empty list of them")
    return items


def _option_names(name: str) -> list[inspect.Parameter]:
    """The options of approach ``name``: its build's parameters after system and environment."""
    return list(inspect.signature(APPROACHES[name].build).parameters.values())[2:]


def _check_options(options: Mapping[str, Mapping[str, Any]], names: list[str]) -> None:
    stray = [name for name in options if name not in names]
    if stray:
        raise ValueError(f"options given for approaches not compared: {', '.join(stray)}")
    for name, given in options.items():
        parameters = _option_names(name)
        if any(p.kind is p.VAR_KEYWORD for p in parameters):
            continue
        valid = [p.name for p in parameters]
        unknown = [key for key in given if key not in valid]
        if unknown:
            raise ValueError(
                f"options[{name!r}]: unknown option(s) {', '.join(unknown)}; valid: "
                f"{', '.join(valid) or 'none'}"
            )


def _missing_options(name: str, given: Mapping[str, Any]) -> list[str]:
    parameters = _option_names(name)
    return [
        p.name
        for p in parameters
        if p.default is inspect.Parameter.empty
        and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        and p.name not in given
    ]


def _sign(sigma: float, currents: Mapping[str, float], temperatures: Mapping) -> float:
    scale = sum(abs(j) / t for name, j in currents.items() if (t := temperatures.get(name)))
    if np.isnan(sigma):
        return np.nan
    return 0.0 if abs(sigma) <= SIGN_TOL * scale else float(np.sign(sigma))


def _measure(outcome: _Outcome, gen: Any, state: SteadyState) -> None:
    currents = heat_currents(gen, state)
    outcome.state = state
    outcome.currents = dict(currents)
    try:
        sigma = entropy_production(gen, state)
    except ValueError:  # a Channel without temperature
        sigma = np.nan
    outcome.values.update(
        heat_current_sum=currents.total,
        first_law_residual=currents.first_law_residual,
        entropy_production=sigma,
        second_law=_sign(sigma, currents, gen.temperatures),
        positivity_error=state.positivity_error,
        relative_residual=state.relative_residual,
    )


def _gibbs_distance(
    system: System, items: list, name: str, options: Mapping, method: Any, outcome: _Outcome
) -> float:
    """Trace distance of the NESS with every Bath at the mean temperature to the Gibbs state.

    NaN for Channels (no temperature to equalise), or when that solve fails (noted).
    """
    baths = [item for item in items if isinstance(item, Bath)]
    if len(baths) != len(items):
        return np.nan
    mean = float(np.mean([bath.temperature for bath in baths]))
    equal = [replace(bath, temperature=mean) for bath in baths]
    try:
        state = steady_state(APPROACHES[name](system, equal, **options), method=method)
    except FAILURES as error:
        outcome.messages.append(f"gibbs_distance not computed: {type(error).__name__}: {error}")
        return np.nan
    return trace_distance(state, gibbs_state(system, mean))


def _run(
    system: System, items: list, name: str, options: Mapping, method: Any, model: ModelMargins
) -> _Outcome:
    outcome = _Outcome()
    kinds = {type(item) for item in items}
    approach = APPROACHES[name]
    if not kinds <= set(approach.environments):
        takes = " or ".join(kind.__name__ for kind in approach.environments)
        outcome.status = f"not applicable: takes {takes} objects"
        return outcome
    missing = _missing_options(name, options)
    if missing:
        outcome.status = (
            f"not run: needs option(s) {', '.join(missing)} "
            f"(options={{{name!r}: {{{missing[0]!r}: ...}}}})"
        )
        return outcome
    gen = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            gen = approach(system, items, **options)
            _measure(outcome, gen, steady_state(gen, method=method))
            outcome.values["gibbs_distance"] = _gibbs_distance(
                system, items, name, options, method, outcome
            )
        except FAILURES as error:
            outcome.status = f"failed: {type(error).__name__}: {' '.join(str(error).split())}"
        outcome.margins = approach_margins(model, name, gen)
        warn_failing(outcome.margins)
    outcome.caught = list(caught)
    outcome.messages += [f"{record.category.__name__}: {record.message}" for record in caught]
    return outcome


def compare(
    system: System,
    environment: Any,
    approaches: Sequence[str] | None = None,
    *,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    thresholds: Mapping[str, float] | None = None,
    method: Any = "auto",
) -> xr.Dataset:
    """Every approach (or those named) on one model, side by side.

    Parameters
    ----------
    system : System
        The model.
    environment : Bath, Channel or a list of them
        One environment for all approaches; Baths serve every approach, the local one
        through the model's declared subsystems (:mod:`nesslab.generators.local_baths`).
    approaches : sequence of str, optional
        Names in :data:`nesslab.APPROACHES`; default all registered, at call time.
    options : mapping, optional
        Per approach, its keyword options, e.g. ``{"partial_secular": {"tolerance": 1.0},
        "heom": {"depth": 3}}``.
    thresholds : mapping, optional
        Margin thresholds by assumption (default :data:`nesslab.analysis.validity.THRESHOLDS`).
    method : str or SteadyStateMethod
        Steady-state method for every approach.

    Returns
    -------
    xarray.Dataset
        Dims ``approach``, ``bath``, ``assumption`` and ``other`` (the second approach of a
        pair). Per approach: ``status`` ("ok", "not applicable: …", "not run: …",
        "failed: …"), ``heat_current`` (per bath, energy per time, positive from the bath into
        the system), ``heat_current_sum`` (Σ J, the first law) and ``first_law_residual``
        (``|Σ J|/Σ|J|``), ``entropy_production`` (σ, k_B = 1), ``second_law`` (sign of σ:
        +1, 0 within ``SIGN_TOL``, −1) and ``second_law_violated``, ``positivity_error``
        (``max(0, −λ_min ρ)``) and ``positive``, ``gibbs_distance`` (trace distance to
        ``e^{−H/T̄}/Z`` with every Bath at the mean temperature T̄; NaN for Channels),
        ``relative_residual``, ``margin``/``margin_fails``/``margin_detail`` (per assumption
        it makes, with what was compared; NaN where it makes none), ``warnings`` (every
        warning it raised, validity ones included).
        Pairwise: ``trace_distance`` between steady states and ``current_difference``
        (``|J_a − J_b| / max(|J_a|, |J_b|)`` per bath). ``threshold`` per assumption.

    Warns
    -----
    ValidityWarning
        For every margin below its threshold, naming the approach, assumption and number.
    """
    items = _items(environment)
    names = list(APPROACHES) if approaches is None else list(approaches)
    unknown = [name for name in names if name not in APPROACHES]
    if unknown:
        raise ValueError(unknown_name("approach", unknown[0], APPROACHES))
    options = dict(options or {})
    _check_options(options, names)
    baths = [item for item in items if isinstance(item, Bath)]
    model = model_margins(system, baths if len(baths) == len(items) else [], thresholds)
    outcomes = {}
    for name in names:
        outcomes[name] = _run(system, items, name, options.get(name, {}), method, model)
        for record in outcomes[name].caught:  # re-issued at the caller
            warnings.warn(record.message, record.category, stacklevel=2)
    return _dataset(outcomes, list(dict.fromkeys(item.name for item in items)), model)


def _dataset(outcomes: dict[str, _Outcome], parts: list[str], model: ModelMargins) -> xr.Dataset:
    names = list(outcomes)
    assumptions = list(THRESHOLDS)
    scalars = (
        "heat_current_sum",
        "first_law_residual",
        "entropy_production",
        "second_law",
        "positivity_error",
        "gibbs_distance",
        "relative_residual",
    )
    data: dict[str, Any] = {
        key: ("approach", [outcomes[n].values.get(key, np.nan) for n in names]) for key in scalars
    }
    currents = np.array([[outcomes[n].currents.get(p, np.nan) for p in parts] for n in names])
    margins = np.array(
        [[getattr(outcomes[n].margins.get(a), "value", np.nan) for a in assumptions] for n in names]
    )
    details = [
        [getattr(outcomes[n].margins.get(a), "detail", "") for a in assumptions] for n in names
    ]
    thresholds = np.array([model.thresholds[a] for a in assumptions])
    distances = np.full((len(names), len(names)), np.nan)
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if outcomes[a].state is not None and outcomes[b].state is not None:
                distances[i, j] = trace_distance(outcomes[a].state, outcomes[b].state)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.maximum(np.abs(currents)[:, None, :], np.abs(currents)[None, :, :])
        difference = np.abs(currents[:, None, :] - currents[None, :, :]) / scale
    difference = np.where(scale == 0, 0.0, difference)
    sigma_sign = np.array(data["second_law"][1])
    data.update(
        status=("approach", [outcomes[n].status for n in names]),
        heat_current=(("approach", "bath"), currents),
        second_law_violated=("approach", sigma_sign < 0),
        positive=("approach", np.array(data["positivity_error"][1]) <= POSITIVITY_TOL),
        margin=(("approach", "assumption"), margins),
        margin_fails=(("approach", "assumption"), margins < thresholds),
        margin_detail=(("approach", "assumption"), np.array(details, dtype=object)),
        threshold=("assumption", thresholds),
        warnings=("approach", ["; ".join(outcomes[n].messages) for n in names]),
        trace_distance=(("approach", "other"), distances),
        current_difference=(("approach", "other", "bath"), difference),
    )
    coords = {"approach": names, "bath": parts, "assumption": assumptions, "other": names}
    attrs = {
        "sign_convention": "heat_current J_a > 0: energy flows from bath a into the system; "
        "entropy_production sigma = -sum_a J_a/T_a (k_B = 1)",
        "gibbs_reference": "gibbs_distance: every Bath at the mean of the bath temperatures",
        "margins": "nesslab.analysis.margins: ratio of the scale an assumption needs to the one "
        "it neglects; it fails below its threshold",
    }
    return xr.Dataset(data, coords=coords, attrs=attrs)
