"""Piecewise Chebyshev interpolation of ln W_i(ΔE) for many energy changes at once."""

import numpy as np
import pytest

import nesslab.analysis.flip_rates.interpolation as interpolation
from nesslab.analysis.flip_rates import RateParameters, rate_with_error, spin_flip_rates
from nesslab.analysis.flip_rates.interpolation import interpolated_rates


def params(eta):
    return RateParameters(1.0, 0.1, 1.0 + eta, 1.0)


@pytest.mark.parametrize(("eta", "g"), [(0.1, 2.8), (0.1, 0.4), (10.0, 0.2), (10.0, 3.0)])
def test_interpolation_agrees_with_the_quadrature_within_its_error_estimate(eta, g):
    rng = np.random.default_rng(3)
    delta_e = np.sort(rng.uniform(-12 * g, 12 * g, 5000))
    values, errors = interpolated_rates(delta_e, g, params(eta), rate_with_error)
    check = delta_e[::25]
    direct, direct_error = rate_with_error(check, g, params(eta))
    deviation = np.abs(values[::25] - direct)
    assert np.max(deviation / direct) < 1e-11
    assert np.all(deviation <= errors[::25] + direct_error)
    assert np.max(errors / values) < 1e-10


def test_a_synthetic_lorentzian_to_rounding_and_non_positive_pieces_computed_directly():
    def direct(x, g, p):
        w = np.where(x < 3.0, 1 / (1 + x**2), -1.0)
        return w, np.zeros_like(x)

    x = np.linspace(-5.0, 5.0, 20001)
    values, errors = interpolated_rates(x, 1.0, params(1.0), direct)
    smooth = x < 2.0
    np.testing.assert_allclose(values[smooth], 1 / (1 + x[smooth] ** 2), rtol=1e-11)
    np.testing.assert_array_equal(values[x >= 3.0], -1.0)  # the fallback: direct values
    assert np.all(errors[smooth] <= 1e-10 * values[smooth])


def test_rates_of_many_configurations_are_interpolated(monkeypatch):
    rates = spin_flip_rates([2.0, 1.5], omega=1.0, drive=0.1, gamma=11.0, kappa=1.0)
    evaluated = []

    def counting(delta_e, coupling, p):
        evaluated.append(np.size(delta_e))
        return rate_with_error(delta_e, coupling, p)

    monkeypatch.setattr("nesslab.analysis.flip_rates.rates.rate_with_error", counting)
    many = np.linspace(-3.0, 3.0, interpolation.INTERPOLATION_MIN + 1)
    values = rates.rate_of(0, many)
    assert sum(evaluated) < many.size / 10
    reference = rate_with_error(many[::500], 2.0, rates.params)[0]
    np.testing.assert_allclose(values[::500], reference, rtol=1e-11)
    evaluated.clear()
    rates.rate_of(0, many[: interpolation.INTERPOLATION_MIN])
    assert evaluated == [interpolation.INTERPOLATION_MIN]  # below the threshold: direct
