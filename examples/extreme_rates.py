"""Seed 000's Rabi model at rates 10⁻¹⁶–10⁻¹² of the level spacing, and what each route says.

At Δ/ω = 4.9, λ/ω = 0.2 two levels are 2.8e-4 ω apart (≈ 56 r_b): "auto" solves the local
Lindbladian exactly by the slow/fast reduction and reports its own error estimate; the Pauli
rate equation drops that near-degenerate coherence and warns; the default partial-secular
window keeps it. At rates 1e-16 the full LU sees a null space; the reduction does not, and
finds the secular (Pauli) state: the gap is then 1e12 times the rates.
"""

import warnings

import numpy as np

import nesslab


def channels(spin_rate: float, boson_rate: float) -> list[nesslab.Channel]:
    return [nesslab.Channel("sm", spin_rate, "spin"), nesslab.Channel("a", boson_rate, "boson")]


def spin_flux(system: nesslab.System, state: nesslab.SteadyState) -> float:
    """J_s / r_s = −⟨|↑⟩⟨↑|⟩."""
    return -float(np.real(np.trace(system.op("sz") @ state.rho) + 1) / 2)


system = nesslab.models.rabi(delta=4.9, coupling=0.2, n_boson=20)
exact = nesslab.steady_state(nesslab.generator(system, channels(5e-12, 5e-6), "local"))
print(
    f"local, auto: J_s/r_s = {spin_flux(system, exact):.9f}, method {exact.method}, "
    f"estimated trace distance {exact.error_estimate:.1e}"
)
print("  ", exact.notes[0])

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", nesslab.SecularApproximationWarning)
    pauli = nesslab.generator(system, channels(5e-12, 5e-6), "pauli")
pauli_state = nesslab.steady_state(pauli)
print(
    f"pauli:       J_s/r_s = {spin_flux(system, pauli_state):.9f}, trace distance "
    f"{nesslab.trace_distance(pauli_state, exact):.1e} (estimated "
    f"{pauli.details['secular_validity'].estimate:.1e}); warned: {bool(caught)}"
)

window = nesslab.generator(system, channels(5e-12, 5e-6), "partial_secular")
window_state = nesslab.steady_state(window)
print(
    f"partial_secular (default window {window.options['tolerance']:.1e}): trace distance "
    f"{nesslab.trace_distance(window_state, exact):.1e}"
)

tiny = nesslab.generator(system, channels(1e-22, 1e-16), "local")
state = nesslab.steady_state(tiny)
print(
    f"rates (1e-22, 1e-16): J_s/r_s = {spin_flux(system, state):.9f} by {state.method}; "
    "method='direct' would raise NonUniqueSteadyStateError here"
)
