"""The flip rate by the Laplace route in a truncated Fock space (an oracle for Eq. 3).

``W = 2Ω² Re Tr[(−V)⁻¹ ρ_σ]`` with the coherence generator ``V X = −i(H_σ' X − X H_σ) +
γ D[a]X + κ D[a†]X``, ``H_σ = ω a†a + M_σ(a + a†)`` (:mod:`~nesslab.analysis.flip_rates.kernel`),
and ρ_σ the boson's steady state in sector σ, solved by :func:`nesslab.steady_state` on the
same truncated mode. W depends on the configuration only through g_i and ΔE_i, so flipping
spin i with σ_i = +1 and ``Σ_{l≠i} g_lσ_l = ΔE/g_i`` stands for every configuration with that
ΔE: ``M_σ = g_i + ΔE/g_i``, ``M_σ' = −g_i + ΔE/g_i``. No quadrature, no closed form: an
independent check of both (one sparse solve of size N_F² per ΔE).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from nesslab.analysis.flip_rates.kernel import RateParameters
from nesslab.generators import generator
from nesslab.limits import count
from nesslab.models.disordered import gain_loss_channels
from nesslab.operators import destroy
from nesslab.solve import steady_state
from nesslab.superop import assemble, commutator_terms, lindblad_terms, vec
from nesslab.system import System

RESIDUAL_TOL = 1e-10


def sector_boson_state(displacement: float, params: RateParameters, n_fock: int) -> np.ndarray:
    """Steady state of the mode with ``H = ω a†a + M(a + a†)`` and gain/loss (N_F levels).

    Raises
    ------
    RuntimeError
        If the steady-state residual exceeds :data:`RESIDUAL_TOL` (reported, not returned).
    """
    mode = _mode(displacement, params, n_fock)
    state = steady_state(generator(mode, gain_loss_channels(params.gamma, params.kappa), "local"))
    if not state.residual <= RESIDUAL_TOL:
        raise RuntimeError(f"boson sector steady state: residual {state.residual:.2e}")
    return state.rho


def _mode(displacement: float, params: RateParameters, n_fock: int) -> System:
    a = destroy(n_fock)
    number = a.conj().T @ a
    H = params.omega * number + displacement * (a + a.conj().T)
    return System(H, (n_fock,), {"a": a, "a_dag": a.conj().T})


def coherence_generator(
    delta_e: float, coupling: float, params: RateParameters, n_fock: int
) -> tuple[sp.csr_matrix, np.ndarray]:
    """V (on column-stacked vec X) and ρ_σ for the flip of spin g_i with energy change ΔE.

    ``Re Tr[e^{Vt} ρ_σ]`` is Eq. 3's integrand at τ = ωt (module docstring).
    """
    n_fock = count(n_fock, "n_fock", minimum=2)
    g = float(coupling)
    if g == 0:
        raise ValueError("coupling must be nonzero (the rate of an uncoupled spin diverges)")
    a = destroy(n_fock)
    x = a + a.conj().T
    number = params.omega * a.conj().T @ a
    rest = float(delta_e) / g
    before, after = number + (g + rest) * x, number + (-g + rest) * x
    # V X = −i H_σ' X + i X H_σ + γ D[a]X + κ D[a†]X
    terms = [
        commutator_terms(after)[0],
        commutator_terms(before)[1],
        *lindblad_terms(a, params.gamma),
        *lindblad_terms(a.conj().T, params.kappa),
    ]
    return assemble(terms, n_fock, sparse=True), sector_boson_state(g + rest, params, n_fock)


def laplace_rate(
    delta_e: np.ndarray, coupling: float, params: RateParameters, n_fock: int
) -> np.ndarray:
    """``2Ω² Re Tr[(−V)⁻¹ρ_σ]`` for each ΔE (module docstring), in a Fock space of N_F levels.

    Parameters
    ----------
    delta_e : array_like
        Energy changes ΔE_i of the flip.
    coupling : float
        g_i ≠ 0 of the flipped spin.
    params : RateParameters
        ω, Ω, γ, κ.
    n_fock : int
        Fock cutoff; converge it (the displacements are |M|/|ω − iΓ/2|, the pumping κ/Γ).
    """
    rates = []
    for value in np.atleast_1d(np.asarray(delta_e, dtype=float)):
        matrix, rho = coherence_generator(value, coupling, params, n_fock)
        solution = spla.splu((-matrix).tocsc()).solve(vec(rho).astype(complex))
        rates.append(2 * params.drive**2 * np.trace(solution.reshape(rho.shape)).real)
    return np.asarray(rates).reshape(np.shape(delta_e))
