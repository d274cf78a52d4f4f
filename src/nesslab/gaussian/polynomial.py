"""Normal-ordered polynomials in the ladder operators of M bosonic modes.

A :class:`Polynomial` is ``Σ c · Π_k a_k†^{p_k} Π_k a_k^{q_k}`` (all creation operators to the
left), stored as ``{(p, q): c}`` with ``p``, ``q`` tuples of M non-negative exponents. Products
are normal-ordered exactly with the per-mode Wick rule
``a^q a†^p = Σ_j C(q, j) C(p, j) j! a†^{p−j} a^{q−j}``; different modes commute. No
truncation is involved: the algebra is that of the infinite-dimensional Fock space.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product as cartesian
from math import comb, factorial
from types import MappingProxyType

import numpy as np

Key = tuple[tuple[int, ...], tuple[int, ...]]
Scalar = int | float | complex | np.number

#: Coefficients with modulus below this are dropped from results.
ZERO = 1e-300


def _check_modes(n_modes: int) -> int:
    if isinstance(n_modes, bool) or int(n_modes) != n_modes or n_modes < 1:
        raise ValueError(f"n_modes must be an integer >= 1, got {n_modes!r}")
    return int(n_modes)


@dataclass(frozen=True, eq=False)
class Polynomial:
    """A normal-ordered polynomial ``Σ c · a†^p a^q`` in M bosonic modes.

    Parameters
    ----------
    n_modes : int
        Number of modes M.
    terms : mapping
        ``{(p, q): c}`` with ``p``, ``q`` length-M tuples of exponents (creation,
        annihilation) and ``c`` a complex coefficient. Zero coefficients are dropped.

    Notes
    -----
    Supports ``+``, ``-``, ``*`` (scalar or operator product, normal-ordered), ``**`` (integer
    power), :meth:`adjoint` and ``==`` (exact coefficient equality; use :meth:`allclose`).
    """

    n_modes: int
    terms: Mapping[Key, complex]

    def __post_init__(self) -> None:
        n_modes = _check_modes(self.n_modes)
        clean: dict[Key, complex] = {}
        for key, value in dict(self.terms).items():
            p, q = (tuple(int(e) for e in part) for part in key)
            if len(p) != n_modes or len(q) != n_modes:
                raise ValueError(
                    f"term {key!r} has exponent tuples of length {len(p)}, {len(q)}; "
                    f"this polynomial has n_modes = {n_modes}"
                )
            if min(p + q) < 0:
                raise ValueError(f"term {key!r} has a negative exponent")
            value = complex(value)
            if abs(value) > ZERO:
                clean[(p, q)] = clean.get((p, q), 0.0) + value
        object.__setattr__(self, "n_modes", n_modes)
        object.__setattr__(self, "terms", MappingProxyType(clean))

    # -- structure ---------------------------------------------------------------------------
    @property
    def degree(self) -> int:
        """Largest total degree ``Σ p_k + q_k`` of a term (0 for a constant or zero)."""
        return max((sum(p) + sum(q) for p, q in self.terms), default=0)

    def constant_term(self) -> complex:
        """Coefficient of the identity."""
        zero = (0,) * self.n_modes
        return complex(self.terms.get((zero, zero), 0.0))

    def adjoint(self) -> Polynomial:
        """Hermitian conjugate: ``(c a†^p a^q)† = c* a†^q a^p`` (still normal-ordered)."""
        return Polynomial(self.n_modes, {(q, p): np.conj(c) for (p, q), c in self.terms.items()})

    def scale(self) -> float:
        """Largest coefficient modulus (0 for the zero polynomial)."""
        return max((abs(c) for c in self.terms.values()), default=0.0)

    def allclose(self, other: Polynomial | Scalar, atol: float = 1e-12) -> bool:
        """True if every coefficient of ``self − other`` has modulus ≤ ``atol``."""
        return (self - other).scale() <= atol

    def is_hermitian(self, atol: float = 1e-12) -> bool:
        """True if ``P − P†`` vanishes to ``atol`` (relative to the largest coefficient)."""
        return (self - self.adjoint()).scale() <= atol * max(1.0, self.scale())

    def chop(self, atol: float) -> Polynomial:
        """Drop terms with ``|c| ≤ atol``."""
        return Polynomial(self.n_modes, {k: c for k, c in self.terms.items() if abs(c) > atol})

    # -- arithmetic --------------------------------------------------------------------------
    def _coerce(self, other: Polynomial | Scalar) -> Polynomial:
        if isinstance(other, Polynomial):
            if other.n_modes != self.n_modes:
                raise ValueError(
                    f"cannot combine polynomials of {self.n_modes} and {other.n_modes} modes; "
                    "embed both in the same mode set"
                )
            return other
        if isinstance(other, (int, float, complex, np.number)) and not isinstance(other, bool):
            return constant(other, self.n_modes)
        raise TypeError(f"cannot combine a Polynomial with {type(other).__name__}")

    def __add__(self, other: Polynomial | Scalar) -> Polynomial:
        other = self._coerce(other)
        terms = dict(self.terms)
        for key, value in other.terms.items():
            terms[key] = terms.get(key, 0.0) + value
        return Polynomial(self.n_modes, terms)

    __radd__ = __add__

    def __neg__(self) -> Polynomial:
        return Polynomial(self.n_modes, {k: -c for k, c in self.terms.items()})

    def __sub__(self, other: Polynomial | Scalar) -> Polynomial:
        return self + (-self._coerce(other))

    def __rsub__(self, other: Scalar) -> Polynomial:
        return self._coerce(other) - self

    def __mul__(self, other: Polynomial | Scalar) -> Polynomial:
        if not isinstance(other, Polynomial):
            factor = complex(self._coerce(other).constant_term())
            return Polynomial(self.n_modes, {k: factor * c for k, c in self.terms.items()})
        other = self._coerce(other)
        terms: dict[Key, complex] = {}
        for key1, c1 in self.terms.items():
            for key2, c2 in other.terms.items():
                for key, weight in _monomial_product(key1, key2):
                    terms[key] = terms.get(key, 0.0) + c1 * c2 * weight
        return Polynomial(self.n_modes, terms)

    def __rmul__(self, other: Scalar) -> Polynomial:
        return self * other

    def __truediv__(self, other: Scalar) -> Polynomial:
        return self * (1.0 / complex(other))

    def __pow__(self, power: int) -> Polynomial:
        if isinstance(power, bool) or int(power) != power or power < 0:
            raise ValueError(f"power must be an integer >= 0, got {power!r}")
        result = constant(1.0, self.n_modes)
        for _ in range(int(power)):
            result = result * self
        return result

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Polynomial):
            return NotImplemented
        return self.n_modes == other.n_modes and dict(self.terms) == dict(other.terms)

    def __repr__(self) -> str:
        if not self.terms:
            return f"Polynomial({self.n_modes} modes: 0)"
        parts = []
        for (p, q), c in sorted(self.terms.items()):
            ops = [f"a{k}†^{e}" if e > 1 else f"a{k}†" for k, e in enumerate(p) if e]
            ops += [f"a{k}^{e}" if e > 1 else f"a{k}" for k, e in enumerate(q) if e]
            parts.append(f"({c:.6g})" + ("·" + " ".join(ops) if ops else ""))
        return f"Polynomial({self.n_modes} modes: " + " + ".join(parts) + ")"

    # -- representations ---------------------------------------------------------------------
    def to_matrix(self, n_levels: int | Sequence[int]) -> np.ndarray:
        """Matrix in a truncated Fock space, tensor order mode 0 ⊗ mode 1 ⊗ ….

        Parameters
        ----------
        n_levels : int or sequence of int
            Fock levels kept per mode (one value for all modes, or one per mode). Products of
            truncated matrices are wrong within ``degree`` levels of the truncation edge.

        Returns
        -------
        ndarray
            Dense complex matrix, the same basis as ``nesslab.operators.destroy``/``embed``.
        """
        levels = [int(n_levels)] * self.n_modes if np.isscalar(n_levels) else list(n_levels)
        if len(levels) != self.n_modes or min(levels) < 2:
            raise ValueError(
                f"n_levels must be one integer >= 2 or {self.n_modes} of them, got {n_levels!r}"
            )
        lowers = [np.diag(np.sqrt(np.arange(1, n, dtype=float)), 1) for n in levels]
        dim = int(np.prod(levels))
        result = np.zeros((dim, dim), dtype=complex)
        for (p, q), c in self.terms.items():
            factors = [
                np.linalg.matrix_power(low.T, pk) @ np.linalg.matrix_power(low, qk)
                for low, pk, qk in zip(lowers, p, q, strict=True)
            ]
            block = factors[0]
            for factor in factors[1:]:
                block = np.kron(block, factor)
            result += c * block
        return result


def _monomial_product(key1: Key, key2: Key) -> Iterable[tuple[Key, float]]:
    """Normal-ordered expansion of ``(a†^p1 a^q1)(a†^p2 a^q2)``: (key, weight) pairs."""
    (p1, q1), (p2, q2) = key1, key2
    ranges = [range(min(qa, pb) + 1) for qa, pb in zip(q1, p2, strict=True)]
    for js in cartesian(*ranges):
        weight = 1
        for qa, pb, j in zip(q1, p2, js, strict=True):
            weight *= comb(qa, j) * comb(pb, j) * factorial(j)
        p = tuple(a + b - j for a, b, j in zip(p1, p2, js, strict=True))
        q = tuple(a + b - j for a, b, j in zip(q1, q2, js, strict=True))
        yield (p, q), float(weight)


# -- constructors ----------------------------------------------------------------------------
def constant(value: Scalar, n_modes: int) -> Polynomial:
    """The constant ``value · 1`` on ``n_modes`` modes."""
    zero = (0,) * _check_modes(n_modes)
    return Polynomial(n_modes, {(zero, zero): complex(value)})


def _unit(k: int, n_modes: int) -> tuple[int, ...]:
    n_modes = _check_modes(n_modes)
    if isinstance(k, bool) or int(k) != k or not 0 <= k < n_modes:
        raise ValueError(f"mode index must be an integer in [0, {n_modes}), got {k!r}")
    return tuple(1 if j == k else 0 for j in range(n_modes))


def destroy(k: int, n_modes: int) -> Polynomial:
    """Annihilation operator ``a_k`` of mode ``k`` among ``n_modes``."""
    return Polynomial(n_modes, {((0,) * n_modes, _unit(k, n_modes)): 1.0})


def create(k: int, n_modes: int) -> Polynomial:
    """Creation operator ``a_k†``."""
    return Polynomial(n_modes, {(_unit(k, n_modes), (0,) * n_modes): 1.0})


def number(k: int, n_modes: int) -> Polynomial:
    """Number operator ``a_k† a_k``."""
    unit = _unit(k, n_modes)
    return Polynomial(n_modes, {(unit, unit): 1.0})


def quadrature(k: int, n_modes: int) -> Polynomial:
    """Position-like quadrature ``x_k = a_k + a_k†`` (the paper's x; not divided by √2)."""
    return destroy(k, n_modes) + create(k, n_modes)


def linear(
    annihilation: Sequence[Scalar], creation: Sequence[Scalar] | None = None, offset: Scalar = 0
) -> Polynomial:
    """``Σ_k u_k a_k + v_k a_k† + offset`` from coefficient vectors ``u`` (and ``v``)."""
    u = np.atleast_1d(np.asarray(annihilation, dtype=complex))
    v = np.zeros_like(u) if creation is None else np.atleast_1d(np.asarray(creation, complex))
    if u.ndim != 1 or v.shape != u.shape:
        raise ValueError(
            f"annihilation and creation must be vectors of equal length, got shapes "
            f"{u.shape} and {v.shape}"
        )
    m = u.size
    result = constant(offset, m)
    for k in range(m):
        result = result + u[k] * destroy(k, m) + v[k] * create(k, m)
    return result


def commutator(a: Polynomial, b: Polynomial) -> Polynomial:
    """``[A, B] = AB − BA``."""
    return a * b - b * a


def anticommutator(a: Polynomial, b: Polynomial) -> Polynomial:
    """``{A, B} = AB + BA``."""
    return a * b + b * a
