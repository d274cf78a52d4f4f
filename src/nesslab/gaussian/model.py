"""Quadratic bosonic models with linear Lindblad jump operators.

``H = Σ_jk h_jk a_j† a_k + ½ Σ_jk (g_jk a_j† a_k† + h.c.) + Σ_k (f_k a_k† + h.c.)`` and jumps
``√rate · c`` with ``c = Σ_k u_k a_k + v_k a_k† + c₀``, in the dissipator
``D[c]ρ = cρc† − ½{c†c, ρ}`` (ħ = 1, energies and rates in the same units).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from nesslab.gaussian.polynomial import Polynomial, create, destroy, linear

HERMITICITY_TOL = 1e-10


def bose_einstein(omega: float, temperature: float) -> float:
    """Occupation ``n(ω) = 1/(e^{ω/T} − 1)`` (k_B = 1); 0 at ``T = 0``.

    Raises
    ------
    ValueError
        For ``ω ≤ 0`` or ``T < 0``.
    """
    if not omega > 0:
        raise ValueError(f"omega must be > 0 for a Bose-Einstein occupation, got {omega!r}")
    if not temperature >= 0:
        raise ValueError(f"temperature must be >= 0, got {temperature!r}")
    if temperature == 0:
        return 0.0
    return float(1.0 / np.expm1(omega / temperature))


@dataclass(frozen=True)
class LinearJump:
    """One Lindblad channel ``rate · D[c]`` with ``c = Σ_k u_k a_k + v_k a_k† + c₀``.

    Parameters
    ----------
    bath : str
        Name of the bath the channel belongs to (channels with one name form one current).
    rate : float
        Rate ≥ 0 (energy units).
    annihilation : array_like, shape (M,)
        ``u``: coefficients of ``a_k``.
    creation : array_like, shape (M,), optional
        ``v``: coefficients of ``a_k†`` (default 0).
    offset : complex
        ``c₀``: constant part (a displaced jump such as ``d + ε/ω``).
    """

    bath: str
    rate: float
    annihilation: np.ndarray
    creation: np.ndarray | None = None
    offset: complex = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.bath, str) or not self.bath:
            raise ValueError("bath must be a non-empty string naming the bath")
        rate = float(self.rate)
        if not np.isfinite(rate) or rate < 0:
            raise ValueError(f"rate must be a finite number >= 0, got {self.rate!r}")
        u = np.atleast_1d(np.asarray(self.annihilation, dtype=complex))
        v = np.zeros_like(u) if self.creation is None else np.asarray(self.creation, complex)
        if u.ndim != 1 or v.shape != u.shape:
            raise ValueError(
                f"annihilation and creation must be vectors of the same length (one entry per "
                f"mode), got shapes {u.shape} and {np.shape(v)}"
            )
        object.__setattr__(self, "rate", rate)
        object.__setattr__(self, "annihilation", u)
        object.__setattr__(self, "creation", v)
        object.__setattr__(self, "offset", complex(self.offset))

    @property
    def operator(self) -> Polynomial:
        """``c`` (without the √rate) as a Polynomial."""
        return linear(self.annihilation, self.creation, self.offset)


@dataclass(frozen=True)
class QuadraticModel:
    """A quadratic Hamiltonian with linear Lindblad jumps.

    Parameters
    ----------
    hopping : array_like, shape (M, M)
        Hermitian ``h`` of ``Σ h_jk a_j† a_k`` (energy units).
    jumps : sequence of LinearJump
        The dissipative channels.
    drive : array_like, shape (M,), optional
        ``f`` of ``Σ (f_k a_k† + f_k* a_k)`` (default 0).
    pairing : array_like, shape (M, M), optional
        ``g`` of ``½ Σ (g_jk a_j† a_k† + h.c.)``; symmetrised on input (default 0).
    temperatures : mapping of str to float, optional
        Temperature of each bath named by the jumps (for entropy production; not used by the
        dynamics).

    Raises
    ------
    ValueError
        For a non-Hermitian ``hopping``, shapes that do not fit M modes, or a jump on a different
        number of modes.
    """

    hopping: np.ndarray
    jumps: tuple[LinearJump, ...]
    drive: np.ndarray | None = None
    pairing: np.ndarray | None = None
    temperatures: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        h = np.atleast_2d(np.asarray(self.hopping, dtype=complex))
        m = h.shape[0]
        if h.shape != (m, m):
            raise ValueError(f"hopping must be a square (M, M) matrix, got shape {h.shape}")
        if np.abs(h - h.conj().T).max() > HERMITICITY_TOL * max(1.0, np.abs(h).max()):
            raise ValueError("hopping must be Hermitian (h_jk = conj(h_kj)); symmetrise it")
        f = np.zeros(m, complex) if self.drive is None else np.asarray(self.drive, complex)
        g = np.zeros((m, m), complex) if self.pairing is None else np.asarray(self.pairing, complex)
        if f.shape != (m,) or g.shape != (m, m):
            raise ValueError(
                f"drive must have shape ({m},) and pairing ({m}, {m}) for {m} modes, got "
                f"{f.shape} and {g.shape}"
            )
        jumps = tuple(self.jumps)
        for index, jump in enumerate(jumps):
            if not isinstance(jump, LinearJump):
                raise TypeError(f"jumps[{index}] must be a LinearJump, got {type(jump).__name__}")
            if jump.annihilation.size != m:
                raise ValueError(
                    f"jumps[{index}] acts on {jump.annihilation.size} modes, the model has {m}"
                )
        temperatures = {str(k): float(v) for k, v in dict(self.temperatures).items()}
        object.__setattr__(self, "hopping", (h + h.conj().T) / 2)
        object.__setattr__(self, "drive", f)
        object.__setattr__(self, "pairing", (g + g.T) / 2)
        object.__setattr__(self, "jumps", jumps)
        object.__setattr__(self, "temperatures", temperatures)

    @property
    def n_modes(self) -> int:
        """Number of modes M."""
        return self.hopping.shape[0]

    @property
    def baths(self) -> tuple[str, ...]:
        """Bath names in order of first appearance among the jumps."""
        return tuple(dict.fromkeys(jump.bath for jump in self.jumps))

    def hamiltonian(self) -> Polynomial:
        """H as a Polynomial."""
        m = self.n_modes
        up = [create(k, m) for k in range(m)]
        down = [destroy(k, m) for k in range(m)]
        result = Polynomial(m, {})
        for j in range(m):
            result = result + self.drive[j] * up[j] + np.conj(self.drive[j]) * down[j]
            for k in range(m):
                result = result + self.hopping[j, k] * (up[j] * down[k])
                if self.pairing[j, k] != 0:
                    pair = up[j] * up[k]
                    result = result + 0.5 * (self.pairing[j, k] * pair)
                    result = result + 0.5 * np.conj(self.pairing[j, k]) * pair.adjoint()
        return result


def normal_mode_model(
    frequencies: Sequence[float],
    jumps: Sequence[LinearJump],
    drive: Sequence[complex] | None = None,
    temperatures: Mapping[str, float] | None = None,
) -> QuadraticModel:
    """``QuadraticModel`` with ``h = diag(ω)`` (uncoupled normal modes)."""
    w = np.asarray(frequencies, dtype=float)
    return QuadraticModel(np.diag(w), tuple(jumps), drive, None, temperatures or {})
