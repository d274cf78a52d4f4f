"""Fluctuations of a heat current: noise, TUR and the fluctuation theorem of two coupled qubits.

Two coupled TLSs (seed 002's dimer) between a hot and a cold Ohmic bath. For the energy that
flows from the hot bath into the system, nesslab gives the mean current, its zero-frequency
noise and third cumulant, the TUR ratio Var(J)σ/J² (≥ 2 for a thermodynamically consistent
Markovian approach), and the scaled cumulant generating function θ(χ), whose Gallavotti–Cohen
symmetry θ(χ) = θ(−χ + i(β_c − β_h)) is the fluctuation theorem. Last, the exact (HEOM) noise of
a spin between two Drude–Lorentz baths at intermediate coupling, with the Davies value beside it.

Run: ``python examples/heat_current_noise.py`` (a few seconds).
"""

import numpy as np

import nesslab as nl
from nesslab.environment import spectral

T_HOT, T_COLD = 1.5, 0.4
system = nl.models.tls_dimer(1.0, 1.3, 0.12)
baths = [
    nl.Bath("x1", spectral.Ohmic(0.02, 5.0), T_HOT, "hot"),
    nl.Bath("x2", spectral.Ohmic(0.01, 5.0), T_COLD, "cold"),
]

for approach in ("global", "partial_secular", "redfield"):
    generator = nl.generator(system, baths, approach)
    state = nl.steady_state(generator)
    hot = nl.current_statistics(generator, state)["hot"]
    current = nl.heat_currents(generator, state)["hot"]
    print(
        f"{approach:>15}: J = {hot.mean:.6e} (heat_currents {current:.6e}), "
        f"noise = {hot.variance:.4e}, third = {hot.third:.3e}, TUR ratio = {hot.tur_ratio:.4f}"
    )

generator = nl.generator(system, baths, "global")
chi = np.array([0.5, 1.0 + 0.2j])
shift = 1j * (1 / T_COLD - 1 / T_HOT)
forward = nl.scaled_cumulant_generating_function(generator, "hot", chi)
backward = nl.scaled_cumulant_generating_function(generator, "hot", -chi + shift)
print("theta(chi)           =", np.round(forward, 10))
print("theta(-chi + i dbeta) =", np.round(backward, 10), "(fluctuation theorem)")

spin = nl.models.spin_boson(0.5, np.pi / 4)
drude = [
    nl.Bath("sx", spectral.DrudeLorentz(0.05, 1.0), T_HOT, "hot"),
    nl.Bath("s_theta", spectral.DrudeLorentz(0.05, 1.0), T_COLD, "cold"),
]
for approach, options in (("heom", {"depth": 4}), ("global", {})):
    generator = nl.generator(spin, drude, approach, **options)
    hot = nl.current_statistics(generator, order=2)["hot"]
    print(
        f"spin-boson {approach:>6}: J = {hot.mean:.5e}, noise = {hot.variance:.5e}, "
        f"TUR ratio = {hot.tur_ratio:.4f}"
    )
