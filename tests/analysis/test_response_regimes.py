"""Seed 001's two qubits (Sec. III D): Eqs. 42, 43, 46 and the regime of a perturbation."""

import numpy as np
import pytest

import nesslab as nl
from nesslab.analysis.response import perturbed_heat_currents, response_regime

from references import bose

OMEGA, G, GAMMA = 1000.0, 200.0, 1.0
# SPECS §1.4 [verified]: (T_a, T_b): J₀^a, J₁^a/Ω, J^a(δΩ = 50) of Eq. 46
CHECKS = {
    (60.0, 40.0): (3.2412544575e-4, -8.0979834603e-7, 1.4992207691e-3),
    (55.0, 45.0): (9.2682791546e-5, -2.3162399255e-7, 4.8942703625e-4),
    (500.0, 300.0): (48.616254257, -8.7351042064e-2, 49.758809032),
    (5010.0, 4990.0): (0.99257686093, -1.9798777408e-4, 0.98270432376),
}


def qubits(t_a, t_b):
    system = nl.models.two_qubits_xy(OMEGA, G)
    baths = [
        nl.Bath("sx_a", nl.spectral.Flat(GAMMA / 2), t_a, "a"),
        nl.Bath("sx_b", nl.spectral.Flat(GAMMA / 2), t_b, "b"),
    ]
    return system, baths, system.op("sz_a") @ system.op("sz_b")


def eq42(t_a, t_b):
    total = 0.0
    for w in (OMEGA + G, OMEGA - G):
        na, nb = bose(w, t_a), bose(w, t_b)
        total += GAMMA * w * (na - nb) / (4 * (na + nb + 1))
    return total


def eq43(t_a, t_b):
    n = {w: (bose(w, t_a), bose(w, t_b)) for w in (OMEGA + G, OMEGA - G)}
    (pa, pb), (ma, mb) = n[OMEGA + G], n[OMEGA - G]
    return -(GAMMA * (ma - mb) + GAMMA * (pa - pb)) / (2 * (ma + mb + 1) * (pa + pb + 1))


def eq46(t_a, t_b, shift):
    """Heat current of the four-level ring 00 ↔ − ↔ 11 ↔ + ↔ 00 of H₀ + δV (rate equation)."""
    # levels 0: |00⟩, 1: |−⟩, 2: |+⟩, 3: |11⟩; transitions (lower, upper, frequency)
    transitions = [
        (0, 1, OMEGA - G - 2 * shift),
        (0, 2, OMEGA + G - 2 * shift),
        (2, 3, OMEGA - G + 2 * shift),
        (1, 3, OMEGA + G + 2 * shift),
    ]
    rates = np.zeros((4, 4))
    for lower, upper, w in transitions:
        for t in (t_a, t_b):
            rates[lower, upper] += GAMMA * (bose(w, t) + 1) / 2
            rates[upper, lower] += GAMMA * bose(w, t) / 2
    generator = rates - np.diag(rates.sum(axis=0))
    system = np.vstack([generator[:-1], np.ones(4)])
    p = np.linalg.solve(system, np.eye(4)[-1])
    return sum(
        w * GAMMA * (-(bose(w, t_a) + 1) * p[upper] + bose(w, t_a) * p[lower]) / 2
        for lower, upper, w in transitions
    )


@pytest.mark.parametrize(("t_a", "t_b"), list(CHECKS))
def test_eqs_42_43_46_and_the_papers_check_values(t_a, t_b):
    system, baths, v = qubits(t_a, t_b)
    shifts = [0.0, 1.0, 50.0]
    local = perturbed_heat_currents(system, baths, v, shifts, treatment="local")["a"]
    davies = perturbed_heat_currents(system, baths, v, [50.0], treatment="davies")["a"][0]
    j0, j1, rebuilt = CHECKS[(t_a, t_b)]
    assert local[0] == pytest.approx(eq42(t_a, t_b), rel=1e-9)
    assert local[0] == pytest.approx(j0, rel=1e-9)
    assert local[1] - local[0] == pytest.approx(eq43(t_a, t_b), rel=1e-6)  # J₀ cancels
    base = nl.generator(system, baths, "global")
    state = nl.steady_state(base)
    first = np.real(base.observable_row(v) @ (base.parts["a"] @ state.vector))  # Tr[V D₀ π₀]
    assert first == pytest.approx(eq43(t_a, t_b), rel=1e-9)
    assert first == pytest.approx(j1, rel=1e-9)
    assert davies == pytest.approx(eq46(t_a, t_b, 50.0), rel=1e-9)
    assert davies == pytest.approx(rebuilt, rel=1e-9)


def test_local_treatment_is_a_straight_line_in_delta():
    system, baths, v = qubits(60.0, 40.0)
    shifts = np.array([0.0, 7.0, 30.0, 120.0])
    currents = perturbed_heat_currents(system, baths, v, shifts, treatment="local")
    for values in currents.values():
        slope = (values[1] - values[0]) / shifts[1]
        np.testing.assert_allclose(values, values[0] + slope * shifts, rtol=1e-9)
    # first law in every treatment
    for treatment in ("local", "davies"):
        both = perturbed_heat_currents(system, baths, v, shifts, treatment=treatment)
        np.testing.assert_allclose(both["a"] + both["b"], 0.0, atol=1e-12 * np.abs(both["a"]).max())


def test_rebuilt_davies_equals_a_generic_global_solve_of_the_perturbed_model():
    system, baths, v = qubits(500.0, 300.0)
    shift = 37.0
    davies = perturbed_heat_currents(system, baths, v, [shift], treatment="davies")
    model = nl.models.two_qubits_xy(OMEGA, G, zz=shift)
    generator = nl.generator(model, baths, "global")
    direct = nl.heat_currents(generator, nl.steady_state(generator))
    assert davies["a"][0] == pytest.approx(direct["a"], rel=1e-12)


def test_regime_follows_the_splitting_against_the_coherence_decay():
    system, baths, v = qubits(60.0, 40.0)
    strong = response_regime(system, baths, v, 50.0)
    assert strong.name == "davies"
    assert strong.splitting == pytest.approx(4 * 50.0)  # ν⁽¹⁾ = 4δΩ (Sec. III D)
    assert strong.decay_rate == pytest.approx(GAMMA, rel=1e-3)  # spontaneous emission at T ≪ ω
    assert response_regime(system, baths, v, 1e-3).name == "local"
    assert response_regime(system, baths, v, 1.0).name == "crossover"
    assert response_regime(system, baths, "sx_a", 1.0).name == "linear"


def test_unknown_treatment_is_refused():
    system, baths, v = qubits(60.0, 40.0)
    with pytest.raises(ValueError, match="treatment"):
        perturbed_heat_currents(system, baths, v, [1.0], treatment="redfield")
