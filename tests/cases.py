"""Test models for every registered approach, built from the registry's own metadata.

The invariant tests (``invariants.py``) run on every entry of ``nesslab.APPROACHES``, every kind
of environment it takes and every model below: an approach registered later is tested the moment
it is registered, with no list to update here. Two models, each with two baths "1" and "2":

* ``dimer`` — seed 002's two coupled two-level systems (nondegenerate levels 0, ≈0.79, ≈1.01,
  1.8), each coupled through σ_j + σ_j† to its bath;
* ``rabi`` — the quantum Rabi model (Δ = 1.3, λ = 0.2, N_b = 4), whose parity makes the solvers
  work in the symmetric sector: bath 1 couples through σx, bath 2 through a + a†.

Baths are weak Drude–Lorentz baths (weak Brownian baths for the approaches that refuse
Drude–Lorentz: ``DENSITIES``); Channels are thermal decay/excitation channels of the bare
lowering operators at their bare frequencies.
"""

from dataclasses import dataclass

import nesslab as nl
from nesslab import models
from nesslab.environment.baths import Bath, Channel
from nesslab.environment.spectral import Brownian, DrudeLorentz

from setups import thermal_channels

BIASED = (0.9, 0.4)
EQUAL = (0.6, 0.6)
STRENGTH = 1e-3  # λ of the Drude–Lorentz baths, γ of the channels (weak coupling)

# Options an approach needs to build at all (HEOM: its truncation); everything else defaults.
OPTIONS = {"heom": {"depth": 3, "n_exponents": 3}, "reaction_coordinate": {"levels": 2}}

# Approaches that need another J than Drude–Lorentz: J(strength) of about the same size at the
# models' frequencies (a reaction coordinate at 3, far above them, and barely displaced).
DENSITIES = {"reaction_coordinate": lambda strength: Brownian((128 * strength) ** 0.5, 0.5, 3.0)}


@dataclass(frozen=True)
class Model:
    """A system with, per bath name: bath coupling, channel lowering operator, bare frequency."""

    build: object
    couplings: dict
    lowering: dict
    frequencies: dict


MODELS = {
    "dimer": Model(
        lambda: models.tls_dimer(1.0, 0.8, 0.05),
        {"1": "x1", "2": "x2"},
        {"1": "s1", "2": "s2"},
        {"1": 1.0, "2": 0.8},
    ),
    "rabi": Model(
        lambda: models.rabi(1.3, 0.2, 4),
        {"1": "sx", "2": "x"},
        {"1": "sm", "2": "a"},
        {"1": 1.3, "2": 1.0},
    ),
}


@dataclass(frozen=True)
class Case:
    """One approach with one kind of environment on one model."""

    approach: str
    kind: type
    model: str = "dimer"
    options: tuple | None = None  # (name, value) pairs; None: OPTIONS.get(approach, {})

    @property
    def id(self) -> str:
        return f"{self.approach}-{self.kind.__name__}-{self.model}"

    @property
    def consistent(self) -> bool:
        """Whether the thermodynamic-consistency invariants apply (thermal Baths only)."""
        return self.kind is Bath and nl.APPROACHES[self.approach].thermodynamically_consistent

    def system(self):
        return MODELS[self.model].build()

    def environment(self, temperatures, strength=STRENGTH, names=("1", "2")):
        """Baths or thermal Channels named ``names`` at ``temperatures``."""
        model = MODELS[self.model]
        temperatures = dict(zip(names, temperatures, strict=False))
        if self.kind is Bath:
            density = DENSITIES.get(self.approach, lambda s: DrudeLorentz(s, 1.0))(strength)
            return [nl.Bath(model.couplings[n], density, temperatures[n], n) for n in names]
        return thermal_channels(
            self.system(),
            {n: model.lowering[n] for n in names},
            dict.fromkeys(names, strength),
            temperatures,
            model.frequencies,
        )

    def generator(self, temperatures=BIASED, strength=STRENGTH, names=("1", "2")):
        return nl.generator(
            self.system(),
            self.environment(temperatures, strength, names),
            self.approach,
            **(OPTIONS.get(self.approach, {}) if self.options is None else dict(self.options)),
        )


def registered_cases(models=tuple(MODELS)):
    """A Case for every registered approach, environment kind it takes, and model."""
    return [
        Case(name, kind, model)
        for name, approach in nl.APPROACHES.items()
        for kind in (Bath, Channel)
        if kind in approach.environments
        for model in models
    ]
