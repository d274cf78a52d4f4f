"""Seed 001 Figs. 4 and 5 (two qubits): the recipes against SPECS's verified check values."""

import numpy as np
import pytest

from nesslab.figures.response_qubits import qubit_point

from figure_support import figure_via_cli

# SPECS §1.4, Fig. 4(b) at T̄ = 50, δΩ = 50 (ΔT: J₀, J₀ + δJ₁, J)
FIG4B = {
    5.0: (3.85542e-5, 3.37363e-5, 2.13976e-4),
    10.0: (9.26828e-5, 8.11016e-5, 4.89427e-4),
    20.0: (3.24125e-4, 2.83636e-4, 1.49922e-3),
    40.0: (2.18679e-3, 1.91389e-3, 7.98616e-3),
}
# Fig. 4(c) at ΔT = 20 (T̄: δJ₁, J − J₀)
FIG4C = {
    50.0: (-4.04899e-5, 1.17510e-3),
    100.0: (-1.43237e-2, 1.23082e-1),
    200.0: (-2.18051e-1, 5.44490e-1),
    500.0: (-4.26426e-1, -6.02593e-2),
    1000.0: (-1.96452e-1, -1.49923e-1),
    5000.0: (-9.89939e-3, -9.87254e-3),
}
# Fig. 5 at ΔT = 20 (δΩ: J/J₀ of the rebuilt Davies generator and of J₀ + δJ₁, per T̄)
FIG5 = {
    50.0: {
        1.0: (1.0313, 0.9975),
        10.0: (1.3604, 0.9750),
        50.0: (4.6254, 0.8751),
        100.0: (20.913, 0.7502),
        200.0: (379.63, 0.5003),
    },
    5000.0: {
        1.0: (0.999803, 0.999801),
        10.0: (0.998027, 0.998005),
        50.0: (0.990054, 0.990027),
        100.0: (0.97991, 0.98005),
        200.0: (0.95905, 0.96011),
    },
}


@pytest.mark.parametrize("difference", list(FIG4B))
def test_fig4b_currents(difference):
    point = qubit_point(50.0, difference, 50.0)
    computed = [point["unperturbed"], point["local"], point["davies"]]
    np.testing.assert_allclose(computed, FIG4B[difference], rtol=1e-5)
    assert point["regime_ratio"] > 10  # the paper's "perturbation ≫ relaxation"


def test_fig4c_responses():
    for mean, (first, rebuilt) in FIG4C.items():
        point = qubit_point(mean, 20.0, 50.0)
        assert point["local"] - point["unperturbed"] == pytest.approx(first, rel=1e-5)
        assert point["davies"] - point["unperturbed"] == pytest.approx(rebuilt, rel=1e-5)


def test_fig5_ratios():
    for mean, table in FIG5.items():
        for shift, (davies, local) in table.items():
            point = qubit_point(mean, 20.0, shift)
            assert point["davies"] / point["unperturbed"] == pytest.approx(davies, rel=1e-4)
            assert point["local"] / point["unperturbed"] == pytest.approx(local, rel=1e-4)


def test_recipes_run_from_the_command_line(tmp_path):
    fig4 = figure_via_cli("response-fig4", tmp_path, 3, "--backend", "serial")
    assert fig4["b_davies"].dims == ("difference",) and fig4["c_first_order"].size == 3
    assert np.all(fig4["c_first_order"].values < 0)  # δJ₁ < 0 at every T̄ (SPECS)
    fig5 = figure_via_cli("response-fig5", tmp_path, 3, "--backend", "serial")
    local = fig5["local"].sel(mean_temperature=50.0).values
    np.testing.assert_allclose(np.diff(local, 2), 0.0, atol=1e-12 * abs(local).max())  # a line
    assert "not given by the paper" in fig5.attrs["range"]


# SPECS §1.3 [verified]: the printed-formula samples of Fig. 2(b) (t: δΦ^(1,1), δΦ^(1,2))
FIG2_PRINTED = {
    0.05: (-0.07795, 3.11966),
    0.1: (-0.28802, 5.41898),
    0.157: (-0.61543, 6.40279),
    0.314: (-1.19764, 0.61827),
    0.5: (-0.52721, -4.65103),
    1.0: (-0.98505, -1.67234),
    2.0: (-0.53797, 2.48596),
    5.0: (-0.59530, 0.16100),
    10.0: (-0.64211, 0.30420),
    20.0: (-0.64574, 0.32826),
}
# Fig. 3 (T̄: printed total, corrected total), δ = 0.02, ΔT = 50
FIG3 = {
    100.0: (-0.03086, -0.03161),
    500.0: (-0.13841, -0.15790),
    1000.0: (-0.23743, -0.31579),
    2000.0: (-0.31736, -0.63158),
    3000.0: (-0.23979, -0.94737),
    4000.0: (-0.00472, -1.26316),
    5000.0: (0.38785, -1.57895),
    1e4: (4.71322, -3.15790),
}


def test_fig2_printed_curves_and_the_computed_correction():
    from nesslab.figures.response_oscillators import DELTA, computed_response, printed_response

    times = np.array(list(FIG2_PRINTED))
    kubo, dissipator = printed_response(times)
    expected = np.array(list(FIG2_PRINTED.values()))
    np.testing.assert_allclose(DELTA * kubo, expected[:, 0], rtol=2e-4, atol=1e-5)
    np.testing.assert_allclose(DELTA * dissipator, expected[:, 1], rtol=2e-4, atol=1e-5)
    computed = computed_response((2000.0, 2100.0), times)
    np.testing.assert_allclose(computed.kubo, kubo, rtol=1e-10)  # Eq. 31 is right
    ratio = dissipator / computed.rotation
    np.testing.assert_allclose(ratio, -203.500407, rtol=1e-8)  # −(n̄₋ − 1) at every t
    assert DELTA * computed.steady == pytest.approx(-0.64737, rel=2e-5)
    assert DELTA * computed.rotation_steady == pytest.approx(-0.0016144, rel=1e-4)


def test_fig3_printed_and_computed_totals():
    from nesslab.figures.response_fig3 import _printed_zero, steady_point

    for mean, (printed, corrected) in FIG3.items():
        point = steady_point(mean, 50.0)
        assert point["total_printed"] == pytest.approx(printed, rel=2e-4, abs=2e-5)
        assert point["kubo"] + point["dissipator"] == pytest.approx(corrected, rel=2e-4)
    assert _printed_zero(50.0, (50.0, 1e4)) == pytest.approx(4015.0, abs=0.1)


def test_oscillator_recipes_run_from_the_command_line(tmp_path):
    fig2 = figure_via_cli("response-fig2", tmp_path, 41)
    assert fig2.attrs["plateau_dissipator"] == pytest.approx(-0.0016144, rel=1e-4)
    assert "-203.5" in fig2.attrs["discrepancy"]
    fig3 = figure_via_cli("response-fig3", tmp_path, 5, "--backend", "serial")
    assert np.all(fig3["total"].values < 0) and fig3["total_printed"].values[-1] > 0
    assert fig3.attrs["printed_sign_change_at"] == pytest.approx(4015.0, abs=0.1)
