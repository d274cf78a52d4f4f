"""The reaction-coordinate approach: mapping, space, solver, and two exact or independent routes.

* The harmonic junction with Brownian baths: the exact Landauer current (no approximation at
  all), where weak-coupling Redfield is 59 % off.
* The spin-boson model with Brownian baths and non-commuting couplings: the HEOM (fitted
  expansion of the Brownian C(t), depth converged).
"""

import warnings

import numpy as np
import pytest
import scipy.integrate as si

import nesslab as nl
from nesslab.analysis import converge_levels
from nesslab.environment.reaction_coordinate import (
    ExactResidual,
    reaction_coordinate,
    response_real_part,
)
from nesslab.environment.spectral import Brownian, DrudeLorentz, PowerLaw
from nesslab.generators.reaction_coordinate import (
    ReactionCoordinateWarning,
    top_level_populations,
)
from nesslab.models.few_body import spin_boson
from nesslab.operator_sum import OperatorSum
from nesslab.operators import destroy, number
from nesslab.solve import SylvesterGMRES
from nesslab.superop import assemble, vec

BROWNIAN = Brownian(0.35, 0.1, 1.5)


def _exact_moments(density):
    """Ω and λ of an RC from the moments (quadrature of the density itself)."""
    first = si.quad(lambda w: density(np.array([w]))[0] * w, 0, np.inf, limit=400)[0]
    inverse = si.quad(lambda w: density(np.array([w]))[0] / w, 0, np.inf, limit=400)[0]
    return np.sqrt(first / inverse), (first * inverse) ** 0.25 / np.sqrt(np.pi)


def test_brownian_mapping_is_closed_form_and_the_general_route_reproduces_it():
    mode = reaction_coordinate(BROWNIAN)
    assert mode.frequency == 1.5
    assert mode.coupling == pytest.approx(0.35 / np.sqrt(3.0), rel=1e-14)
    omega = np.array([0.01, 0.4, 1.5, 3.0, 10.0])
    np.testing.assert_allclose(mode.residual(omega), 0.1 * omega / 3.0, rtol=1e-14)
    assert mode.residual_strength == pytest.approx(0.1 / 3.0)
    # The general route (moments and the exact residual by quadrature) on the same J.
    frequency, coupling = _exact_moments(BROWNIAN)
    general = ExactResidual(BROWNIAN, coupling, frequency)
    assert frequency == pytest.approx(1.5, rel=1e-9)
    np.testing.assert_allclose(general(omega), 0.1 * omega / 3.0, rtol=1e-9)


def test_seed_004_mapping_against_closed_forms_and_an_independent_principal_value():
    alpha = 2.0
    density = PowerLaw(np.pi * alpha, 3, 1.0, form="rational")
    mode = reaction_coordinate(density)
    # ∫Jω = ∫J/ω = πα·π/32, so Ω = ω_c and λ² = πα/32.
    assert mode.frequency == pytest.approx(1.0, rel=1e-12)
    assert mode.coupling**2 == pytest.approx(np.pi * alpha / 32, rel=1e-12)
    # Re χ by QUADPACK's Cauchy weight, an independent principal value.
    for omega in (0.1, 0.7, 1.0, 2.5):
        pv = si.quad(
            lambda x, w=omega: (2 / np.pi) * density(np.array([x]))[0] * x / (x + w),
            0,
            60,
            weight="cauchy",
            wvar=omega,
            limit=400,
        )[0]
        assert response_real_part(density, np.array([omega]))[0] == pytest.approx(
            pv, abs=1e-9 * alpha
        )
    # J_res does not depend on α (the coupling strength moves into λ); here J_res(Ω)/Ω = 1/2.
    weaker = reaction_coordinate(PowerLaw(np.pi * 0.1, 3, 1.0, form="rational"))
    omega = np.array([0.05, 0.5, 1.0, 3.0])
    np.testing.assert_allclose(mode.residual(omega), weaker.residual(omega), rtol=1e-10)
    assert mode.residual_strength == pytest.approx(0.5, rel=1e-8)


@pytest.mark.parametrize(
    "density", [DrudeLorentz(0.1, 1.0), PowerLaw(0.1, 1.0, 1.0, form="none")], ids=str
)
def test_baths_without_a_reaction_coordinate_are_refused(density):
    with pytest.raises(ValueError, match="reaction coordinate"):
        reaction_coordinate(density)


def _oscillator(levels):
    lowering = destroy(levels)
    return nl.System(number(levels), (levels,), {"x": lowering + lowering.T})


def _junction(temperatures=(0.5, 0.3)):
    return [nl.Bath("x", BROWNIAN, t, name) for t, name in zip(temperatures, "12", strict=True)]


def _landauer(t1, t2):
    """Exact current of a unit oscillator between two BROWNIAN baths (no counter-term)."""

    def integrand(w):
        density = BROWNIAN(np.array([w]))[0]
        response = BROWNIAN.lam**2 / (BROWNIAN.omega0**2 - w**2 - 1j * BROWNIAN.gamma * w)
        chi = 1 / ((1 - w**2) / 2 - 2 * response)
        occupation = 1 / np.expm1(w / t1) - 1 / np.expm1(w / t2)
        return w * 4 * density**2 * abs(chi) ** 2 * occupation / (2 * np.pi)

    return si.quad(integrand, 1e-9, 40, limit=500, epsrel=1e-12)[0]


def test_harmonic_junction_matches_the_exact_landauer_current():
    exact = _landauer(0.5, 0.3)
    rc = nl.generator(_oscillator(5), _junction(), "reaction_coordinate", levels=5)
    state = nl.steady_state(rc)
    currents = nl.heat_currents(rc, state)
    assert currents["1"] == pytest.approx(exact, rel=3e-3)
    assert abs(currents["1"] + currents["2"]) < 1e-10 * abs(exact)
    assert max(top_level_populations(rc, state.vector).values()) < 1e-3
    # Weak coupling misses it entirely: the test tells the routes apart.
    weak = nl.generator(_oscillator(6), _junction(), "redfield")
    assert nl.heat_currents(weak, nl.steady_state(weak))["1"] < 0.5 * exact


def test_sylvester_gmres_equals_the_direct_lu_and_never_assembles():
    rc = nl.generator(_oscillator(4), _junction(), "reaction_coordinate", levels=4)
    iterative = nl.steady_state(rc, method=SylvesterGMRES())
    assert rc.parts.built() == ()
    assert "Sylvester" in iterative.notes[0]
    direct = nl.steady_state(rc, method="direct")
    np.testing.assert_allclose(iterative.vector, direct.vector, atol=1e-11)
    assert iterative.relative_residual < 1e-13
    first, second = (nl.heat_currents(rc, s)["1"] for s in (iterative, direct))
    assert first == pytest.approx(second, rel=1e-9)


def test_operator_sum_matches_its_assembled_matrix():
    rng = np.random.default_rng(3)
    dim = 5
    terms = [
        (0.7 - 0.2j, rng.normal(size=(dim, dim)), rng.normal(size=(dim, dim))),
        (1.3j, rng.normal(size=(dim, dim)), None),
        (-0.4, None, rng.normal(size=(dim, dim))),
    ]
    operator = OperatorSum.of(terms, dim)
    matrix = assemble(terms, dim, sparse=False)
    state = rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim))
    np.testing.assert_allclose(vec(operator(state)), matrix @ vec(state), atol=1e-12)
    assert operator.frobenius_norm() == pytest.approx(np.linalg.norm(matrix), rel=1e-12)
    observable = rng.normal(size=(dim, dim))
    np.testing.assert_allclose(
        operator.adjoint_observable(observable).ravel(), observable.ravel() @ matrix, atol=1e-12
    )
    left, right, rest = operator.split()
    np.testing.assert_allclose(
        left @ state + state @ right + rest(state), operator(state), atol=1e-12
    )


def test_space_reduces_to_the_system_and_measures_system_operators():
    rc = nl.generator(_oscillator(3), _junction(), "reaction_coordinate", levels=3)
    space = rc.space
    state = nl.steady_state(rc)
    full = space.augmented_state(state.vector)
    reduced = full.reshape(3, 9, 3, 9).trace(axis1=1, axis2=3)
    np.testing.assert_allclose(state.rho, reduced, atol=1e-14)
    x = _oscillator(3).op("x")
    assert space.observable_row(x) @ state.vector == pytest.approx(np.trace(x @ state.rho))
    np.testing.assert_allclose(space.to_site(space.from_site(state.rho)), state.rho, atol=1e-13)
    with pytest.raises(ValueError, match="whole state"):
        nl.heat_currents(rc, state.rho)


def test_levels_are_checked():
    with pytest.raises(ValueError, match="levels"):
        nl.generator(_oscillator(3), _junction(), "reaction_coordinate", levels=1)
    with pytest.raises(ValueError, match="one entry per bath"):
        nl.generator(_oscillator(3), _junction(), "reaction_coordinate", levels=(3, 3, 3))
    rc = nl.generator(_oscillator(3), _junction(), "reaction_coordinate", levels={"1": 3, "2": 2})
    assert rc.space.levels == (3, 2)


def test_a_strong_residual_bath_warns():
    baths = [nl.Bath("sx", PowerLaw(np.pi, 3, 1.0, form="rational"), 1.0, "1")]
    with pytest.warns(ReactionCoordinateWarning, match="J_res"):
        nl.generator(spin_boson(0.05), baths, "reaction_coordinate", levels=3)


def _spin_boson_baths(lam, temperatures=(1.0, 0.5)):
    density = Brownian(lam, 0.2, 1.5)
    hot, cold = temperatures
    return [nl.Bath("sx", density, hot, "1"), nl.Bath("s_theta", density, cold, "2")]


def test_weak_coupling_limit_is_the_redfield_current_of_the_bare_spin():
    """As λ → 0 the RC current → the Redfield current of the spin, the gap closing as λ².

    At T = 0.3 four RC levels are converged; at T = 1 the levels converge slowly at weak
    coupling (the gap is 2.4 %, 0.25 % and 0.07 % with 3, 6 and 10 levels at λ = 0.005).
    """
    system = spin_boson(0.5, np.pi / 4)
    gaps = []
    for lam in (0.02, 0.01):
        baths = _spin_boson_baths(lam, (0.3, 0.15))
        rc = nl.generator(system, baths, "reaction_coordinate", levels=4)
        weak = nl.generator(system, baths, "redfield")
        ratio = (
            nl.heat_currents(rc, nl.steady_state(rc))["1"]
            / nl.heat_currents(weak, nl.steady_state(weak))["1"]
        )
        gaps.append(ratio - 1)
    assert 0 < gaps[1] < 1e-3
    assert gaps[0] / gaps[1] == pytest.approx(4, rel=0.05)


@pytest.mark.slow
def test_spin_boson_with_brownian_baths_agrees_with_the_heom():
    system = spin_boson(0.5, np.pi / 4)
    baths = _spin_boson_baths(0.35)
    expansions = [
        nl.environment.approximate(b, "fit", t_max=100.0, tolerance=1e-4, max_terms=12)
        for b in baths
    ]
    heom = nl.analysis.converge_depth(
        system, baths, "1", start_depth=3, max_depth=7, tolerance=2e-3, expansions=expansions
    )
    assert heom.converged
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReactionCoordinateWarning)
        rc = converge_levels(system, baths, "1", start_levels=4, max_levels=8, tolerance=2e-3)
    assert rc.converged
    assert rc.value == pytest.approx(heom.value, rel=heom.change + rc.change + 1e-3)
    weak = nl.generator(system, baths, "redfield")
    assert nl.heat_currents(weak, nl.steady_state(weak))["1"] < 0.5 * heom.value


def test_the_dense_matrix_is_refused_before_assembly_with_the_way_out():
    rc = nl.generator(
        _oscillator(3), _junction(), "reaction_coordinate", levels=3, max_memory_mb=0.01
    )
    with pytest.raises(nl.limits.ResourceLimitError, match="SylvesterGMRES"):
        nl.steady_state(rc, method="direct")
    assert nl.steady_state(rc, method="iterative").method == "iterative"
