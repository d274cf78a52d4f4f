"""Exact open dynamics of seed 003's few-spin model, to check the adiabatic elimination.

The full Lindblad equation (Eq. 2) of N spins ⊗ a truncated boson
(:func:`nesslab.models.disordered_dicke`, gain and loss by
:func:`~nesslab.models.gain_loss_channels`, nesslab's "local" generator) is evolved with
:func:`nesslab.evolve` and solved for its steady state with :func:`nesslab.steady_state`; the
spin populations p(σ, t) = Tr[(|σ⟩⟨σ| ⊗ 1) ρ(t)] are what the classical rate equation of
:mod:`nesslab.analysis.flip_rates` predicts to O(Ω t_L).

Configurations are listed in the state-code order of :mod:`nesslab.analysis.classical`: σ is
state ``Σ_i b_i 2^i`` with b_i = 1 when spin i is up (index 0 = all down). The initial state is
all spins down with the boson either in the vacuum or in the steady state of the all-down
sector at Ω = 0 (the default, as in SPECS §3.4: then the boson is already slaved to the spins).

Fock cutoff
-----------
In sector σ the mode is a thermal state of occupation n_th = κ/(γ − κ) displaced by
``|M_σ|/|ω − iΓ/2|`` (Γ = γ − κ); after a flip of spin i it spirals from the old displacement to
the new one, at most ``2|g_i|/|ω − iΓ/2|`` away. :func:`fock_cutoff` takes the largest distance
from the origin, ``α = (Σ|g_i| + 2 max|g_i|)/|ω − iΓ/2|``, and the photon-number mean and
variance of a thermal state displaced by α, ``n̄ = α² + n_th`` and ``α²(2n_th + 1) +
n_th(n_th + 1)``: ``N_F = ⌈n̄ + spread·std⌉ + 2``. :func:`fock_convergence` measures what is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nesslab.analysis.flip_rates.kernel import RateParameters
from nesslab.analysis.flip_rates.laplace import sector_boson_state
from nesslab.generators import generator
from nesslab.limits import count, real_number
from nesslab.models.disordered import as_couplings, disordered_dicke, gain_loss_channels
from nesslab.solve import evolve, steady_state

INITIAL_BOSON = ("sector", "vacuum")
"""Initial boson states of :func:`exact_spin_dynamics`."""


@dataclass(frozen=True)
class ExactSpinDynamics:
    """Spin populations of the exact open dynamics (module docstring).

    Attributes
    ----------
    times : ndarray
        The requested times (1/energy).
    configurations : ndarray
        int8 (2^N, N) of ±1 in state-code order.
    populations : ndarray
        p(σ, t), shape (len(times), 2^N).
    stationary : ndarray
        The steady state's spin populations, shape (2^N,).
    n_fock : int
        Fock cutoff N_F used.
    initial_boson : str
        "sector" or "vacuum".
    """

    times: np.ndarray
    configurations: np.ndarray
    populations: np.ndarray
    stationary: np.ndarray
    n_fock: int
    initial_boson: str


def configurations(n: int) -> np.ndarray:
    """All 2^n configurations in state-code order (module docstring), int8 (2^n, n) of ±1."""
    codes = np.arange(2 ** count(n, "n", minimum=1))
    return (2 * ((codes[:, None] >> np.arange(n)) & 1) - 1).astype(np.int8)


def _system_index(configs: np.ndarray) -> np.ndarray:
    """Index of each configuration in disordered_dicke's spin basis (|↑⟩ first, spin 0 slowest)."""
    digits = (configs < 0).astype(np.int64)
    n = configs.shape[1]
    return digits @ (np.int64(1) << np.arange(n - 1, -1, -1, dtype=np.int64))


def fock_cutoff(
    couplings: object, *, omega: float, gamma: float, kappa: float, spread: float = 6.0
) -> int:
    """Fock cutoff N_F for the exact dynamics (module docstring), at least 8."""
    g = np.abs(as_couplings(couplings))
    params = RateParameters(omega, 0.0, gamma, kappa)
    spread = real_number(spread, "spread")
    alpha = (g.sum() + 2 * g.max()) / abs(params.omega - 0.5j * (params.gamma - params.kappa))
    thermal = params.kappa / (params.gamma - params.kappa)
    mean = alpha**2 + thermal
    variance = alpha**2 * (2 * thermal + 1) + thermal * (thermal + 1)
    return max(8, int(np.ceil(mean + spread * np.sqrt(variance))) + 2)


def _spin_populations(states: np.ndarray, order: np.ndarray, n_fock: int) -> np.ndarray:
    diagonal = np.real(np.diagonal(states, axis1=-2, axis2=-1))
    return diagonal.reshape(*diagonal.shape[:-1], -1, n_fock).sum(axis=-1)[..., order]


def exact_spin_dynamics(
    couplings: object,
    *,
    omega: float,
    drive: float,
    gamma: float,
    kappa: float,
    times: Sequence[float],
    n_fock: int | None = None,
    initial_boson: str = "sector",
    max_dimension: int | None = None,
) -> ExactSpinDynamics:
    """p(σ, t) and the stationary p(σ) of the full Lindblad dynamics (Eq. 2), all spins down at 0.

    Parameters
    ----------
    couplings : sequence of float
        g_i of the N spins (N = 2, 3: the Liouvillian has (2^N N_F)² entries).
    omega, drive, gamma, kappa : float
        ω, Ω, loss γ > gain κ ≥ 0.
    times : sequence of float
        Increasing times ≥ 0 (Krylov propagation from t = 0; its cost grows with ‖L‖t, so
        take the long-time limit from ``stationary``).
    n_fock : int, optional
        Fock cutoff (default :func:`fock_cutoff`).
    initial_boson : {"sector", "vacuum"}
        The boson's initial state (module docstring).
    max_dimension : int, optional
        Largest Hilbert dimension 2^N N_F (:mod:`nesslab.limits`).

    Raises
    ------
    ValueError
        For an unknown ``initial_boson``, negative or decreasing times, or bad rates.
    """
    if initial_boson not in INITIAL_BOSON:
        raise ValueError(f"initial_boson must be one of {INITIAL_BOSON}, got {initial_boson!r}")
    g = as_couplings(couplings)
    params = RateParameters(omega, drive, gamma, kappa)
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or times[0] < 0 or np.any(np.diff(times) < 0):
        raise ValueError("times must be a non-empty increasing sequence of times >= 0")
    n_fock = fock_cutoff(g, omega=omega, gamma=gamma, kappa=kappa) if n_fock is None else n_fock
    n_fock = count(n_fock, "n_fock", minimum=2)
    system = disordered_dicke(g, omega, drive, n_boson=n_fock, max_dimension=max_dimension)
    gen = generator(system, gain_loss_channels(gamma, kappa), "local")
    boson = np.zeros((n_fock, n_fock))
    if initial_boson == "vacuum":
        boson[0, 0] = 1.0
    else:
        boson = sector_boson_state(-g.sum(), params, n_fock)
    spins = np.zeros((2**g.size,) * 2)
    spins[-1, -1] = 1.0  # |↓…↓⟩ is the last spin basis state
    grid = times if times[0] == 0 else np.concatenate([[0.0], times])
    states = evolve(gen, np.kron(spins, boson), grid).states[grid.size - times.size :]
    configs = configurations(g.size)
    order = _system_index(configs)
    stationary = steady_state(gen).rho
    return ExactSpinDynamics(
        times,
        configs,
        _spin_populations(states, order, n_fock),
        _spin_populations(stationary, order, n_fock),
        n_fock,
        initial_boson,
    )


@dataclass(frozen=True)
class FockConvergence:
    """Change of the exact spin populations when the Fock cutoff grows.

    Attributes
    ----------
    n_fock : tuple of int
        The two cutoffs compared.
    dynamics : float
        max |Δp(σ, t)| over the times.
    stationary : float
        max |Δp(σ)| of the steady state.
    """

    n_fock: tuple[int, int]
    dynamics: float
    stationary: float


def fock_convergence(
    couplings: object,
    *,
    omega: float,
    drive: float,
    gamma: float,
    kappa: float,
    times: Sequence[float],
    n_fock: int | None = None,
    step: int = 4,
    initial_boson: str = "sector",
) -> FockConvergence:
    """Compare :func:`exact_spin_dynamics` at N_F (default :func:`fock_cutoff`) and N_F + step."""
    common = dict(omega=omega, drive=drive, gamma=gamma, kappa=kappa, times=times)
    base = exact_spin_dynamics(couplings, n_fock=n_fock, initial_boson=initial_boson, **common)
    step = count(step, "step", minimum=1)
    larger = exact_spin_dynamics(
        couplings, n_fock=base.n_fock + step, initial_boson=initial_boson, **common
    )
    return FockConvergence(
        (base.n_fock, larger.n_fock),
        float(np.abs(larger.populations - base.populations).max()),
        float(np.abs(larger.stationary - base.stationary).max()),
    )
