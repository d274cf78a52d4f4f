"""Current statistics of a steady state: cumulants, noise, TUR and KUR, and θ(χ).

:func:`current_statistics` gives, for the energy (or jump count) exchanged with each bath, the
mean current, the zero-frequency noise (variance per unit time) and the third cumulant
(:mod:`nesslab.counting.cumulants`), the covariances between baths, the Fano factor, and:

* the **thermodynamic uncertainty relation** 𝒬_α = Var(J_α) σ / ⟨J_α⟩² ≥ 2 (k_B = 1; σ the
  entropy production rate :func:`nesslab.entropy_production`), proven for classical Markov
  jump processes (Barato–Seifert 2015, Gingrich et al. 2016) and hence for Pauli generators;
  for a quantum master equation it may fail (coherent transport: Ptaszyński 2018; Agarwalla–
  Segal 2018), and for the local approach σ itself is not the consistent entropy production.
  Reported with ``tur_bound`` = 2, never enforced;
* the **kinetic uncertainty relation** Var(J_α)/⟨J_α⟩² ≥ 1/𝒜, 𝒜 the dynamical activity (mean
  total jump rate of every bath), which holds for any time-additive observable of a classical
  jump process (Garrahan 2017; Di Terlizzi–Baiesi 2019): computed for Pauli generators only.

:func:`scaled_cumulant_generating_function` gives θ(χ), the eigenvalue of the tilted generator
that vanishes at χ = 0, from a dense eigendecomposition (small systems).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.linalg as la

from nesslab.counting.cumulants import DrazinSolver, covariance, expand
from nesslab.counting.fields import counting_field
from nesslab.generators.base import Generator
from nesslab.limits import count
from nesslab.observables import entropy_production
from nesslab.solve import steady_state

TUR_BOUND = 2.0
"""The TUR's lower bound on Var(J) σ / ⟨J⟩² (k_B = 1)."""
DENSE_LIMIT = 4096
"""Largest state vector :func:`scaled_cumulant_generating_function` diagonalises."""
MAX_ORDER = 3
"""Highest cumulant :func:`current_statistics` computes."""
IMAGINARY_TOL = 1e-6
"""Largest imaginary part of a cumulant, relative to the largest cumulant: more is a bug."""
RAMP_STEPS = 17
"""Steps from χ = 0 to the first χ along which θ is followed (its branch is θ(0) = 0)."""


@dataclass(frozen=True)
class CurrentStatistics:
    """Statistics of the quantity exchanged with one bath, per unit time (module docstring).

    Attributes
    ----------
    bath : str
        The bath counted.
    kind : str
        "energy" (energy from the bath into the system; units of energy per unit time, noise
        energy² per unit time) or "jumps" (counts).
    mean, variance : float
        ⟨J⟩ = c₁ and the zero-frequency noise c₂.
    third : float
        c₃ (NaN when not computed, ``order`` < 3).
    entropy_production : float
        σ of the steady state (NaN when a bath has no temperature).
    activity : float
        Dynamical activity 𝒜 (Pauli generators; NaN otherwise).
    """

    bath: str
    kind: str
    mean: float
    variance: float
    third: float
    entropy_production: float
    activity: float

    @property
    def fano(self) -> float:
        """Var/|⟨J⟩| (dimensionless for jumps; energy units for energy)."""
        return self.variance / abs(self.mean)

    @property
    def tur_ratio(self) -> float:
        """𝒬 = Var σ / ⟨J⟩² (TUR: ≥ :data:`TUR_BOUND` for classical jump processes)."""
        return self.variance * self.entropy_production / self.mean**2

    @property
    def tur_bound(self) -> float:
        """The TUR bound, 2."""
        return TUR_BOUND

    @property
    def kur_ratio(self) -> float:
        """Var 𝒜 / ⟨J⟩² (KUR: ≥ 1 for classical jump processes; NaN if 𝒜 is not defined)."""
        return self.variance * self.activity / self.mean**2


@dataclass(frozen=True)
class Statistics:
    """:func:`current_statistics` of several baths of one steady state.

    Attributes
    ----------
    baths : dict of str to CurrentStatistics
        Per bath.
    covariance : ndarray
        Covariances C_αβ per unit time, in the order of ``baths``.
    notes : tuple of str
        How the linear solves went (a hierarchy's GMRES: iterations, backward error, and
        whether it stopped short of its target).
    """

    baths: dict[str, CurrentStatistics]
    covariance: np.ndarray
    notes: tuple[str, ...] = ()

    def __getitem__(self, bath: str) -> CurrentStatistics:
        return self.baths[bath]


def _activity(generator: Generator, stationary: np.ndarray) -> float:
    if generator.approach != "pauli":
        return float("nan")
    total = 0.0
    for part in generator.parts.values():
        rates = np.asarray(part, dtype=float)
        total += float((rates.sum(axis=0) - np.diag(rates)) @ stationary.real)
    return total


def _real(value: complex, scale: float, name: str) -> float:
    if abs(value.imag) > IMAGINARY_TOL * max(abs(value.real), scale):
        raise RuntimeError(f"the {name} came out complex ({value:.3e}): the counting is broken")
    return float(value.real)


def current_statistics(
    generator: Generator,
    state: object = None,
    *,
    bath: str | Sequence[str] | None = None,
    kind: str = "energy",
    order: int | None = None,
) -> Statistics:
    """Cumulants of the energy (or jumps) exchanged with each bath at the steady state.

    Parameters
    ----------
    generator : Generator
        Of an approach with counting fields (:data:`nesslab.counting.COUNTING`).
    state : SteadyState, optional
        Its steady state (default: :func:`nesslab.steady_state` of ``generator``).
    bath : str or sequence of str, optional
        The baths counted (default all).
    kind : {"energy", "jumps"}
        :mod:`nesslab.counting.fields`.
    order : int, optional
        Highest cumulant, 2 or 3 (default: 3, or 2 for "heom", whose counting field is
        derived to second order, :mod:`nesslab.counting.hierarchy`).

    Raises
    ------
    ValueError
        For an approach without counting fields, an unknown bath or kind, or a bad order.
    """
    names = list(generator.parts) if bath is None else [bath] if isinstance(bath, str) else bath
    fields = [counting_field(generator, name, kind) for name in names]
    highest = min([MAX_ORDER, *(field.max_order for field in fields)])
    order = highest if order is None else count(order, "order", minimum=2)
    if order > highest:
        raise ValueError(
            f"order must be 2 or 3, got {order}"
            if highest == MAX_ORDER
            else f"order must be 2 for approach {generator.approach!r} (its counting field is "
            f"derived to second order in chi), got {order}"
        )
    state = steady_state(generator) if state is None else state
    stationary = np.asarray(state.vector, dtype=complex)
    solver = DrazinSolver.of(generator)
    expansions = [expand(field, solver, stationary, order) for field in fields]
    try:
        sigma = entropy_production(generator, state)
    except ValueError:
        sigma = float("nan")
    activity = _activity(generator, stationary)
    records = {}
    for name, field_expansion in zip(names, expansions, strict=True):
        c = field_expansion.cumulants
        scale = float(np.max(np.abs(c)))
        records[name] = CurrentStatistics(
            name,
            kind,
            _real(c[0], scale, "mean"),
            _real(c[1], scale, "variance"),
            _real(c[2], scale, "third cumulant") if order >= 3 else float("nan"),
            float(sigma),
            activity,
        )
    matrix = covariance(fields, expansions, solver)
    return Statistics(records, matrix.real, tuple(solver.notes()))


def scaled_cumulant_generating_function(
    generator: Generator, bath: str, chi: object, *, kind: str = "energy"
) -> np.ndarray:
    """θ(χ) = lim_{t→∞} log⟨e^{iχQ(t)}⟩/t for each (complex) χ.

    The eigenvalue of L(χ) continuously connected to θ(0) = 0, followed from 0 to ``chi[0]``
    and then along ``chi`` in the order given (keep its steps small against the gaps of the
    spectrum).

    Dense: for state vectors up to :data:`DENSE_LIMIT` entries. Imaginary χ = −is gives the
    moment generating function's θ(s), real for real s.
    """
    if generator.size > DENSE_LIMIT:
        raise ValueError(
            f"the scaled cumulant generating function is computed densely, up to "
            f"{DENSE_LIMIT} unknowns; this generator has {generator.size}: use "
            "current_statistics for its cumulants"
        )
    field = counting_field(generator, bath, kind)
    matrix = generator.matrix
    base = matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)
    points = np.atleast_1d(np.asarray(chi, dtype=complex))
    ramp = points[0] * np.linspace(0.0, 1.0, RAMP_STEPS)[1:-1]  # from θ(0) = 0 to the first χ
    values, previous = [], 0.0
    for index, point in enumerate(np.concatenate([ramp, points])):
        eigenvalues = la.eigvals(base + field.tilt(point).toarray())
        previous = eigenvalues[np.argmin(np.abs(eigenvalues - previous))]
        if index >= ramp.size:
            values.append(previous)
    return np.array(values).reshape(np.shape(chi))
