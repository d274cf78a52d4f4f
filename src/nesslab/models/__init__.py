"""Model families, each a function returning a System."""

from nesslab.models.few_body import coupled_oscillators, spin_boson, tls_dimer, two_qubits_xy
from nesslab.models.spin_boson_family import dicke, holstein, multilevel_rabi, rabi

__all__ = [
    "coupled_oscillators",
    "dicke",
    "holstein",
    "multilevel_rabi",
    "rabi",
    "spin_boson",
    "tls_dimer",
    "two_qubits_xy",
]
