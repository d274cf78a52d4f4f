"""Counting statistics of the HEOM: exact harmonic junction, fluctuation–dissipation, limits."""

import warnings

import numpy as np
import pytest

import nesslab as nl
from nesslab import models
from nesslab.counting import current_statistics, scaled_cumulant_generating_function
from nesslab.environment import approximate
from nesslab.environment.spectral import DrudeLorentz
from nesslab.figures.nesb import FIT_OPTIONS, spectral_density
from nesslab.operators import destroy

from references import landauer_current, saito_dhar_noise


def spin_boson(lam=0.05, t_1=0.5, t_2=0.5, theta=np.pi / 4, depth=3, n_exponents=4):
    baths = [
        nl.Bath("sx", DrudeLorentz(lam, 1.0), t_1, "1"),
        nl.Bath("s_theta", DrudeLorentz(lam, 1.0), t_2, "2"),
    ]
    system = models.spin_boson(0.5, theta)
    return nl.generator(system, baths, "heom", depth=depth, n_exponents=n_exponents)


def junction_statistics(n_fock, depth, lam=0.02, t_1=0.3, t_2=0.2):
    a = destroy(n_fock)
    system = nl.System(a.conj().T @ a, (n_fock,), {"x": a + a.conj().T})
    baths = [
        nl.Bath("x", DrudeLorentz(lam, 1.0), t_1, "1"),
        nl.Bath("x", DrudeLorentz(lam, 1.0), t_2, "2"),
    ]
    generator = nl.generator(system, baths, "heom", depth=depth, n_exponents=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nl.PhysicalityWarning)  # Fock cutoff: λ_min ≈ −3e-5
        state = nl.steady_state(generator, method="direct")
    return current_statistics(generator, state)


@pytest.mark.slow
def test_harmonic_junction_noise_matches_the_saito_dhar_formula():
    """λ = 0.02, γ = 1, ω₀ = 1, T = 0.3/0.2 (the strong-coupling Landauer check of the HEOM).

    Depth 2 is 4 % off and puts the two baths' noises 8 % apart; depth 3 (Fock cutoff 8, Padé
    with 5 exponentials) agrees with the exact noise to 5e-4, the size of the difference
    between the two baths (equal for the exact junction) and a few times the mean's error.
    """
    exact_noise = saito_dhar_noise(0.02, 1.0, 1.0, 0.3, 0.2)
    exact_mean = landauer_current(0.02, 1.0, 1.0, 0.3, 0.2)
    shallow, converged = junction_statistics(8, 2), junction_statistics(8, 3)
    assert abs(shallow["1"].variance / exact_noise - 1) > 0.03
    spread = abs(converged["1"].variance - converged["2"].variance)
    for bath in ("1", "2"):
        error = abs(converged[bath].variance - exact_noise)
        assert error < 5e-4 * exact_noise
        assert error < 1.5 * spread
    assert converged["1"].mean == pytest.approx(exact_mean, rel=1e-4)
    assert converged.covariance[0, 1] == pytest.approx(-exact_noise, rel=5e-4)


def test_mean_equals_heat_currents_and_energy_is_conserved():
    """c₁ from L₁ is the bath-side current; Σ_αβ C_αβ = 0 (Q₁ + Q₂ stays bounded)."""
    generator = spin_boson(t_1=1.0, t_2=0.4)
    state = nl.steady_state(generator)
    currents = nl.heat_currents(generator, state)
    statistics = current_statistics(generator, state)
    for bath in ("1", "2"):
        assert statistics[bath].mean == pytest.approx(currents[bath], rel=1e-12)
        assert statistics[bath].variance > 0
        assert np.isnan(statistics[bath].third)
    scale = np.abs(statistics.covariance).max()
    assert abs(statistics.covariance.sum()) < 1e-12 * scale
    assert statistics["1"].tur_ratio > 0


def _fitted_spin_boson(t_1, alpha=0.1, depth=3):
    options = dict(FIT_OPTIONS, tolerance=1e-4)
    baths = [
        nl.Bath("sx", spectral_density(alpha), t_1, "1"),
        nl.Bath("s_theta", spectral_density(alpha), 1.0, "2"),
    ]
    expansions = [approximate(bath, "fit", **options) for bath in baths]
    system = models.spin_boson(0.5, np.pi / 4)
    return nl.generator(system, baths, "heom", depth=depth, expansions=expansions)


def _current(t_1):
    generator = _fitted_spin_boson(t_1)
    return nl.heat_currents(generator, nl.steady_state(generator))["1"]


def test_equilibrium_noise_obeys_the_fluctuation_dissipation_relation():
    """At T₁ = T₂ = T the noise is 2T² ∂J₁/∂T₁ (Green–Kubo), an independent route: the
    derivative comes from the mean currents alone. Seed 004's super-Ohmic baths (fitted C(t),
    relative error 1e-4) at α = 0.1 with non-commuting couplings: 1.5e-4 apart (7e-4 with the
    figures' 1e-3 fits, the fits' own violation of detailed balance). Each temperature has its
    own fit, whose rounding-level differences the derivative divides by the step: at a step of
    1e-4 that noise (machine-dependent, 1.3e-3 on one machine) exceeds the tolerance, so the
    step is 1e-2 (deviation 2.0e-4 there; the O(step²) error is below 1e-4)."""
    generator = _fitted_spin_boson(1.0)
    noise = current_statistics(generator)["1"].variance
    step = 1e-2
    conductance = (_current(1.0 + step) - _current(1.0 - step)) / (2 * step)
    assert noise == pytest.approx(2 * conductance, rel=4e-4)


def test_weak_coupling_noise_tends_to_the_davies_noise():
    """The HEOM noise at equal temperatures approaches the global (Davies) noise linearly in λ."""
    deviations = []
    for lam in (0.005, 0.0025):
        exact = current_statistics(spin_boson(lam=lam))["1"].variance
        baths = [
            nl.Bath("sx", DrudeLorentz(lam, 1.0), 0.5, "1"),
            nl.Bath("s_theta", DrudeLorentz(lam, 1.0), 0.5, "2"),
        ]
        davies = nl.generator(models.spin_boson(0.5, np.pi / 4), baths, "global")
        deviations.append(exact / current_statistics(davies)["1"].variance - 1)
    assert abs(deviations[0]) < 5e-3
    assert 0.3 < deviations[1] / deviations[0] < 0.7


def test_heom_counting_refuses_what_it_does_not_define():
    generator = spin_boson(depth=2)
    with pytest.raises(ValueError, match="second order"):
        current_statistics(generator, order=3)
    with pytest.raises(ValueError, match="jumps"):
        current_statistics(generator, kind="jumps")
    with pytest.raises(ValueError, match="second order"):
        scaled_cumulant_generating_function(generator, "1", [0.1])
    with pytest.raises(ValueError, match="'1', '2'"):
        current_statistics(generator, bath="hot")


def test_gmres_cumulants_report_their_backward_errors_and_a_stop_short_of_the_target():
    """Depth 5 (5148 unknowns) goes to GMRES; its mean still equals the heat current."""
    from nesslab.counting.cumulants import DrazinSolver, expand
    from nesslab.counting.fields import counting_field
    from nesslab.solve import TierGMRES

    generator = spin_boson(t_1=1.0, t_2=0.4, depth=5)
    assert generator.size > nl.solve.Auto().iterative_size
    state = nl.steady_state(generator)
    statistics = current_statistics(generator, state)
    (note,) = statistics.notes
    assert "gmres solves with the tier preconditioner" in note
    assert "stopped short" not in note
    assert statistics["1"].mean == pytest.approx(nl.heat_currents(generator, state)["1"], rel=1e-8)
    # A solver out of restarts above its (unreachable) target but within `accept` says so.
    stalled = TierGMRES(restart=5, max_restarts=1, backward_error=1e-30, accept=1e-3)
    solver = DrazinSolver.of(generator, stalled)
    expand(counting_field(generator, "1", "energy"), solver, state.vector, 2)
    assert len(solver.gmres_solves) == 1
    assert "stopped short of 1e-30" in solver.notes()[0]
    lu = DrazinSolver.of(spin_boson(depth=2))
    assert lu.gmres is None and lu.notes() == []
