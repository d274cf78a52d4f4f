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
