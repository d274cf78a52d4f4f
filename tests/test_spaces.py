"""State spaces own the vector conventions: round trips, rows, rotation, sectors, bad input."""

import numpy as np
import pytest

import nesslab as nl
from nesslab import models
from nesslab.spaces import DensitySpace, HierarchySpace, PopulationSpace
from nesslab.superop import vec

from setups import random_hermitian


def unit_trace(dim, seed):
    rho = random_hermitian(dim, seed)
    rho = rho @ rho  # positive
    return rho / np.trace(rho)


@pytest.fixture
def system():
    return models.rabi(1.1, 0.3, 3)


def spaces(system):
    vectors = system.eigen[1]
    return {
        "density-site": DensitySpace(system.dim),
        "density-eigen": DensitySpace(system.dim, vectors),
        "hierarchy": HierarchySpace(system.dim, np.array([0, 1, 1, 2])),
    }


@pytest.mark.parametrize("name", ["density-site", "density-eigen", "hierarchy"])
def test_rho_round_trip_and_rows(system, name):
    space = spaces(system)[name]
    rho = unit_trace(system.dim, 3)
    vector = space.from_site(rho)
    assert vector.shape == (space.size,)
    assert np.allclose(space.to_site(vector), rho, atol=1e-13)
    assert space.trace_row() @ vector == pytest.approx(1.0)
    operator = random_hermitian(system.dim, 4)
    assert space.observable_row(operator) @ vector == pytest.approx(np.trace(operator @ rho))


def test_population_space_keeps_the_diagonal_in_its_basis(system):
    energies, vectors = system.eigen
    space = PopulationSpace(system.dim, vectors)
    rho = unit_trace(system.dim, 5)
    populations = np.real(np.diag(vectors.conj().T @ rho @ vectors))
    assert np.allclose(space.from_site(rho), populations)
    assert np.allclose(space.trace_row(), 1.0)
    assert space.observable_row(system.H) @ space.from_site(rho) == pytest.approx(
        energies @ populations
    )
    assert np.array_equal(space.bohr_frequencies(system), np.zeros(system.dim))


def test_hierarchy_space_keeps_its_auxiliary_operators_when_normalising():
    space = HierarchySpace(2, np.array([0, 1, 1]))
    raw = np.arange(1, 13, dtype=complex)  # tr of tier 0: 1 + 4 = 5
    normalised = space.normalised(raw, np.eye(2) / 2)
    assert np.allclose(normalised, raw / 5)
    assert space.ados(normalised).shape == (3, 4)
    assert space.auxiliary and space.lu_ordering == "MMD_AT_PLUS_A"
    assert space.eigenbasis(models.spin_boson(0.5)) is None


def test_eigenbasis_rotation_of_rows_and_superoperators(system):
    site = DensitySpace(system.dim)
    rotation = site.eigenbasis(system)
    energies, vectors = system.eigen
    assert rotation.space.basis is vectors
    assert np.allclose(rotation.space.bohr_frequencies(system), vec(energies[:, None] - energies))
    rho = unit_trace(system.dim, 6)
    old, new = site.from_site(rho), rotation.space.from_site(rho)
    row = site.observable_row(system.op("sz"))
    assert rotation.row(row) @ new == pytest.approx(row @ old)
    gen = nl.generator(system, [nl.Channel("a", 0.1, "b")], "local")
    rotated = rotation.superoperator(gen.parts["b"])
    assert np.allclose(rotation.space.to_site(rotated @ new), gen.to_site(gen.parts["b"] @ old))
    assert rotation.space.eigenbasis(system).space is rotation.space


def test_symmetry_masks_select_commuting_components(system):
    site, eigen = DensitySpace(system.dim), DensitySpace(system.dim, system.eigen[1])
    parity = system.op(system.symmetry)
    for space in (site, eigen):
        mask = space.symmetry_mask(system)
        rho = space.to_site(np.where(mask, space.from_site(unit_trace(system.dim, 7)), 0))
        assert np.allclose(parity @ rho, rho @ parity)
        assert 0 < mask.sum() < mask.size
    plain = nl.System(system.H, system.dims, system.operators)
    assert site.symmetry_mask(plain) is None
    assert PopulationSpace(system.dim).symmetry_mask(system) is None


def test_bad_spaces_are_refused():
    with pytest.raises(ValueError, match="dim"):
        DensitySpace(0)
    with pytest.raises(ValueError, match="basis"):
        DensitySpace(3, np.eye(2))
    with pytest.raises(ValueError, match="tier 0"):
        HierarchySpace(2, np.array([1, 1]))
    with pytest.raises(ValueError, match="nondecreasing"):
        HierarchySpace(2, np.array([0, 2, 1]))
    with pytest.raises(ValueError, match="ADO vector"):
        HierarchySpace(2, np.array([0, 1])).ados(np.zeros(3))


def test_generators_check_their_blocks_against_the_space(system):
    good = nl.generator(system, [nl.Channel("a", 0.1, "b")], "local")
    with pytest.raises(ValueError, match="shape"):
        nl.Generator("x", system, DensitySpace(2), good.coherent, good.parts)
    with pytest.raises(TypeError, match="StateSpace"):
        nl.Generator("x", system, "density", good.coherent, good.parts)
    with pytest.raises(ValueError, match="heat_rows must name"):
        nl.Generator("x", system, good.space, good.coherent, good.parts, heat_rows={"c": None})
    row = good.heat_rows["b"].toarray().ravel()
    energy = good.observable_row(system.H)
    assert np.allclose(row, energy @ good.parts["b"])
