"""Validity margins against closed forms and a brute-force route (nesslab.analysis.margins)."""

import numpy as np
import pytest

import nesslab as nl
from nesslab import models, spectral
from nesslab.analysis.margins import (
    SecularCouplings,
    local_margin,
    markov_margin,
    weak_coupling_margin,
)
from nesslab.analysis.validity import (
    ASSUMPTIONS,
    THRESHOLDS,
    approach_margins,
    model_margins,
    warn_failing,
)
from nesslab.operators import sigma_minus

from references import bose
from setups import tls_dimer_environment

C1, T1, T2 = 0.002, 0.2, 0.22


def power(c, w, temperature):
    """Seed 002's power spectrum γ(|w|)(n + 1) (w > 0, emission) or γ(|w|)n (w < 0)."""
    return c * abs(w) ** 3 * (bose(abs(w), temperature) + (1.0 if w > 0 else 0.0))


def single_tls(gamma, omega, temperature):
    """A TLS H = ω σ†σ with one flat bath through σ + σ†: rates γ(n + 1) down, γn up."""
    lower = sigma_minus()
    system = nl.System(omega * lower.conj().T @ lower, (2,), {"x": lower + lower.conj().T})
    return system, [nl.Bath("x", spectral.Flat(gamma / 2), temperature, "bath")]


@pytest.mark.parametrize(("gamma", "omega", "temperature"), [(1e-3, 1.0, 0.2), (0.05, 0.3, 2.0)])
def test_weak_coupling_and_markov_margins_of_one_tls(gamma, omega, temperature):
    """Γ = γ(n + 1), ω̄ = ω: weak coupling min(ω, T)/Γ; the flat bath's only frequency
    dependence is thermal, |d ln(n + 1)/dω| = n/T and |d ln n/dω| = (n + 1)/T, so
    τ_B = (n + 1)/T and the Markov margin is T/((n + 1)Γ)."""
    system, baths = single_tls(gamma, omega, temperature)
    n = bose(omega, temperature)
    decay = gamma * (n + 1)
    assert weak_coupling_margin(system, baths).value == pytest.approx(
        min(omega, temperature) / decay, rel=1e-12
    )
    assert markov_margin(system, baths).value == pytest.approx(
        temperature / ((n + 1) * decay), rel=1e-6
    )


@pytest.mark.parametrize("coupling", [1e-5, 1e-4, 1e-3])
def test_secular_margin_of_the_dimer_in_closed_form(coupling):
    """Δω = 0: the |+⟩,|−⟩ coherence (gap 2Ω) is fed from the ground state at
    R = Σ_j s_j [P_j(ω + Ω) + P_j(ω − Ω)]/4 (s₁ = +1, s₂ = −1): margin 2Ω/|R| (∝ Ω)."""
    system, _, baths = tls_dimer_environment(coupling, 0.0, c1=C1)
    rate = (
        power(C1, 1 + coupling, T1)
        + power(C1, 1 - coupling, T1)
        - power(2 * C1, 1 + coupling, T2)
        - power(2 * C1, 1 - coupling, T2)
    ) / 4
    margin = SecularCouplings.of(system, baths).margin(1e-9)
    assert margin.value == pytest.approx(2 * coupling / abs(rate), rel=1e-9)
    assert "ρ[0,0] to ρ[2,1]" in margin.detail


@pytest.mark.parametrize(("delta", "window", "populations"), [(4.9, 1e-9, False), (2.0, 0, True)])
def test_secular_margin_equals_brute_force_over_the_dense_redfield_tensor(
    delta, window, populations
):
    """The same minimum from the assembled Bloch–Redfield generator (an independent route)."""
    system = models.rabi(delta, 0.2, 8)
    baths = [
        nl.Bath("sx", spectral.Flat(5e-4), 0.5, "spin"),
        nl.Bath("x", spectral.Ohmic(1e-3, 1.0), 0.2, "boson"),
    ]
    gen = nl.generator(system, baths, "redfield")
    rates = np.abs(sum(np.asarray(part) for part in gen.parts.values()))
    rates = np.maximum(rates, rates.T)
    frequencies = gen.frequencies
    dim = system.dim
    index = np.arange(dim * dim)
    stationary = (index % dim == index // dim) if populations else np.abs(frequencies) <= window
    gaps = np.abs(frequencies[:, None] - frequencies[None, :])
    dropped = stationary[:, None] & (~stationary[None, :] if populations else gaps > window)
    dropped &= rates > 1e-12 * rates.max()
    expected = (gaps[dropped] / rates[dropped]).min()
    margin = SecularCouplings.of(system, baths).margin(window, populations)
    assert margin.value == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("detuning", [0.0, -0.09])
@pytest.mark.parametrize("coupling", [1e-3, 0.05])
def test_local_margin_in_closed_form(detuning, coupling):
    """Each bath's rates are used at its bare ω_j but act at the dressed ω̃ ± Ω̃:
    margin 1/max |ln P_j(±(ω̃ ± Ω̃)) − ln P_j(±ω_j)| over both baths and both signs."""
    system, _, baths = tls_dimer_environment(coupling, detuning, c1=C1)
    omega2 = 1.0 - detuning
    centre, half = (1.0 + omega2) / 2, np.sqrt(detuning**2 + 4 * coupling**2) / 2
    errors = [
        abs(np.log(power(c, sign * dressed, t) / power(c, sign * bare, t)))
        for c, t, bare in ((C1, T1, 1.0), (2 * C1, T2, omega2))
        for dressed in (centre + half, centre - half)
        for sign in (1, -1)
    ]
    assert local_margin(system, baths).value == pytest.approx(1 / max(errors), rel=1e-10)


def test_local_margin_vanishes_for_counter_rotating_dressing_at_zero_temperature():
    """The Rabi model's bare σ₋ carries dressed excitations, which no T = 0 bath drives."""
    system = models.rabi(2.0, 0.2, 8)
    baths = [
        nl.Bath("sx", spectral.Flat(2.5e-12), 0.0, "spin"),
        nl.Bath("x", spectral.Flat(2.5e-6), 0.0, "boson"),
    ]
    margin = local_margin(system, baths)
    assert margin.value == 0.0
    assert "|Δ ln P| = inf" in margin.detail


def test_margins_per_approach_and_warnings():
    system, _, baths = tls_dimer_environment(1e-4, 0.0, c1=C1)
    model = model_margins(system, baths)
    gen = nl.generator(system, baths, "global")
    margins = approach_margins(model, "global", gen)
    assert set(margins) == set(ASSUMPTIONS["global"]) == {"weak_coupling", "markov", "secular"}
    assert margins["secular"].fails and not margins["markov"].fails
    with pytest.warns(nl.ValidityWarning, match=r"'global': the secular assumption fails, margin"):
        failing = warn_failing(margins)
    assert [margin.assumption for margin in failing] == ["secular"]
    assert approach_margins(model, "an_unregistered_approach", gen) == {}
    assert set(approach_margins(model, "local")) == {"weak_coupling", "markov", "local"}
    assert all(THRESHOLDS[name] == 10.0 for name in THRESHOLDS)


def test_margins_that_cannot_be_assessed_are_nan_with_the_reason():
    system = models.spin_boson(1.0)
    model = model_margins(system, [nl.Bath("sx", spectral.Ohmic(1e-3, 5.0), 0.5, "bath")])
    local = approach_margins(model, "local")["local"]
    assert np.isnan(local.value) and not local.fails
    assert "declare each subsystem" in local.detail
    channels = model_margins(system, [])
    assert np.isnan(approach_margins(channels, "redfield")["markov"].value)
    with pytest.raises(ValueError, match="unknown assumption"):
        model_margins(system, [], {"secularity": 1.0})
