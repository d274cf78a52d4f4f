"""The cached sector layout gives the same bordered, equilibrated, permuted system as building
it step by step, and is reused across a sweep's points."""

import numpy as np
import scipy.sparse as sp

import nesslab as nl
from nesslab.solve import layout
from nesslab.solve.factorization import rcm_order
from nesslab.solve.linalg import bordered_system
from nesslab.solve.sector import restrict, symmetric_sector


def rabi_generator(delta):
    system = nl.models.rabi(delta, 0.3, 6)
    channels = [nl.Channel("sm", 0.01, "spin"), nl.Channel("a", 0.05, "boson")]
    return nl.generator(system, channels, "local")


def step_by_step(gen):
    mask = symmetric_sector(gen)
    bordered, rhs = bordered_system(restrict(gen.matrix, mask), gen.trace_row()[mask])
    order = rcm_order(sp.csr_matrix(bordered))
    return sp.csr_matrix(bordered)[order][:, order].toarray(), rhs[order], order


def fused(gen):
    matrix = sp.csr_matrix(gen.matrix)
    matrix.sort_indices()
    kept = np.flatnonzero(symmetric_sector(gen))
    system, rhs, order = layout.sector_system(matrix, kept, gen.trace_row()[kept])
    return system.toarray(), rhs, order


def test_the_fused_system_is_the_step_by_step_one():
    gen = rabi_generator(2.9)
    expected, expected_rhs, expected_order = step_by_step(gen)
    system, rhs, order = fused(gen)
    assert np.array_equal(order, expected_order)
    assert np.allclose(system, expected, rtol=0, atol=1e-15)
    assert np.allclose(rhs, expected_rhs, rtol=0, atol=1e-15)


def test_a_second_point_of_the_same_pattern_reuses_the_layout_with_its_own_values():
    fused(rabi_generator(1.0))
    cached = len(layout._LAYOUTS)
    other = rabi_generator(1.7)
    system, _, _ = fused(other)
    assert len(layout._LAYOUTS) == cached
    assert np.allclose(system, step_by_step(other)[0], rtol=0, atol=1e-15)
