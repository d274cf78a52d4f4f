"""Shared model set-ups taken from the seed papers."""

from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

import nesslab as nl
from nesslab import models, spectral
from nesslab.cli import app


def bose(omega, temperature):
    return 1.0 / np.expm1(omega / temperature)


def tls_dimer_environment(coupling, detuning=0.0, c1=0.002, t1=0.2, t2=0.22, omega1=1.0):
    """Seed 002: two TLSs, γ_k(ω) = c_k ω³ with c₂ = 2c₁, local Channels and equivalent Baths.

    The local channels are Eq. 8 (decay rate γ_j(n_j+1), excitation γ_j n_j at the bare ω_j);
    the baths couple through σ_j + σ_j† with J_j = γ_j/2 (REFERENCES.md).
    """
    omega2 = omega1 - detuning
    c2 = 2 * c1
    system = models.tls_dimer(omega1, omega2, coupling)
    channels = []
    for label, c, omega, temperature in (("1", c1, omega1, t1), ("2", c2, omega2, t2)):
        gamma = c * omega**3
        lower = system.op(f"s{label}")
        n = bose(omega, temperature)
        channels += [
            nl.Channel(lower, gamma * (n + 1), label, temperature),
            nl.Channel(lower.conj().T, gamma * n, label, temperature),
        ]
    baths = [
        nl.Bath("x1", spectral.Custom(lambda w: c1 * w**3 / 2), t1, "1"),
        nl.Bath("x2", spectral.Custom(lambda w: c2 * w**3 / 2), t2, "2"),
    ]
    return system, channels, baths


def eq15_current(omega1, omega2, coupling, c1, c2, t1, t2):
    """Seed 002 Eq. 15: local-approach energy flow from reservoir 1 into the system."""
    gamma1, gamma2 = c1 * omega1**3, c2 * omega2**3
    g1 = gamma1 * (bose(omega1, t1) + 0.5)
    g2 = gamma2 * (bose(omega2, t2) + 0.5)
    detuning = omega1 - omega2
    e1, e2 = np.exp(omega1 / t1), np.exp(omega2 / t2)
    prefactor = (omega1 * g2 + omega2 * g1) * gamma1 * gamma2 * coupling**2
    denominator = 2 * (g1 + g2) ** 2 * (g1 * g2 * (1 + detuning**2 / (g1 + g2) ** 2) + coupling**2)
    return -prefactor / denominator * (e1 - e2) / ((e1 - 1) * (e2 - 1))


@pytest.fixture
def rabi_small():
    return models.rabi(delta=1.3, coupling=0.2, n_boson=8)


def ohmic_baths(temperature_spin, temperature_boson, eta_spin=1e-3, eta_boson=1e-2, delta=1.3):
    """Seed 000 App. E: spin bath through σx (cutoff Δ), boson bath through x (cutoff ω = 1)."""
    return [
        nl.Bath("sx", spectral.Ohmic(eta_spin, delta), temperature_spin, "spin"),
        nl.Bath("x", spectral.Ohmic(eta_boson, 1.0), temperature_boson, "boson"),
    ]


def figure_via_cli(name, out, points):
    """Run ``nesslab figure NAME --out OUT --points N``; check the PNG, return the loaded .nc."""
    result = CliRunner().invoke(app, ["figure", name, "--out", str(out), "--points", str(points)])
    assert result.exit_code == 0, result.output
    assert (Path(out) / f"{name}.png").stat().st_size > 0
    with xr.open_dataset(Path(out) / f"{name}.nc", engine="scipy") as stored:
        return stored.load()
