"""Moment equations d⟨v⟩/dt = M⟨v⟩ + G extracted from generators (seed 002 Eqs. 9–11)."""

import dataclasses
import warnings

import numpy as np
import pytest

import nesslab as nl
from nesslab.analysis import MomentClosureError, moment_equations

from references import bose
from setups import rabi_small_system, tls_dimer_environment

C1, T1, T2 = 0.01, 0.2, 0.22  # tls_dimer_environment: c₂ = 2c₁, ω₁ = 1
OPTIONS = {"partial_secular": {"tolerance": 1.0}}  # SPECS §2.1: secular only across 2ω̃


def dimer_operators(system):
    """Seed 002's v = (σ₁†σ₁, σ₂†σ₂, σ₁†σ₂, σ₂†σ₁)."""
    s1, s2 = system.op("s1"), system.op("s2")
    return [system.op("n1"), system.op("n2"), s1.conj().T @ s2, s2.conj().T @ s1]


def dimer_generator(approach, coupling, detuning, **options):
    system, channels, baths = tls_dimer_environment(coupling, detuning, c1=C1, t1=T1, t2=T2)
    environment = channels if approach == "local" else baths
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nl.SecularApproximationWarning)
        return nl.generator(system, environment, approach, **OPTIONS.get(approach, {}), **options)


def paper_local_matrix(coupling, detuning):
    """Seed 002 Eq. 10 and 11: M_L and G_L, written from the paper."""
    omega1, omega2 = 1.0, 1.0 - detuning
    gamma1, gamma2 = C1 * omega1**3, 2 * C1 * omega2**3
    n1, n2 = bose(omega1, T1), bose(omega2, T2)
    g1, g2 = gamma1 * (n1 + 0.5), gamma2 * (n2 + 0.5)
    w, d = coupling, detuning
    matrix = np.array(
        [
            [-2 * g1, 0, -1j * w, 1j * w],
            [0, -2 * g2, 1j * w, -1j * w],
            [-1j * w, 1j * w, -g1 - g2 + 1j * d, 0],
            [1j * w, -1j * w, 0, -g1 - g2 - 1j * d],
        ]
    )
    return matrix, np.array([gamma1 * n1, gamma2 * n2, 0, 0])


def redfield_operators(system):
    """The four of seed 002 and the two-excitation coherences σ₁σ₂, σ₂†σ₁†."""
    pair = system.op("s1") @ system.op("s2")
    return [*dimer_operators(system), pair, pair.conj().T]


@pytest.mark.parametrize("detuning", [0.0, -0.09])
@pytest.mark.parametrize("approach", ["local", "global", "partial_secular"])
def test_seed002_operators_close_in_the_three_approaches(approach, detuning):
    generator = dimer_generator(approach, 0.01, detuning)
    equations = moment_equations(generator, dimer_operators(generator.system), max_residual=1e-12)
    assert equations.residual < 1e-13
    assert equations.matrix.shape == (4, 4) and equations.approach == approach


@pytest.mark.parametrize("detuning", [0.0, -0.09])
def test_full_redfield_needs_the_two_excitation_coherences(detuning):
    """Redfield keeps the terms rotating at ≈ 2ω̃ that the three approaches drop: they feed
    σ₁σ₂ (|g g⟩⟨e e|), so only the set with it and its adjoint closes."""
    generator = dimer_generator("redfield", 0.01, detuning)
    assert moment_equations(generator, dimer_operators(generator.system)).residual > 1e-3
    extended = moment_equations(generator, redfield_operators(generator.system))
    assert extended.residual < 1e-13


@pytest.mark.parametrize("detuning", [0.0, -0.09])
def test_local_matrix_is_the_papers_eq10_entry_by_entry(detuning):
    for basis in ("site", "eigen"):  # the expansion is basis independent
        generator = dimer_generator("local", 0.013, detuning, basis=basis)
        equations = moment_equations(generator, dimer_operators(generator.system))
        matrix, inhomogeneity = paper_local_matrix(0.013, detuning)
        np.testing.assert_allclose(equations.matrix, matrix, rtol=0, atol=1e-15)
        np.testing.assert_allclose(equations.inhomogeneity, inhomogeneity, rtol=0, atol=1e-16)


@pytest.mark.parametrize("approach", ["local", "global", "partial_secular", "redfield"])
def test_stationary_moments_are_the_steady_state_expectations(approach):
    generator = dimer_generator(approach, 0.02, -0.09)
    build = redfield_operators if approach == "redfield" else dimer_operators
    operators = build(generator.system)
    equations = moment_equations(generator, operators)
    rho = nl.steady_state(generator).rho
    expected = np.array([np.trace(op @ rho) for op in operators])
    np.testing.assert_allclose(equations.stationary(), expected, rtol=1e-9, atol=1e-14)


def test_names_default_to_system_operator_names():
    generator = dimer_generator("local", 0.01, 0.0)
    equations = moment_equations(generator, ["n1", "n2"], max_residual=None)
    assert equations.names == ("n1", "n2")
    assert moment_equations(generator, ["n1"], names=["x"]).names == ("x",)


def test_an_open_set_reports_its_residual_and_raises_when_exactness_is_asked():
    generator = dimer_generator("local", 0.01, 0.0)
    s1, s2 = generator.system.op("s1"), generator.system.op("s2")
    alone = [s1.conj().T @ s2]  # L†(σ₁†σ₂) ∋ iΩ(n₁ − n₂), outside span{σ₁†σ₂, 1}
    assert moment_equations(generator, alone).residual > 0.1
    with pytest.raises(MomentClosureError, match=r"closure residual .* > max_residual = 1e-10"):
        moment_equations(generator, alone, max_residual=1e-10)


def test_a_rabi_model_set_does_not_close():
    system = rabi_small_system()  # λσx(a + a†) couples every moment to higher ones
    generator = nl.generator(
        system, [nl.Channel("sm", 1e-3, "spin"), nl.Channel("a", 1e-2, "b")], "local"
    )
    equations = moment_equations(generator, ["sz", "n", "x"])
    assert equations.residual > 1e-2
    with pytest.raises(MomentClosureError, match="'"):
        moment_equations(generator, ["sz", "n", "x"], max_residual=1e-10)


def test_bad_input_is_named():
    generator = dimer_generator("local", 0.01, 0.0)
    with pytest.raises(ValueError, match="linearly dependent"):
        moment_equations(generator, ["n1", np.eye(4)])
    with pytest.raises(ValueError, match="at least one"):
        moment_equations(generator, [])
    with pytest.raises(ValueError, match="names"):
        moment_equations(generator, ["n1"], names=["a", "b"])
    with pytest.raises(ValueError, match="dimension"):
        moment_equations(generator, [np.eye(2)])


def test_a_hierarchy_is_refused():
    bath = nl.Bath("sx", nl.spectral.DrudeLorentz(0.05, 1.0), 1.0, "bath")
    generator = nl.generator(nl.models.spin_boson(1.0), bath, "heom", depth=1, n_exponents=2)
    with pytest.raises(ValueError, match="auxiliary"):
        moment_equations(generator, ["sz"])


def test_a_singular_moment_matrix_has_no_stationary_point():
    generator = dimer_generator("local", 0.01, 0.0)
    equations = moment_equations(generator, ["n1", "n2"])  # open set: M from the projection
    singular = dataclasses.replace(equations, matrix=np.zeros((2, 2)))
    with pytest.raises(np.linalg.LinAlgError, match="singular"):
        singular.stationary()
