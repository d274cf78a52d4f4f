"""One local-Lindblad NESS of the quantum Rabi model (seed 000) at resonance, Δ = ω = 1.

H = (Δ/2)σz + a†a + λσx(a + a†), spin decay L_s = √r_s σ₋ and boson decay L_b = √r_b a.
The spin flux J_s = Tr[(σz/2) D_spin(ρ)] is printed in units of r_s (negative: out of the spin).
"""

import nesslab

SPIN_RATE, BOSON_RATE = 5e-12, 5e-6

system = nesslab.models.rabi(delta=1.0, coupling=0.05, n_boson=20)
channels = [
    nesslab.Channel("sm", SPIN_RATE, "spin"),
    nesslab.Channel("a", BOSON_RATE, "boson"),
]
g = nesslab.generator(system, channels, "local")
ss = nesslab.steady_state(g)

spin_flux = nesslab.flux(g, ss, "sz", "spin") / 2
print(f"J_s / r_s = {spin_flux / SPIN_RATE:.6e}")
print(f"residual  = {ss.residual:.2e} (relative {ss.relative_residual:.2e}, method {ss.method})")
