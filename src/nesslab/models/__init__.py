"""Model families, each a function returning a System."""

from nesslab.models.disordered import (
    RandomCouplings,
    disordered_dicke,
    gain_loss_channels,
    random_couplings,
)
from nesslab.models.few_body import coupled_oscillators, spin_boson, tls_dimer, two_qubits_xy
from nesslab.models.spin_boson_family import dicke, holstein, multilevel_rabi, rabi

__all__ = [
    "RandomCouplings",
    "coupled_oscillators",
    "dicke",
    "disordered_dicke",
    "gain_loss_channels",
    "holstein",
    "multilevel_rabi",
    "rabi",
    "random_couplings",
    "spin_boson",
    "tls_dimer",
    "two_qubits_xy",
]
