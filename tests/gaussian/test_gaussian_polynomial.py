"""Normal-ordered polynomial algebra against truncated Fock matrices."""

import numpy as np
import pytest

from nesslab.gaussian import (
    Polynomial,
    commutator,
    constant,
    create,
    destroy,
    frequency_components,
    number,
    quadrature,
    substitute,
)
from nesslab.operators import destroy as fock_destroy
from nesslab.operators import embed

LEVELS = 12


def random_polynomial(rng, degree, n_modes=2, n_terms=6):
    terms = {}
    for _ in range(n_terms):
        exps = rng.integers(0, degree + 1, size=2 * n_modes)
        while exps.sum() > degree:
            exps[rng.integers(0, 2 * n_modes)] = 0
        key = (tuple(exps[:n_modes]), tuple(exps[n_modes:]))
        terms[key] = complex(rng.normal(), rng.normal())
    return Polynomial(n_modes, terms)


def low_columns(levels, margin, n_modes=2):
    """Indices of basis states with every occupation < levels - margin (tensor order)."""
    occ = np.indices((levels,) * n_modes).reshape(n_modes, -1)
    return np.flatnonzero(np.all(occ < levels - margin, axis=0))


def test_canonical_commutators_and_matrices():
    a0, a1 = destroy(0, 2), destroy(1, 2)
    assert commutator(a0, a0.adjoint()) == constant(1.0, 2)
    assert commutator(a0, a1.adjoint()) == Polynomial(2, {})
    assert commutator(a0, a1) == Polynomial(2, {})
    # matches nesslab.operators in the tensor order mode 0 ⊗ mode 1
    dims = [LEVELS, LEVELS - 2]
    assert np.allclose(a0.to_matrix(dims), embed(fock_destroy(LEVELS), 0, dims))
    assert np.allclose(a1.to_matrix(dims), embed(fock_destroy(LEVELS - 2), 1, dims))
    assert np.allclose(number(1, 2).to_matrix(dims), a1.to_matrix(dims).T @ a1.to_matrix(dims))


def test_wick_rule_closed_form():
    a = destroy(0, 1)
    ad = create(0, 1)
    # a² a†² = a†² a² + 4 a† a + 2
    expected = ad**2 * a**2 + 4 * ad * a + 2
    assert (a**2 * ad**2).allclose(expected)
    assert (a**2 * ad**2).terms[((2,), (2,))] == 1.0
    # x³ normal-ordered: a†³ + 3a†²a + 3a†a² + a³ + 3a† + 3a
    x3 = quadrature(0, 1) ** 3
    assert x3.allclose(ad**3 + 3 * ad**2 * a + 3 * ad * a**2 + a**3 + 3 * ad + 3 * a)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_products_and_commutators_against_fock(seed):
    rng = np.random.default_rng(seed)
    p, q = random_polynomial(rng, 3), random_polynomial(rng, 3)
    cols = low_columns(LEVELS, q.degree)
    mp, mq = p.to_matrix(LEVELS), q.to_matrix(LEVELS)
    assert np.allclose((p * q).to_matrix(LEVELS)[:, cols], (mp @ mq)[:, cols], atol=1e-9)
    cols = low_columns(LEVELS, max(p.degree, q.degree))
    assert np.allclose(
        commutator(p, q).to_matrix(LEVELS)[:, cols], (mp @ mq - mq @ mp)[:, cols], atol=1e-9
    )
    # the product is not commutative in general: the test can fail for a commuting algebra
    assert not (p * q).allclose(q * p)


def test_adjoint_and_hermiticity():
    rng = np.random.default_rng(5)
    p = random_polynomial(rng, 4)
    assert np.allclose(p.adjoint().to_matrix(8), p.to_matrix(8).conj().T)
    assert (p + p.adjoint()).is_hermitian()
    assert not (p - p.adjoint()).is_hermitian()
    assert (p * 2.0 - p - p).scale() == 0.0


def test_substitute_normal_modes_and_displacement():
    a, b = destroy(0, 2), destroy(1, 2)
    s = 1 / np.sqrt(2)
    # a = (d+ − d−)/√2, b = (d+ + d−)/√2 in the modes (d+, d−)
    u = np.array([[s, -s], [s, s]])
    total = substitute(a.adjoint() * a + b.adjoint() * b, u)
    assert total.allclose(number(0, 2) + number(1, 2))
    hop = substitute(a.adjoint() * b + b.adjoint() * a, u)
    assert hop.allclose(number(0, 2) - number(1, 2))
    # displacement a = c + α
    alpha = 0.3 - 0.2j
    shifted = substitute(number(0, 1), np.eye(1), [alpha])
    c = destroy(0, 1)
    assert shifted.allclose(c.adjoint() * c + np.conj(alpha) * c + alpha * c.adjoint() + 0.13)
    back = substitute(shifted, np.eye(1), [-alpha])
    assert back.allclose(number(0, 1))
    with pytest.raises(ValueError, match="canonical"):
        substitute(number(0, 2), 2 * np.eye(2))
    with pytest.raises(ValueError, match="rows"):
        substitute(number(0, 2), np.eye(3))


def test_frequency_components():
    w = [1.0, 2.5]
    rng = np.random.default_rng(3)
    p = random_polynomial(rng, 3, n_terms=10)
    h0 = 1.0 * number(0, 2) + 2.5 * number(1, 2)
    parts = frequency_components(p, w)
    assert sum(parts.values(), Polynomial(2, {})).allclose(p)
    assert len(parts) > 1
    for nu, part in parts.items():
        assert commutator(h0, part).allclose(nu * part, atol=1e-10)
    x = quadrature(0, 1)
    parts = frequency_components(x**3, [1.0])
    assert sorted(parts) == [-3.0, -1.0, 1.0, 3.0]


def test_bad_inputs():
    with pytest.raises(ValueError, match="modes"):
        destroy(0, 1) + destroy(0, 2)
    with pytest.raises(ValueError, match="mode index"):
        destroy(2, 2)
    with pytest.raises(ValueError, match="n_modes"):
        Polynomial(0, {})
    with pytest.raises(ValueError, match="length"):
        Polynomial(2, {((1,), (0,)): 1.0})
    with pytest.raises(ValueError, match="frequencies"):
        frequency_components(destroy(0, 2), [1.0])
