"""Strong coupling by reaction coordinates: a spin between two Brownian baths.

The spin-boson model H_S = Δσz with bath 1 on σx (hot) and bath 2 on cos θ σz + sin θ σx
(cold), both with the Brownian spectral density J = λ²Γω/((ω₀² − ω²)² + Γ²ω²). Each bath's
collective mode (frequency ω₀) joins the system; the residual baths are treated by Redfield. The
Fock levels are raised until the heat current has converged, and the result is set beside the
weak-coupling Redfield current and the HEOM. Units: ħ = k_B = 1, energies in units of Δ/0.5.
"""

import numpy as np

import nesslab as nl
from nesslab.analysis import converge_depth, converge_levels
from nesslab.environment import approximate
from nesslab.environment.reaction_coordinate import reaction_coordinate
from nesslab.environment.spectral import Brownian
from nesslab.models.few_body import spin_boson

system = spin_boson(0.5, np.pi / 4)
density = Brownian(lam=0.35, gamma=0.2, omega0=1.5)
baths = [nl.Bath("sx", density, 1.0, "hot"), nl.Bath("s_theta", density, 0.5, "cold")]

mode = reaction_coordinate(density)
print(
    f"reaction coordinate: Ω = {mode.frequency:.3f}, λ = {mode.coupling:.4f}, "
    f"residual strength J_res(Ω)/Ω = {mode.residual_strength:.3f}"
)

rc = converge_levels(system, baths, "hot", start_levels=4, max_levels=8, tolerance=2e-3)
generator, state = rc.details
print(f"RC levels {rc.parameter} (converged: {rc.converged}, last change {rc.change:.1e})")
print("  history:", ", ".join(f"{n}: {value:.6e}" for n, value in rc.history))
print("  solver:", state.notes[0] if state.notes else state.method)
currents = nl.heat_currents(generator, state)
print(f"  J_hot = {currents['hot']:.6e}, first-law residual {currents.first_law_residual:.1e}")

weak = nl.generator(system, baths, "redfield")
print(f"weak-coupling Redfield: J_hot = {nl.heat_currents(weak, nl.steady_state(weak))['hot']:.6e}")

expansions = [approximate(b, "fit", t_max=100.0, tolerance=1e-4, max_terms=12) for b in baths]
heom = converge_depth(
    system, baths, "hot", start_depth=3, max_depth=7, tolerance=2e-3, expansions=expansions
)
print(
    f"HEOM depth {heom.parameter}: J_hot = {heom.value:.6e} (RC / HEOM − 1 = "
    f"{rc.value / heom.value - 1:.1e})"
)
