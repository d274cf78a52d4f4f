"""Beyond linear response: perturbations that move Bohr frequencies (seed 001 Secs. III C–D).

When δV shifts driven Bohr frequencies at first order (``ν⁽¹⁾ ≠ 0``), the secular generator is
not differentiable in δ and two limits replace the linear response:

* ``treatment="local"`` ("local in the perturbation", Eqs. 36 and 43): H₀ + δV in the
  commutator, the unperturbed dissipators D₀ kept. Right when the splitting ``δν⁽¹⁾`` that V
  opens inside a secular group is small against the decay rates of the coherences of that
  group (the split transitions stay unresolved). The heat current is
  ``J^α = Tr[(H₀ + δV) D₀^α ρ_δ]``.
* ``treatment="davies"`` (Eqs. 44–46): the global generator of H₀ + δV rebuilt, with its new
  Bohr frequencies and rates. Right when the splitting is large against those rates.

:func:`response_regime` measures that ratio; in between, neither limit is accurate and a
non-secular generator of H₀ + δV ("redfield", "partial_secular") is the one to use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import scipy.sparse as sp

from nesslab.analysis.response.perturbation import DEGENERACY_TOL, perturbation
from nesslab.environment.baths import Bath
from nesslab.generators.base import Generator
from nesslab.generators.couplings import as_list, bath_couplings
from nesslab.generators.redfield import degeneracy_tolerance, global_
from nesslab.observables import heat_currents
from nesslab.registry import lookup
from nesslab.solve import steady_state
from nesslab.superop import assemble, commutator_terms
from nesslab.system import System

LOCAL_BELOW = 0.1
"""``response_regime``: splitting / coherence decay rate below this is "local"."""
DAVIES_ABOVE = 10.0
"""``response_regime``: splitting / coherence decay rate above this is "davies"."""


@dataclass(frozen=True)
class Regime:
    """Which treatment of a perturbation applies at strength δ (module docstring).

    Attributes
    ----------
    name : str
        "linear" (no driven Bohr frequency moves: the linear response exists), "local",
        "davies" or "crossover".
    splitting : float
        Largest ``δ·(ν⁽¹⁾_max − ν⁽¹⁾_min)`` inside one group of degenerate driven transitions
        (energy units).
    decay_rate : float
        Decay rate of the coherences of that group under L₀ (mean, energy units).
    ratio : float
        ``splitting / decay_rate`` (the largest over the groups).
    shift : float
        Largest first-order motion ``δ|ν⁽¹⁾|`` of a driven Bohr frequency.
    """

    name: str
    splitting: float
    decay_rate: float
    ratio: float
    shift: float


def response_regime(
    system: System,
    environment: Any,
    operator: Any,
    delta: float,
    *,
    degeneracy_tol: float = DEGENERACY_TOL,
) -> Regime:
    """Classify the perturbation δ·``operator`` of the global generator (module docstring).

    The groups are the driven transitions (bath couplings in the eigenbasis) of one Bohr
    frequency; each group's splitting is compared with the mean decay rate ``−Re L₀`` of its
    coherences. "local" below :data:`LOCAL_BELOW`, "davies" above :data:`DAVIES_ABOVE` (also
    when V moves every group rigidly: the rebuilt generator then holds at any δ).
    """
    baths = as_list(environment, Bath, "global")
    shift = perturbation(system, operator, degeneracy_tol=degeneracy_tol)
    couplings = [coupling for coupling, _ in bath_couplings(system, baths).values()]
    moved = abs(delta) * shift.transition_shift(couplings)
    if not shift.shifts_bohr_frequencies(couplings):
        return Regime("linear", 0.0, float("nan"), 0.0, moved)
    generator = global_(system, baths, degeneracy_tol=degeneracy_tol)
    dim = system.dim
    decay = -np.real(sp.csr_matrix(generator.matrix).diagonal()).reshape(dim, dim, order="F")
    frequencies = system.eigen[0][:, None] - system.eigen[0][None, :]
    nu = shift.bohr_shifts()
    driven = np.zeros((dim, dim), dtype=bool)
    for coupling in couplings:
        driven |= np.abs(coupling) > 1e-14 * max(float(np.abs(coupling).max()), 1e-300)
    driven &= shift.clusters[:, None] != shift.clusters[None, :]
    tolerance = degeneracy_tolerance(system, degeneracy_tol)
    worst = (0.0, 0.0, float("nan"))
    for frequency in np.unique(np.round(frequencies[driven] / max(tolerance, 1e-300))):
        group = driven & (np.abs(frequencies / max(tolerance, 1e-300) - frequency) <= 1)
        splitting = abs(delta) * float(np.ptp(nu[group]))
        rate = float(decay[group].mean())
        ratio = splitting / rate if rate > 0 else np.inf
        if ratio > worst[0] or np.isnan(worst[2]):
            worst = (ratio, splitting, rate)
    ratio, splitting, rate = worst
    name = "local" if ratio < LOCAL_BELOW else "davies" if ratio > DAVIES_ABOVE else "crossover"
    if splitting == 0.0:
        name = "davies"
    return Regime(name, splitting, rate, ratio, moved)


def _local(system: System, baths: list[Bath], operator: np.ndarray, delta: float) -> Generator:
    """−i[H₀ + δV, ·] + Σ D₀^α with heat rows ``Tr[(H₀ + δV) D₀^α ·]`` (H₀'s eigenbasis)."""
    generator = global_(system, baths)
    eigen_v = generator.in_basis(operator)
    coherent = generator.coherent + delta * assemble(commutator_terms(eigen_v), system.dim)
    energy = generator.observable_row(system.H + delta * operator)
    rows = {name: energy @ part for name, part in generator.parts.items()}
    return replace(generator, coherent=sp.csr_matrix(coherent), heat_rows=rows)


def _davies(system: System, baths: list[Bath], operator: np.ndarray, delta: float) -> Generator:
    """The global generator of H₀ + δV."""
    return global_(replace(system, H=system.H + delta * operator), baths)


TREATMENTS: dict[str, Callable[[System, list[Bath], np.ndarray, float], Generator]] = {
    "local": _local,
    "davies": _davies,
}


def perturbed_heat_currents(
    system: System,
    environment: Any,
    operator: Any,
    deltas: Sequence[float],
    *,
    treatment: str,
) -> dict[str, np.ndarray]:
    """Heat currents (into the system, per bath) of H₀ + δV for each δ in ``deltas``.

    Parameters
    ----------
    system : System
        H₀.
    environment : Bath or list of Bath
        The baths.
    operator : ndarray or str
        Hermitian V (site basis) or a system operator's name.
    deltas : sequence of float
        Perturbation strengths δ.
    treatment : {"local", "davies"}
        Module docstring; :func:`response_regime` says which applies.
    """
    build = lookup(TREATMENTS, treatment, "treatment")
    baths = as_list(environment, Bath, "global")
    matrix = perturbation(system, operator).operator
    currents: dict[str, list[float]] = {}
    for delta in np.asarray(deltas, dtype=float):
        generator = build(system, baths, matrix, float(delta))
        for name, value in heat_currents(generator, steady_state(generator)).items():
            currents.setdefault(name, []).append(value)
    return {name: np.array(values) for name, values in currents.items()}
