import numpy as np
import pytest
import scipy.sparse as sp

import nesslab as nl
from nesslab import models, operators


def commutator_norm(a, b):
    return np.abs(a @ b - b @ a).max()


def test_spin_operators_algebra():
    for j in (0.5, 1.0, 1.5):
        ops = operators.spin_operators(j)
        assert np.allclose(ops["jx"] @ ops["jy"] - ops["jy"] @ ops["jx"], 1j * ops["jz"])
        casimir = ops["jx"] @ ops["jx"] + ops["jy"] @ ops["jy"] + ops["jz"] @ ops["jz"]
        assert np.allclose(casimir, j * (j + 1) * np.eye(int(2 * j + 1)))
    half = operators.spin_operators(0.5)
    assert np.allclose(2 * half["jz"], operators.sigma_z())
    assert np.allclose(half["jm"], operators.sigma_minus())


def test_boson_commutator_and_embedding():
    a = operators.destroy(6)
    comm = a @ a.conj().T - a.conj().T @ a
    assert np.allclose(np.diag(comm)[:-1], 1.0)
    embedded = operators.embed(operators.sigma_z(), 1, [3, 2, 4])
    assert np.allclose(embedded, np.kron(np.kron(np.eye(3), operators.sigma_z()), np.eye(4)))
    with pytest.raises(ValueError, match="does not fit"):
        operators.embed(operators.sigma_z(), 0, [3, 2])


def test_system_accepts_numpy_sparse_and_qobj():
    qutip = pytest.importorskip("qutip")
    H = np.diag([0.0, 1.0, 3.0])
    for given in (H, sp.csr_matrix(H), qutip.Qobj(H)):
        system = nl.System(given, operators={"n": given})
        assert np.allclose(system.H, H)
        assert np.allclose(system.op("n"), H)


def test_system_rejects_bad_input():
    with pytest.raises(ValueError, match="Hermitian"):
        nl.System(np.array([[0, 1], [0, 0]]))
    with pytest.raises(ValueError, match="dims"):
        nl.System(np.eye(4), dims=[2, 3])
    with pytest.raises(ValueError, match="operator 'x'"):
        nl.System(np.eye(2), operators={"x": np.eye(3)})
    with pytest.raises(KeyError, match="available: sz"):
        nl.System(np.eye(2), operators={"sz": np.eye(2)}).op("sx")


def test_rabi_symmetries_and_limits():
    rabi = models.rabi(1.3, 0.2, 12)
    assert rabi.dims == (2, 12)
    assert commutator_norm(rabi.H, rabi.op("parity")) < 1e-12
    sx, x = rabi.op("sx"), rabi.op("x")
    expected = 1.3 / 2 * rabi.op("sz") + rabi.op("n") + 0.2 * sx @ x
    assert np.allclose(rabi.H, expected)
    assert np.allclose(
        rabi.op("sm") @ np.kron([1, 0], np.eye(12)[0]), np.kron([0, 1], np.eye(12)[0])
    )
    jc = models.rabi(1.3, 0.2, 12, counter_rotating=0.0)
    excitations = jc.op("n") + (jc.op("sz") + np.eye(24)) / 2
    assert commutator_norm(jc.H, excitations) < 1e-12
    broken = models.rabi(1.3, 0.2, 12, bias=0.15)
    assert commutator_norm(broken.H, broken.op("parity")) > 0.1


def test_multilevel_and_dicke_reduce_to_rabi():
    rabi = models.rabi(1.1, 0.3, 6, counter_rotating=0.4)
    assert np.allclose(
        models.multilevel_rabi(1.1, 0.3, 6, spin=0.5, counter_rotating=0.4).H, rabi.H
    )
    assert np.allclose(models.dicke(1.1, 0.3, 6, n_spins=1, counter_rotating=0.4).H, rabi.H)
    dimer = models.dicke(1.1, 0.3, 4, n_spins=2)
    assert dimer.dims == (2, 2, 4)
    parity = (
        dimer.op("sz_1") @ dimer.op("sz_2") @ np.kron(np.eye(4), np.diag((-1.0) ** np.arange(4)))
    )
    assert commutator_norm(dimer.H, parity) < 1e-12


def test_holstein_uncoupled_spectrum():
    holstein = models.holstein(delta=0.8, coupling=0.0, n_boson=3, n_sites=2)
    energies = np.linalg.eigvalsh(holstein.H)
    expected = np.sort([e + m + k for e in (-0.4, 0.4) for m in range(3) for k in range(3)])
    assert np.allclose(energies, expected)


def test_two_qubit_spectrum():
    system = models.two_qubits_xy(1000.0, 200.0)
    assert np.allclose(system.eigen[0], [-1000, -200, 200, 1000])
    shifted = models.two_qubits_xy(1000.0, 200.0, zz=7.0)
    assert np.allclose(shifted.eigen[0], [-1000 + 7, -200 - 7, 200 - 7, 1000 + 7])


def test_tls_dimer_spectrum():
    system = models.tls_dimer(1.0, 0.91, 0.05)
    mean, half_split = (1.0 + 0.91) / 2, np.sqrt(0.09**2 + 4 * 0.05**2) / 2
    assert np.allclose(system.eigen[0], [0, mean - half_split, mean + half_split, 1.91])


def test_coupled_oscillators_normal_modes():
    system = models.coupled_oscillators(1.0, 0.3, 0.0, n_levels=6)
    low = np.sort(np.linalg.eigvalsh(system.H))[:3]
    assert np.allclose(low, [0.0, 0.7, 1.3])
    anharmonic = models.coupled_oscillators(1.0, 0.3, 0.1, n_levels=6, cubic=0.05)
    assert not np.allclose(np.sort(np.linalg.eigvalsh(anharmonic.H))[:3], low)


def test_spin_boson_operators():
    system = models.spin_boson(0.5, theta=np.pi / 4)
    assert np.allclose(system.eigen[0], [-0.5, 0.5])
    expected = (system.op("sz") + system.op("sx")) / np.sqrt(2)
    assert np.allclose(system.op("s_theta"), expected)


def test_spin_boson_family_declares_parity():
    for system in (
        models.multilevel_rabi(1.1, 0.3, 5, spin=1.5, counter_rotating=0.4),
        models.dicke(1.1, 0.3, 4, n_spins=3, counter_rotating=0.7),
    ):
        parity = system.op("parity")
        assert system.symmetry == "parity"
        assert commutator_norm(system.H, parity) < 1e-12
        assert np.allclose(parity @ parity, np.eye(system.dim))
        assert set(system.sectors) == {-1.0, 1.0}


@pytest.mark.parametrize(
    "bad", [np.nan, np.inf, -np.inf, complex(0, np.nan), complex(np.inf, 0)], ids=repr
)
def test_as_dense_rejects_non_finite_entries_of_complex_and_real_arrays(bad):
    from nesslab.system import as_dense

    matrix = np.zeros((4, 4), dtype=complex)
    matrix[1, 2] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        as_dense(matrix, "H")
    if np.imag(bad) == 0:
        with pytest.raises(ValueError, match="NaN or infinite"):
            as_dense(matrix.real.copy(), "H")
