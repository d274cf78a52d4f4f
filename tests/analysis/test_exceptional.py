"""Liouvillian spectra, tracked eigenvalues and exceptional points (seed 002 Fig. 1, Eq. 13)."""

import warnings

import numpy as np
import pytest

import nesslab as nl
from nesslab import models, spectral
from nesslab.analysis import (
    eigenpairs,
    exceptional_points,
    liouvillian_spectrum,
    moment_equations,
    track_eigenvalues,
)
from nesslab.limits import ResourceLimitError

from references import bose
from setups import thermal_channels

C1, C2, T1, T2 = 0.002, 0.04, 0.2, 0.22  # seed 002 Fig. 1, Δω = 0, ω = 1
G1, G2 = C1 * (bose(1.0, T1) + 0.5), C2 * (bose(1.0, T2) + 0.5)
OMEGA_EP = abs(G1 - G2) / 2
GRID = np.linspace(0.0, 0.03, 61)


def fig1_generator(coupling, approach):
    """The dimer at Δω = 0 with Fig. 1's rates: local Channels (Eq. 8) or Baths J = cω³/2."""
    system = models.tls_dimer(1.0, 1.0, coupling)
    if approach == "local":
        environment = thermal_channels(
            system,
            {"1": "s1", "2": "s2"},
            {"1": C1, "2": C2},
            {"1": T1, "2": T2},
            {"1": 1.0, "2": 1.0},
        )
    else:
        environment = [
            nl.Bath("x1", spectral.PowerLaw(C1 / 2, 3, 1.0, "none"), T1, "1"),
            nl.Bath("x2", spectral.PowerLaw(C2 / 2, 3, 1.0, "none"), T2, "2"),
        ]
    options = {"tolerance": 1.0} if approach == "partial_secular" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nl.SecularApproximationWarning)
        return nl.generator(system, environment, approach, **options)


def moment_matrix(approach):
    """Ω ↦ M of v = (σ₁†σ₁, σ₂†σ₂, σ₁†σ₂, σ₂†σ₁) under ``approach``."""

    def matrix(coupling):
        generator = fig1_generator(coupling, approach)
        s1, s2 = generator.system.op("s1"), generator.system.op("s2")
        operators = ["n1", "n2", s1.conj().T @ s2, s2.conj().T @ s1]
        return moment_equations(generator, operators, max_residual=1e-12).matrix

    return matrix


def paper_local_matrix(coupling):
    """Seed 002 Eq. 10 at Δω = 0, from the paper."""
    g, w = G1 + G2, coupling
    return np.array(
        [
            [-2 * G1, 0, -1j * w, 1j * w],
            [0, -2 * G2, 1j * w, -1j * w],
            [-1j * w, 1j * w, -g, 0],
            [1j * w, -1j * w, 0, -g],
        ]
    )


def test_fig1_rates_are_the_specs_values():
    assert G1 == pytest.approx(1.013567e-3, rel=1e-6)
    assert G2 == pytest.approx(2.042917e-2, rel=1e-6)
    assert OMEGA_EP == pytest.approx(9.707801e-3, rel=1e-6)


@pytest.mark.parametrize("coupling", [0.002, 0.0095, 0.012, 0.03])
def test_eq13_corrected_eigenvalues_of_the_extracted_local_matrix(coupling):
    root = np.sqrt(complex((G1 - G2) ** 2 - 4 * coupling**2))  # minus: SPECS §2.2
    expected = -(G1 + G2) + np.array([0, 0, root, -root])
    values = np.linalg.eigvals(moment_matrix("local")(coupling))
    distance = np.abs(values[:, None] - expected[None, :])
    assert distance.min(axis=0).max() < 1e-12 and distance.min(axis=1).max() < 1e-12


def test_local_ep_located_with_its_order_and_diverging_condition():
    search = exceptional_points(moment_matrix("local"), GRID)
    assert search.found and search.reason == "" and len(search.points) == 1
    point = search.points[0]
    assert point.location == pytest.approx(OMEGA_EP, rel=1e-8)
    assert point.eigenvalue == pytest.approx(-(G1 + G2), abs=1e-6 * (G1 + G2))
    # λ± and the λ = −(g₁+g₂) of the (n₁, n₂, Im⟨σ₁†σ₂⟩) block meet with one eigenvector: a
    # Jordan block of size 3 (checked on Eq. 10 below); Re⟨σ₁†σ₂⟩ stays apart.
    assert point.order == 3
    assert np.all(np.diff(point.condition) > 0)
    assert point.condition_exponent == pytest.approx(-1.0, abs=0.05)


def test_eq10_at_the_ep_is_a_size_three_jordan_block_plus_one():
    shifted = paper_local_matrix(OMEGA_EP) + (G1 + G2) * np.eye(4)
    scale = np.linalg.norm(shifted, 2)
    ranks = [
        int(
            np.sum(
                np.linalg.svd(np.linalg.matrix_power(shifted, k), compute_uv=False)
                > 1e-8 * scale**k
            )
        )
        for k in (1, 2, 3)
    ]
    assert ranks == [2, 1, 0]  # nullities 2, 3, 4: blocks of sizes 3 and 1


@pytest.mark.parametrize("side", [-1, 1])
def test_eigenvector_condition_number_diverges_toward_the_ep(side):
    offsets = OMEGA_EP * np.array([1e-2, 1e-3, 1e-4])
    condition = [
        np.linalg.cond(eigenpairs(paper_local_matrix(OMEGA_EP + side * d))[1]) for d in offsets
    ]
    assert np.diff(np.log10(condition)) == pytest.approx([1.0, 1.0], abs=0.05)  # ∝ |Ω − Ω_EP|⁻¹


@pytest.mark.parametrize("approach", ["global", "partial_secular"])
def test_no_ep_for_the_global_and_partial_secular_approaches(approach):
    search = exceptional_points(moment_matrix(approach), GRID)
    assert not search.found and search.points == ()
    assert search.reason.startswith("no exceptional point on [0, 0.03]")


def test_global_tracks_are_continuous_lines_2omega_apart():
    tracks = track_eigenvalues(moment_matrix("global"), GRID[1:])
    imaginary = tracks.values.imag
    upper, lower = np.argmax(imaginary[-1]), np.argmin(imaginary[-1])
    np.testing.assert_allclose(imaginary[:, upper], 2 * GRID[1:], rtol=1e-6)  # SPECS §2.2
    np.testing.assert_allclose(imaginary[:, lower], -2 * GRID[1:], rtol=1e-6)


def test_tracks_follow_eigenvectors_through_a_crossing_where_sorting_swaps():
    grid = np.linspace(-1, 1, 11)
    tracks = track_eigenvalues(lambda x: np.diag([x, -x, 0.5]), grid)
    values = tracks.values.real
    assert {tuple(np.sign(np.diff(values[:, j]))) for j in range(3)} == {
        (1.0,) * 10,
        (-1.0,) * 10,
        (0.0,) * 10,
    }
    assert np.allclose(tracks.overlaps, 1.0)


def test_jordan_family_has_an_order_two_ep_at_zero():
    search = exceptional_points(
        lambda x: np.array([[0.0, 1.0], [x, 0.0]]), np.linspace(-1, 1.1, 20)
    )
    (point,) = search.points
    assert abs(point.location) < 1e-12 and abs(point.eigenvalue) < 1e-6
    assert point.order == 2 and point.method == "sign change"
    assert point.condition_exponent == pytest.approx(-0.5, abs=0.01)


def test_companion_family_has_an_order_three_ep_at_zero():
    family = lambda x: np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [x, 0.0, 0.0]])  # noqa: E731
    (point,) = exceptional_points(family, np.linspace(-1, 1.1, 20)).points
    assert abs(point.location) < 1e-12 and point.order == 3
    assert point.condition_exponent == pytest.approx(-2 / 3, abs=0.01)


def test_a_range_without_ep_says_so():
    search = exceptional_points(lambda x: np.array([[0.0, 1.0], [x, 0.0]]), [0.5, 1.0, 2.0])
    assert search.points == () and not search.found
    assert search.reason.startswith("no exceptional point on [0.5, 2]")


@pytest.mark.parametrize(
    "family",
    [
        lambda x: np.diag([x, -x]),  # a crossing of a diagonalisable matrix
        lambda x: np.array([[x, 1e-3], [1e-3, -x]]),  # a narrow avoided crossing
    ],
)
def test_degeneracies_and_avoided_crossings_are_not_eps(family):
    search = exceptional_points(family, np.linspace(-1, 1.1, 20))
    assert search.points == ()
    assert "eigenvectors" in search.reason


def test_liouvillian_spectrum_holds_the_moment_eigenvalues_and_a_zero():
    generator = fig1_generator(0.012, "local")
    spectrum = liouvillian_spectrum(generator)
    assert spectrum.shape == (16,) and abs(spectrum[0]) < 1e-14
    assert np.all(spectrum.real <= 1e-14) and np.all(np.diff(spectrum.real) <= 1e-14)
    for value in np.linalg.eigvals(moment_matrix("local")(0.012)):
        assert np.abs(spectrum - value).min() < 1e-12
    with pytest.raises(ResourceLimitError, match="max_size = 8"):
        liouvillian_spectrum(generator, max_size=8)


def test_bad_grids_and_matrices_are_refused():
    family = lambda x: np.eye(2)  # noqa: E731
    with pytest.raises(ValueError, match="increasing"):
        track_eigenvalues(family, [0.0, 2.0, 1.0])
    with pytest.raises(ValueError, match="at least 3"):
        track_eigenvalues(family, [0.0, 1.0])
    with pytest.raises(ValueError, match="square"):
        track_eigenvalues(lambda x: np.ones((2, 3)), [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="value_tol"):
        exceptional_points(family, [0.0, 1.0, 2.0], value_tol=0)
