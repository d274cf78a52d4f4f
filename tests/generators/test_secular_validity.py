"""Secular approximations say what they drop: Pauli warns near an avoided crossing, and the
default partial-secular window keeps what is needed to stay within its accuracy."""

import warnings

import numpy as np
import pytest

import nesslab as nl
from nesslab.figures.rabi_lac import DELTA_RANGE, lac_analysis, zoom_points, zoom_table
from nesslab.generators.secular_validity import ACCURACY, SecularApproximationWarning

PAPER_RATES = (5e-12, 5e-6)


def rabi(delta, coupling=0.2, n_boson=20):
    system = nl.models.rabi(delta, coupling, n_boson)
    channels = [nl.Channel("sm", PAPER_RATES[0], "spin"), nl.Channel("a", PAPER_RATES[1], "boson")]
    return system, channels


def exact_state(delta, coupling=0.2):
    return nl.steady_state(nl.generator(*rabi(delta, coupling), "local"))


def test_pauli_warns_at_the_avoided_crossing_near_4_9_and_not_at_2():
    """Δ/ω = 4.9, λ/ω = 0.2: gap 2.8e-4 ≈ 56 r_b; the Pauli state is 5.7e-5 off in trace
    distance (J_s 0.18 %); at Δ/ω = 2 it is 1.1e-7 off."""
    with pytest.warns(SecularApproximationWarning, match="eigenstates 5 and 6 .gap 2.76e-04"):
        crossing = nl.generator(*rabi(4.9), "pauli")
    with warnings.catch_warnings():
        warnings.simplefilter("error", SecularApproximationWarning)
        quiet = nl.generator(*rabi(2.0), "pauli")
    for delta, gen in ((4.9, crossing), (2.0, quiet)):
        validity = gen.details["secular_validity"]
        distance = nl.trace_distance(nl.steady_state(gen), exact_state(delta))
        assert 0.5 * distance < validity.estimate < 2 * distance
    assert crossing.details["secular_validity"].estimate > ACCURACY
    assert quiet.details["secular_validity"].estimate < ACCURACY


def test_partial_secular_keeps_the_near_degenerate_coherence_by_default():
    system, channels = rabi(4.9)
    with pytest.warns(SecularApproximationWarning, match="a larger tolerance"):
        paper = nl.generator(system, channels, "partial_secular", tolerance="rates")
    default = nl.generator(system, channels, "partial_secular")
    assert default.options["tolerance"] > 2.76e-4 > paper.options["tolerance"]
    exact = exact_state(4.9)
    assert nl.trace_distance(nl.steady_state(default), exact) < ACCURACY
    assert nl.trace_distance(nl.steady_state(paper), exact) > 10 * ACCURACY
    with pytest.warns(SecularApproximationWarning, match="partial_secular"):
        nl.generator(system, channels, "partial_secular", tolerance=0.0)
    with pytest.raises(ValueError, match="'rates' or None"):
        nl.generator(system, channels, "partial_secular", tolerance="paper")
    for approach in ("pauli", "partial_secular"):
        with pytest.raises(ValueError, match="accuracy must be a positive"):
            nl.generator(system, channels, approach, accuracy=0.0)


def test_the_validity_of_a_secular_generator_on_baths_is_its_redfield_distance():
    """Two qubits with flat baths (global = Pauli populations): the estimate tracks Redfield."""
    system = nl.models.two_qubits_xy(omega=1.0, g=0.05)
    flat = nl.spectral.Flat(0.01)
    baths = [nl.Bath("sx_a", flat, 0.6, "a"), nl.Bath("sx_b", flat, 0.4, "b")]
    pauli = nl.generator(system, baths, "pauli")
    redfield = nl.steady_state(nl.generator(system, baths, "redfield"))
    distance = nl.trace_distance(nl.steady_state(pauli), redfield)
    assert 0.3 * distance < pauli.details["secular_validity"].estimate < 3 * distance


@pytest.mark.slow
def test_default_partial_secular_stays_within_its_accuracy_on_the_fig1b_grid():
    """Every 8th point of the 400-point λ/ω = 0.2 and 1 slices, Δ/ω = 4.9, and every zoom."""
    for coupling in (0.2, 1.0):
        deltas = np.linspace(*DELTA_RANGE, 400)
        zooms = zoom_table(
            [lac_analysis(deltas, coupling)], [coupling], "coupling", deltas[1] - deltas[0]
        )
        points = [*deltas[::8], 4.9, *(p["delta"] for p in zoom_points(zooms, "coupling", "c"))]
        for delta in points:
            gen = nl.generator(*rabi(delta, coupling), "partial_secular")
            distance = nl.trace_distance(nl.steady_state(gen), exact_state(delta, coupling))
            assert distance <= ACCURACY, (coupling, delta, distance)


@pytest.mark.parametrize("detuning", [0.0, -0.09])
@pytest.mark.parametrize("coupling", [0.001, 0.005, 0.05])
def test_the_window_estimate_counts_what_the_kept_coherences_drive(detuning, coupling):
    """Seed 002: a window that keeps the doublet coherence (tolerance 1) drops the couplings
    it has to the ground–doubly-excited coherence; at Δω = 0 the populations drive none of
    them, so an estimate sourced by the populations alone would be ~1e-20. The estimate is
    within 20 % of the trace distance to the Redfield NESS, and the default window stays
    within its accuracy."""
    from setups import tls_dimer_environment

    system, _, baths = tls_dimer_environment(coupling, detuning, c1=0.01)
    redfield = nl.steady_state(nl.generator(system, baths, "redfield"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nl.SecularApproximationWarning)
        window = nl.generator(system, baths, "partial_secular", tolerance=1.0)
    distance = nl.trace_distance(nl.steady_state(window), redfield)
    assert distance > 1e-7
    assert window.details["secular_validity"].estimate == pytest.approx(distance, rel=0.2)
    default = nl.generator(system, baths, "partial_secular")
    default_distance = nl.trace_distance(nl.steady_state(default), redfield)
    assert default_distance <= default.options["accuracy"]
    assert default.details["secular_validity"].estimate <= default.options["accuracy"]
