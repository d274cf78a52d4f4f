"""Gaussian steady states, currents and correlations against Fock-space Lindbladians."""

import numpy as np
import pytest

import nesslab
from nesslab.gaussian import (
    LinearJump,
    QuadraticModel,
    bose_einstein,
    correlation,
    destroy,
    expectation,
    heat_currents,
    number,
    steady_state,
    to_quadratic,
    two_oscillators_global,
    two_oscillators_site_modes,
)


def generic_model():
    """Two coupled modes with hopping, pairing, drive and mixed, displaced jumps (n̄ ≈ 0.1)."""
    h = np.array([[1.0, 0.3 - 0.1j], [0.3 + 0.1j, 1.4]])
    g = np.array([[0.0, 0.06], [0.06, 0.03]])
    jumps = (
        LinearJump("hot", 0.9, [1.0, 0.0]),
        LinearJump("hot", 0.08, [0, 0], [1.0, 0]),
        LinearJump("cold", 1.0, [0.0, 1.0], [0.1, 0], 0.05),
        LinearJump("cold", 0.02, [0, 0], [0, 1.0]),
    )
    return QuadraticModel(h, jumps, [0.12, -0.06j], g)


def fock_ness(model, levels):
    """Brute force: nesslab's local generator of the same Lindbladian in a truncated space."""
    system = nesslab.System(model.hamiltonian().to_matrix(levels), [levels] * 2)
    channels = [nesslab.Channel(j.operator.to_matrix(levels), j.rate, j.bath) for j in model.jumps]
    gen = nesslab.generator(system, channels, "local")
    ness = nesslab.steady_state(gen)
    return gen, ness


def test_steady_state_against_fock():
    model = generic_model()
    state = steady_state(model)
    assert np.abs(state.anomalous).max() > 0.01  # pairing makes it squeezed
    a, b = destroy(0, 2), destroy(1, 2)
    checks = [number(0, 2), number(1, 2), a, b, a * b, a.adjoint() * b, a * a]
    errors = {}
    for levels in (6, 8):
        gen, ness = fock_ness(model, levels)
        errors[levels] = max(
            abs(expectation(p, state) - np.trace(ness.rho @ p.to_matrix(levels))) for p in checks
        )
    # converges to the Gaussian value as the truncation grows
    assert errors[8] < 1e-6
    assert errors[6] > 20 * errors[8]
    levels = 8
    rho = ness.rho
    hamiltonian = model.hamiltonian().to_matrix(levels)
    currents = heat_currents(model, state)
    brute = nesslab.heat_currents(gen, ness)
    for bath in ("hot", "cold"):
        d_rho = sum(
            j.rate * (c @ rho @ c.conj().T - 0.5 * (c.conj().T @ c @ rho + rho @ c.conj().T @ c))
            for j in model.jumps
            if j.bath == bath
            for c in [j.operator.to_matrix(levels)]
        )
        assert currents[bath] == pytest.approx(np.trace(hamiltonian @ d_rho).real, abs=1e-8)
        assert currents[bath] == pytest.approx(brute[bath], abs=1e-8)
    assert currents["hot"] > 5e-3
    assert sum(currents.values()) == pytest.approx(0.0, abs=1e-12)


FIG2 = dict(omega=100.0, g=90.0, field=5.0, gammas=1.0, temperatures=(2000.0, 2100.0))


def test_seed001_eq30_occupation():
    model = two_oscillators_global(**FIG2)
    state = steady_state(to_quadratic(model))
    a, b = two_oscillators_site_modes()
    w_plus, w_minus = 190.0, 10.0
    ns = [bose_einstein(w, t) for w in (w_plus, w_minus) for t in (2000.0, 2100.0)]
    mu = 5.0 / w_plus
    eq30 = 0.25 * (sum(ns) + 2 * mu**2)
    value = expectation(a.adjoint() * a, state).real
    assert value == pytest.approx(eq30, rel=1e-8)
    assert value == pytest.approx(107.3992, abs=5e-5)
    assert state.normal[1, 1].real == pytest.approx(204.500407, abs=1e-6)
    assert state.means[0] == pytest.approx(-mu, rel=1e-12)  # ⟨d+⟩ = −ε/ω+
    assert abs(state.means[1]) < 1e-14
    assert abs(state.normal[0, 1]) < 1e-9  # modes uncorrelated
    # the global jumps: √(γ(n+1)/2) (d+ + ε/ω+) etc.
    jumps = to_quadratic(model).jumps
    first = jumps[0]
    assert first.rate == pytest.approx((ns[0] + 1) / 2 * 2)  # rate·|1/√2|² = γ(n+1)/2
    assert first.offset == pytest.approx(mu / np.sqrt(2))


def test_first_law_and_equilibrium():
    model = to_quadratic(two_oscillators_global(**FIG2))
    currents = heat_currents(model)
    assert currents["b"] > 1.0  # the hotter bath heats the system
    assert abs(sum(currents.values())) < 1e-7 * abs(currents["b"])
    equal = to_quadratic(two_oscillators_global(100.0, 90.0, 5.0, (0.7, 1.3), (500.0, 500.0)))
    for value in heat_currents(equal).values():
        assert abs(value) < 1e-9


def test_correlation_regression_theorem():
    omega, gamma, n = 1.3, 0.4, 0.6
    jumps = (LinearJump("h", gamma * (n + 1), [1.0]), LinearJump("h", gamma * n, [0.0], [1.0]))
    model = QuadraticModel([[omega]], jumps)
    a = destroy(0, 1)
    tau = np.array([0.0, 0.5, 2.0, 7.0])
    got = correlation(model, a, a.adjoint(), tau)
    expected = (n + 1) * np.exp((-1j * omega - gamma / 2) * tau)
    assert np.allclose(got, expected, atol=1e-12)
    got = correlation(model, a.adjoint() * a, a.adjoint() * a, tau)
    # ⟨N(τ)N⟩ = n² + n(n+1) e^{−γτ} for a thermal damped oscillator
    assert np.allclose(got, n**2 + n * (n + 1) * np.exp(-gamma * tau), atol=1e-12)


def test_bad_models():
    with pytest.raises(ValueError, match="no unique steady state"):
        steady_state(QuadraticModel([[1.0]], (LinearJump("h", 0.5, [0.0], [1.0]),)))
    with pytest.raises(ValueError, match="no unique steady state"):
        steady_state(QuadraticModel(np.diag([1.0, 2.0]), (LinearJump("h", 0.5, [1.0, 0.0]),)))
    with pytest.raises(ValueError, match="Hermitian"):
        QuadraticModel([[1.0, 1.0], [0.0, 1.0]], ())
    with pytest.raises(ValueError, match="acts on 1 modes"):
        QuadraticModel(np.eye(2), (LinearJump("h", 0.5, [1.0]),))
    with pytest.raises(ValueError, match="rate"):
        LinearJump("h", -1.0, [1.0])
