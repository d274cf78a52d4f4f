"""Method "reduced" on Lindbladians: the jump form, extended-precision exactness, the error
estimate, and seed 000's Fig. 1(b) grid (rates 10⁻¹² of the level spacing and below)."""

import mpmath
import numpy as np
import pytest

import nesslab as nl
from nesslab.figures.rabi_lac import COUPLINGS, DELTA_RANGE, lac_analysis, zoom_points, zoom_table
from nesslab.generators.base import in_eigenbasis
from nesslab.solve import Reduced
from nesslab.solve.linalg import NonUniqueSteadyStateError
from nesslab.solve.slow_fast import slow_fast_state
from nesslab.superop import unvec, vec

PAPER_RATES = (5e-12, 5e-6)


def rabi_local(delta, coupling=0.2, rates=PAPER_RATES, n_boson=20):
    system = nl.models.rabi(delta, coupling, n_boson)
    channels = [nl.Channel("sm", rates[0], "spin"), nl.Channel("a", rates[1], "boson")]
    return nl.generator(system, channels, "local")


def spin_flux(state):
    """J_s/r_s = −⟨|↑⟩⟨↑|⟩."""
    return -np.real(np.trace(state.generator.system.op("sz") @ state.rho) + 1) / 2


@pytest.mark.parametrize("spin_jump", ["sm", "sy"], ids=["real", "complex"])
def test_the_jump_form_is_the_assembled_dissipator_in_the_eigenbasis(spin_jump):
    system = nl.models.rabi(2.9, 0.2, 4)
    channels = [nl.Channel(spin_jump, 0.3, "spin"), nl.Channel("a", 0.7, "boson")]
    gen = nl.generator(system, channels, "local")
    energies, vectors = gen.system.eigen
    dissipator = gen.jump_form.in_eigenbasis(energies, vectors)
    assert np.isrealobj(dissipator.operators) == (spin_jump == "sm")
    eigen = in_eigenbasis(gen)
    parts = np.asarray(sum(eigen.parts.values()))
    rng = np.random.default_rng(1)
    matrix = rng.normal(size=(8, 8)) + 1j * rng.normal(size=(8, 8))
    assert np.allclose(dissipator.apply(matrix), unvec(parts @ vec(matrix), 8), atol=1e-13)
    coherent = eigen.coherent @ vec(matrix)
    assert np.allclose(dissipator.generator(matrix), unvec(coherent + parts @ vec(matrix), 8))
    rows = (np.array([0, 1, 3]), np.array([0, 2, 3]))
    cols = (np.array([1, 2, 0, 5]), np.array([1, 0, 0, 4]))
    block = dissipator.block(rows, cols)
    row_index, col_index = rows[0] + 8 * rows[1], cols[0] + 8 * cols[1]
    assert np.allclose(block, parts[np.ix_(row_index, col_index)], atol=1e-14)
    assert np.allclose(dissipator.diagonal.ravel(order="F"), np.diag(parts), atol=1e-14)
    assert dissipator.frobenius_norm() == pytest.approx(np.linalg.norm(gen.matrix.toarray()))
    images = dissipator.images(cols)  # whole columns, rows m·N + n (row-major)
    every_row = np.arange(64).reshape(8, 8).ravel(order="F")
    assert np.allclose(images, parts[np.ix_(every_row, col_index)], atol=1e-14)


def test_the_slow_columns_shortcut_and_the_dissipator_route_give_the_same_state(monkeypatch):
    """D's slow columns (formed up to MAX_IMAGE_ENTRIES) map a step's slow part exactly as D does;
    at the Δ = 4.9 crossing the slow set holds coherences as well as the populations."""
    import nesslab.solve.slow_fast as slow_fast

    gen = rabi_local(4.9)
    dissipator = gen.jump_form.in_eigenbasis(*gen.system.eigen)
    shortcut = slow_fast_state(dissipator, window=100, tolerance=1e-10)
    monkeypatch.setattr(slow_fast, "MAX_IMAGE_ENTRIES", 0)
    applied = slow_fast_state(dissipator, window=100, tolerance=1e-10)
    assert shortcut.n_slow == applied.n_slow > gen.dim
    assert shortcut.iterations == applied.iterations
    assert np.abs(shortcut.matrix - applied.matrix).sum() < 1e-13


def test_the_reduction_never_assembles_the_parts_and_its_residuals_are_those_of_the_generator():
    gen = rabi_local(2.0, rates=(5e-7, 5e-4), n_boson=10)
    state = nl.steady_state(gen)
    assert state.method == "reduced" and gen.parts.built() == ()
    currents = nl.heat_currents(gen, state)
    assert set(gen.parts.built()) == {"spin", "boson"}
    assert abs(sum(currents.values())) < 1e-12 * max(abs(v) for v in currents.values())
    site_residual = np.linalg.norm(gen.matrix @ state.vector)
    rounding = 4 * np.finfo(float).eps * gen.frobenius_norm * np.linalg.norm(state.vector)
    assert abs(state.residual - site_residual) <= rounding  # both are rounding-level here
    assert state.relative_residual == pytest.approx(
        state.residual / (np.linalg.norm(gen.matrix.toarray()) * np.linalg.norm(state.vector))
    )
    assert state.relative_residual < 1e-14


def extended_precision_state(gen, digits=40):
    """The NESS of the assembled generator (entries taken as exact) by a 40-digit LU solve."""
    matrix = gen.matrix.toarray()
    size = matrix.shape[0]
    with mpmath.workdps(digits):
        bordered = mpmath.matrix(size, size)
        for i, j in zip(*np.nonzero(matrix), strict=True):
            bordered[i, j] = mpmath.mpc(matrix[i, j].real, matrix[i, j].imag)
        for j, value in enumerate(gen.trace_row()):
            bordered[0, j] = mpmath.mpc(value.real, value.imag)
        rhs = mpmath.matrix(size, 1)
        rhs[0] = 1
        solution = mpmath.lu_solve(bordered, rhs)
        vector = np.array([complex(solution[i]) for i in range(size)])
    return gen.to_site(vector)


@pytest.mark.parametrize(
    ("delta", "rates"),
    [(0.6, PAPER_RATES), (4.9, PAPER_RATES), (2.9, (1e-20, 1e-14)), (4.9, (1e-22, 1e-16))],
)
def test_reduced_is_exact_against_extended_precision_down_to_rates_of_1e_16(delta, rates):
    """N_b = 4 (64 unknowns); at rates 1e-14 and 1e-16 the direct solve cannot see the unique
    state, the reduction returns it to rounding, within its own error estimate."""
    gen = rabi_local(delta, rates=rates, n_boson=4)
    exact = extended_precision_state(gen)
    state = nl.steady_state(gen)
    assert state.method == "reduced"
    distance = nl.trace_distance(state.rho, exact)
    assert distance < 1e-14
    assert distance <= state.error_estimate <= 1e-12
    if rates[1] <= 1e-14:
        with pytest.raises(NonUniqueSteadyStateError):
            nl.steady_state(gen, method="direct")


def test_reduced_at_nb20_and_rates_1e_14_1e_16_returns_the_unique_secular_limit():
    """The direct route reports a null space here; the reduction's states at rates scaled by
    1e-2 and 1e-4 differ by O(r_b/ω) only (the secular limit at a fixed rate ratio)."""
    states = [
        nl.steady_state(rabi_local(4.9, rates=(scale * 1e-6, scale))) for scale in (1e-14, 1e-16)
    ]
    assert all(state.method == "reduced" for state in states)
    assert nl.trace_distance(*states) < 1e-10
    with pytest.raises(NonUniqueSteadyStateError):
        nl.steady_state(states[0].generator, method="direct")


def test_the_error_estimate_bounds_the_distance_when_the_tolerance_is_loose():
    gen = rabi_local(2.9, coupling=1.0, rates=(5e-7, 5e-4), n_boson=10)
    exact = nl.steady_state(gen, method="direct")
    loose = nl.steady_state(gen, method=Reduced(tolerance=1e-5))
    tight = nl.steady_state(gen, method=Reduced())
    assert loose.method == tight.method == "reduced"
    assert nl.trace_distance(loose, exact) <= loose.error_estimate <= 1e-5
    assert nl.trace_distance(tight, exact) < 1e-10
    assert "slow components" in tight.notes[-1] and "estimated trace distance" in tight.notes[-1]


def test_reduced_says_why_it_does_not_apply():
    moderate = rabi_local(1.0, rates=(5e-2, 5e-1), n_boson=6)
    assert "no scale separation" in Reduced().attempt(moderate)
    fallback = nl.steady_state(moderate, method="reduced")
    assert fallback.method == "direct" and "no scale separation" in fallback.notes[-1]
    gen = rabi_local(1.0, coupling=1.0, rates=(5e-4, 5e-2), n_boson=6)
    dissipator = gen.jump_form.in_eigenbasis(*gen.system.eigen)
    slow = slow_fast_state(dissipator, window=1.5, tolerance=1e-10, max_contraction=0.01)
    assert "contracts too slowly" in slow


def test_a_small_window_converges_slower_and_its_estimate_still_bounds_the_error():
    gen = rabi_local(1.0, coupling=1.0, rates=(5e-4, 5e-2), n_boson=6)
    state = nl.steady_state(gen, method=Reduced(window=1.5))
    assert state.method == "reduced"
    exact = nl.steady_state(gen, method="direct")
    assert nl.trace_distance(state, exact) <= state.error_estimate < 1e-10


@pytest.mark.parametrize("options", [{"window": 1.0}, {"tolerance": 0.0}, {"max_iterations": 2}])
def test_reduced_options_are_checked(options):
    with pytest.raises(ValueError, match=next(iter(options))):
        Reduced(**options)


@pytest.mark.slow
@pytest.mark.parametrize("coupling", COUPLINGS)
def test_auto_and_reduced_are_exact_on_the_fig1b_grid_and_around_every_avoided_crossing(coupling):
    """Seed 000 Fig. 1(b): 400 uniform Δ/ω, Δ/ω = 4.9, and 9 points across each crossing.

    Within a few gaps of a crossing whose gap is ~1e-6 ω, the eigenvectors' rounding
    (ε·max|E|/gap ~ 1e-9 rad) alone moves the state by ~1e-10: there the reduction's estimate
    exceeds the tolerance and auto says so and solves directly.
    """
    deltas = np.linspace(*DELTA_RANGE, 400)
    zooms = zoom_table(
        [lac_analysis(deltas, coupling)], [coupling], "coupling", deltas[1] - deltas[0]
    )
    points = [*deltas, 4.9, *(point["delta"] for point in zoom_points(zooms, "coupling", "c"))]
    chosen = []
    for delta in points:
        gen = rabi_local(delta, coupling)
        state = nl.steady_state(gen)
        direct = nl.steady_state(gen, method="direct")
        reduced = nl.steady_state(gen, method="reduced")
        chosen.append(state.method)
        if state.method == "direct":
            assert "estimated trace distance" in state.notes[0] and reduced.error_estimate > 1e-10
        for other in (state, reduced):
            assert nl.trace_distance(other, direct) < 1e-10, delta
            assert spin_flux(other) == pytest.approx(spin_flux(direct), rel=1e-8), delta
    assert chosen.count("reduced") >= 0.95 * len(points)
