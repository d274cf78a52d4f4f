"""Seed 002 Fig. 1: eigenvalues of M_L, M_G, M_PS against Ω, against SPECS.md §2.3."""

import numpy as np
import pytest
import xarray as xr
from scipy.optimize import linear_sum_assignment

from nesslab.figures import FigureRun, write_figure
from nesslab.figures.tls_fig1 import fig1

SERIAL = FigureRun(backend="serial", progress=False)
# SPECS §2.3 [verified], Ω: eigenvalues of M (five decimals), local | global | PS
TABLE = {
    0.002: {
        "local": [-0.04044, -0.02144, -0.02144, -0.00244],
        "global": [-0.02157, -0.02144 + 0.004j, -0.02144 - 0.004j, -0.02132],
        "partial_secular": [-0.04044, -0.02144 + 0.00003j, -0.02144 - 0.00003j, -0.00244],
    },
    0.0095: {
        "local": [-0.02544, -0.02144, -0.02144, -0.01745],
        "global": [-0.02204, -0.02145 + 0.019j, -0.02145 - 0.019j, -0.02086],
        "partial_secular": [-0.02614, -0.02145 + 0.0024j, -0.02145 - 0.0024j, -0.01676],
    },
    0.012: {
        "local": [-0.02144 + 0.01411j, -0.02144 - 0.01411j, -0.02144, -0.02144],
        "global": [-0.02220, -0.02145 + 0.024j, -0.02145 - 0.024j, -0.02070],
        "partial_secular": [-0.02272, -0.02145 + 0.01415j, -0.02145 - 0.01415j, -0.02018],
    },
    0.03: {
        "local": [-0.02144 + 0.05677j, -0.02144 - 0.05677j, -0.02144, -0.02144],
        "global": [-0.02337, -0.02150 + 0.06j, -0.02150 - 0.06j, -0.01963],
        "partial_secular": [-0.02347, -0.02150 + 0.05678j, -0.02150 - 0.05678j, -0.01952],
    },
}
HALF_DIGIT = 5e-6 + 1e-12  # the table's rounding


@pytest.fixture(scope="module")
def data():
    """Fig. 1 on Ω = 0, 0.0005, …, 0.03 (every tabulated Ω is a grid point)."""
    return fig1(61, SERIAL)


def eigenvalues(dataset, approach, coupling):
    point = dataset.sel(approach=approach).sel(coupling=coupling, method="nearest")
    assert float(point["coupling"]) == pytest.approx(coupling, abs=1e-15)
    return point["eigenvalue_real"].values + 1j * point["eigenvalue_imag"].values


@pytest.mark.parametrize("coupling", list(TABLE))
def test_eigenvalues_reproduce_the_specs_table(data, coupling):
    for approach, expected in TABLE[coupling].items():
        values = eigenvalues(data, approach, coupling)
        distance = np.abs(values[:, None] - np.array(expected)[None, :])
        rows, columns = linear_sum_assignment(distance)  # one computed value per table entry
        assert distance[rows, columns].max() <= HALF_DIGIT, approach


def test_local_ep_is_marked_at_the_closed_form(data):
    assert data.attrs["g1"] == pytest.approx(1.013567e-3, rel=1e-6)
    assert data.attrs["g2"] == pytest.approx(2.042917e-2, rel=1e-6)
    local = data.sel(approach="local")
    assert float(local["ep_coupling"]) == pytest.approx(9.707801e-3, rel=1e-6)
    assert float(local["ep_coupling"]) == pytest.approx(
        data.attrs["omega_ep_closed_form"], rel=1e-8
    )
    assert float(local["ep_eigenvalue_real"]) == pytest.approx(
        -(data.attrs["g1"] + data.attrs["g2"])
    )
    assert int(local["ep_order"]) == 3
    assert data.attrs["ep_search_local"].startswith("EP of order 3")


@pytest.mark.parametrize("approach", ["global", "partial_secular"])
def test_global_and_partial_secular_have_no_ep(data, approach):
    assert np.isnan(float(data["ep_coupling"].sel(approach=approach)))
    assert int(data["ep_order"].sel(approach=approach)) == 0
    assert data.attrs[f"ep_search_{approach}"].startswith("no exceptional point on [0, 0.03]")


def test_moments_close_and_tracks_are_continuous(data):
    assert float(data["closure_residual"].max()) < 1e-13
    imaginary = data["eigenvalue_imag"].sel(approach="global").isel(coupling=slice(1, None))
    upper = int(np.argmax(imaginary.isel(coupling=-1).values))
    np.testing.assert_allclose(imaginary.isel(track=upper), 2 * imaginary["coupling"], rtol=1e-6)


def test_global_is_the_local_matrix_at_zero_coupling_and_jumps_after(data):
    """Degenerate levels at Ω = 0: Davies keeps each TLS's own transitions (attrs note)."""
    matrix = data["matrix_real"] + 1j * data["matrix_imag"]
    local, davies = (matrix.sel(approach=a).isel(coupling=0).values for a in ("local", "global"))
    np.testing.assert_allclose(davies, local, rtol=0, atol=1e-16)
    first = eigenvalues(data, "global", 0.0005)
    assert np.abs(first.real + data.attrs["g1"] + data.attrs["g2"]).max() < 1e-3  # not ±(g₁−g₂)


def test_third_and_fourth_eigenvalues_share_their_real_part(data):
    """The caption's remark, in all three approaches at every Ω > 0."""
    real = np.sort(data["eigenvalue_real"].isel(coupling=slice(1, None)).values, axis=-1)
    closest = np.abs(np.diff(real, axis=-1)).min(axis=-1)
    assert closest.max() < 1e-12


def test_write_figure_registers_the_recipe(tmp_path):
    data_path, image = write_figure("tls-fig1", tmp_path, points=5, run=SERIAL)
    assert image.stat().st_size > 0
    with xr.open_dataset(data_path, engine="scipy") as stored:
        assert stored.attrs["figure"] == "tls-fig1" and stored.sizes["coupling"] == 5
        assert int(stored["ep_order"].sel(approach="local")) == 3


def test_the_partial_secular_validity_is_recorded_and_matches_the_distance_to_redfield(data):
    """The recipe records (instead of warning at every point) what PS's dropped pairs cost."""
    import warnings

    import nesslab as nl
    from nesslab.figures.tls_fig1 import APPROACH_OPTIONS, RATES
    from nesslab.figures.tls_maps import dimer

    validity = data["secular_validity"]
    assert np.all(np.isnan(validity.sel(approach="local")))
    estimate = float(validity.sel(approach="partial_secular", coupling=0.012))
    system, baths = dimer(0.012, 0.0, RATES[0], RATES[1] / RATES[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nl.SecularApproximationWarning)
        ps = nl.generator(system, baths, "partial_secular", **APPROACH_OPTIONS["partial_secular"])
    distance = nl.trace_distance(
        nl.steady_state(ps), nl.steady_state(nl.generator(system, baths, "redfield"))
    )
    assert estimate == pytest.approx(distance, rel=0.3)
