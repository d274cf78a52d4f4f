"""Local, global, partial-secular, Redfield and Pauli side by side, with validity warnings.

Seed 002's two coupled two-level systems (H = ω₁σ₁†σ₁ + ω₂σ₂†σ₂ + Ω(σ₁†σ₂ + h.c.)), each coupled
through σ_j + σ_j† to its own bath with γ_j(ω) = c_j ω³ (J = γ/2), c₂ = 2c₁, T₁ = 0.2, T₂ = 0.22.
One list of Baths serves every approach: the local one splits each bath's coupling into the
jump operators of its own TLS (Eq. 8). At Ω ≪ g the global approach is flagged (secular), at
Ω ≫ g the local one (its rates are taken at the bare, not the dressed, frequencies), and at
Δω = −0.12 the local approach violates the second law (σ < 0, marked VIOLATED).
"""

import warnings

import nesslab as nl
from nesslab import models, spectral
from nesslab.analysis.compare_table import comparison_table

C1, T1, T2 = 0.002, 0.2, 0.22
APPROACHES = ("local", "global", "partial_secular", "redfield", "pauli")


def baths(c1: float = C1) -> list[nl.Bath]:
    """The two baths of seed 002: J_j(ω) = c_j ω³/2 without cutoff."""
    return [
        nl.Bath("x1", spectral.PowerLaw(c1 / 2, 3, 1.0, "none"), T1, "1"),
        nl.Bath("x2", spectral.PowerLaw(c1, 3, 1.0, "none"), T2, "2"),
    ]


cases = [
    ("Omega << g (1e-4), detuning 0", 1e-4, 0.0, C1),
    ("Omega ~ g (1e-3), detuning 0", 1e-3, 0.0, C1),
    ("Omega >> g (0.1), detuning 0", 0.1, 0.0, C1),
    ("second-law check: Omega = 0.01, detuning -0.12, c1 = 0.01", 0.01, -0.12, 0.01),
]
for title, coupling, detuning, c1 in cases:
    system = models.tls_dimer(1.0, 1.0 - detuning, coupling)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the table lists every failing margin
        dataset = nl.compare(
            system, baths(c1), APPROACHES, options={"partial_secular": {"tolerance": 1.0}}
        )
    print(f"== {title}")
    print(comparison_table(dataset))
    print()
