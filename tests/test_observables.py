"""Heat transport against the papers' closed forms (seeds 000, 001, 002)."""

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.signal import argrelmin

import nesslab as nl
from nesslab import models, spectral

from references import bose, eq15_current, eq42_current
from setups import tls_dimer_environment


@pytest.mark.parametrize("detuning", [0.0, -0.09])
@pytest.mark.parametrize("c1", [0.002, 0.02])
@pytest.mark.parametrize("coupling", [1e-4, 1e-3, 1e-2, 0.1, 0.5])
def test_seed002_eq15_local_energy_flow(detuning, c1, coupling):
    system, channels, _ = tls_dimer_environment(coupling, detuning, c1=c1)
    gen = nl.generator(system, channels, "local")
    currents = nl.heat_currents(gen, nl.steady_state(gen))
    expected = eq15_current(1.0, 1.0 - detuning, coupling, c1, 2 * c1, 0.2, 0.22)
    tolerance = 1e-6 if abs(expected) < 1e-10 else 1e-8
    assert currents["1"] == pytest.approx(expected, rel=tolerance)
    assert currents["1"] + currents["2"] == pytest.approx(0.0, abs=tolerance * abs(expected))


@pytest.mark.parametrize("detuning", [0.0, -0.09])
def test_seed002_eq17_optimal_coupling(detuning):
    c1, t1, t2 = 0.002, 0.2, 0.22
    omega2 = 1.0 - detuning

    def specific_flow(log_coupling):
        coupling = np.exp(log_coupling)
        system, channels, _ = tls_dimer_environment(coupling, detuning, c1=c1, t1=t1, t2=t2)
        gen = nl.generator(system, channels, "local")
        return -abs(nl.heat_currents(gen, nl.steady_state(gen))["1"]) / coupling

    best = minimize_scalar(specific_flow, bracket=(np.log(1e-4), np.log(1e-1)), tol=1e-10)
    g1 = c1 * (bose(1.0, t1) + 0.5)
    g2 = 2 * c1 * omega2**3 * (bose(omega2, t2) + 0.5)
    expected = np.sqrt(g1 * g2 * (1 + detuning**2 / (g1 + g2) ** 2))
    assert np.exp(best.x) == pytest.approx(expected, rel=1e-4)


@pytest.mark.parametrize("t_a, t_b", [(60.0, 40.0), (55.0, 45.0), (500.0, 300.0), (40.0, 60.0)])
def test_seed001_eq42_two_qubit_current(t_a, t_b):
    system = models.two_qubits_xy(1000.0, 200.0)
    baths = [
        nl.Bath("sx_a", spectral.Flat(0.5), t_a, "a"),
        nl.Bath("sx_b", spectral.Flat(0.5), t_b, "b"),
    ]
    gen = nl.generator(system, baths, "global")
    state = nl.steady_state(gen)
    currents = nl.heat_currents(gen, state)
    assert currents["a"] == pytest.approx(eq42_current(t_a, t_b), rel=1e-8)
    assert currents.first_law_residual < 1e-10
    assert nl.entropy_production(gen, state) >= 0
    if (t_a, t_b) == (60.0, 40.0):
        assert currents["a"] == pytest.approx(3.2412544575e-4, rel=1e-9)


def test_seed002_local_approach_violates_second_law():
    """T₁ > T₂ and ω₁/T₁ > ω₂/T₂: the local approach sends heat into the hot bath (σ < 0)."""
    t1, t2, detuning = 0.22, 0.2, 0.15
    assert t1 > t2 and 1.0 / t1 > (1.0 - detuning) / t2
    system, channels, baths = tls_dimer_environment(0.01, detuning, c1=0.002, t1=t1, t2=t2)
    local = nl.generator(system, channels, "local")
    local_state = nl.steady_state(local)
    assert nl.heat_currents(local, local_state)["1"] < 0
    assert nl.entropy_production(local, local_state) < 0
    for approach in ("global", "partial_secular", "redfield"):
        gen = nl.generator(system, baths, approach)
        state = nl.steady_state(gen)
        assert nl.heat_currents(gen, state)["1"] > 0, approach
        assert nl.entropy_production(gen, state) > 0, approach


def test_seed002_partial_secular_interpolates_local_and_global():
    """Criterion: with the paper's window (tolerance="rates", the largest transition rate),
    partial-secular matches the local current to 1e-4 relative for Ω ≤ g₁ and equals the
    global one to 1e-10 for Ω ≥ 10 (g₁ + g₂), where g_j = γ_j(n_j + ½) (seed 002 Sec. IV)."""
    c1, t1, t2 = 0.002, 0.2, 0.22
    g1 = c1 * (bose(1.0, t1) + 0.5)
    g2 = 2 * c1 * (bose(1.0, t2) + 0.5)

    def currents(coupling):
        system, channels, baths = tls_dimer_environment(coupling, 0.0, c1=c1, t1=t1, t2=t2)
        result = {}
        for approach, environment in (
            ("local", channels),
            ("global", baths),
            ("partial_secular", baths),
        ):
            options = {"tolerance": "rates"} if approach == "partial_secular" else {}
            gen = nl.generator(system, environment, approach, **options)
            result[approach] = nl.heat_currents(gen, nl.steady_state(gen))["1"]
        return result

    for coupling in (1e-3 * g1, 0.1 * g1, g1):
        weak = currents(coupling)
        assert weak["partial_secular"] == pytest.approx(weak["local"], rel=1e-4)
        assert abs(weak["global"] / weak["local"] - 1) > 0.5
    for coupling in (10 * (g1 + g2), 100 * (g1 + g2)):
        strong = currents(coupling)
        assert strong["partial_secular"] == pytest.approx(strong["global"], rel=1e-10)


def spin_flux(
    delta, method="auto", approach="local", coupling=0.05, rates=(5e-12, 5e-6), counter_rotating=1.0
):
    """Seed 000: J_s = Tr[σz D_s(ρ)]/2 in units of r_s, from the full local dissipator."""
    system = models.rabi(delta, coupling, 20, counter_rotating=counter_rotating)
    channels = [nl.Channel("sm", rates[0], "spin"), nl.Channel("a", rates[1], "boson")]
    local = nl.generator(system, channels, "local")
    state = nl.steady_state(nl.generator(system, channels, approach), method=method)
    return nl.flux(local, state, "sz", "spin") / 2 / rates[0], state


@pytest.mark.slow
def test_seed000_extreme_rates_full_and_secular_routes_agree():
    for delta in (0.6, 1.5, 2.0, 3.5):
        direct, direct_state = spin_flux(delta, "direct")
        reduced, _ = spin_flux(delta, "reduced")
        secular, _ = spin_flux(delta, approach="pauli")
        up = (np.eye(40) + direct_state.generator.system.op("sz")) / 2
        assert direct == pytest.approx(-np.trace(up @ direct_state.rho).real, rel=1e-12)
        assert reduced == pytest.approx(direct, rel=1e-9)
        assert secular == pytest.approx(direct, rel=1e-6)


def test_seed000_spin_flux_dips_at_odd_integers():
    for centre in (1.0, 3.0):
        deltas = np.round(np.arange(centre - 0.2, centre + 0.2001, 0.01), 10)
        magnitude = np.array([abs(spin_flux(d)[0]) for d in deltas])
        minima = deltas[argrelmin(magnitude)[0]]
        deepest = minima[np.argmin(np.interp(minima, deltas, magnitude))]
        assert abs(deepest - centre) < 0.05
        assert magnitude.min() < 0.5 * np.median(magnitude)


def test_seed000_fig4_jaynes_cummings_has_no_flux_and_counter_rotation_makes_the_dip():
    """Fig. 4: at zero temperature the JC NESS is its ground state (J_s = 0 at every Δ), while
    counter-rotating terms (s > 0) give a flux with a dip at Δ/ω = 1 that deepens as s grows."""
    for delta in (0.5, 1.0, 2.0, 3.0):
        assert abs(spin_flux(delta, coupling=0.04, counter_rotating=0.0)[0]) < 1e-12
    depths = []
    for s in (0.2, 0.6, 1.0):
        deltas = np.arange(0.95, 1.0501, 0.01)
        dip = min(abs(spin_flux(d, coupling=0.04, counter_rotating=s)[0]) for d in deltas)
        off = abs(spin_flux(1.5, coupling=0.04, counter_rotating=s)[0])
        assert dip < 0.05 * off
        depths.append(off - dip)
    assert depths[0] < depths[1] < depths[2]


def test_seed000_app_e_redfield_flux_is_linear_in_a_small_bias():
    """App. E: equal temperatures give the Gibbs state and no flux; a small bias δ gives a spin
    flux proportional to δ."""
    system = models.rabi(1.3, 0.2, 10)

    def spin_current(t_spin, t_boson=0.5):
        baths = [
            nl.Bath("sx", spectral.Ohmic(1e-4, 1.3), t_spin, "spin"),
            nl.Bath("x", spectral.Ohmic(1e-2, 1.0), t_boson, "boson"),
        ]
        gen = nl.generator(system, baths, "redfield")
        state = nl.steady_state(gen)
        return nl.heat_currents(gen, state)["spin"], state

    current, state = spin_current(0.5)
    assert nl.trace_distance(state, nl.gibbs_state(system, 0.5)) < 1e-8
    small, _ = spin_current(0.5 + 1e-3)
    double, _ = spin_current(0.5 + 2e-3)
    assert abs(current) < 1e-10 * abs(small)
    assert double / small == pytest.approx(2.0, rel=1e-2)


def test_observables_of_known_states():
    system = models.spin_boson(0.5)
    ground = nl.gibbs_state(system, 0.0)
    assert np.allclose(ground, np.diag([0, 1]))
    assert nl.purity(ground) == pytest.approx(1.0)
    mixed = np.eye(2) / 2
    assert nl.von_neumann_entropy(mixed) == pytest.approx(np.log(2))
    assert nl.trace_distance(ground, mixed) == pytest.approx(0.5)
    assert np.allclose(nl.populations(ground), [0, 1])
    thermal = nl.gibbs_state(system, 0.7)
    assert nl.populations(thermal)[0] / nl.populations(thermal)[1] == pytest.approx(
        np.exp(-1 / 0.7)
    )
