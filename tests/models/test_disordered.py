"""Seed 003's disordered Dicke model, its disorder sampler and its gain/loss channels."""

import numpy as np
import pytest

import nesslab as nl
from nesslab.generators.local_baths import subsystems
from nesslab.limits import ResourceLimitError
from nesslab.models import disordered_dicke, gain_loss_channels, random_couplings
from nesslab.superop import unvec, vec

SZ = np.diag([1.0, -1.0])
SX = np.array([[0.0, 1.0], [1.0, 0.0]])


def kron(*factors):
    result = np.eye(1)
    for factor in factors:
        result = np.kron(result, factor)
    return result


def by_hand(g, omega, drive, n_boson):
    """Eq. 1 from Kronecker products, spins first (|↑⟩, |↓⟩), then the boson."""
    n = len(g)
    a = np.diag(np.sqrt(np.arange(1, n_boson)), 1)
    eye2, eyeb = np.eye(2), np.eye(n_boson)
    H = omega * kron(*[eye2] * n, a.T @ a)
    for i, gi in enumerate(g):
        spin = [eye2] * n
        spin[i] = SZ
        H = H + gi * kron(*spin, a + a.T)
        spin[i] = SX
        H = H + drive * kron(*spin, eyeb)
    return H


@pytest.mark.parametrize("g", [[0.7], [2.0, -1.2], [0.3, -1.1, 2.4]])
def test_hamiltonian_is_eq1_with_spins_before_the_boson(g):
    system = disordered_dicke(g, 1.3, 0.2, n_boson=5)
    assert system.dims == (2,) * len(g) + (5,)
    np.testing.assert_allclose(system.H, by_hand(g, 1.3, 0.2, 5), atol=1e-14)
    for i in range(len(g)):
        spin = [np.eye(2)] * len(g)
        spin[i] = SZ
        np.testing.assert_array_equal(system.op(f"sz_{i}"), kron(*spin, np.eye(5)))
        lowering = system.op(f"sm_{i}")
        np.testing.assert_allclose(lowering + lowering.conj().T, system.op(f"sx_{i}"))
    a = system.op("a")
    np.testing.assert_array_equal(system.op("a_dag"), a.conj().T)
    np.testing.assert_allclose(system.op("x"), a + a.conj().T)
    np.testing.assert_allclose(system.op("n"), a.conj().T @ a)


def test_spin_z_is_conserved_only_without_drive():
    g = [2.0, -1.2]
    for drive, conserved in ((0.0, True), (0.1, False)):
        system = disordered_dicke(g, n_boson=6, drive=drive)
        for i in range(2):
            sz = system.op(f"sz_{i}")
            commutator = np.abs(system.H @ sz - sz @ system.H).max()
            assert (commutator < 1e-14) == conserved


def test_parity_is_a_weak_symmetry_of_gain_and_loss():
    """Π σx_i ⊗ (−1)^n commutes with H and anticommutes with a: D[a], D[a†] respect it."""
    system = disordered_dicke([2.0, -1.2], n_boson=6)
    parity = system.op("parity")
    assert system.symmetry == "parity"
    a = system.op("a")
    assert np.abs(parity @ a + a @ parity).max() < 1e-14
    np.testing.assert_allclose(parity @ parity, np.eye(system.dim), atol=1e-14)


def test_subsystems_are_declared_per_spin_and_for_the_boson():
    system = disordered_dicke([0.5, -1.0, 1.5], drive=0.1, n_boson=4)
    parts = subsystems(system)
    assert {label: part.factors for label, part in parts.items()} == {
        "spin_0": (0,),
        "spin_1": (1,),
        "spin_2": (2,),
        "boson": (3,),
    }
    np.testing.assert_allclose(parts["spin_1"].hamiltonian, 0.1 * system.op("sx_1"))
    undriven = disordered_dicke([0.5, -1.0], drive=0.0, n_boson=4)
    assert set(subsystems(undriven)) == {"boson"}  # a spin has no Hamiltonian of its own


def test_channels_give_the_mean_field_equation_of_eq2():
    """d⟨a⟩/dt = −(iω + (γ − κ)/2)⟨a⟩ − i Σ g_i ⟨σz_i⟩ for a state away from the Fock cutoff."""
    g, omega, gamma, kappa = np.array([2.0, -1.2]), 1.0, 3.0, 0.5
    n_boson = 8
    system = disordered_dicke(g, omega, 0.1, n_boson=n_boson)
    gen = nl.generator(system, gain_loss_channels(gamma, kappa), "local")
    rng = np.random.default_rng(7)
    low = np.zeros((4, n_boson), complex)
    low[:, :4] = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    psi = low.ravel() / np.linalg.norm(low)
    rho = np.outer(psi, psi.conj())
    derivative = unvec(gen.matrix @ vec(rho), system.dim)
    left = np.trace(system.op("a") @ derivative)
    mean = np.trace(system.op("a") @ rho)
    spins = [np.trace(system.op(f"sz_{i}") @ rho) for i in range(2)]
    right = -(1j * omega + (gamma - kappa) / 2) * mean - 1j * np.dot(g, spins)
    assert abs(left - right) < 1e-12


def test_gain_loss_channels():
    loss, gain = gain_loss_channels(1.5, 0.5)
    assert (loss.operator, loss.rate, loss.name) == ("a", 1.5, "loss")
    assert (gain.operator, gain.rate, gain.name) == ("a_dag", 0.5, "gain")
    assert gain_loss_channels(1.0, 0)[1].rate == 0.0
    with pytest.raises(ValueError, match="gamma must exceed"):
        gain_loss_channels(1.0, 1.0)
    with pytest.raises(ValueError, match="gamma must exceed"):
        gain_loss_channels(0.5, 1.0)
    with pytest.raises(ValueError, match="kappa must be >= 0"):
        gain_loss_channels(1.0, -0.1)
    with pytest.raises(TypeError, match="gamma"):
        gain_loss_channels(True, 0.0)


def test_random_couplings_are_reproducible_and_carry_their_seed():
    draw = random_couplings(10, 3.0, seed=2019)
    # SPECS §3.3 documents this draw (numpy default_rng(2019), uniform on [−3, 3])
    specs = [-2.1318, -0.3467, -0.9582, 2.8124, -1.7992, -0.4156, -0.2610, 0.9107, 1.1198, 0.1757]
    np.testing.assert_allclose(np.asarray(draw), specs, atol=5e-5)
    assert (draw.seed, draw.g0, draw.distribution, len(draw)) == (2019, 3.0, "uniform", 10)
    assert draw.attrs() == {
        "couplings_distribution": "uniform",
        "couplings_g0": 3.0,
        "couplings_seed": 2019,
    }
    np.testing.assert_array_equal(np.asarray(random_couplings(10, 3.0, seed=2019)), draw.values)
    assert not np.array_equal(random_couplings(10, 3.0, seed=2020).values, draw.values)
    np.testing.assert_array_equal(
        random_couplings(10, 3.0, seed=np.int64(2019)).values, draw.values
    )
    assert not draw.values.flags.writeable
    system = disordered_dicke(random_couplings(2, 1.0, seed=1), n_boson=3)
    assert system.dims == (2, 2, 3)


def test_random_couplings_follow_their_distribution():
    """Mean 0 and variance g0²/3 (uniform) or g0² (normal), within 5 standard errors."""
    n = 200_000
    uniform = random_couplings(n, 2.0, seed=3).values
    assert np.all(np.abs(uniform) <= 2.0)
    assert abs(uniform.mean()) < 5 * np.sqrt(4 / 3 / n)
    assert abs(uniform.var() - 4 / 3) < 5 * np.sqrt(
        (16 / 5 - 16 / 9) / n
    )  # Var(g²) = g0⁴(1/5 − 1/9)
    normal = random_couplings(n, 2.0, "normal", seed=3).values
    assert abs(normal.mean()) < 5 * np.sqrt(4 / n)
    assert abs(normal.var() - 4) < 5 * np.sqrt(2 * 16 / n)


@pytest.mark.parametrize("seed", [1.0, "1", None, True, np.random.default_rng(1)])
def test_random_couplings_refuse_a_seed_that_is_not_an_int(seed):
    with pytest.raises(TypeError, match="seed must be an int"):
        random_couplings(3, 1.0, seed=seed)


def test_random_couplings_refuse_bad_sizes_and_distributions():
    with pytest.raises(ValueError, match="n must be"):
        random_couplings(0, 1.0, seed=1)
    with pytest.raises(ValueError, match="g0 must be > 0"):
        random_couplings(3, 0.0, seed=1)
    with pytest.raises(ValueError, match="known: uniform, normal"):
        random_couplings(3, 1.0, "cauchy", seed=1)


@pytest.mark.parametrize("couplings", [[], [[1.0, 2.0]], ["a", "b"], [1.0, np.nan], [True]])
def test_bad_couplings(couplings):
    with pytest.raises(ValueError, match="couplings must be"):
        disordered_dicke(couplings, n_boson=3)


def test_size_is_checked_before_building():
    with pytest.raises(ResourceLimitError, match="disordered_dicke"):
        disordered_dicke(np.ones(8), n_boson=40)  # 2^8 · 40 = 10240 > 4096
    with pytest.raises(ValueError, match="n_boson"):
        disordered_dicke([1.0], n_boson=1)
