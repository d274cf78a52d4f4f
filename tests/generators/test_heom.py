"""HEOM: index, bath expansions, RHS and NESS vs QuTiP, heat currents vs exact references."""

from math import comb

import numpy as np
import pytest

import nesslab as nl
from nesslab import models
from nesslab.environment.spectral import DrudeLorentz
from nesslab.generators.heom import HierarchyIndex, heom_size, hierarchy_of, system_currents
from nesslab.operators import destroy
from nesslab.solve import Auto, TierGMRES

from references import landauer_current

qutip = pytest.importorskip("qutip")
heom_module = pytest.importorskip("qutip.solver.heom")


def two_baths(lam=0.05, gamma=1.0, t_hot=1.0, t_cold=0.5, lam_cold=None):
    return [
        nl.Bath("sx", DrudeLorentz(lam, gamma), t_hot, "hot"),
        nl.Bath(
            "s_theta", DrudeLorentz(lam if lam_cold is None else lam_cold, gamma), t_cold, "cold"
        ),
    ]


# --- index -------------------------------------------------------------------------------


def test_index_counts_tiers_and_lookup():
    index = HierarchyIndex((0, 0, 1), depth=3)
    assert index.n_ados == comb(3 + 3, 3)
    assert index.label(0) == (0, 0, 0)
    assert np.all(np.diff(index.tiers) >= 0)
    assert np.array_equal(index.find(index.labels), np.arange(index.n_ados))
    assert index.find([0, 0, 4]) == -1
    assert index.find([1, -1, 0]) == -1
    assert index.find([1, 1, 1]) >= 0


def test_index_neighbours_and_filters():
    index = HierarchyIndex((0, 1, 1), depth=2)
    for mode in range(3):
        rows, cols = index.next(mode)
        step = np.zeros(3, dtype=int)
        step[mode] = 1
        assert np.array_equal(index.labels[cols], index.labels[rows] + step)
        assert rows.size == comb(3 + 1, 1)  # every ADO below the top tier
        back_rows, back_cols = index.prev(mode)
        assert sorted(zip(back_cols, back_rows, strict=True)) == sorted(
            zip(rows, cols, strict=True)
        )
    first = index.filter(tier=1, bath=1)
    assert {index.label(p) for p in first} == {(0, 1, 0), (0, 0, 1)}
    assert np.array_equal(index.modes_of(1), [1, 2])
    assert set(index.filter(bath=0)) == {index.find([n, 0, 0]) for n in range(3)}


def test_index_depth_zero_and_bad_input():
    index = HierarchyIndex((0,), depth=0)
    assert index.n_ados == 1
    assert index.next(0)[0].size == 0
    with pytest.raises(ValueError, match="depth"):
        HierarchyIndex((0,), depth=-1)
    with pytest.raises(ValueError, match="mode"):
        HierarchyIndex((), depth=2)


# --- RHS and NESS vs QuTiP ---------------------------------------------------------------


def qutip_solver(generator, depth):
    baths = []
    for name, expansion, coupling in zip(
        hierarchy_of(generator).names,
        hierarchy_of(generator).expansions,
        hierarchy_of(generator).couplings,
        strict=True,
    ):
        c, rates = expansion.amplitudes, expansion.rates.real
        imaginary = c.imag != 0
        baths.append(
            heom_module.BosonicBath(
                qutip.Qobj(coupling), c.real, rates, c.imag[imaginary], rates[imaginary], tag=name
            )
        )
    return heom_module.HEOMSolver(qutip.Qobj(generator.system.H), baths, max_depth=depth)


def qutip_permutation(generator, solver):
    """Position in nesslab's ADO vector of each entry of QuTiP's ADO vector."""
    positions = hierarchy_of(generator).index.find(np.array(solver.ados.labels))
    assert np.all(positions >= 0)
    block = generator.dim**2
    return (positions[:, None] * block + np.arange(block)[None, :]).ravel()


@pytest.mark.parametrize("theta", [0.0, np.pi / 2])
def test_rhs_and_steady_state_match_qutip(theta):
    system = models.spin_boson(0.5, theta)
    gen = nl.generator(system, two_baths(), "heom", depth=3, n_exponents=3)
    solver = qutip_solver(gen, 3)
    order = qutip_permutation(gen, solver)
    mine = gen.matrix.toarray()[np.ix_(order, order)]
    reference = solver.rhs(0).full()
    assert np.abs(mine - reference).max() <= 1e-13 * np.abs(reference).max()
    state = nl.steady_state(gen, method="direct")
    rho, ados = solver.steady_state()
    assert nl.trace_distance(state.rho, rho.full()) < 1e-8
    # QuTiP's ADO API gives the first-tier ADOs independently of nesslab's index.
    for bath, name in enumerate(hierarchy_of(gen).names):
        coupling = hierarchy_of(gen).couplings[bath]
        current = (
            2
            * hierarchy_of(gen).expansions[bath].imag_at_zero
            * np.trace(coupling @ coupling @ rho.full())
        )
        for label in ados.filter(level=1, tags=[name]):
            (exponent,) = ados.exps(label)
            current -= exponent.vk * np.trace(coupling @ ados.extract(label).full())
        assert nl.heat_currents(gen, state)[name] == pytest.approx(current.real, rel=1e-7)


# --- heat currents -----------------------------------------------------------------------


@pytest.mark.parametrize("theta", [0.0, np.pi / 4, np.pi / 2])
def test_first_law_and_system_side_current(theta):
    system = models.spin_boson(0.5, theta)
    gen = nl.generator(system, two_baths(lam=0.1), "heom", depth=4, n_exponents=3)
    state = nl.steady_state(gen)
    currents = nl.heat_currents(gen, state)
    assert currents["hot"] > 0
    assert currents.first_law_residual < 1e-10
    other = system_currents(hierarchy_of(gen), system.H, state.vector)
    for name in currents:
        assert other[name] == pytest.approx(currents[name], rel=1e-9)
    assert nl.entropy_production(gen, state) > 0


def test_equal_temperatures_carry_no_current():
    """Unequal, non-commuting baths at one temperature: the current vanishes with the depth.

    A truncated hierarchy obeys detailed balance only approximately, so the residual current is
    a truncation error: 4e-6 at depth 3, 5e-7 at depth 5 (the current at T = 1/0.5 is ~1e-2).
    """
    system = models.spin_boson(0.5, np.pi / 4)
    baths = two_baths(lam=0.1, t_hot=0.7, t_cold=0.7, lam_cold=0.05)
    residuals = []
    for depth in (3, 5):
        gen = nl.generator(system, baths, "heom", depth=depth, n_exponents=3)
        residuals.append(abs(nl.heat_currents(gen, nl.steady_state(gen))["hot"]))
    assert residuals[1] < 0.2 * residuals[0]
    assert residuals[1] < 1e-6


def test_weak_coupling_limit_is_redfield():
    """θ = π/2: HEOM → Redfield with a relative difference ∝ λ.

    The O(λ) correction comes from the Lamb shift (omitted by nesslab's Redfield) and the
    non-Markovian, fourth-order terms alike: both shift the current by a relative O(λ).
    """
    system = models.spin_boson(0.5, np.pi / 2)
    differences = []
    for lam in (0.01, 0.005, 0.0025):
        baths = two_baths(lam=lam)
        gen = nl.generator(system, baths, "heom", depth=2, n_exponents=3)
        redfield = nl.generator(system, baths, "redfield")
        exact = nl.heat_currents(gen, nl.steady_state(gen))["hot"]
        weak = nl.heat_currents(redfield, nl.steady_state(redfield))["hot"]
        differences.append(abs(exact - weak) / abs(weak))
    ratios = np.array(differences[:-1]) / np.array(differences[1:])
    assert np.all((ratios > 1.8) & (ratios < 2.2))
    assert differences[-1] < 5 * 0.0025


def junction_current(n_fock, depth, lam=0.02, gamma=1.0, t1=0.3, t2=0.2):
    a = destroy(n_fock)
    system = nl.System(a.conj().T @ a, (n_fock,), {"x": a + a.conj().T})
    baths = [
        nl.Bath("x", DrudeLorentz(lam, gamma), t1, "1"),
        nl.Bath("x", DrudeLorentz(lam, gamma), t2, "2"),
    ]
    gen = nl.generator(system, baths, "heom", depth=depth, n_exponents=5)
    currents = nl.heat_currents(gen, nl.steady_state(gen, method="direct"))
    assert currents.first_law_residual < 1e-10
    return currents["1"]


@pytest.mark.filterwarnings("ignore::nesslab.PhysicalityWarning")  # depth 2: λ_min ≈ −3e-5
@pytest.mark.slow
def test_harmonic_junction_matches_landauer():
    """Strong-coupling check: λ = 0.02, γ = 1, ω₀ = 1, T = 0.3/0.2, no counter-term.

    The exact current is 19% above the weak-coupling value. Padé with 5 exponentials, Fock
    cutoff 8, depth 3 reproduces it to 5e-5, inside the truncation error measured by one tier
    less (1.5e-4). Larger runs (minutes each) converge further: Fock cutoff 10, depth 3 with
    5/6/7/8 exponentials gives 1.9e-5/4.9e-6/2.3e-6/1.7e-6; depth 4 shifts it by −2.7e-6 and
    cutoff 12 by +1.2e-6, so the converged HEOM agrees with Landauer to a few 1e-6.
    """
    exact = landauer_current(0.02, 1.0, 1.0, 0.3, 0.2)
    density = 2 * 0.02 * 1.0 / 2
    weak = density * (1 / np.expm1(1 / 0.3) - 1 / np.expm1(1 / 0.2))
    assert exact / weak == pytest.approx(1.19, abs=0.005)
    converged = junction_current(8, 3)
    truncation = abs(converged - junction_current(8, 2))
    assert abs(converged - exact) < truncation
    assert abs(converged - exact) < 1e-4 * exact


# --- integration with the solver -------------------------------------------------------


def test_methods_agree_and_state_is_physical():
    gen = nl.generator(models.spin_boson(0.5, np.pi / 4), two_baths(), "heom", depth=3)
    direct = nl.steady_state(gen, method="direct")
    assert direct.residual < 1e-12 and direct.positivity_error == 0
    assert direct.vector.size == gen.size == hierarchy_of(gen).n_ados * 4
    for method in ("iterative", "auto", "reduced"):
        other = nl.steady_state(gen, method=method)
        assert nl.trace_distance(other.rho, direct.rho) < 1e-10
    currents = nl.heat_currents(gen, direct)["hot"]
    assert nl.heat_currents(gen, direct.vector)["hot"] == currents
    with pytest.raises(ValueError, match="auxiliary"):
        nl.heat_currents(gen, direct.rho)


def test_size_estimate_and_limit():
    system = models.spin_boson(0.5, np.pi / 4)
    gen = nl.generator(system, two_baths(), "heom", depth=4, n_exponents=3)
    size = gen.options["size"]
    assert size.n_ados == comb(6 + 4, 4) == hierarchy_of(gen).n_ados
    assert size.unknowns == gen.size
    assert size.nonzeros >= gen.matrix.nnz
    couplings = [system.op("sx"), system.op("s_theta")]
    assert heom_size(system, couplings, [4, 4], 6).n_ados == 3003
    with pytest.raises(MemoryError, match="ADOs"):
        nl.generator(system, two_baths(), "heom", depth=4, max_nonzeros=1000)
    with pytest.raises(TypeError, match="Bath"):
        nl.generator(system, [nl.Channel("sx", 0.1, "c")], "heom", depth=2)


def test_flux_is_the_system_side_current_for_commuting_couplings():
    """θ = π/2 (both σx): Tr[H_S · D_α] of the first-tier ADOs is the whole current."""
    for theta, equal in ((np.pi / 2, True), (np.pi / 4, False)):
        system = models.spin_boson(0.5, theta)
        gen = nl.generator(system, two_baths(lam=0.1), "heom", depth=3, n_exponents=3)
        state = nl.steady_state(gen)
        bath_side = nl.heat_currents(gen, state)["hot"]
        system_side = nl.flux(gen, state, system.H, "hot")
        assert (abs(system_side - bath_side) < 1e-10 * abs(bath_side)) == equal


def test_evolution_keeps_the_steady_state():
    gen = nl.generator(models.spin_boson(0.5, np.pi / 4), two_baths(), "heom", depth=3)
    state = nl.steady_state(gen)
    result = nl.evolve(gen, state, [0.0, 5.0, 10.0], e_ops=["sz"])
    assert np.abs(result.states[-1] - state.rho).max() < 1e-10
    assert np.allclose(result.expect[0], np.trace(gen.system.op("sz") @ state.rho).real)


def test_evolution_from_a_product_state_relaxes_to_the_steady_state():
    """Factorised initial condition (every ADO but ρ zero) → the HEOM NESS at long times."""
    gen = nl.generator(models.spin_boson(0.5, np.pi / 4), two_baths(), "heom", depth=3)
    state = nl.steady_state(gen)
    result = nl.evolve(gen, np.diag([1.0, 0.0]), [0.0, 60.0])
    assert nl.trace_distance(result.states[0], np.diag([1.0, 0.0])) < 1e-14
    assert nl.trace_distance(result.states[-1], state.rho) < 1e-5


def test_auto_uses_gmres_for_large_hierarchies():
    gen = nl.generator(models.spin_boson(0.5, np.pi / 4), two_baths(), "heom", depth=3)
    direct = nl.steady_state(gen, method="direct")
    auto = nl.steady_state(gen, method=Auto(iterative_size=10))
    assert any("gmres" in note for note in auto.notes)
    assert nl.trace_distance(auto.rho, direct.rho) < 1e-10


@pytest.mark.slow
def test_shared_rate_fit_gives_the_same_current_on_a_smaller_hierarchy():
    """Seed 004 at α = 0.16 (θ = π/4, Δ = 0.1, T = 1/0.9): at equal depth (2) the shared-rate
    fit (4 modes per bath, error 1e-3) reproduces the separate Re/Im 1e-4 fit (9 per bath) to the
    fit error on 45 instead of 190 ADOs, and depth 3 → 4 (495 ADOs) changes I by < 2 % (2 → 3:
    ~20 %)."""
    from nesslab.environment.fitting import fit_correlation
    from nesslab.figures.nesb import heom_point, spectral_density

    alpha, temperatures = 0.16, (1.0, 0.9)
    baths = [
        nl.Bath(c, spectral_density(alpha), t, n)
        for c, t, n in zip(("sx", "s_theta"), temperatures, "12", strict=True)
    ]
    separate = [fit_correlation(b, 30, 300, 1e-4, 10).expansion for b in baths]
    generator = nl.generator(
        models.few_body.spin_boson(0.1, np.pi / 4), baths, "heom", depth=2, expansions=separate
    )
    reference = nl.heat_currents(generator, nl.steady_state(generator, method="direct"))["1"]
    assert hierarchy_of(generator).n_ados == comb(18 + 2, 2)
    points = [heom_point(0.1, np.pi / 4, (alpha,) * 2, temperatures, d) for d in (2, 3, 4)]
    assert points[0].modes == 8 and points[2].depth == 4
    assert points[0].current == pytest.approx(reference, rel=1e-2)
    first, second = np.abs(np.diff([p.current for p in points]))
    assert second < 0.02 * abs(points[2].current) and second < 0.1 * first
    assert max(p.first_law_residual for p in points) < 1e-8


def test_tier_preconditioned_gmres_matches_the_lu_at_strong_coupling():
    """Seed 004 at α = 4 (θ = π/4, Δ = 0.1, 8 fitted modes, depth 5, 1287 ADOs): GMRES with the
    tier preconditioner (exact LU to tier 4, block sweep above) reproduces the sparse LU, to
    a trace distance that follows its backward error (of the balanced system: 2e-10 at the
    default 1e-11); with too few iterations it raises, and "auto" then falls back to the LU
    and says so."""
    from nesslab.figures.nesb import nesb_generator
    from nesslab.solve.linalg import ConvergenceError

    generator = nesb_generator(0.1, np.pi / 4, (4.0, 4.0), (1.0, 0.9), 5)
    direct = nl.steady_state(generator, method="direct")
    iterative = nl.steady_state(generator, method="iterative")
    assert any("tier preconditioner (exact LU to tier 4)" in n for n in iterative.notes)
    assert nl.trace_distance(iterative.rho, direct.rho) < 1e-9
    exact, approximate = (nl.heat_currents(generator, s)["1"] for s in (direct, iterative))
    assert approximate == pytest.approx(exact, rel=1e-8)
    tight = nl.steady_state(generator, method=TierGMRES(backward_error=1e-13))
    assert nl.trace_distance(tight.rho, direct.rho) < 1e-11
    starved = TierGMRES(restart=3, max_restarts=1)
    with pytest.raises(ConvergenceError, match="tier preconditioner"):
        nl.steady_state(generator, method=starved)
    fallback = nl.steady_state(generator, method=Auto(hierarchy=starved))
    assert "used 'direct'" in fallback.notes[0]
    assert nl.trace_distance(fallback.rho, direct.rho) < 1e-12
    with pytest.raises(ConvergenceError, match="direct fallback is skipped"):
        nl.steady_state(generator, method=Auto(hierarchy=starved, direct_size=generator.size - 1))
    # A run out of restarts just above its target is returned when below `accept`, and says so.
    stalled = TierGMRES(restart=5, max_restarts=1, backward_error=1e-30, accept=1e-3)
    short = nl.steady_state(generator, method=stalled)
    assert "stopped short of 1e-30" in short.notes[0]
    assert nl.trace_distance(short.rho, direct.rho) < 1e-2


def test_tier_preconditioner_rejects_bad_tiers():
    from nesslab.solve.hierarchy import tier_preconditioner

    matrix = np.eye(12)
    with pytest.raises(ValueError, match="low_depth"):
        tier_preconditioner(matrix, np.array([0, 1, 2]), 4, 2)
    with pytest.raises(ValueError, match="nondecreasing"):
        tier_preconditioner(matrix, np.array([0, 2, 1]), 4, 0)


def test_exact_tiers_leave_at_most_max_sweep_tiers_to_the_sweep_within_the_unknowns_cap():
    """4 modes, depth 7: tiers ≤ t hold C(4 + t, 4) ADOs (1, 5, 15, 35, 70, …), 4 unknowns each."""
    from scipy.sparse import csc_matrix

    from nesslab.solve.hierarchy import balance_of
    from nesslab.solve.linalg import bordered_system

    generator = nl.generator(
        models.spin_boson(0.5, np.pi / 4), two_baths(), "heom", depth=7, n_exponents=2
    )
    bordered, rhs = bordered_system(csc_matrix(generator.matrix), generator.trace_row())
    space = generator.space

    def low_depth(**settings):
        return TierGMRES(**settings).prepare(bordered, space.tiers, space.block).low_depth

    assert low_depth(low_ados=20, max_sweep_tiers=4) == 3  # by count tier 2; 7 − 4 = 3 wins
    assert low_depth(low_ados=20, max_sweep_tiers=4, max_low_unknowns=100) == 2  # 140 > 100
    assert low_depth(low_ados=20, max_sweep_tiers=5) == 2  # 7 − 5 = 2
    assert low_depth(low_ados=20) == 2  # six swept tiers by default: 7 − 6 = 1 < 2 by count
    assert low_depth() == 6  # 1500 ADOs: all but the top tier
    direct = nl.steady_state(generator, method="direct")
    for balance in (None, balance_of(generator)):
        solver = TierGMRES(low_ados=20).prepare(bordered, space.tiers, space.block, balance)
        vector, _, backward = solver.solve(rhs)
        assert backward < 1e-11
        assert np.abs(vector - direct.vector).max() < 1e-9
