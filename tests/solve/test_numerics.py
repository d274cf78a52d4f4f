"""Small numerical helpers of the solvers: positivity_error, one_norm, dense LU."""

import numpy as np
import pytest

from nesslab.solve.result import positivity_error


def test_positivity_error_is_minus_the_smallest_eigenvalue_or_zero():
    rng = np.random.default_rng(3)
    vectors, _ = np.linalg.qr(rng.normal(size=(6, 6)) + 1j * rng.normal(size=(6, 6)))
    for spectrum, expected in (
        ([0.5, 0.2, 0.1, 0.1, 0.06, 0.04], 0.0),
        ([0.6, 0.3, 0.1, 0.0, 0.0, 0.0], 0.0),
        ([0.7, 0.3, 0.1, 0.0, -1e-3, 0.0], 1e-3),
    ):
        rho = vectors @ np.diag(spectrum) @ vectors.conj().T
        assert positivity_error(rho) == pytest.approx(expected, abs=1e-14)
    real = np.diag([0.5, 0.6, -0.1])
    assert positivity_error(real) == pytest.approx(0.1, abs=1e-15)


def test_one_norm_is_the_largest_absolute_column_sum_in_every_format():
    import scipy.sparse as sp

    from nesslab.solve.factorization import one_norm

    rng = np.random.default_rng(5)
    dense = rng.normal(size=(7, 5)) + 1j * rng.normal(size=(7, 5))
    dense[:, 2] = 0.0
    expected = np.abs(dense).sum(axis=0).max()
    for matrix in (dense, sp.csr_matrix(dense), sp.csc_matrix(dense), sp.coo_matrix(dense)):
        assert one_norm(matrix) == pytest.approx(expected, rel=1e-14)
    assert one_norm(sp.csr_matrix((3, 3))) == 0.0


def test_a_real_sparse_generator_gets_its_null_vector():
    """Real sparse LU factors with the complex bordered right-hand side (Re and Im solved apart)."""
    import scipy.sparse as sp

    from nesslab.solve.linalg import null_vector

    rates = np.array([[0.0, 2.0, 1.0], [1.0, 0.0, 3.0], [0.5, 1.0, 0.0]])
    generator = rates - np.diag(rates.sum(axis=0))
    vector, _ = null_vector(sp.csr_matrix(generator), np.ones(3))
    assert np.abs(generator @ vector).max() < 1e-14
    assert vector.sum() == pytest.approx(1.0, abs=1e-14) and np.all(vector.real > 0)
    dense, _ = null_vector(generator, np.ones(3))
    assert np.abs(vector - dense).max() < 1e-14


def test_the_condition_estimate_survives_subnormal_solutions():
    """Hager–Higham's sign vector is the phase of each entry: no division of subnormals."""
    import warnings

    import scipy.sparse as sp

    from nesslab.solve.factorization import condition_estimate, factorize

    matrix = sp.csr_matrix(np.diag([3e307 + 4e307j, 4e307 + 3e307j, 5e307 + 5e307j]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        condition = condition_estimate(matrix, factorize(matrix))
    assert np.isfinite(condition) and condition >= 1


def test_a_dense_real_lu_solves_complex_right_hand_sides_and_refuses_bad_matrices():
    from nesslab.solve.factorization import condition_estimate, factorize

    rng = np.random.default_rng(3)
    matrix = rng.normal(size=(9, 9))
    lu = factorize(matrix)
    vector = rng.normal(size=9) + 1j * rng.normal(size=9)
    block = rng.normal(size=(9, 4)) + 1j * rng.normal(size=(9, 4))
    assert np.allclose(matrix @ lu.solve(vector), vector, atol=1e-12)
    assert np.allclose(matrix @ lu.solve(block), block, atol=1e-12)
    assert np.allclose(matrix.T @ lu.solve(block[:, ::2], adjoint=True), block[:, ::2], atol=1e-12)
    exact = np.linalg.cond(matrix, 1)
    assert exact / 3 <= condition_estimate(matrix, lu) <= exact * (1 + 1e-12)  # a lower bound
    singular = matrix.copy()
    singular[:, 3] = 0.0
    with pytest.raises(RuntimeError, match="singular"):
        factorize(singular)
    matrix[2, 5] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        factorize(matrix)
