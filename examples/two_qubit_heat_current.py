"""Heat current through two XY-coupled qubits between baths at T = 60 and T = 40 (global approach).

H = (ω/2)(σz^A + σz^B) + (g/2)(σx^A σx^B + σy^A σy^B) with ω = 1000, g = 200; each qubit couples
through σx to a flat bath J(ω) = 0.5. Currents are positive from the bath into the system.
"""

import nesslab
from nesslab.environment.spectral import Flat

system = nesslab.models.two_qubits_xy(1000.0, 200.0)
baths = [
    nesslab.Bath("sx_a", Flat(0.5), 60.0, "a"),
    nesslab.Bath("sx_b", Flat(0.5), 40.0, "b"),
]
g = nesslab.generator(system, baths, "global")
ss = nesslab.steady_state(g)

currents = nesslab.heat_currents(g, ss)
for name, current in currents.items():
    print(f"J_{name} = {current:.10e}")
print(f"first-law residual  = {currents.first_law_residual:.2e}")
print(f"entropy production  = {nesslab.entropy_production(g, ss):.6e}")
