"""Shared parameters and helpers of seed 003's figures (Fiorelli et al.), SPECS §3.

ω = 1, Ω = 0.1, κ = 1 (γ = κ + ηω); the couplings of Fig. 2(a, b) are not given in the paper:
they are drawn uniform on [−3, 3] with ``numpy.random.default_rng(2019)``
(:func:`nesslab.models.random_couplings`), the draw recorded by SPECS §3.3. Energies are in
units of ω (the paper's "energies measured in ω²" for E(σ), which is quadratic in g), times in
1/ω.
"""

from __future__ import annotations

import warnings

from nesslab.analysis.flip_rates import SpinFlipRates, spin_flip_rates
from nesslab.analysis.validity import ValidityWarning
from nesslab.figures.labels import Label

OMEGA = 1.0
DRIVE = 0.1
KAPPA = 1.0
SOURCE = (
    "seed 003 (Fiorelli, Rotondo, Carollo, Marcuzzi, Lesanovsky), strongly coupled disordered "
    "dissipative spin-boson systems; rates Eq. 3 (adiabatic elimination), E(sigma) Eq. 4"
)
UNITS = "energies (g, E, Delta E) in units of omega, times in 1/omega, hbar = k_B = 1"
TIME = Label("time t", "1/omega")
ETA = Label("eta = (gamma - kappa)/omega, gain-loss difference", "1")


MARGIN = Label("smallest elimination margin 1/(Omega t_L,i) = 2 g_i^2 nu/(omega Omega)")


def rates_at(couplings: object, eta: float) -> SpinFlipRates:
    """The flip rates at η with ω = 1, Ω = 0.1, κ = 1, γ = κ + ηω.

    The paper's weakly coupled spins break the elimination (margin below 10): the figures
    record the smallest margin (:data:`MARGIN`) in their data instead of warning per point.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ValidityWarning)
        return spin_flip_rates(
            couplings, omega=OMEGA, drive=DRIVE, gamma=KAPPA + eta * OMEGA, kappa=KAPPA
        )


def common_attrs() -> dict[str, object]:
    """Parameters and conventions shared by seed 003's figures."""
    return {
        "source": SOURCE,
        "units": UNITS,
        "omega": OMEGA,
        "drive_Omega": DRIVE,
        "kappa": KAPPA,
        "gamma": "kappa + eta * omega",
        "hamiltonian": "H = omega a^dag a + sum_i g_i sz_i (a + a^dag) + Omega sum_i sx_i (Eq. 1)",
        "channels": "Lindblad sqrt(gamma) a (loss), sqrt(kappa) a^dag (gain), Eq. 2",
        "rate_ratio": "R_i(dE) = W_i(dE)/W_i(-dE); regime (i): exp(-beta' dE), "
        "beta' = 128 eta/((2 kappa + eta)(eta^2 + 4)^2) (S15), about 4 eta",
        "state_code": "configuration index sum_i 2^i (1 + sigma_i)/2, 0 = all spins down",
    }
