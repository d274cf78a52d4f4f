"""Exponential expansions of C(t): analytic Matsubara/Padé, the one entry point, provenance."""

import numpy as np
import pytest

import nesslab as nl
from nesslab import models
from nesslab.environment import APPROXIMATIONS, Expansion, approximate
from nesslab.environment.decomposition import (
    check_expansion,
    decompose,
    matsubara_poles,
    pade_poles,
)
from nesslab.environment.spectral import DrudeLorentz, Ohmic, PowerLaw

qutip = pytest.importorskip("qutip")


@pytest.mark.parametrize("poles", [matsubara_poles, pade_poles])
def test_bose_function_expansion(poles):
    x = np.linspace(0.5, 20, 50)
    errors = []
    for n in (2, 4, 8):
        xi, eta = poles(n)
        approx = 1 / x + np.sum(2 * eta[:, None] * x / (x**2 + xi[:, None] ** 2), axis=0)
        errors.append(np.abs(approx - 0.5 / np.tanh(x / 2)).max())
    assert errors[0] > errors[1] > errors[2]


@pytest.mark.parametrize(("method", "final"), [("matsubara", 2e-4), ("pade", 1e-5)])
def test_expansion_reproduces_integrated_correlation(method, final):
    bath = nl.Bath(np.eye(2), DrudeLorentz(0.02, 1.0), 0.3, "b")
    times = np.linspace(0.5, 8, 12)
    errors = [
        check_expansion(decompose(bath, n, method), bath, times).relative_error for n in (1, 3, 10)
    ]
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < final
    expansion = decompose(bath, 4, method)
    assert expansion.imag_at_zero == pytest.approx(-0.02)
    assert np.allclose(expansion.conjugate_amplitudes, expansion.amplitudes.conj())


def test_expansion_matches_qutip_pade():
    env = qutip.core.environment.DrudeLorentzEnvironment(lam=0.02, gamma=1.0, T=0.3)
    ref = env.approximate("pade", Nk=3)
    total = ref.correlation_function(np.linspace(0.1, 5, 9))
    mine = decompose(nl.Bath(np.eye(2), DrudeLorentz(0.02, 1.0), 0.3, "b"), 4, "pade")
    assert np.allclose(mine(np.linspace(0.1, 5, 9)), total, rtol=1e-12, atol=1e-14)


def test_decompose_rejects_what_it_cannot_do():
    ohmic = nl.Bath(np.eye(2), Ohmic(0.1, 1.0), 1.0, "b")
    with pytest.raises(NotImplementedError, match="fitted"):
        decompose(ohmic, 3)
    cold = nl.Bath(np.eye(2), DrudeLorentz(0.1, 1.0), 0.0, "b")
    with pytest.raises(ValueError, match="temperature"):
        decompose(cold, 3)
    with pytest.raises(ValueError, match="valid"):
        decompose(cold, 3, "fit")


# --- one entry point, provenance -----------------------------------------------------------


def drude(temperature=0.3, lam=0.02, name="b"):
    return nl.Bath(np.eye(2), DrudeLorentz(lam, 1.0), temperature, name)


def test_approximate_is_the_one_entry_point_and_records_its_bath():
    bath = drude()
    assert set(APPROXIMATIONS) == {"pade", "matsubara", "fit"}
    pade = approximate(bath, "pade", n_exponents=4)
    assert np.allclose(pade.amplitudes, decompose(bath, 4, "pade").amplitudes)
    assert pade.temperature == 0.3 and pade.bath is bath and pade.evidence is None
    assert len(approximate(bath, "matsubara", n_exponents=3)) == 3
    smooth = nl.Bath(np.eye(2), PowerLaw(0.1, 3, 1.0, "rational"), 1.0, "s")
    fit = approximate(smooth, "fit", t_max=30, tolerance=1e-3, shared_rates=True)
    assert fit.method == "fit-shared" and fit.bath is smooth and fit.temperature == 1.0
    assert fit.evidence.max_error <= 1e-3
    assert check_expansion(fit, times=np.linspace(0.1, 10, 7)).relative_error < 1e-2
    with pytest.raises(ValueError, match="unknown approximation 'prony'; valid: fit"):
        approximate(bath, "prony")
    with pytest.raises(TypeError, match="takes the options t_max"):
        approximate(bath, "fit", n_exponents=3)
    with pytest.raises(TypeError, match="Bath"):
        approximate("b", "pade")


def test_scaled_expansion_is_the_expansion_of_the_scaled_bath():
    unit, double = drude(lam=0.01), drude(lam=0.02, name="double")
    scaled = approximate(unit, n_exponents=4).scaled(2.0, double)
    direct = approximate(double, n_exponents=4)
    times = np.linspace(0.1, 5, 9)
    assert np.allclose(scaled(times), direct(times), rtol=1e-12)
    assert scaled.bath is double and scaled.imag_at_zero == pytest.approx(direct.imag_at_zero)
    with pytest.raises(ValueError, match="T = 0.3"):
        approximate(unit, n_exponents=4).scaled(2.0, drude(0.5))


def test_heom_refuses_an_expansion_made_at_another_temperature():
    system = models.spin_boson(0.5, np.pi / 4)
    hot, cold = drude(1.0, name="hot"), drude(0.5, name="cold")
    hot = nl.Bath("sx", hot.spectral_density, 1.0, "hot")
    cold = nl.Bath("s_theta", cold.spectral_density, 0.5, "cold")
    swapped = [approximate(cold, n_exponents=3), approximate(hot, n_exponents=3)]
    with pytest.raises(ValueError, match="made for T = 0.5, but bath 'hot' has T = 1"):
        nl.generator(system, [hot, cold], "heom", depth=2, expansions=swapped)
    unknown = [
        Expansion(e.amplitudes, e.rates, e.conjugate_amplitudes, "given") for e in swapped[::-1]
    ]
    gen = nl.generator(system, [hot, cold], "heom", depth=2, expansions=unknown)
    assert gen.options["decomposition"] == "given"
    with pytest.raises(TypeError, match="Expansion"):
        nl.generator(system, [hot, cold], "heom", depth=2, expansions=[1, 2])
