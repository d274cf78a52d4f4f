"""Seed 003 Figs. 2 and 3 (recipes disorder-fig2, disorder-fig3) against SPECS §3.3–3.9."""

import numpy as np
import pytest

from nesslab.figures import FIGURES, FigureRun
from nesslab.figures.disorder_fig2 import dynamics_point, ratio_point
from nesslab.figures.disorder_fig3 import crossings, fig3, loop_point, plot_fig3

SERIAL = FigureRun(backend="serial", progress=False)
# SPECS §3.3 / §3.5, the default_rng(2019) draw, ⟨E⟩ at t = 1, 10, 10², 10³, …, 10⁷
MEAN_ETA_10 = [4.430, 3.309, -0.077, -0.633]
MEAN_ETA_01 = [4.549, 4.348, 2.761, -2.682, -10.048, -16.064, -20.061, -20.152]


def test_fig3_loop_ratio_values_and_crossing_of_specs():
    # SPECS §3.9 [verified], g = (1.5, 3.2)
    expected = {0.01: 1.00002, 0.1: 1.00298, 0.5: 0.5749, 1.0: 0.2912, 2.0: 0.5828, 3.0: 1.1559}
    expected |= {10.0: 1.0300, 30.0: 1.00006}
    for eta, value in expected.items():
        point = loop_point(eta)
        assert point["loop_ratio"] == pytest.approx(value, abs=6e-5), eta
        assert point["ratio_closed_form"] == pytest.approx(point["loop_ratio"], rel=1e-12)
    # detailed balance in both limits (issue: 1 to 1e-6 at η = 100)
    assert loop_point(100.0)["loop_ratio"] == pytest.approx(1.0, abs=1e-6)
    etas = np.array([2.0, 3.0])
    found = crossings(etas, np.array([0.5828, 1.1559]), (1.5, 3.2))
    assert found == pytest.approx([2.663], abs=6e-4)


def test_fig3_recipe_records_the_crossings_and_writes_files(tmp_path):
    dataset = fig3(5, SERIAL)
    # η on geomspace(0.01, 100, 5): sign changes near 0.19 (ratio 1.003 at η = 0.1) and 2.663
    assert dataset.attrs["crossings_found"] == 2
    assert dataset.attrs["crossing_eta"][1] == pytest.approx(2.663, abs=6e-4)
    assert dataset.attrs["couplings"] == [1.5, 3.2]
    middle = dataset["loop_ratio"].sel(eta=1.0)
    assert abs(float(middle) - 1) > 0.01  # broken detailed balance at intermediate η
    dataset.to_netcdf(tmp_path / "disorder-fig3.nc", engine="scipy")
    assert plot_fig3(dataset, tmp_path / "disorder-fig3.png").stat().st_size > 0


def test_fig2_ratio_panels_reproduce_specs_log_ratios():
    # SPECS §3.8 [verified], g = 1, κ = 1: ln R/ΔE at ΔE = 0.02, 0.5, 3
    table = {
        0.01: [-0.0398] * 3,
        0.1: [-0.3810, -0.3809, -0.3804],
        0.3: [-1.0239, -1.0234, -0.9980],
    }
    energies = np.array([0.02, 0.5, 3.0])
    for eta, values in table.items():
        log_ratio = np.log(ratio_point(eta, energies)["ratio"]) / energies
        np.testing.assert_allclose(log_ratio, values, atol=6e-5)
    # large η: rates become symmetric, R → 1
    assert ratio_point(100.0, energies)["ratio"] == pytest.approx(1.0, abs=1e-2)


def test_fig2_registered_with_a_fast_default():
    recipe = FIGURES["disorder-fig2"]
    assert recipe.points < recipe.full_points
    assert FIGURES["disorder-fig3"].summary.startswith("seed 003 Fig. 3")


@pytest.fixture(scope="module")
def panel_a():
    return dynamics_point(10.0, 3.0, 5, 60)  # times 0.1, 1, 10, 100, 1000


@pytest.mark.slow
def test_fig2a_mean_energy_slowest_rate_and_near_uniform_stationary_state(panel_a):
    np.testing.assert_allclose(panel_a["mean_energy"][1:], MEAN_ETA_10, atol=1.5e-3)
    assert panel_a["stationary_mean_energy"] == pytest.approx(-0.633, abs=1e-3)
    assert panel_a["slowest_rate"] == pytest.approx(9.4e-3, abs=6e-5)
    # infinite temperature: near uniform (⟨E⟩ = 0 there); total variation 0.04 for this draw
    assert panel_a["distance_uniform"] < 0.05
    np.testing.assert_allclose(panel_a["energy_probability"].sum(axis=1), 1, atol=1e-10)


@pytest.mark.slow
def test_fig2b_cooling_towards_boltzmann_at_beta_prime():
    panel_b = dynamics_point(0.1, 7.0, 9, 60)  # times 0.1, 1, …, 10⁷
    np.testing.assert_allclose(panel_b["mean_energy"][1:], MEAN_ETA_01, atol=1.5e-3)
    assert panel_b["slowest_rate"] == pytest.approx(7.4e-7, abs=6e-9)
    assert panel_b["stationary_mean_energy"] == pytest.approx(-20.15, abs=6e-3)
    assert np.all(np.diff(panel_b["mean_energy"]) < 0)  # monotone cooling below E(↓…↓) = 4.572
    # close to exp(−β'E)/Z (total variation 0.12), far from uniform (0.88)
    assert panel_b["distance_boltzmann"] < 0.15 * panel_b["distance_uniform"]
