"""Local channels derived from Baths and the model's declared subsystems (seed 002 Eq. 8)."""

import numpy as np
import pytest

import nesslab as nl
from nesslab import models, spectral
from nesslab.generators.local_baths import (
    frequency_components,
    local_channels,
    subsystems,
    support,
)
from nesslab.operators import embed

from references import eq15_current
from setups import random_hermitian, tls_dimer_environment


def dense(matrix):
    return matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)


@pytest.mark.parametrize("detuning", [0.0, -0.09])
@pytest.mark.parametrize("coupling", [1e-4, 0.01, 0.1])
def test_baths_give_the_hand_written_seed002_channels(detuning, coupling):
    """Eq. 8 from Baths: the same generator, part by part, as tests/setups.py's Channels."""
    system, channels, baths = tls_dimer_environment(coupling, detuning, c1=0.01)
    from_baths = nl.generator(system, baths, "local")
    by_hand = nl.generator(system, channels, "local")
    scale = np.abs(dense(by_hand.matrix)).max()
    assert set(from_baths.parts) == set(by_hand.parts) == {"1", "2"}
    for name in by_hand.parts:
        difference = dense(from_baths.parts[name]) - dense(by_hand.parts[name])
        assert np.abs(difference).max() <= 1e-14 * scale
    assert np.abs(dense(from_baths.matrix) - dense(by_hand.matrix)).max() <= 1e-14 * scale
    assert dict(from_baths.temperatures) == {"1": 0.2, "2": 0.22}


@pytest.mark.parametrize("detuning", [0.0, -0.09])
@pytest.mark.parametrize("coupling", [1e-3, 1e-2, 0.1])
def test_eq15_from_baths(detuning, coupling):
    """SPECS §2.2: the local current in closed form (Eq. 15), from the global approach's Baths."""
    c1 = 0.01
    system, _, baths = tls_dimer_environment(coupling, detuning, c1=c1)
    gen = nl.generator(system, baths, "local")
    currents = nl.heat_currents(gen, nl.steady_state(gen))
    expected = eq15_current(1.0, 1.0 - detuning, coupling, c1, 2 * c1, 0.2, 0.22)
    assert currents["1"] == pytest.approx(expected, rel=1e-8)
    assert currents.first_law_residual < 1e-10


def test_seed002_point_value_from_baths():
    """SPECS §2.4: j^st(Ω = 0.01, c₁ = 0.01) = 1.701161e−3 at Δω = 0 (local, Eq. 15)."""
    system, _, baths = tls_dimer_environment(0.01, 0.0, c1=0.01)
    gen = nl.generator(system, baths, "local")
    current = nl.heat_currents(gen, nl.steady_state(gen))["1"]
    assert -current / 0.01 == pytest.approx(1.701161e-3, rel=1e-6)


def test_rabi_baths_at_zero_temperature_give_seed000_channels():
    """Flat baths J = r/2 at T = 0: the spin decays through σ₋ at r_s, the boson through a at r_b
    (seed 000's local channels), and J_s/r_s = −⟨↑|ρ|↑⟩ exactly (figures/rabi.py)."""
    rates = (5e-12, 5e-6)
    system = models.rabi(1.0, 0.05, 12)
    baths = [
        nl.Bath("sx", spectral.Flat(rates[0] / 2), 0.0, "spin"),
        nl.Bath("x", spectral.Flat(rates[1] / 2), 0.0, "boson"),
    ]
    channels = [nl.Channel("sm", rates[0], "spin"), nl.Channel("a", rates[1], "boson")]
    from_baths = nl.generator(system, baths, "local")
    by_hand = nl.generator(system, channels, "local")
    scale = np.abs(dense(by_hand.matrix)).max()
    assert np.abs(dense(from_baths.matrix) - dense(by_hand.matrix)).max() <= 1e-14 * scale
    state = nl.steady_state(from_baths)
    spin_up = np.real(np.diag(state.rho)).reshape(2, 12)[0].sum()
    assert nl.flux(from_baths, state, "sz", "spin") / 2 / rates[0] == pytest.approx(
        -spin_up, rel=1e-6
    )


def test_a_bath_and_channels_together():
    """A Bath on TLS 1 beside hand-written Channels of TLS 2 equals the all-Channel generator."""
    system, channels, baths = tls_dimer_environment(0.01, -0.09)
    mixed = nl.generator(system, [baths[0], *channels[2:]], "local")
    by_hand = nl.generator(system, channels, "local")
    scale = np.abs(dense(by_hand.matrix)).max()
    assert np.abs(dense(mixed.matrix) - dense(by_hand.matrix)).max() <= 1e-14 * scale


def test_frequency_components_are_eigenoperators_summing_to_the_coupling():
    """An anharmonic three-level subsystem: ``[H, S(ω)] = −ω S(ω)`` and ``Σ_ω S(ω) = S``."""
    dims = (3, 2)
    hamiltonian = embed(np.diag([0.0, 1.0, 2.7]).astype(complex), 0, dims)
    coupling = embed(random_hermitian(3, seed=4), 0, dims)
    components = frequency_components(coupling, hamiltonian)
    frequencies = [omega for omega, _ in components]
    assert frequencies == pytest.approx([-2.7, -1.7, -1.0, 0.0, 1.0, 1.7, 2.7])
    assert np.allclose(sum(c for _, c in components), coupling, atol=1e-13)
    for omega, component in components:
        commutator = hamiltonian @ component - component @ hamiltonian
        assert np.allclose(commutator, -omega * component, atol=1e-12)


def test_support_and_declared_subsystems():
    rabi = models.rabi(1.3, 0.2, 6)
    parts = subsystems(rabi)
    assert {label: part.factors for label, part in parts.items()} == {
        "spin": (0,),
        "boson": (1,),
    }
    assert support(rabi.op("x"), rabi.dims) == (1,)
    assert support(rabi.H, rabi.dims) == (0, 1)
    assert support(np.eye(rabi.dim), rabi.dims) == ()
    assert "local" in nl.APPROACHES and nl.Bath in nl.APPROACHES["local"].environments


def test_a_model_without_subsystems_is_refused():
    system = models.spin_boson(1.0)
    bath = nl.Bath("sx", spectral.Ohmic(1e-3, 5.0), 0.5, "bath")
    with pytest.raises(ValueError, match="declare each subsystem's bare Hamiltonian"):
        nl.generator(system, bath, "local")


def test_a_coupling_across_subsystems_is_refused():
    system, _, _ = tls_dimer_environment(0.01)
    shared = nl.Bath(system.op("x1") @ system.op("x2"), spectral.Flat(1e-3), 0.2, "shared")
    with pytest.raises(ValueError, match=r"tensor factors \[0, 1\], which no single subsystem"):
        nl.generator(system, shared, "local")
    identity = nl.Bath(np.eye(4), spectral.Flat(1e-3), 0.2, "flat")
    with pytest.raises(ValueError, match="multiple of the identity"):
        local_channels(system, [identity])


def test_overlapping_subsystems_are_refused():
    system, _, _ = tls_dimer_environment(0.01)
    overlapping = system.with_operators(bare_3=system.op("n1") @ system.op("n2"))
    with pytest.raises(ValueError, match="must not overlap"):
        subsystems(overlapping)
