"""Model set-ups taken from the seed papers, shared by several test modules."""

import numpy as np

import nesslab as nl
from nesslab import models, spectral

from references import bose


def tls_dimer_environment(coupling, detuning=0.0, c1=0.002, t1=0.2, t2=0.22, omega1=1.0):
    """Seed 002: two TLSs, γ_k(ω) = c_k ω³ with c₂ = 2c₁, local Channels and equivalent Baths.

    The local channels are Eq. 8 (decay rate γ_j(n_j+1), excitation γ_j n_j at the bare ω_j);
    the baths couple through σ_j + σ_j† with J_j = γ_j/2 (REFERENCES.md).
    """
    omega2 = omega1 - detuning
    c2 = 2 * c1
    system = models.tls_dimer(omega1, omega2, coupling)
    frequencies = {"1": omega1, "2": omega2}
    channels = thermal_channels(
        system,
        {"1": "s1", "2": "s2"},
        {"1": c1 * omega1**3, "2": c2 * omega2**3},
        {"1": t1, "2": t2},
        frequencies,
    )
    baths = [
        nl.Bath("x1", spectral.Custom(lambda w: c1 * w**3 / 2), t1, "1"),
        nl.Bath("x2", spectral.Custom(lambda w: c2 * w**3 / 2), t2, "2"),
    ]
    return system, channels, baths


def ohmic_baths(temperature_spin, temperature_boson, eta_spin=1e-3, eta_boson=1e-2, delta=1.3):
    """Seed 000 App. E: spin bath through σx (cutoff Δ), boson bath through x (cutoff ω = 1)."""
    return [
        nl.Bath("sx", spectral.Ohmic(eta_spin, delta), temperature_spin, "spin"),
        nl.Bath("x", spectral.Ohmic(eta_boson, 1.0), temperature_boson, "boson"),
    ]


def two_qubit_generator(t_a, t_b, g=200.0, approach="global"):
    """Seed 001's two qubits (Eq. 37, ω = 1000) between flat baths (γ = 1)."""
    system = models.two_qubits_xy(1000.0, g)
    baths = [
        nl.Bath("sx_a", spectral.Flat(0.5), t_a, "a"),
        nl.Bath("sx_b", spectral.Flat(0.5), t_b, "b"),
    ]
    return nl.generator(system, baths, approach)


def thermal_channels(system, operators, rates, temperatures, frequencies):
    """Decay and excitation Channels ``√(γ(n+1)) L`` and ``√(γn) L†`` per named bath."""
    channels = []
    for name, operator in operators.items():
        lower = system.op(operator) if isinstance(operator, str) else operator
        n = bose(frequencies[name], temperatures[name])
        channels += [
            nl.Channel(lower, rates[name] * (n + 1), name, temperatures[name]),
            nl.Channel(lower.conj().T, rates[name] * n, name, temperatures[name]),
        ]
    return channels


def rabi_small_system():
    """The small Rabi model of the unit tests (Δ = 1.3, λ = 0.2, N_b = 8)."""
    return models.rabi(delta=1.3, coupling=0.2, n_boson=8)


def random_hermitian(dim, seed):
    """A reproducible random Hermitian matrix."""
    rng = np.random.default_rng(seed)
    block = rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim))
    return block + block.conj().T
