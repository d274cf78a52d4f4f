"""Seed 000 Figs. 1–4: flux dips at the lowest avoided crossings, entropy peaks there, the JC → Rabi
interpolation, and the correlation report that sets them side by side."""

import numpy as np
import pytest

from nesslab import models
from nesslab.analysis import (
    Crossing,
    avoided_crossings,
    correlation_report,
    local_extrema,
    spectrum_sweep,
    state_sequence,
)
from nesslab.figures.rabi import rabi_ness
from nesslab.figures.rabi_lac import slice_curve, spin_up_state

LN2 = np.log(2)


def report(dataset, name):
    """The variables ``report_{name}_*`` of a Fig. 3 dataset, keyed by the rest of the name."""
    prefix = f"report_{name}_"
    return {v[len(prefix) :]: dataset[v].values for v in dataset.data_vars if v.startswith(prefix)}


def crossing(position, gap):
    return Crossing("avoided", position, gap, 0.0, (0, 1), (1.0, 1.0), "refinement", gap)


def test_correlation_report_locates_dips_and_peaks_between_samples():
    values = np.sort(np.concatenate([np.linspace(0, 10, 101), [2.99, 3.01, 7.2503]]))
    flux = -1 + 0.9 * np.exp(-(((values - 3.012) / 0.3) ** 2)) + 0.5 / (1 + (values - 7.25) ** 2)
    entropy = LN2 * np.exp(-(((values - 3.0) / 0.02) ** 2))
    result = correlation_report(
        values, flux, [crossing(3.0, 0.01), crossing(9.0, 0.1)], values, entropy
    )
    assert result.dip_positions == pytest.approx([3.012, 7.25], abs=2e-3)
    assert result.dip_prominences[0] > 0.8
    assert result.peak_positions == pytest.approx([3.0], abs=1e-3)
    assert result.peak_heights == pytest.approx([LN2], rel=0.05)
    assert result.dip_distances == pytest.approx([0.012, 7.25 - 9.0], abs=2e-3)
    assert result.peak_distances == pytest.approx([0.0, -6.0], abs=1e-3)
    table = result.to_dataset("x_")
    assert table["x_dip_position"].dims == ("x_dip",)
    assert table["x_dip_distance"].dims == ("x_crossing",)
    assert table.sizes == {"x_dip": 2, "x_crossing": 2, "x_peak": 1}
    flat = correlation_report(values, np.full(values.shape, -1e-13), [crossing(3.0, 0.01)])
    assert flat.dip_positions.size == 0 and np.isnan(flat.dip_distances).all()
    with pytest.raises(ValueError, match="strictly increasing"):
        correlation_report(values[::-1], flux, [])
    with pytest.raises(ValueError, match="both"):
        correlation_report(values, flux, [], values)
    with pytest.raises(ValueError, match="kind"):
        local_extrema(values, flux, "saddle", 0.0)


def test_state_sequence_is_the_dressed_spin_up_vacuum_through_the_jc_doublet():
    deltas = np.linspace(0.5, 1.5, 101)
    spectrum = spectrum_sweep(models.rabi, "delta", deltas, 4, coupling=0.05, n_boson=6)
    sequence = state_sequence(spectrum, spin_up_state(0, 6), avoided_crossings(spectrum))
    (lac,) = sequence.crossings
    # |↓,1⟩ is pushed down by 2λ²/(Δ + ω) through |↑,2⟩ (Bloch–Siegert), |↑,0⟩ is not shifted
    assert lac.position == pytest.approx(1 - 0.05**2, abs=2e-4)
    centre = np.argmin(np.abs(deltas - lac.position))
    assert sequence.weights[centre] == pytest.approx(0.5, abs=0.05)
    assert sequence.entropies[centre] == pytest.approx(LN2, abs=0.01)
    # far off resonance a nearly product state (mixing angle tan 2θ = 2λ/|Δ − ω|)
    assert sequence.weights[[0, -1]] == pytest.approx(1, abs=0.015)
    assert sequence.entropies[[0, -1]].max() < 0.1
    assert np.all(np.diff(sequence.energies) > 0)  # it climbs with Δ/2 through the doublet
    with pytest.raises(ValueError, match="amplitudes"):
        state_sequence(spectrum, spin_up_state(0, 5))
    with pytest.raises(ValueError, match="normalised"):
        state_sequence(spectrum, 2 * spin_up_state(0, 6))


def crossing_table(dataset):
    """The ``crossing_*`` variables of a dataset, as numpy arrays keyed by the rest of the name."""
    return {
        name[len("crossing_") :]: dataset[name].values
        for name in dataset.data_vars
        if name.startswith("crossing_")
    }


def test_fig2_parity_decides_exact_versus_avoided_and_lac_sequences(rabi_fig2_data):
    table = crossing_table(rabi_fig2_data)
    different = table["parity_lower"] != table["parity_upper"]
    assert different.sum() > 10
    assert np.all(table["avoided"][different] == 0) and np.all(table["gap"][different] == 0)
    assert np.all(table["avoided"][~different] == 1) and np.all(table["gap"][~different] > 1e-7)
    weak = ~different & (table["coupling"] == 0.2)
    lacs = weak & (table["sequence"] == 0)
    positions = table["position"][lacs]
    assert positions == pytest.approx([0.957, 2.879, 4.900, 6.907], abs=2e-3)
    # the |↑,0⟩ sequence meets, near each odd Δ/ω, the lowest-energy avoided crossing there
    for position, energy in zip(positions, table["energy"][lacs], strict=True):
        assert energy == table["energy"][weak & (abs(table["position"] - position) < 0.25)].min()
    assert np.all(table["parity_lower"][lacs] == 1)
    assert np.all(np.diff(table["gap"][lacs]) < 0)  # gaps shrink ~λ^k with the order k
    second = ~different & (table["sequence"] == 1)
    assert np.all(table["parity_lower"][second] == -1)  # "all of negative parity"
    strong = table["position"][second & (table["coupling"] == 1.0)]
    assert np.min(np.abs(strong - 6.147)) < 2e-3


def test_fig3_flux_dips_and_entropy_peaks_sit_at_the_lacs(rabi_fig3_data):
    lac = report(rabi_fig3_data, "a_lac")
    assert lac["crossing_position"] == pytest.approx([0.957, 2.879, 4.900, 6.907], abs=2e-3)
    # every LAC has a flux dip within its own gap (the Δ ≈ 1 dip is broad: 1.04 vs 0.957)
    assert np.all(np.abs(lac["dip_distance"]) <= lac["crossing_gap"])
    assert np.all(np.abs(lac["peak_distance"]) <= lac["crossing_gap"])
    assert lac["peak_height"] == pytest.approx(LN2, abs=0.01)  # two-level mixing at the LAC
    dips = lac["dip_position"][lac["dip_prominence"] > 0.1]
    assert dips == pytest.approx([1.04, 2.879, 4.900, 6.907], abs=0.01)
    strong = report(rabi_fig3_data, "b_lac")
    second = report(rabi_fig3_data, "b_second")
    # λ = 1: primary dips at the LACs near 4.56 and 6.70, the secondary one at the second-lowest
    # avoided crossing near 6.15; the broad LACs below Δ ≈ 3 leave no dip (overlapping resonances)
    narrow = strong["crossing_gap"] < 0.1
    assert strong["crossing_position"][narrow] == pytest.approx([4.555, 6.699], abs=2e-3)
    assert np.all(np.abs(strong["dip_distance"][narrow]) <= strong["crossing_gap"][narrow])
    assert np.all(np.abs(strong["dip_distance"][~narrow]) > strong["crossing_gap"][~narrow])
    assert abs(second["dip_distance"][-1]) < second["crossing_gap"][-1]
    assert np.all(np.abs(second["peak_distance"][1:]) < 0.05)


def test_fig3_flux_is_the_ness_and_the_dips_do_not_need_the_zooms(rabi_fig3_data):
    deltas, flux = slice_curve(rabi_fig3_data, "flux", 0.2)
    assert np.all(flux < 0) and np.all(flux > -1)
    j = np.argmin(np.abs(deltas - 2.0))
    assert flux[j] == pytest.approx(rabi_ness(deltas[j], 0.2).spin_flux, rel=1e-9)
    lac = report(rabi_fig3_data, "a_lac")["crossing_position"]
    for centre, step in ((2.879, 4e-3), (4.900, 5e-4)):
        grid = np.round(centre, 3) + step * np.arange(-6, 7)
        magnitude = np.abs([rabi_ness(d, 0.2).spin_flux for d in grid])
        dip = local_extrema(grid, magnitude, "min", 1e-3)[0]
        assert dip.size == 1
        assert abs(dip[0] - lac[np.argmin(np.abs(lac - centre))]) < step


def test_fig4_jaynes_cummings_has_no_dip_and_counter_rotation_deepens_the_delta3_dip(
    rabi_fig4_data,
):
    figure4 = rabi_fig4_data
    jc_deltas, jc_flux = slice_curve(figure4, "flux", 0.0, dim="s")
    assert np.abs(jc_flux).max() < 1e-12  # JC NESS = its ground state |↓,0⟩: no flux at all
    assert local_extrema(jc_deltas, np.abs(jc_flux), "min", 1e-3)[0].size == 0
    jc_rows = figure4["crossing_s"] == 0
    assert figure4["crossing_position"].where(jc_rows, drop=True).values == pytest.approx([1.0])
    depths = []
    for s in figure4["s"].values[1:]:
        deltas, flux = slice_curve(figure4, "flux", s, dim="s")
        dips = local_extrema(deltas, np.abs(flux), "min", 1e-4)[0]
        rows = (figure4["crossing_s"] == s) & (abs(figure4["crossing_position"] - 3) < 0.1)
        (position,) = figure4["crossing_position"].where(rows, drop=True).values
        (gap,) = figure4["crossing_gap"].where(rows, drop=True).values
        assert np.min(np.abs(dips - position)) <= gap
        depths.append(figure4["crossing_dip_depth"].where(rows, drop=True).item())
        s_deltas, entropy = slice_curve(figure4, "entropy", s, dim="s")
        peaks, heights, _ = local_extrema(s_deltas, entropy, "max", 0.05)
        assert np.min(np.abs(peaks - position)) <= gap and heights.max() > 0.6
    assert np.all(np.diff(depths) > 0) and depths[0] > 1e-3


def test_cli_writes_fig1_with_map_slices_and_cutoff_check(rabi_fig1_cli):
    dataset = rabi_fig1_cli
    assert dataset["map_flux"].shape == (4, 4)
    assert float(dataset["map_flux"].max()) < 0 and float(dataset["flux"].max()) < 0
    assert dataset.attrs["n_boson"] == 20 and dataset.attrs["points"] == 4
    assert np.max(dataset.attrs["n_boson_check_abs_change"]) < 1e-3
    assert "r_s" in dataset.attrs["sign_convention"]
    deltas, flux = slice_curve(dataset, "flux", 0.2)
    dips, depths, _ = local_extrema(deltas, np.abs(flux), "min", 0.1)
    # 16 uniform Δ values plus the zooms resolve the broad Δ ≈ 1 dip and the narrow ones
    assert dips[0] == pytest.approx(1.04, abs=0.05)
    assert dips[1:] == pytest.approx([2.879, 4.900, 6.907], abs=2e-3)
    assert np.all(depths < 0.15)
