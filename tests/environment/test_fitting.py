"""Fitted exponential expansions of C(t): accuracy, convergence, HEOM conventions, bad input."""

import numpy as np
import pytest

import nesslab as nl
from nesslab.environment.decomposition import check_expansion, correlation_function, decompose
from nesslab.environment.fitting import fit_correlation, fit_samples
from nesslab.environment.spectral import DrudeLorentz, PowerLaw
from nesslab.generators.heom import heom
from nesslab.models.few_body import spin_boson


def seed004_bath(temperature, alpha=0.01):
    return nl.Bath("sx", PowerLaw(np.pi * alpha, 3, 1.0, "rational"), temperature, "b")


@pytest.fixture(scope="module", params=[1.0, 0.9])
def seed004_fit(request):
    bath = seed004_bath(request.param)
    return bath, fit_correlation(bath, t_max=30, n_times=300, tolerance=1e-4, max_terms=10)


def test_fit_reproduces_integrated_correlation(seed004_fit):
    bath, fit = seed004_fit
    assert fit.real.max_error <= 1e-4
    assert fit.imag.max_error <= 1e-4
    assert fit.max_error <= 2e-4
    assert fit.relative_l2 < 1e-4
    assert fit.tail < 1e-4
    assert 1 <= fit.real.amplification < 100 and 1 <= fit.imag.amplification < 100
    # off the fitting grid, and beyond t_max where C(t) has decayed
    times = np.array([0.013, 0.37, 1.21, 2.9, 5.55, 9.1, 17.3, 29.7, 35.0])
    assert check_expansion(fit.expansion, bath, times).relative_error < 2e-4
    expansion = fit.expansion
    assert np.all(expansion.rates.real > 0)
    assert expansion.method == "fit"
    # Im C(0⁺) = 0 for this J; both sums are real functions; C* is on the same exponentials
    assert abs(expansion.imag_at_zero) < 1e-4 * fit.real(np.zeros(1))[0]
    t = np.linspace(0, 10, 7)
    conjugate = np.exp(-np.multiply.outer(t, expansion.rates)) @ expansion.conjugate_amplitudes
    assert np.allclose(conjugate, expansion(t).conj(), rtol=0, atol=1e-15)


def test_error_decreases_with_more_terms(seed004_fit):
    bath, fit = seed004_fit
    for part in (fit.real, fit.imag):
        sizes, errors = np.array(part.history).T
        assert np.all(np.diff(sizes) >= 0)
        assert errors[-1] < 1e-4 < errors[0]
        assert np.all(errors[2:] <= errors[1]) and errors[-1] < errors[-2]
    tighter = fit_correlation(bath, 30, 300, tolerance=1e-6, max_terms=10)
    assert tighter.max_error < 1e-6
    assert len(tighter.expansion) > len(fit.expansion)


def test_fitted_drude_lorentz_heom_matches_pade():
    """The real/imaginary split (c̄ = a for Re-part modes, −ib for Im-part modes) is what the
    HEOM assembly expects: fitting the Padé C(t) reproduces the Padé HEOM NESS and currents."""
    baths = [
        nl.Bath("sx", DrudeLorentz(0.02, 1.0), 1.0, "hot"),
        nl.Bath("s_theta", DrudeLorentz(0.02, 1.0), 0.5, "cold"),
    ]
    system = spin_boson(0.5, np.pi / 4)
    pades = [decompose(bath, 4, "pade") for bath in baths]
    times = np.linspace(0, 20, 400)
    fits = [fit_samples(times, pade(times), tolerance=1e-7, max_terms=8) for pade in pades]
    assert all(fit.max_error < 1e-7 for fit in fits)
    results = []
    for expansions in (pades, [fit.expansion for fit in fits]):
        generator = heom(system, baths, 3, expansions=expansions)
        state = nl.steady_state(generator, method="direct")
        results.append((state.rho, nl.heat_currents(generator, state)))
    (rho_pade, currents_pade), (rho_fit, currents_fit) = results
    assert nl.trace_distance(rho_fit, rho_pade) < 1e-6
    for name in ("hot", "cold"):
        assert currents_fit[name] == pytest.approx(currents_pade[name], rel=1e-4)


def test_bad_input_is_refused():
    bath = seed004_bath(1.0)
    with pytest.raises(ValueError, match="t_max"):
        fit_correlation(bath, t_max=0.0)
    with pytest.raises(ValueError, match="n_times"):
        fit_correlation(bath, t_max=30, n_times=5)
    with pytest.raises(ValueError, match="tolerance"):
        fit_correlation(bath, t_max=30, tolerance=0)
    with pytest.raises(ValueError, match="max_terms"):
        fit_correlation(bath, t_max=30, max_terms=0)
    with pytest.raises(ValueError, match="ridge"):
        fit_correlation(bath, t_max=30, ridge=-1.0)
    with pytest.raises(ValueError, match="increase t_max"):
        fit_correlation(bath, t_max=3.0, n_times=30)
    with pytest.raises(ValueError, match="raise max_terms"):
        fit_correlation(bath, t_max=30, n_times=100, max_terms=1)
    drude = nl.Bath("sx", DrudeLorentz(0.02, 1.0), 1.0, "dl")
    with pytest.raises(ValueError, match="diverges"):
        fit_correlation(drude, t_max=30)
    times = np.linspace(0, 10, 40)
    values = correlation_function(bath, times)
    with pytest.raises(ValueError, match="uniform"):
        fit_samples(times**2, values)
    with pytest.raises(ValueError, match="finite"):
        fit_samples(times, np.where(times > 5, np.nan, values))
    with pytest.raises(ValueError, match="one size"):
        fit_samples(times, values[:-1])
    best = fit_samples(times, values, tolerance=1e-12, max_terms=2, strict=False)
    assert best.max_error > 1e-12 and len(best.real.history) == 2


def test_shared_rate_fit_needs_fewer_modes(seed004_fit):
    """Re C and Im C on one set of rates (QuTiP / HierarchicalEOM.jl style): one HEOM mode per
    rate with c = a + ib, c̄ = a − ib, the same tolerance met with fewer modes than 5 + 4."""
    bath, separate = seed004_fit
    shared = fit_correlation(bath, 30, 300, tolerance=1e-4, max_terms=10, shared_rates=True)
    expansion = shared.expansion
    assert expansion.method == "fit-shared"
    assert np.array_equal(shared.real.rates, shared.imag.rates)
    assert np.array_equal(expansion.rates, shared.real.rates)
    assert max(shared.real.max_error, shared.imag.max_error) <= 1e-4
    assert len(expansion) <= 6 < len(separate.expansion)
    times = np.array([0.013, 0.37, 1.21, 2.9, 5.55, 9.1, 17.3, 29.7, 35.0])
    assert check_expansion(expansion, bath, times).relative_error < 2e-4
    t = np.linspace(0, 10, 7)
    conjugate = np.exp(-np.multiply.outer(t, expansion.rates)) @ expansion.conjugate_amplitudes
    assert np.allclose(conjugate, expansion(t).conj(), rtol=0, atol=1e-15)
    assert abs(expansion.imag_at_zero) < 1e-4 * shared.real(np.zeros(1))[0]
    sizes, errors = np.array(shared.real.history).T
    assert errors[-1] <= 1e-4 < errors[0] and np.all(np.diff(sizes) >= 0)


def test_zero_temperature_fit():
    """T = 0 (C(t) with a power-law tail ∝ t⁻⁴ for s = 3): the shared-rate fit meets its
    tolerance, and its Im C(t) matches the integrated Im C(t) at T = 1 (independent of T)."""
    cold = fit_correlation(seed004_bath(0.0), 30, 150, 1e-3, 8, shared_rates=True)
    assert max(cold.real.max_error, cold.imag.max_error) <= 1e-3
    times = np.linspace(0.05, 29.5, 13)
    hot = correlation_function(seed004_bath(1.0), times)
    scale = np.abs(correlation_function(seed004_bath(0.0), cold.times)).max()
    assert np.abs(cold.imag(times) - hot.imag).max() < 2e-3 * scale
    assert np.all(cold.expansion.rates.real > 0)
