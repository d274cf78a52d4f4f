"""Seed 002 Figs. 2–5 and the second-law map against SPECS.md §2.2–2.7 and independent routes
(Eq. 15, Eq. 17, App. D, Bose occupations written here from the paper)."""

import warnings

import numpy as np
import pytest
import xarray as xr

import nesslab as nl
from nesslab.figures import FigureRun, write_figure
from nesslab.figures.tls_fig2 import fig2
from nesslab.figures.tls_fig3 import fig3
from nesslab.figures.tls_fig4 import fig4
from nesslab.figures.tls_fig5 import fig5
from nesslab.figures.tls_maps import flow_point
from nesslab.figures.tls_second_law import second_law
from nesslab.generators.secular_validity import SecularApproximationWarning

from references import bose, eq15_current
from setups import tls_dimer_environment

SERIAL = FigureRun(backend="serial", progress=False)
T1, T2 = 0.2, 0.22
# SPECS §2.4 and §2.6: (Ω_max, j_max) at c₁ = 0.001, 0.005, 0.01, 0.02, 0.05
SPECS_GAMMA1 = (0.001, 0.005, 0.01, 0.02, 0.05)
SPECS_LINES = {
    ("local", 0.0): (("0.00072", "0.00360", "0.00719", "0.01439", "0.03597"), ("1.79419e-3",) * 5),
    ("local", -0.09): (
        ("0.04035", "0.04055", "0.04116", "0.04352", "0.05737"),
        ("2.87128e-6", "1.42865e-5", "2.81487e-5", "5.32463e-5", "1.00967e-4"),
    ),
    ("partial_secular", 0.0): (
        ("0.00072", "0.00360", "0.00719", "0.01437", "0.03561"),
        ("1.79418e-3", "1.79411e-3", "1.79389e-3", "1.79299e-3", "1.78678e-3"),
    ),
    ("partial_secular", -0.09): (
        ("0.04204", "0.04224", "0.04286", "0.04525", "0.05902"),
        ("3.03795e-5", "1.51149e-4", "2.97760e-4", "5.62857e-4", "1.06227e-3"),
    ),
}


def printed(text):
    """A number as SPECS prints it: equal to within half a unit of its last digit."""
    mantissa, _, exponent = text.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    half = 0.5 * 10.0 ** (int(exponent or 0) - decimals)
    return pytest.approx(float(text), rel=0, abs=half * (1 + 1e-9))


def g_rates(gamma1, detuning):
    """``g_j = γ_j(ω_j)(n_j + ½)``, γ_j = c_jω_j³, c₂ = 2c₁, ω₁ = 1."""
    omega2 = 1.0 - detuning
    return gamma1 * (bose(1.0, T1) + 0.5), 2 * gamma1 * omega2**3 * (bose(omega2, T2) + 0.5)


def eq17(gamma1, detuning):
    g1, g2 = g_rates(gamma1, detuning)
    return np.sqrt(g1 * g2 * (1 + detuning**2 / (g1 + g2) ** 2))


def on_specs_rows(dataset, detuning):
    """The rows of ``dataset`` at the c₁ of SPECS (those it has) and their SPECS indices."""
    rows = dataset.sel(detuning=detuning)
    found = [i for i, g in enumerate(SPECS_GAMMA1) if np.isclose(rows["gamma1"], g).any()]
    return rows.sel(gamma1=[SPECS_GAMMA1[i] for i in found], method="nearest"), found


@pytest.fixture(scope="module")
def local_maps():
    """Fig. 2 at c₁ = 0.01 … 0.05 and at c₁ = 0.001 … 0.005 (5 × 5 each)."""
    return [fig2(5, SERIAL), fig2(5, SERIAL, gamma1_max=0.005)]


@pytest.fixture(scope="module")
def ps_maps():
    return [fig4(5, SERIAL), fig4(5, SERIAL, gamma1_max=0.005)]


@pytest.mark.parametrize("approach", ["local", "partial_secular"])
@pytest.mark.parametrize("detuning", [0.0, -0.09])
def test_refined_lines_reproduce_the_verified_optima(approach, detuning, local_maps, ps_maps):
    """SPECS §2.4 (local) and §2.6 (PS): Ω_max to its 5 printed decimals, j_max to its digits."""
    expected_max, expected_flow = SPECS_LINES[(approach, detuning)]
    seen = 0
    for dataset in local_maps if approach == "local" else ps_maps:
        rows, found = on_specs_rows(dataset, detuning)
        assert rows["inside"].values.all()
        for k, index in enumerate(found):
            assert rows["coupling_max"].values[k] == printed(expected_max[index])
            assert rows["flow_max"].values[k] == printed(expected_flow[index])
            seen += 1
    assert seen == len(SPECS_GAMMA1)


def test_local_map_is_eq15_and_its_line_is_eq17_after_refinement(local_maps):
    """Every map point equals Eq. 15; the grid argmax is within a grid step of Eq. 17 and the
    refined line within 1e-4 of a grid step (at Δω = 0 a straight line Ω_max ∝ γ₁, with j_max
    = (n₂ − n₁)γ₁γ₂/(4(g₁ + g₂)√(g₁g₂)) independent of γ₁)."""
    for dataset in local_maps:
        assert (dataset["first_law"] < 1e-10).all()
        coupling = dataset["coupling"].values
        step = coupling[1] - coupling[0]
        for detuning in dataset["detuning"].values:
            panel = dataset.sel(detuning=detuning)
            gamma1 = panel["gamma1"].values
            expected = np.array(
                [
                    [-eq15_current(1.0, 1.0 - detuning, w, g, 2 * g, T1, T2) / w for w in coupling]
                    for g in gamma1
                ]
            )
            np.testing.assert_allclose(panel["specific_flow"].values, expected, rtol=1e-8)
            closed = eq17(gamma1, detuning)
            grid_best = coupling[np.argmax(expected, axis=1)]
            assert np.all(np.abs(grid_best - closed) <= step)
            np.testing.assert_allclose(
                panel["coupling_max"].values, closed, rtol=0, atol=1e-4 * step
            )
            np.testing.assert_allclose(panel["coupling_max_eq17"].values, closed, rtol=1e-12)
        at_zero = dataset.sel(detuning=0.0)
        g1, g2 = g_rates(at_zero["gamma1"].values, 0.0)
        gamma2 = 2 * at_zero["gamma1"].values
        j_max = (
            (bose(1.0, T2) - bose(1.0, T1))
            * at_zero["gamma1"]
            * gamma2
            / (4 * (g1 + g2) * np.sqrt(g1 * g2))
        )
        np.testing.assert_allclose(at_zero["flow_max"].values, j_max, rtol=1e-10)


def test_global_line_is_vertical_and_the_map_linear_in_the_rates():
    """SPECS §2.5: Ω_max = 0.04203 for every c₁ (J_global is linear in the rate scale at fixed
    c₂/c₁), j_max = 3.03858e−5·(c₁/0.001), j^st(0.01, 0.01) = 1.363712e−4."""
    dataset = fig3(10, SERIAL)
    panel = dataset.sel(detuning=-0.09)
    line = panel["coupling_max"].values
    assert panel["inside"].values.all()
    assert all(value == printed("0.04203") for value in line)
    assert np.ptp(line) < 1e-6 * line.mean()
    gamma1 = panel["gamma1"].values
    for value, scale in zip(panel["flow_max"].values, gamma1 / 0.001, strict=True):
        assert value / scale == printed("3.03858e-5")
    ratio = panel["specific_flow"].values / gamma1[:, None]
    np.testing.assert_allclose(ratio, np.broadcast_to(ratio[0], ratio.shape), rtol=1e-9)
    point = panel["specific_flow"].sel(gamma1=0.01, coupling=0.01, method="nearest")
    assert float(point) == printed("1.363712e-4")
    assert (panel["entropy_production"] > 0).all()


def test_global_map_at_zero_detuning_is_the_closed_form_of_app_d():
    """App. D (D7): J₁ = Σ_{w = ω ± Ω} (w/2)γ₁γ₂(n₁ − n₂)/((2n₁+1)γ₁ + (2n₂+1)γ₂), and
    J₁(Ω = 0.02, c₁ = 0.01) = −2.57923525e−5 (SPECS §2.2)."""
    panel = fig3(5, SERIAL, detunings=(0.0,)).sel(detuning=0.0)
    for gamma1 in panel["gamma1"].values:
        for coupling in panel["coupling"].values:
            expected = 0.0
            for w in (1 + coupling, 1 - coupling):
                g1, g2 = gamma1 * w**3, 2 * gamma1 * w**3
                n1, n2 = bose(w, T1), bose(w, T2)
                expected += (w / 2) * g1 * g2 * (n1 - n2) / ((2 * n1 + 1) * g1 + (2 * n2 + 1) * g2)
            value = float(panel["specific_flow"].sel(gamma1=gamma1, coupling=coupling))
            assert -value * coupling == pytest.approx(expected, rel=1e-10)
    value = float(panel["specific_flow"].sel(gamma1=0.01, coupling=0.02, method="nearest"))
    assert -value * 0.02 == printed("-2.57923525e-5")


def test_ps_never_switches_to_global_inside_the_fig4_maps(ps_maps):
    """At every point the PS flow stays within κ/ω̃ of Bloch–Redfield (κ the largest transition
    rate: the order of the opposite-sign pairs it drops), and so does its state; σ ≥ 0. The old
    window "rates" fails the same check on the same map (it switches to the global equation)."""
    worst = {"map": 0.0, "rates": 0.0}
    for dataset in ps_maps:
        assert (dataset["entropy_production"] >= 0).all()
        assert (dataset["first_law"] < 1e-10).all()
        for detuning in dataset["detuning"].values:
            for gamma1 in dataset["gamma1"].values:
                for coupling in dataset["coupling"].values:
                    system, _, baths = tls_dimer_environment(coupling, detuning, c1=gamma1)
                    mean = 1.0 - detuning / 2
                    top = mean + np.hypot(detuning, 2 * coupling) / 2
                    bound = 2 * gamma1 * top**3 * (bose(top, T2) + 1) / mean
                    redfield = nl.generator(system, baths, "redfield")
                    reference = -nl.heat_currents(redfield, nl.steady_state(redfield))["1"]
                    point = dict(detuning=detuning, gamma1=gamma1, coupling=coupling)
                    value = float(dataset["specific_flow"].sel(point)) * coupling
                    worst["map"] = max(worst["map"], abs(value / reference - 1) / bound)
                    assert float(dataset["redfield_distance"].sel(point)) <= bound
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", SecularApproximationWarning)
                        rates = nl.generator(system, baths, "partial_secular", tolerance="rates")
                    switched = -nl.heat_currents(rates, nl.steady_state(rates))["1"]
                    worst["rates"] = max(worst["rates"], abs(switched / reference - 1) / bound)
    assert worst["map"] <= 1
    assert worst["rates"] > 10


def test_fig5_flows_at_both_detunings():
    """SPECS §2.7 (c₁: local, PS, global) at Δω = −0.009 (the caption) and −0.09."""
    expected = {
        -0.009: {
            1e-4: ("1.9745e-7", "2.1898e-7", "2.1899e-7"),
            1e-3: ("1.9658e-6", "2.1800e-6", "2.1899e-6"),
            1e-2: ("1.3608e-5", "1.5055e-5", "2.1899e-5"),
            1e-1: ("4.2829e-6", "4.7654e-6", "2.1899e-4"),
        },
        -0.09: {
            1e-3: ("1.3409e-8", "1.3632e-7", "1.3637e-7"),
            1e-2: ("1.2916e-7", "1.3130e-6", "1.3637e-6"),
            1e-1: ("2.7638e-7", "2.8318e-6", "1.3637e-5"),
        },
    }
    dataset = fig5(4, SERIAL)
    assert "-0.009" in dataset.attrs["caption_detuning_note"]
    for detuning, table in expected.items():
        for gamma1, values in table.items():
            for approach, value in zip(("local", "partial_secular", "global"), values, strict=True):
                stored = dataset[f"flow_{approach}"].sel(
                    detuning=detuning, gamma1=gamma1, method="nearest"
                )
                assert float(stored) == printed(value), (detuning, gamma1, approach)
    for detuning, values in {
        -0.009: ("1.1709e-5", "1.2913e-5", "6.5696e-5"),
        -0.09: ("2.9879e-7", "3.0364e-6", "4.0911e-6"),
    }.items():
        for approach, value in zip(("local", "partial_secular", "global"), values, strict=True):
            assert flow_point(3e-2, 0.01, detuning, approach)["flow"] == printed(value)
    caption = dataset.sel(detuning=-0.009)
    for approach in ("local", "partial_secular"):
        assert int(np.argmax(caption[f"flow_{approach}"].values)) == 2  # peak at c₁ ≈ 0.01
    assert (np.diff(caption["flow_global"].values) > 0).all()


def test_second_law_map_local_violation_is_where_the_occupations_say():
    """sign(J₁) = sign(n₁(ω₁) − n₂(ω₂)) for the local approach: σ < 0 exactly where
    n₁(ω₁) > n₂(ω₂) (Δω < −0.1), and σ = 0 to rounding on the boundary (the second grid has
    it); global, PS and Redfield keep σ ≥ 0 everywhere."""
    for dataset in (second_law(8, SERIAL), second_law(5, SERIAL, detuning_range=(-0.14, -0.06))):
        detuning = dataset["detuning"].values
        difference = bose(1.0, T1) - bose(1.0 - detuning, T2)
        sigma = dataset["entropy_production_local"].values
        on_boundary = np.abs(difference) < 1e-12
        scale = np.abs(sigma).max()
        assert np.all(np.abs(sigma[on_boundary]) < 1e-9 * scale)
        violating = np.broadcast_to((difference > 0)[:, None], sigma.shape)
        off = ~np.broadcast_to(on_boundary[:, None], sigma.shape)
        assert np.array_equal((sigma < 0)[off], violating[off])
        assert np.array_equal((dataset["flow_local"].values < 0)[off], violating[off])
        assert dataset.attrs["negative_points_local"] == int((sigma < 0).sum())
        for approach in ("global", "partial_secular", "redfield"):
            assert (dataset[f"entropy_production_{approach}"] >= 0).all(), approach
            assert dataset.attrs[f"negative_points_{approach}"] == 0
    assert dataset.attrs["boundary_detuning"] == pytest.approx(-0.1, rel=1e-12)


def test_second_law_verified_point():
    """SPECS §2.2: Δω = −0.12, Ω = 0.01, c₁ = 0.01: local J₁ = +1.5048e−7, σ = −6.840e−8;
    global −7.8351e−7, PS −7.6444e−7, Redfield −7.6538e−7."""
    local = flow_point(0.01, 0.01, -0.12, "local")
    assert -local["flow"] == printed("1.5048e-7")
    assert local["entropy_production"] == printed("-6.840e-8")
    for approach, value in (
        ("global", "-7.8351e-7"),
        ("partial_secular", "-7.6444e-7"),
        ("redfield", "-7.6538e-7"),
    ):
        point = flow_point(0.01, 0.01, -0.12, approach)
        assert -point["flow"] == printed(value)
        assert point["entropy_production"] > 0


@pytest.mark.parametrize("name", ["tls-fig2", "tls-fig3", "tls-fig4", "tls-fig5", "tls-second-law"])
def test_write_figure_draws_each_recipe(name, tmp_path):
    data, image = write_figure(name, tmp_path, points=3, run=SERIAL)
    assert image.stat().st_size > 0
    with xr.open_dataset(data, engine="scipy") as stored:
        assert stored.attrs["figure"] == name
        assert stored.attrs["sign_convention"].startswith("J_1 = Tr[H_S D_1(rho)]")
