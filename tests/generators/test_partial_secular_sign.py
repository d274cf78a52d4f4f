"""Seed 002's partial-secular equation: Bloch–Redfield without Lamb shift, secular only between
Fourier components of opposite frequency sign (``criterion="frequency_sign"``, SPECS.md §2.1)."""

import time
import warnings

import numpy as np
import pytest

import nesslab as nl
from nesslab import models, spectral
from nesslab.generators.base import in_eigenbasis
from nesslab.generators.secular_validity import SecularApproximationWarning
from nesslab.limits import ResourceLimitError

from references import bose
from setups import tls_dimer_environment

SIGN = {"criterion": "frequency_sign"}


def quiet_generator(system, environment, approach, **options):
    """The generator, its SecularApproximationWarning (a first-order estimate) silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecularApproximationWarning)
        return nl.generator(system, environment, approach, **options)


def dense(matrix):
    return matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)


def dissipator(generator):
    return sum(dense(part) for part in generator.parts.values())


def flow(system, environment, approach, **options):
    """``J₁``: energy into the system from reservoir 1, at the NESS."""
    gen = quiet_generator(system, environment, approach, **options)
    return nl.heat_currents(gen, nl.steady_state(gen))["1"]


def rates_g(c1, detuning=0.0):
    """``g_j = γ_j(ω_j)(n_j + ½)`` of seed 002 (c₂ = 2c₁, T = 0.2, 0.22)."""
    omega2 = 1.0 - detuning
    return c1 * (bose(1.0, 0.2) + 0.5), 2 * c1 * omega2**3 * (bose(omega2, 0.22) + 0.5)


@pytest.mark.parametrize(
    "coupling, detuning, c1",
    [(0.0072, 0.0, 0.01), (0.01, -0.09, 0.01), (0.1, -0.09, 0.05), (1e-3, -0.12, 0.002)],
)
def test_equals_the_window_of_width_one_on_seed002(coupling, detuning, c1):
    """SPECS §2.1: a window above the doublet splitting 2Ω̃ ≤ 0.22 and below the inter-group
    separation ≈ 1.8 (tolerance 1) is the same equation there, and drops the same coherences."""
    system, _, baths = tls_dimer_environment(coupling, detuning, c1=c1)
    sign = quiet_generator(system, baths, "partial_secular", **SIGN)
    window = quiet_generator(system, baths, "partial_secular", tolerance=1.0)
    scale = np.abs(dense(window.matrix)).max()
    assert np.abs(dense(sign.matrix) - dense(window.matrix)).max() < 1e-14 * scale
    assert sign.options == {"criterion": "frequency_sign", "accuracy": 1e-6}
    # Both estimates are first order; they differ in the kept block that sources the dropped
    # terms (the slow coherences for the sign, the window's components for the window).
    estimates = [g.details["secular_validity"].estimate for g in (sign, window)]
    assert estimates[0] == pytest.approx(estimates[1], rel=0.05, abs=1e-18)


def test_reproduces_the_verified_values_and_the_old_default_does_not():
    """SPECS §2.6 (j^st = −J₁/Ω at c₁ = Ω = 0.01) and §2.1: the window "rates" (the largest
    transition rate, ≈ 0.01 here) switches to the global equation at Δω = 0, Ω = 0.0072."""
    cases = [(0.01, -0.09, 1.312985e-4), (0.01, 0.0, 1.700591e-3), (0.0072, 0.0, 1.79389e-3)]
    for coupling, detuning, expected in cases:
        system, _, baths = tls_dimer_environment(coupling, detuning, c1=0.01)
        specific = -flow(system, baths, "partial_secular", **SIGN) / coupling
        assert specific == pytest.approx(expected, rel=1e-6 if expected < 1.7e-3 else 5e-6)
    system, _, baths = tls_dimer_environment(0.0072, 0.0, c1=0.01)
    switched = -flow(system, baths, "partial_secular", tolerance="rates") / 0.0072
    assert switched == pytest.approx(3.58535e-3, rel=5e-6)
    assert switched == pytest.approx(-flow(system, baths, "global") / 0.0072, rel=1e-10)


def test_reduces_to_the_local_equation_when_all_rates_coincide():
    """T = 0 and a flat J: every emission rate of bath j is γ_j and no absorption, at any Ω and
    Δω, so the opposite-sign-secular Redfield equation is Eq. 8 exactly (γ_j D[σ_j])."""
    for coupling, detuning in ((1e-3, 0.0), (0.05, 0.0), (0.02, -0.09)):
        system = models.tls_dimer(1.0, 1.0 - detuning, coupling)
        baths = [
            nl.Bath("x1", spectral.Flat(0.01 / 2), 0.0, "1"),
            nl.Bath("x2", spectral.Flat(0.03 / 2), 0.0, "2"),
        ]
        channels = [nl.Channel("s1", 0.01, "1"), nl.Channel("s2", 0.03, "2")]
        sign = nl.generator(system, baths, "partial_secular", **SIGN)
        local = in_eigenbasis(nl.generator(system, channels, "local"))
        for name in ("1", "2"):
            difference = dense(sign.parts[name]) - dense(local.parts[name])
            assert np.abs(difference).max() < 1e-15, (coupling, detuning, name)
        assert np.abs(dense(sign.coherent) - dense(local.coherent)).max() < 1e-15


def test_converges_to_the_local_equation_at_first_order_as_the_coupling_vanishes():
    """Seed 002's baths at Δω = 0: the doublet ω ± Ω merges, every rate tends to its bare-
    frequency value, and ‖D_PS − D_local‖ falls linearly with Ω (Taylor: ΩP'(ω))."""
    differences = []
    for coupling in (1e-3, 1e-4, 1e-5):
        system, channels, baths = tls_dimer_environment(coupling, 0.0, c1=0.002)
        sign = nl.generator(system, baths, "partial_secular", **SIGN)
        local = in_eigenbasis(nl.generator(system, channels, "local"))
        differences.append(np.abs(dissipator(sign) - dissipator(local)).max())
    assert differences[0] / differences[1] == pytest.approx(10, rel=1e-2)
    assert differences[1] / differences[2] == pytest.approx(10, rel=1e-3)


@pytest.mark.parametrize("detuning", [0.0, -0.09])
def test_reduces_to_the_global_equation_at_strong_coupling(detuning):
    """For Ω ≫ g the A–B cross terms rotate at 2Ω̃ ≈ 2Ω: their effect on the flow is second
    order in (g₁ + g₂)/Ω, and it vanishes as Ω grows."""
    g1, g2 = rates_g(0.002, detuning)
    deviations = []
    for ratio in (10, 100, 1000):
        coupling = ratio * (g1 + g2)
        system, _, baths = tls_dimer_environment(coupling, detuning, c1=0.002)
        sign, davies = flow(system, baths, "partial_secular", **SIGN), flow(system, baths, "global")
        deviations.append(abs(sign / davies - 1))
        assert deviations[-1] <= 1 / ratio**2, ratio
    assert deviations[0] > deviations[1] > deviations[2]


def test_entropy_production_is_never_negative_where_the_local_one_is():
    """Second law (SPECS §2.2): σ ≥ 0 on a (Δω, Ω, c₁) grid that crosses the local approach's
    violation region Δω < −0.1 (the test's own check that the grid reaches it)."""
    local_negative = 0
    for detuning in (-0.2, -0.12, -0.09, 0.0, 0.1):
        for coupling in (1e-3, 0.01, 0.1):
            for c1 in (0.002, 0.05):
                system, channels, baths = tls_dimer_environment(coupling, detuning, c1=c1)
                gen = quiet_generator(system, baths, "partial_secular", **SIGN)
                assert nl.entropy_production(gen, nl.steady_state(gen)) >= 0
                local = nl.generator(system, channels, "local")
                local_negative += nl.entropy_production(local, nl.steady_state(local)) < 0
    assert local_negative == 2 * 3 * 2


def test_never_switches_to_global_inside_the_fig4_maps_where_the_old_default_does():
    """On a coarse Fig. 4 grid (Δω = 0, −0.09; γ₁ ≤ 0.05, Ω ≤ 0.1) the criterion stays within
    κ/ω̃ of Bloch–Redfield (κ the largest transition rate: the order of the dropped
    counter-rotating pairs); the old window "rates" leaves it by more than ten times that
    (where it has switched to the global equation)."""
    worst = {"sign": 0.0, "rates": 0.0}
    for detuning in (0.0, -0.09):
        for c1 in np.linspace(0, 0.05, 5)[1:]:
            for coupling in np.linspace(0, 0.1, 5)[1:]:
                system, _, baths = tls_dimer_environment(coupling, detuning, c1=c1)
                reference = flow(system, baths, "redfield")
                mean = 1.0 - detuning / 2
                top = mean + np.hypot(detuning, 2 * coupling) / 2
                kappa = 2 * c1 * top**3 * (bose(top, 0.22) + 1)  # bath 2, top transition
                for name, options in (("sign", SIGN), ("rates", {"tolerance": "rates"})):
                    value = flow(system, baths, "partial_secular", **options)
                    worst[name] = max(worst[name], abs(value / reference - 1) / (kappa / mean))
    assert worst["sign"] <= 1
    assert worst["rates"] > 10


def test_the_estimate_of_the_dropped_pairs_matches_the_distance_to_redfield():
    """The dropped pairs drive the ground–doubly-excited coherence from the populations and, at
    Δω = 0, from the kept doublet coherence; the first-order estimate is within 30 % of the
    trace distance to the Redfield NESS (the second order in rate/ω: 25 % at c₁ = 0.05)."""
    cases = ((0.01, -0.09, 0.01), (0.05, -0.09, 0.05), (1e-3, -0.12, 0.002), (0.005, 0.0, 0.01))
    for coupling, detuning, c1 in cases:
        system, _, baths = tls_dimer_environment(coupling, detuning, c1=c1)
        sign = quiet_generator(system, baths, "partial_secular", **SIGN)
        distance = nl.trace_distance(
            nl.steady_state(sign), nl.steady_state(nl.generator(system, baths, "redfield"))
        )
        assert sign.details["secular_validity"].estimate == pytest.approx(distance, rel=0.3)
    system, _, baths = tls_dimer_environment(0.01, -0.09, c1=0.01)
    with pytest.warns(SecularApproximationWarning, match="criterion 'frequency_sign'"):
        nl.generator(system, baths, "partial_secular", **SIGN)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SecularApproximationWarning)
        nl.generator(system, baths, "partial_secular", accuracy=1e-5, **SIGN)


def test_on_channels_it_splits_each_jump_by_frequency_sign():
    """Eq. 8's σ_j only lower the energy: the criterion leaves that Lindbladian unchanged; a jump
    σ₁ + σ₁† becomes σ₁ and σ₁† at the same rate."""
    system, channels, _ = tls_dimer_environment(0.02, -0.09, c1=0.01)
    local = in_eigenbasis(nl.generator(system, channels, "local"))
    sign = nl.generator(system, channels, "partial_secular", **SIGN)
    assert np.abs(dissipator(sign) - dissipator(local)).max() < 1e-15
    mixed = nl.generator(system, [nl.Channel("x1", 0.01, "1")], "partial_secular", **SIGN)
    split = [nl.Channel("s1", 0.01, "1"), nl.Channel(system.op("s1").T, 0.01, "1")]
    expected = in_eigenbasis(nl.generator(system, split, "local"))
    assert np.abs(dissipator(mixed) - dissipator(expected)).max() < 1e-15


def test_a_coupling_of_zero_frequency_only_keeps_everything():
    """A coupling commuting with H has only ω = 0 components: one class, nothing dropped, the
    full Bloch–Redfield (here pure dephasing) generator."""
    system = nl.System(np.diag([0.0, 1.0, 2.5]), operators={"z": np.diag([1.0, -1.0, 0.3])})
    baths = [nl.Bath("z", spectral.Ohmic(0.01, 1.0), 0.3, "bath")]
    sign = nl.generator(system, baths, "partial_secular", **SIGN)
    full = nl.generator(system, baths, "redfield")
    assert np.abs(dense(sign.matrix) - dense(full.matrix)).max() < 1e-15
    assert sign.details["secular_validity"] is None  # no transfer: no unique secular populations


def test_bad_options_and_sizes_are_refused_before_the_work():
    system, _, baths = tls_dimer_environment(0.01, -0.09, c1=0.01)
    with pytest.raises(ValueError, match="tolerance applies to criterion='window' only"):
        nl.generator(system, baths, "partial_secular", tolerance=1.0, **SIGN)
    with pytest.raises(ValueError, match="unknown criterion 'sign'; valid: frequency_sign, window"):
        nl.generator(system, baths, "partial_secular", criterion="sign")
    x = np.diag(np.ones(299), 1)
    big = nl.System(np.diag(np.arange(300.0)), operators={"x": x + x.T})
    start = time.perf_counter()
    with pytest.raises(ResourceLimitError, match="partial_secular generator of dimension 300"):
        nl.generator(
            big, [nl.Bath("x", spectral.Ohmic(1e-3, 1.0), 0.5, "b")], "partial_secular", **SIGN
        )
    assert time.perf_counter() - start < 1.0
