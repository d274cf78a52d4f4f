"""Disordered Dicke model with boson gain and loss (seed 003 Eqs. 1–2).

``H = ω a†a + Σ_i g_i σz_i (a + a†) + Ω Σ_i σx_i`` for N distinguishable spins strongly and
unequally coupled to one truncated boson mode, which is pumped and damped by the Lindblad
channels ``√γ a`` (loss) and ``√κ a†`` (gain), γ > κ ≥ 0. At Ω = 0 every σz_i is conserved; a
weak drive Ω then flips single spins at the rates of :mod:`nesslab.analysis.flip_rates`.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from nesslab.environment.baths import Channel
from nesslab.limits import check_dimension, count, real_number, real_numbers
from nesslab.operators import destroy, embed, sigma_minus, sigma_x, sigma_z
from nesslab.system import System

DISTRIBUTIONS = {
    "uniform": lambda rng, n, g0: rng.uniform(-g0, g0, n),
    "normal": lambda rng, n, g0: rng.normal(0.0, g0, n),
}
"""Coupling distributions of :func:`random_couplings`: zero mean, scale ``g0`` (uniform on
[−g₀, g₀], as in seed 003's figures; normal with standard deviation g₀)."""


@dataclass(frozen=True)
class RandomCouplings:
    """A reproducible draw of disordered couplings (:func:`random_couplings`).

    Behaves as the 1-D array of its ``values`` (``np.asarray(draw)``, ``len(draw)``), so it can
    be passed wherever couplings are expected; the seed travels with it.

    Attributes
    ----------
    values : ndarray
        The couplings g_i (energy units), read-only.
    g0 : float
        Scale of the distribution.
    distribution : str
        A key of :data:`DISTRIBUTIONS`.
    seed : int
        Seed of ``numpy.random.default_rng`` that produced ``values``.
    """

    values: np.ndarray
    g0: float
    distribution: str
    seed: int

    def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray:
        return np.array(self.values, dtype=dtype)

    def __len__(self) -> int:
        return int(self.values.size)

    def attrs(self) -> dict[str, object]:
        """The draw's description for file metadata (NetCDF attrs)."""
        return {
            "couplings_distribution": self.distribution,
            "couplings_g0": self.g0,
            "couplings_seed": self.seed,
        }


def as_couplings(couplings: object) -> np.ndarray:
    """``couplings`` as a 1-D float array of finite reals g_i (at least one).

    Raises
    ------
    ValueError
        If it is not a non-empty 1-D sequence of finite real numbers.
    """
    values = np.asarray(couplings)
    if values.ndim != 1 or values.size == 0 or values.dtype.kind not in "iuf":
        raise ValueError(
            f"couplings must be a non-empty 1-D sequence of real numbers g_i, got {couplings!r}"
        )
    values = values.astype(float)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"couplings must be finite, got {values.tolist()}")
    return values


def random_couplings(
    n: int, g0: float, distribution: str = "uniform", *, seed: int
) -> RandomCouplings:
    """Disordered couplings g_i, reproducible from ``seed`` (seed 003: uniform on [−g₀, g₀]).

    Parameters
    ----------
    n : int
        Number of spins N ≥ 1.
    g0 : float
        Scale g₀ > 0 of the distribution (energy units).
    distribution : str
        A key of :data:`DISTRIBUTIONS`.
    seed : int
        Seed of ``numpy.random.default_rng``: the same seed always gives the same couplings.

    Returns
    -------
    RandomCouplings
        The draw, usable as the array of couplings, with its seed.

    Raises
    ------
    TypeError
        If ``seed`` is not an integer (a float, a bool, None or a Generator would make the draw
        irreproducible or ambiguous).
    ValueError
        For n < 1, g0 ≤ 0 or an unknown distribution (the message lists the known ones).
    """
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"seed must be an int (so that the couplings can be drawn again), got "
            f"{type(seed).__name__} {seed!r}"
        )
    n = count(n, "n", minimum=1)
    g0 = real_number(g0, "g0")
    if g0 <= 0:
        raise ValueError(f"g0 must be > 0, got {g0!r}")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(
            f"unknown distribution {distribution!r}; known: {', '.join(DISTRIBUTIONS)}"
        )
    values = DISTRIBUTIONS[distribution](np.random.default_rng(int(seed)), n, g0)
    values.flags.writeable = False
    return RandomCouplings(values, g0, distribution, int(seed))


def gain_loss_channels(gamma: float, kappa: float) -> list[Channel]:
    """The boson's loss ``√γ a`` and gain ``√κ a†`` (seed 003 Eq. 2), named "loss" and "gain".

    For :func:`disordered_dicke` (operators "a" and "a_dag") with the "local" approach.

    Raises
    ------
    ValueError
        Unless γ > κ ≥ 0 (for γ ≤ κ the pumped mode has no steady state).
    """
    real_numbers(gamma=gamma, kappa=kappa)
    check_gain_loss(gamma, kappa)
    return [Channel("a", float(gamma), "loss"), Channel("a_dag", float(kappa), "gain")]


def check_gain_loss(gamma: float, kappa: float) -> None:
    """Refuse rates that are not γ > κ ≥ 0, naming both."""
    if not kappa >= 0:
        raise ValueError(f"the gain rate kappa must be >= 0, got kappa = {kappa!r}")
    if not gamma > kappa:
        raise ValueError(
            f"the loss rate gamma must exceed the gain rate kappa (gamma > kappa >= 0), got "
            f"gamma = {gamma!r}, kappa = {kappa!r}: the pumped mode would have no steady state"
        )


def disordered_dicke(
    couplings: object,
    omega: float = 1.0,
    drive: float = 0.1,
    *,
    n_boson: int,
    max_dimension: int | None = None,
) -> System:
    """Seed 003's Hamiltonian ``ω a†a + Σ_i g_i σz_i (a + a†) + Ω Σ_i σx_i`` (Eq. 1).

    Parameters
    ----------
    couplings : sequence of float
        The spin–boson couplings g_i (energy units), e.g. from :func:`random_couplings`.
    omega : float
        Boson frequency ω.
    drive : float
        Transverse drive Ω of every spin.
    n_boson : int
        Fock cutoff N_F (Hilbert dimension 2^N N_F); see
        :func:`nesslab.analysis.elimination_check.fock_cutoff` for a choice from the couplings
        and the rates.
    max_dimension : int, optional
        Largest Hilbert dimension built (:mod:`nesslab.limits`, default 4096), checked before
        any operator is built.

    Returns
    -------
    System
        Tensor order spin_0 ⊗ … ⊗ spin_{N−1} ⊗ boson, spin basis (|↑⟩, |↓⟩) (σz = +1 first).
        Named "a", "a_dag", "n" (a†a), "x" (a + a†), "sz_i", "sx_i", "sm_i" (σ₋ of spin i,
        lowers |↑⟩; i = 0 … N−1), "parity" ``Π_i σx_i ⊗ (−1)^n`` (conserved, and respected by
        gain and loss; the System's ``symmetry``), and the subsystems' bare Hamiltonians
        "bare_boson" = ω a†a and, when Ω ≠ 0, "bare_spin_i" = Ω σx_i
        (:mod:`nesslab.generators.local_baths`; at Ω = 0 a spin has no Hamiltonian of its own).

    Raises
    ------
    ValueError
        For couplings that are not a non-empty 1-D array of finite reals.
    nesslab.limits.ResourceLimitError
        If 2^N N_F exceeds ``max_dimension``.
    """
    g = as_couplings(couplings)
    real_numbers(omega=omega, drive=drive)
    n_boson = count(n_boson, "n_boson", minimum=2)
    dims = (2,) * g.size + (n_boson,)
    check_dimension(dims, "disordered_dicke", max_dimension)
    boson = len(dims) - 1
    a = embed(destroy(n_boson), boson, dims)
    x = a + a.conj().T
    operators = {"a": a, "a_dag": a.conj().T, "n": a.conj().T @ a, "x": x}
    H = omega * operators["n"]
    parity = embed(np.diag((-1.0) ** np.arange(n_boson)).astype(complex), boson, dims)
    for i, coupling in enumerate(g):
        sz, sx = embed(sigma_z(), i, dims), embed(sigma_x(), i, dims)
        operators.update({f"sz_{i}": sz, f"sx_{i}": sx, f"sm_{i}": embed(sigma_minus(), i, dims)})
        H = H + coupling * sz @ x + drive * sx
        parity = parity @ sx
        if drive != 0:
            operators[f"bare_spin_{i}"] = drive * sx
    operators.update(parity=parity, bare_boson=omega * operators["n"])
    return System(H, dims, operators, "parity", max_dimension=max_dimension)
