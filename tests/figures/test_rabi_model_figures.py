"""Seed 000 Figs. 5, 6, 8 and Table I: the physics in the data, thermal comparison, the CLI."""

import numpy as np
import pytest

import nesslab as nl
from nesslab.analysis import thermal_comparison
from nesslab.figures import FigureRun
from nesslab.figures.rabi import N_BOSON, rabi_ness
from nesslab.figures.rabi_fig5 import REDUCED_N_BOSON as FIG5_N_BOSON
from nesslab.figures.rabi_fig5 import flux_grid
from nesslab.figures.rabi_fig6 import REDUCED_N_BOSON as FIG6_N_BOSON
from nesslab.figures.rabi_fig6 import populations, rate_family
from nesslab.figures.rabi_fig8 import comparison, local_projectors
from nesslab.figures.rabi_table1 import compare, computed_lacs, linear_model, table_rows
from nesslab.models import rabi

STEP = 0.05
SERIAL = FigureRun(backend="serial", progress=False)


def grid(low, high):
    return np.round(np.arange(low, high + STEP / 2, STEP), 6)


def local_minima(x, y):
    """Positions of the strict interior local minima of y(x)."""
    inner = (y[1:-1] < y[:-2]) & (y[1:-1] <= y[2:])
    return x[1:-1][inner]


@pytest.fixture(scope="module")
def biased_flux():
    """|J_s|/r_s at λ/ω = 0.2, ε/ω = 0.15, Δ/ω step 0.05, both models (N_b = 12 suffices)."""
    flux = flux_grid(SERIAL, grid(0.5, 5.25), np.array([0.2]), n_boson=12)["spin_flux"]
    return np.abs(flux.isel(coupling=0))


def test_fig5_broken_z2_rabi_dips_at_every_integer(biased_flux):
    rabi_flux = biased_flux.sel(model="rabi")
    dips = local_minima(rabi_flux["delta"].values, rabi_flux.values)
    # every integer k (measured: 1.1, 1.8, 2.85, 3.9, 4.9), not only the odd ones
    assert [int(np.round(d)) for d in dips] == [1, 2, 3, 4, 5]
    assert np.all(np.abs(dips - np.round(dips)) <= 0.2)
    even = [abs(rabi_ness(dips[1], 0.2, bias=b, n_boson=12).spin_flux) for b in (0.0, 0.15)]
    assert even[1] < 0.25 * even[0]  # the even dip exists only with the bias


def test_fig5_broken_u1_jc_has_no_dips_at_finite_delta(biased_flux):
    jc = biased_flux.sel(model="jc").values
    assert np.all(np.diff(jc) < 0)  # monotone decay ~ (ε/Δ)², sensitivity only near Δ = 0
    assert jc[-1] == pytest.approx((0.15 / 5.25) ** 2, rel=0.3)


@pytest.fixture(scope="module")
def rate_scan():
    """Fig. 6 data around the Δ/ω ≈ 2.9 LAC (λ/ω = 0.2) for the seven rate pairs."""
    return populations(SERIAL, grid(2.5, 3.3), rate_family(), n_boson=12)


def feature(values, deltas):
    """Position and size of the sharpest feature: the largest |second difference|."""
    curvature = np.abs(np.diff(values, 2))
    return deltas[1:-1][np.argmax(curvature)], curvature.max()


def test_fig6_peaks_stay_put_while_prominence_changes(rate_scan):
    deltas = rate_scan["delta"].values
    prominence = {}
    for name in ("spin_down", "boson_ground"):
        found = [feature(rate_scan[name].isel(rates=k).values, deltas) for k in range(7)]
        assert {round(p, 2) for p, _ in found} == {2.9}  # the LAC at 2.88 (λ = 0.2)
        prominence[name] = np.array([size for _, size in found])
    spin, boson = prominence["spin_down"], prominence["boson_ground"]
    assert spin[:3].min() > 50 * spin[3:].max()  # spin peak strongest for r_s/r_b ≪ 1 …
    assert boson[5:].min() > 5 * boson[:4].max()  # … boson peak for r_s/r_b ≫ 1


def test_reduced_fock_cutoffs_stay_close_to_the_papers():
    """Figs. 5 and 6 below full resolution: N_b = 16 and 12 against the paper's N_b = 20 where
    the truncation matters most (λ/ω = 1 at large Δ; the least damped boson, k = 6)."""
    for s in (1.0, 0.0):
        for delta in (5.5, 6.0):
            fluxes = [
                rabi_ness(delta, 1.0, counter_rotating=s, bias=0.15, n_boson=n).spin_flux
                for n in (FIG5_N_BOSON, N_BOSON)
            ]
            assert abs(fluxes[0] - fluxes[1]) < 1e-3
    rates = tuple(rate_family()[-1])
    for delta in (2.9, 5.9):
        reduced, paper = (
            rabi_ness(delta, 0.2, rates=rates, n_boson=n) for n in (FIG6_N_BOSON, N_BOSON)
        )
        assert abs(reduced.spin_down - paper.spin_down) < 1e-4
        assert abs(reduced.boson_ground - paper.boson_ground) < 1e-3


def test_rate_family_values():
    family = rate_family()
    assert family[0] == pytest.approx([5e-12, 5e-6])
    assert family[-1] == pytest.approx([5e-6, 5e-12])
    assert np.allclose(family[:, 0] * family[:, 1], 2.5e-17)


@pytest.fixture(scope="module")
def fig8_data():
    return comparison(SERIAL, grid(0.5, 5.25), np.array([0.2]), n_boson=12).isel(coupling=0)


def test_fig8_ness_closest_to_ground_state_at_the_lacs(fig8_data):
    spin = fig8_data.sel(observable="spin_down")
    gap = np.abs(spin["ness"] - spin["gibbs"].sel(temperature=0.0))
    minima = local_minima(gap["delta"].values, gap.values)
    # LACs of the λ/ω = 0.2 Rabi model (tests/analysis/test_spectra.py): ≈ 1.0, 2.88, 4.90
    assert minima == pytest.approx([1.0, 2.9, 4.9], abs=0.11)
    assert float(gap.max()) > 10 * float(gap.sel(delta=4.9))
    ness = fig8_data["ness"].sel(delta=2.0)
    point = rabi_ness(2.0, 0.2, n_boson=12)
    assert ness.values == pytest.approx([point.spin_down, point.boson_ground], abs=1e-10)


def test_ground_state_is_the_zero_temperature_gibbs_limit(fig8_data):
    system = rabi(2.0, 0.2, 12)
    _, vectors = system.eigen
    ground = np.outer(vectors[:, 0], vectors[:, 0].conj())
    result = thermal_comparison(system, ground, local_projectors(12), temperatures=[0.0, 0.02])
    assert result.state == pytest.approx(result.gibbs[1], abs=1e-12)  # T → 0 Gibbs
    reference = fig8_data["gibbs"].sel(delta=2.0, temperature=0.0).values
    assert reference == pytest.approx(result.gibbs[0], abs=1e-12)
    assert np.all(np.abs(result.deviation[0]) < 1e-12)
    warm = fig8_data["gibbs"].sel(delta=2.0, temperature=0.5, observable="spin_down")
    assert float(warm) < reference[0]  # heating excites the spin


def test_thermal_comparison_rejects_bad_input():
    system = rabi(1.0, 0.2, 4)
    rho = nl.gibbs_state(system, 1.0)
    with pytest.raises(ValueError, match="temperatures"):
        thermal_comparison(system, rho, {"n": "n"}, temperatures=[-1.0])
    with pytest.raises(ValueError, match="unit trace"):
        thermal_comparison(system, 2 * rho, {"n": "n"})
    with pytest.raises(ValueError, match="observables"):
        thermal_comparison(system, rho, {})
    result = thermal_comparison(system, rho, {"n": "n"}, temperatures=[1.0])
    assert result.deviation == pytest.approx(np.zeros((1, 1)), abs=1e-12)


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("rabi", True),
        ("rabi_broken_z2", True),
        ("multilevel_rabi", True),
        ("jc", False),
        ("jc_broken_u1", False),
        ("dicke_dimer", False),
    ],
)
def test_table1_rows(name, match):
    row = table_rows()[name]
    positions, gaps = computed_lacs(row, 121)
    ok, missing, extra = compare(row, positions)
    assert ok is match and not missing
    assert np.all(gaps > 0)
    if name == "jc":  # the JC doublet repels at Δ = ω although Table I lists no resonance
        assert extra == pytest.approx((1.0,), abs=1e-6)
    if name == "jc_broken_u1":  # ε σx opens the k-photon resonances at every integer too
        assert [round(e) for e in extra] == [1, 2, 3, 4]
    if name == "dicke_dimer":  # the |↑↑,0⟩–|↓↓,4⟩ LAC (see tests/analysis/test_spectra.py xfail)
        assert [round(e) for e in extra if e > 1] == [2]
    if name == "multilevel_rabi":  # subtle LACs (footnote a) at Δ = 0 and 2
        assert [round(e) for e in extra] == [0, 2]


def test_table1_compare_flags_missing_and_extra():
    row = table_rows()["rabi"]
    assert compare(row, np.array([1.0, 3.0, 5.0]))[0]
    assert compare(row, np.array([1.0, 3.0])) == (False, (5.0,), ())
    assert compare(row, np.array([1.0, 2.0, 3.0, 5.0]))[2] == (2.0,)
    with pytest.raises(ValueError, match="not linear"):
        linear_model(lambda delta, coupling: rabi(delta**2, coupling, 4), 0.1)


def test_cli_writes_fig5(rabi_fig5_cli):
    dataset = rabi_fig5_cli
    flux = dataset["spin_flux"]
    assert dataset.attrs["bias"] == 0.15 and dataset.attrs["n_boson"] == 16
    assert flux.dims == ("model", "coupling", "delta") and flux.shape == (2, 3, 4)
    assert float(flux.max()) <= 0 and float(flux.min()) >= -1
