"""Spectral analysis of closed models: swept spectra, (avoided) crossings, eigenstate entropies.

The "parametric hypersensitivity" toolkit of seed 000: sweep a parameter, track the low-lying
levels by symmetry sector and overlap, locate lowest avoided crossings (LACs) and tell them from
exact crossings, and follow the entanglement entropy of the eigenstates involved.
"""

from nesslab.analysis.crossings import Crossing, avoided_crossings, lowest_avoided_crossings
from nesslab.analysis.entanglement import entanglement_entropy, level_entropies, reduced_state
from nesslab.analysis.spectrum import Spectrum, spectrum_sweep

__all__ = [
    "Crossing",
    "Spectrum",
    "avoided_crossings",
    "entanglement_entropy",
    "level_entropies",
    "lowest_avoided_crossings",
    "reduced_state",
    "spectrum_sweep",
]
