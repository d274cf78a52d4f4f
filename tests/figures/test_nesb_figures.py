"""Seed 004 figure recipes: the physics in the data (scaling, plateau, NE-PTRE) and the registry."""

import numpy as np
import pytest
from typer.testing import CliRunner

from nesslab.cli import app
from nesslab.figures import FIGURES, write_figure
from nesslab.figures.nesb_fig3 import optimum

THETA_0, THETA_HALF = 0.0, np.pi / 2


def weak_slope(dataset, theta):
    small = dataset.sel(theta=theta).where(dataset["alpha"] <= 0.01, drop=True)
    return np.polyfit(np.log(small["alpha"]), np.log(small["alpha_current"]), 1)[0]


@pytest.mark.slow
def test_fig1_weak_coupling_scaling(nesb_fig1_data):
    assert weak_slope(nesb_fig1_data, THETA_HALF) == pytest.approx(1.0, abs=0.15)
    assert weak_slope(nesb_fig1_data, THETA_0) == pytest.approx(2.0, abs=0.15)


@pytest.mark.slow
def test_fig1_small_gap_plateau(nesb_fig1_data):
    current = nesb_fig1_data["delta_current"]
    conventional = current.sel(theta=THETA_HALF)
    small, reference = (float(conventional.sel(delta=d, method="nearest")) for d in (0.005, 0.05))
    assert small / reference < 0.05
    orthogonal = current.sel(theta=THETA_0)
    small, reference = (float(orthogonal.sel(delta=d, method="nearest")) for d in (0.005, 0.05))
    assert small / reference == pytest.approx(1.0, abs=0.1)


@pytest.mark.slow
def test_fig1_matches_ptre_and_first_law(nesb_fig1_data):
    heom = float(nesb_fig1_data["alpha_current"].sel(theta=THETA_0).isel(alpha=0))
    assert heom == pytest.approx(float(nesb_fig1_data["alpha_ptre"].isel(alpha=0)), rel=0.05)
    for name in ("alpha_residual", "delta_residual"):
        assert float(nesb_fig1_data[name].max()) < 1e-6
    assert nesb_fig1_data.attrs["heom_modes"] == 8
    assert "bath 1" in nesb_fig1_data.attrs["sign_convention"]
    for panel in ("alpha", "delta"):
        assert bool(nesb_fig1_data[f"{panel}_converged"].all())
        assert float(nesb_fig1_data[f"{panel}_depth_change"].max()) < 0.01
        assert int(nesb_fig1_data[f"{panel}_depth"].max()) <= 6


@pytest.mark.slow
def test_fig4_rectification_exceeds_one_when_asymmetric(nesb_fig4_data):
    dataset = nesb_fig4_data  # α₁/α₂ = 0.1, 1, 10
    assert float(dataset["residual"].max()) < 1e-6
    conventional = dataset["rectification"].sel(theta=np.pi / 2)
    assert float(conventional.sel(ratio=1.0, method="nearest")) == pytest.approx(1.0, rel=1e-6)
    assert float(conventional.isel(ratio=0)) > 1.5
    assert float(dataset["current"].sel(direction="forward").min()) > 0
    assert float(dataset["current"].sel(direction="reverse").max()) < 0


def test_registry_and_errors(tmp_path):
    assert {"nesb-fig1", "nesb-fig2", "nesb-fig3", "nesb-fig4"} <= set(FIGURES)
    with pytest.raises(ValueError, match="valid"):
        write_figure("nope", tmp_path)
    result = CliRunner().invoke(app, ["figure", "nope", "--out", str(tmp_path)])
    assert result.exit_code == 2


def test_optimum_refines_a_parabola_and_keeps_edges():
    thetas = np.linspace(0, np.pi / 2, 6)
    theta, value = optimum(thetas, 2.0 - (thetas - 0.7) ** 2)
    assert theta == pytest.approx(0.7, abs=1e-12) and value == pytest.approx(2.0, abs=1e-12)
    assert optimum(thetas, np.cos(thetas)) == (0.0, 1.0)
    with pytest.raises(ValueError, match="uniform"):
        optimum(thetas[[0, 1, 3]], np.ones(3))


@pytest.mark.slow
def test_fig3_optimal_angle_regimes(nesb_fig3_weak):
    """Weak-coupling side of seed 004 Fig. 3 (Δ = 0.1): θ* = π/2 at α = 0.005 (regime I), an
    interior optimum near α = 0.016 (II; Fig. 2(a) has one at α = 0.02), θ* = 0 at α = 0.05 and
    0.16 (III)."""
    dataset = nesb_fig3_weak  # α = 0.005, 0.0159, 0.0504, 0.16; θ step π/6
    angle = dataset["theta_opt"].sel(delta=0.1).values / np.pi
    assert angle[0] == 0.5
    assert 0.1 < angle[1] < 0.4
    assert np.all(angle[[2, 3]] == 0.0)
    current = dataset["current"].sel(delta=0.1).values
    assert np.all(np.diff(current[0]) > 0)  # I grows with θ at weak coupling
    assert np.all(np.diff(current[-1]) < 0)  # and falls with θ in regime III
    best = dataset["current"].max("theta").values
    assert np.all(dataset["current_opt"].values >= best * (1 - 1e-12))
    assert bool(dataset["converged"].all()) and float(dataset["depth_change"].max()) < 0.01
    assert bool(dataset["converged_opt"].all())
    assert float(dataset["residual"].max()) < 1e-6


@pytest.mark.slow
def test_strong_coupling_current_falls_with_theta(nesb_fig2_strong):
    """Seed 004 Fig. 2(b), α = 1 (Δ = 0.1, T = 1/0.9): converged by depth 7, and I decreases
    from θ = 0 to π/4 to π/2 ("for α = 1 the heat current decreases monotonically")."""
    dataset = nesb_fig2_strong.sel(alpha=1.0)  # θ = 0, π/4, π/2
    assert bool(dataset["converged"].all()) and int(dataset["depth"].max()) <= 7
    currents = dataset["current"].values
    assert currents[0] > currents[1] > currents[2] > 0
    assert float(dataset["residual"].max()) < 1e-8


def test_fig3_at_zero_gap_the_conserved_point_carries_no_current_and_theta_star_is_zero():
    """Δ = 0: I(π/2) = 0 exactly (σx conserved, no hierarchy built), I ∝ cos²θ at weak coupling
    (only the second term of seed 004 Eq. 4 survives), so θ* = 0: no regime I without a gap."""
    from nesslab.figures.nesb import nesb_point

    currents = [nesb_point(0.0, t, 0.01, 0.01, 1.0, 0.9) for t in (0.0, np.pi / 4, np.pi / 2)]
    assert currents[2]["current"] == 0.0 and currents[2]["depth"] == 0
    assert currents[1]["current"] / currents[0]["current"] == pytest.approx(0.5, abs=1e-3)
    assert currents[0]["converged"] and currents[1]["converged"]
    thetas = np.linspace(0, np.pi / 2, 5)
    values = [nesb_point(0.0, t, 0.01, 0.01, 1.0, 0.9)["current"] for t in thetas]
    assert optimum(thetas, values)[0] == 0.0
