"""Method "reduced": the steady state through the slow block of the energy eigenbasis.

Two exact routes, chosen by what the generator carries:

* a Lindbladian with a jump form ("local"): slow/fast defect correction from the jump
  operators (:mod:`nesslab.solve.slow_fast`), a few N×N matrix products per step, with its own
  error estimate;
* any other density generator (Redfield, partial-secular): the Schur-complement reduction of
  the assembled generator (:mod:`nesslab.solve.schur`).

Both are well conditioned when the rates are 10⁻¹⁶–10⁻¹² of the level spacing, where the full
bordered system is not. Without scale separation the method falls back to ``direct``, with a
note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nesslab.generators.base import Generator
from nesslab.solve.direct import Direct
from nesslab.solve.linalg import Solution
from nesslab.solve.method import SteadyStateMethod
from nesslab.solve.schur import schur_reduction
from nesslab.solve.secular import SLOW_WINDOW
from nesslab.solve.slow_fast import ROUNDOFF, slow_fast_state
from nesslab.spaces import DensitySpace

TOLERANCE = 1e-10


@dataclass(frozen=True)
class Reduced(SteadyStateMethod):
    """Exact reduction onto populations and near-degenerate coherences (module docstring).

    Parameters
    ----------
    window : float
        Coherences with ``|Bohr frequency| ≤ window · rate`` are slow (rate: the largest
        population decay rate for a jump form, ``‖D‖∞`` otherwise).
    tolerance : float
        Target trace distance to the exact steady state (jump-form route: stop criterion of
        the defect correction, whose estimate is ``SteadyState.error_estimate``).
    max_iterations : int
        Cap of the defect-correction steps (jump form) or Jacobi iterations (Schur route).
    fallback : Direct
        Used, with a note, when the reduction does not apply.
    """

    name = "reduced"
    spaces = (DensitySpace,)

    window: float = SLOW_WINDOW
    tolerance: float = TOLERANCE
    max_iterations: int = 200
    fallback: Direct = field(default_factory=Direct)

    def __post_init__(self) -> None:
        if not self.window > 1:
            raise ValueError(f"window must be > 1 (units of the largest rate), got {self.window!r}")
        if not self.tolerance > 0:
            raise ValueError(f"tolerance must be > 0 (a trace distance), got {self.tolerance!r}")
        if not (isinstance(self.max_iterations, int) and self.max_iterations >= 3):
            raise ValueError(f"max_iterations must be an int >= 3, got {self.max_iterations!r}")

    def solve(self, generator: Generator) -> Solution:  # noqa: D102
        solution = self.attempt(generator)
        if isinstance(solution, Solution):
            return solution
        direct = self.fallback.solve(generator)
        return direct._replace(notes=[*direct.notes, f"{solution}: direct solve"])

    def attempt(self, generator: Generator) -> Solution | str:
        """The reduced solution, or the reason the reduction does not apply."""
        if generator.jump_form is None:
            reduced = schur_reduction(generator, self)
            if reduced is None:
                return "no scale separation (more than half the components slow)"
            return reduced._replace(error_estimate=ROUNDOFF * reduced.condition)
        width = 2 * float(np.abs(generator.system.H).sum(axis=1).max())
        mean_decay = generator.jump_form.mean_decay(generator.dim)
        if self.window * mean_decay >= width:
            return (
                f"no scale separation: the mean decay rate {mean_decay:.2e} times the window "
                f"{self.window:g} exceeds the spectral width bound {width:.2e}"
            )
        energies, vectors = generator.system.eigen
        dissipator = generator.jump_form.in_eigenbasis(energies, vectors)
        result = slow_fast_state(
            dissipator,
            window=self.window,
            tolerance=self.tolerance,
            max_iterations=self.max_iterations,
        )
        if isinstance(result, str):
            return result
        rho = vectors @ result.matrix @ vectors.conj().T
        note = (
            f"slow/fast defect correction in the energy eigenbasis: {result.n_slow} slow "
            f"components (window {self.window:g}× the largest rate), {result.iterations} steps, "
            f"contraction {result.contraction:.1e}, estimated trace distance "
            f"{result.error_estimate:.1e}"
        )

        def action(vector: np.ndarray) -> np.ndarray:
            """``L x`` in the eigenbasis (the same norm as in the generator's own basis)."""
            site = generator.to_site(vector)
            return dissipator.generator(vectors.conj().T @ site @ vectors)

        return Solution(
            generator.from_site(rho),
            result.condition,
            [note],
            self,
            result.error_estimate,
            action,
            dissipator.frobenius_norm(),
        )
