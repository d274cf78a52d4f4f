import numpy as np
import pytest
import scipy.sparse as sp

import nesslab as nl
from nesslab import models, spectral
from nesslab.superop import vec

from setups import ohmic_baths, tls_dimer_environment


def dense(matrix):
    return matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)


def rabi_channels():
    return [nl.Channel("sm", 3e-3, "spin"), nl.Channel("a", 2e-2, "boson")]


def test_local_liouvillian_matches_qutip(rabi_small):
    qutip = pytest.importorskip("qutip")
    gen = nl.generator(rabi_small, rabi_channels(), "local")
    H = qutip.Qobj(rabi_small.H)
    c_ops = [
        np.sqrt(3e-3) * qutip.Qobj(rabi_small.op("sm")),
        np.sqrt(2e-2) * qutip.Qobj(rabi_small.op("a")),
    ]
    reference = qutip.liouvillian(H, c_ops).full()
    assert np.abs(dense(gen.matrix) - reference).max() < 1e-12


def test_eigenbasis_local_is_the_same_generator(rabi_small):
    site = nl.generator(rabi_small, rabi_channels(), "local")
    eigen = nl.generator(rabi_small, rabi_channels(), "local", basis="eigen")
    rng = np.random.default_rng(2)
    rho = rng.normal(size=(16, 16)) + 1j * rng.normal(size=(16, 16))
    image_site = site.to_site(dense(site.matrix) @ site.from_site(rho))
    image_eigen = eigen.to_site(dense(eigen.matrix) @ eigen.from_site(rho))
    assert np.abs(image_site - image_eigen).max() < 1e-12


def test_partial_secular_limits(rabi_small):
    baths = ohmic_baths(0.6, 0.2)
    redfield = dense(nl.generator(rabi_small, baths, "redfield").matrix)
    davies = dense(nl.generator(rabi_small, baths, "global").matrix)
    wide = dense(nl.generator(rabi_small, baths, "partial_secular", tolerance=1e6).matrix)
    narrow = dense(nl.generator(rabi_small, baths, "partial_secular", tolerance=0.0).matrix)
    assert np.abs(wide - redfield).max() < 1e-14
    assert np.abs(narrow - davies).max() < 1e-14
    assert np.abs(redfield - davies).max() > 1e-4


def test_global_is_davies_form_for_two_qubits():
    """Independent route: build the Davies generator of seed 001 Eq. 40 from its jump operators."""
    system = models.two_qubits_xy(1000.0, 200.0)
    temperatures = {"a": 60.0, "b": 40.0}
    baths = [nl.Bath(f"sx_{k}", spectral.Flat(0.5), t, k) for k, t in temperatures.items()]
    gen = nl.generator(system, baths, "global")
    energies, vectors = system.eigen
    for label, temperature in temperatures.items():
        coupling = vectors.conj().T @ system.op(f"sx_{label}") @ vectors
        expected = np.zeros((16, 16), dtype=complex)
        bohr = energies[:, None] - energies[None, :]
        for omega in (800.0, 1200.0):
            jump = np.where(np.isclose(bohr, -omega), coupling, 0)
            n = 1 / np.expm1(omega / temperature)
            for op, rate in ((jump, n + 1), (jump.conj().T, n)):
                for coef, left, right in nl.superop.lindblad_terms(op, rate):
                    a = np.eye(4) if left is None else left
                    b = np.eye(4) if right is None else right
                    expected += coef * np.kron(b.T, a)
        assert np.abs(dense(gen.parts[label]) - expected).max() < 1e-12


def test_pauli_rates_match_secular_populations(rabi_small):
    baths = ohmic_baths(0.6, 0.2)
    pauli = nl.generator(rabi_small, baths, "pauli")
    davies = dense(nl.generator(rabi_small, baths, "global").matrix)
    dim = rabi_small.dim
    diagonal = np.arange(dim) * (dim + 1)
    assert np.abs(davies[np.ix_(diagonal, diagonal)] - dense(pauli.matrix)).max() < 1e-14


def test_seed002_local_and_bath_generators_share_conventions():
    system, channels, baths = tls_dimer_environment(coupling=0.0)
    local = dense(nl.generator(system, channels, "local").matrix)
    rho = np.diag([0.1, 0.2, 0.3, 0.4]).astype(complex)
    davies = nl.generator(system, baths, "global")
    site_local = local @ vec(rho)
    site_davies = davies.from_site(rho)
    image = davies.to_site(dense(davies.matrix) @ site_davies)
    assert np.allclose(np.diag(image), np.diag(site_local.reshape(4, 4, order="F")), atol=1e-14)


def test_unknown_approach_and_wrong_environment(rabi_small):
    with pytest.raises(
        ValueError, match="unknown approach .lindblad.; valid: global, heom, local, partial_secular"
    ):
        nl.generator(rabi_small, rabi_channels(), "lindblad")
    with pytest.raises(TypeError, match="takes Bath objects"):
        nl.generator(rabi_small, rabi_channels(), "global")
    with pytest.raises(ValueError, match="declare each subsystem's bare Hamiltonian"):
        nl.generator(models.spin_boson(1.0), ohmic_baths(0.1, 0.1)[:1], "local")
    with pytest.raises(ValueError, match="dimension"):
        nl.generator(rabi_small, [nl.Channel(np.eye(3), 1.0, "x")], "local")
    with pytest.raises(ValueError, match="Hermitian"):
        nl.generator(rabi_small, [nl.Bath("sm", spectral.Ohmic(0.1, 1.0), 0.1, "x")], "global")
    with pytest.raises(ValueError, match="unique"):
        nl.generator(rabi_small, ohmic_baths(0.1, 0.1) + ohmic_baths(0.1, 0.1)[:1], "global")
