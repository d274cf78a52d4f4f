"""Recipe fcs-tur: the TUR ratio of seed 002's dimer for global, partial-secular and local."""

import numpy as np
import pytest

from nesslab.figures import FigureRun
from nesslab.figures.fcs_tur import fcs_tur, plot_fcs_tur, tur_point


@pytest.fixture(scope="module")
def dataset():
    return fcs_tur(4, FigureRun(backend="serial", progress=False))


def test_consistent_approaches_obey_the_tur_and_saturate_it_near_equilibrium(dataset):
    for approach in ("global", "partial_secular"):
        tur = dataset[f"tur_{approach}"]
        assert float(tur.min()) >= 2.0
        assert dataset.attrs[f"below_bound_points_{approach}"] == 0
        # linear response: Var σ / J² → 2 as ΔT → 0
        assert float(tur.isel(delta_t=0).max()) == pytest.approx(2.0, abs=2e-3)
        assert np.all(dataset[f"entropy_production_{approach}"] > 0)


def test_local_ratio_is_negative_exactly_where_its_entropy_production_is():
    """Below ΔT = T₁(−Δω)/ω₁ = 0.018 the local approach pumps heat from cold to hot (σ < 0)."""
    for delta_t, sign in ((0.01, -1), (0.03, 1)):
        point = tur_point(0.05, delta_t, "local")
        assert np.sign(point["entropy_production"]) == sign
        assert np.sign(point["tur"]) == sign
        assert point["noise"] > 0


def test_mean_from_the_counting_field_of_global_is_its_heat_current():
    point = tur_point(0.05, 0.03, "global")
    assert point["mean"] * point["entropy_production"] < 0  # heat into the cold reservoir
    assert point["tur"] == pytest.approx(
        point["noise"] * point["entropy_production"] / point["mean"] ** 2, rel=1e-14
    )


def test_plot_writes_a_file(dataset, tmp_path):
    assert plot_fcs_tur(dataset, tmp_path / "fcs-tur.png").stat().st_size > 0


def test_heom_spin_boson_ratio_obeys_the_bound_and_tends_to_the_global_one(dataset):
    """α = 0.01 … 1 (3 points): converged in depth, 𝒬 > 2, the weak end within 1e-3 of the
    α-independent global ratio, and the current per α falling as α grows (seed 004)."""
    assert dataset["alpha"].size == 3
    assert np.all(dataset["converged_heom"] == 1)
    assert float(dataset["tur_heom"].min()) > 2.0
    weak, global_ratio = dataset["tur_heom"][0], dataset["tur_global_heom_model"][0]
    assert float(weak) == pytest.approx(float(global_ratio), rel=1e-3)
    per_alpha = dataset["mean_heom"] / dataset["alpha"]
    assert np.all(np.diff(per_alpha) < 0)
    assert dataset.attrs["smallest_tur_heom"] == float(dataset["tur_heom"].min())
