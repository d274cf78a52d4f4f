"""Global (Davies) master equations of driven harmonic modes, and seed 001's two oscillators.

``H₀ = Σ_k ω_k a_k† a_k + Σ_k (f_k a_k† + h.c.)`` is diagonalised by the displacement
``b_k = a_k + f_k/ω_k``. A bath α couples through a Hermitian linear operator ``X_α``; its
Davies jump at Bohr frequency ω > 0 is the component ``S_α(ω)`` of ``X_α`` that lowers the
energy by ω (written in the b ladder operators, it is linear in the b's), with rates
``Γ(ω) = γ(ω)(n_α(ω)+1)`` for ``S(ω)`` and ``γ(ω)n_α(ω)`` for ``S(ω)†`` (paper convention,
nesslab's ``J(ω) = γ(ω)/2``). The frequency-zero (constant) part of ``X_α`` gives ``D[const] = 0``
and is dropped. The Lamb shift is neglected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from nesslab.gaussian.model import LinearJump, QuadraticModel, bose_einstein
from nesslab.gaussian.modes import frequency_components, substitute
from nesslab.gaussian.polynomial import Polynomial, destroy, quadrature


@dataclass(frozen=True)
class BathCoupling:
    """Bath α coupled through ``X_α ⊗ R_α`` with ``X_α`` Hermitian and linear in the modes.

    Parameters
    ----------
    bath : str
        Bath name.
    operator : Polynomial
        ``X_α`` (degree ≤ 1, Hermitian).
    temperature : float
        ``T_α ≥ 0`` (energy units).
    gamma : float or callable
        ``γ(ω)`` (rate units), a constant (flat spectrum) or a function of ω > 0.
    """

    bath: str
    operator: Polynomial
    temperature: float
    gamma: float | Callable[[float], float]

    def __post_init__(self) -> None:
        if not isinstance(self.operator, Polynomial) or self.operator.degree > 1:
            raise ValueError("operator must be a Polynomial of degree <= 1 (a linear coupling)")
        if not self.operator.is_hermitian():
            raise ValueError("operator must be Hermitian (X = X†): add its adjoint")
        if not float(self.temperature) >= 0:
            raise ValueError(f"temperature must be >= 0, got {self.temperature!r}")

    def rate(self, omega: float) -> float:
        """``γ(ω)``."""
        value = float(self.gamma(omega) if callable(self.gamma) else self.gamma)
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"gamma({omega}) must be finite and >= 0, got {value!r}")
        return value


@dataclass(frozen=True)
class DaviesModel:
    """Driven harmonic modes with global (Davies) dissipators.

    Parameters
    ----------
    frequencies : array_like, shape (M,)
        Mode frequencies ``ω_k > 0``.
    couplings : sequence of BathCoupling
        One or more couplings (several may share a bath name).
    drive : array_like, shape (M,), optional
        ``f_k`` of ``Σ (f_k a_k† + f_k* a_k)`` (default 0).
    """

    frequencies: np.ndarray
    couplings: tuple[BathCoupling, ...]
    drive: np.ndarray | None = None

    def __post_init__(self) -> None:
        w = np.atleast_1d(np.asarray(self.frequencies, dtype=float))
        if w.ndim != 1 or np.any(w <= 0):
            raise ValueError("frequencies must be a vector of mode frequencies > 0")
        f = np.zeros(w.size, complex) if self.drive is None else np.asarray(self.drive, complex)
        if f.shape != w.shape:
            raise ValueError(f"drive must have one entry per mode ({w.size}), got {f.shape}")
        couplings = tuple(self.couplings)
        for c in couplings:
            if c.operator.n_modes != w.size:
                raise ValueError(
                    f"coupling of bath {c.bath!r} acts on {c.operator.n_modes} modes, the "
                    f"model has {w.size}"
                )
        object.__setattr__(self, "frequencies", w)
        object.__setattr__(self, "drive", f)
        object.__setattr__(self, "couplings", couplings)

    @property
    def n_modes(self) -> int:
        """Number of modes M."""
        return self.frequencies.size

    @property
    def displacement(self) -> np.ndarray:
        """``f_k/ω_k``: the eigen-ladder operators are ``b_k = a_k + f_k/ω_k``."""
        return self.drive / self.frequencies


def to_eigenmodes(model: DaviesModel, operator: Polynomial) -> Polynomial:
    """Rewrite an operator in the eigen-ladder operators ``b = a + f/ω`` of H₀."""
    return substitute(operator, np.eye(model.n_modes), -model.displacement)


def from_eigenmodes(model: DaviesModel, operator: Polynomial) -> Polynomial:
    """Inverse of :func:`to_eigenmodes`."""
    return substitute(operator, np.eye(model.n_modes), model.displacement)


def bohr_components(model: DaviesModel, operator: Polynomial) -> dict[float, Polynomial]:
    """Parts ``O_ν`` of O with ``[H₀, O_ν] = ν O_ν`` (H₀ including the drive), in the a modes."""
    parts = frequency_components(to_eigenmodes(model, operator), model.frequencies)
    return {nu: from_eigenmodes(model, part) for nu, part in parts.items()}


@dataclass(frozen=True)
class DaviesJump:
    """A lowering Davies jump ``S(ω)`` of one coupling, with its two rates."""

    bath: str
    omega: float
    operator: Polynomial
    rate_down: float
    rate_up: float
    coupling: BathCoupling


def davies_jumps(model: DaviesModel) -> list[DaviesJump]:
    """Every lowering jump ``S_α(ω)`` (ω > 0) with ``γ(ω)(n+1)`` and ``γ(ω)n``."""
    jumps = []
    for coupling in model.couplings:
        for nu, part in bohr_components(model, coupling.operator).items():
            if nu < 0:
                omega = -nu
                gamma = coupling.rate(omega)
                n = bose_einstein(omega, coupling.temperature)
                jumps.append(
                    DaviesJump(coupling.bath, omega, part, gamma * (n + 1), gamma * n, coupling)
                )
    return jumps


def _as_linear_jump(bath: str, rate: float, operator: Polynomial) -> LinearJump:
    m = operator.n_modes
    u = np.array([operator.terms.get(((0,) * m, _e(k, m)), 0.0) for k in range(m)])
    v = np.array([operator.terms.get((_e(k, m), (0,) * m), 0.0) for k in range(m)])
    return LinearJump(bath, rate, u, v, operator.constant_term())


def _e(k: int, m: int) -> tuple[int, ...]:
    return tuple(int(j == k) for j in range(m))


def to_quadratic(model: DaviesModel) -> QuadraticModel:
    """The Davies Lindbladian as a :class:`QuadraticModel` (zero-rate jumps omitted)."""
    jumps = []
    for jump in davies_jumps(model):
        if jump.rate_down > 0:
            jumps.append(_as_linear_jump(jump.bath, jump.rate_down, jump.operator))
        if jump.rate_up > 0:
            jumps.append(_as_linear_jump(jump.bath, jump.rate_up, jump.operator.adjoint()))
    temperatures = {c.bath: float(c.temperature) for c in model.couplings}
    return QuadraticModel(np.diag(model.frequencies), tuple(jumps), model.drive, None, temperatures)


def two_oscillators_global(
    omega: float,
    g: float,
    field: float,
    gammas: float | Sequence[float],
    temperatures: Sequence[float] | Mapping[str, float],
) -> DaviesModel:
    """Seed 001's two coupled oscillators in a linear field, global form (Eqs. 27–28, B7).

    ``H₀ = ω(a†a + b†b) + g(a†b + ab†) + (ε/√2)(a + a† + b + b†)
    = ω₊d₊†d₊ + ω₋d₋†d₋ + ε(d₊ + d₊†)``, ``ω_± = ω ± g``, with model modes
    ``(d₊, d₋)`` (mode 0, mode 1), ``a = (d₊ − d₋)/√2``, ``b = (d₊ + d₋)/√2``. Bath "a" couples
    through ``a + a†``, bath "b" through ``b + b†``; the resulting jumps are
    ``√(γ_ℓ(n_ℓ^α+1)/2) c_ℓ`` and ``√(γ_ℓ n_ℓ^α/2) c_ℓ†`` with ``c₋ = d₋`` and the displaced
    ``c₊ = d₊ + ε/ω₊`` (B7's D̃ term is the cross term of ``D[c₊]``).

    Parameters
    ----------
    omega, g : float
        Bare frequency and hopping, ``ω > |g|``.
    field : float
        ε.
    gammas : float or (float, float)
        ``γ`` or ``(γ₊, γ₋)``: the rates at ω₊ and ω₋.
    temperatures : (float, float) or mapping
        ``(T_a, T_b)`` or ``{"a": T_a, "b": T_b}``.
    """
    if not omega > abs(g):
        raise ValueError(f"omega must exceed |g| (both normal modes positive), got {omega}, {g}")
    if isinstance(temperatures, Mapping):
        if set(temperatures) != {"a", "b"}:
            raise ValueError("temperatures must have the keys 'a' and 'b'")
        t_a, t_b = temperatures["a"], temperatures["b"]
    else:
        t_a, t_b = temperatures
    g_plus, g_minus = (gammas, gammas) if np.isscalar(gammas) else tuple(gammas)
    w_plus, w_minus = omega + g, omega - g

    def gamma(w: float) -> float:
        return float(g_plus if abs(w - w_plus) <= 1e-9 * w_plus else g_minus)

    site_a, site_b = two_oscillators_site_modes()
    couplings = (
        BathCoupling("a", site_a + site_a.adjoint(), t_a, gamma),
        BathCoupling("b", site_b + site_b.adjoint(), t_b, gamma),
    )
    return DaviesModel(np.array([w_plus, w_minus]), couplings, np.array([field, 0.0]))


def two_oscillators_site_modes() -> tuple[Polynomial, Polynomial]:
    """``a = (d₊ − d₋)/√2`` and ``b = (d₊ + d₋)/√2`` in the model modes ``(d₊, d₋)``."""
    d_plus, d_minus = destroy(0, 2), destroy(1, 2)
    return (d_plus - d_minus) / np.sqrt(2), (d_plus + d_minus) / np.sqrt(2)


def two_oscillators_cubic(omega: float, g: float) -> Polynomial:
    """Seed 001's perturbation (B9) ``V = Ω x₋³`` with ``Ω = ω₋`` and ``x₋ = d₋ + d₋†``.

    In the site modes this is ``(Ω/√8)(b + b† − a − a†)³`` (B8; Eq. 29 has the opposite sign).
    """
    return (omega - g) * quadrature(1, 2) ** 3
