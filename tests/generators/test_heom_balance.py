"""The balanced HEOM solve: ADO scales in closed form, and what they buy at strong coupling."""

from math import factorial

import numpy as np
import pytest
import scipy.sparse as sp

import nesslab as nl
from nesslab.figures.nesb import nesb_generator
from nesslab.solve import TierGMRES
from nesslab.solve.hierarchy import balance_of
from nesslab.solve.linalg import bordered_system


def test_ado_scales_are_the_closed_form_of_each_label():
    generator = nesb_generator(0.1, np.pi / 4, (1.0, 1.0), (1.0, 0.9), 3)
    hierarchy = generator.details["hierarchy"]
    magnitudes = np.concatenate(
        [
            np.maximum(np.abs(e.amplitudes), np.abs(e.conjugate_amplitudes))
            for e in hierarchy.expansions
        ]
    )
    scales = hierarchy.balance()
    for position in (0, 1, 7, hierarchy.n_ados // 2, hierarchy.n_ados - 1):
        label = hierarchy.index.label(position)
        expected = np.prod(
            [np.sqrt(factorial(n) * m**n) for n, m in zip(label, magnitudes, strict=True)]
        )
        assert scales[position] == pytest.approx(expected, rel=1e-12)
    assert scales[0] == 1.0
    per_unknown = balance_of(generator)
    assert per_unknown.shape == (generator.size,)
    assert np.all(per_unknown[: generator.space.block] == 1.0)


@pytest.mark.slow
def test_balancing_lets_gmres_converge_behind_more_swept_tiers_with_the_same_solution():
    """Seed 004 at α = 5, θ = 0, depth 7, five swept tiers: the deep ADOs are 10⁵ times ρ.

    Unbalanced, GMRES stalls in 300 iterations; balanced, it converges in fewer, to the
    current of the unbalanced solve behind four swept tiers (which converges). Both stop at a
    backward error of 1e-12 of an ill-conditioned hierarchy: their currents differ by 1e-8.
    """
    generator = nesb_generator(0.05, 0.0, (5.0, 5.0), (1.0, 0.9), 7)
    assert generator.details["hierarchy"].balance().max() > 1e5
    bordered, rhs = bordered_system(sp.csc_matrix(generator.matrix), generator.trace_row())
    space = generator.space

    def solver(sweep_tiers, balance):
        settings = TierGMRES(
            low_ados=0,
            max_sweep_tiers=sweep_tiers,
            restart=100,
            max_restarts=3,
            backward_error=1e-12,
            accept=1e-12,
        )
        return settings.prepare(bordered, space.tiers, space.block, balance)

    reference, _, _ = solver(4, None).solve(rhs)
    with pytest.raises(nl.ConvergenceError, match="did not converge"):
        solver(5, None).solve(rhs)
    balanced = solver(5, balance_of(generator))
    assert balanced.low_depth == 2
    vector, iterations, backward = balanced.solve(rhs)
    assert iterations < 300 and backward < 1e-12
    assert nl.heat_currents(generator, vector)["1"] == pytest.approx(
        nl.heat_currents(generator, reference)["1"], rel=1e-7
    )
