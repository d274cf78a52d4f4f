"""nesb-turnover: where I(α) has its maximum, and the two routes side by side at small sizes."""

import numpy as np
import pytest

from nesslab.figures.nesb_turnover import grid_maximum


def test_grid_maximum_is_interior_only_between_converged_points():
    alphas = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    currents = np.array([1.0, 3.0, 2.0, 5.0, 0.5])
    assert grid_maximum(alphas, currents, [1, 1, 1, 1, 1]) == (8.0, True)
    # The 8.0 point unconverged: the largest converged one is at 2.0, still interior.
    assert grid_maximum(alphas, currents, [1, 1, 1, 0, 1]) == (2.0, True)
    # Nothing converged beyond the maximum: it has not been seen to turn over.
    assert grid_maximum(alphas, currents, [1, 1, 0, 0, 0]) == (2.0, False)
    alpha, interior = grid_maximum(alphas, currents, [0] * 5)
    assert np.isnan(alpha) and not interior
    assert grid_maximum(alphas, np.array([1.0, np.nan, 0.5, 0.2, 0.1]), [1] * 5) == (1.0, False)


def test_niba_curves_hold_at_theta_pi_2_only_and_turn_over_there():
    """NIBA at Δ = 0.05: flagged at α = 0.1 (zero-phonon weight 0.47), valid from α = 0.5;
    its maximum on a grid around α ≈ 2.9 is interior. NaN at θ = 0 (non-commuting couplings)."""
    from nesslab.figures.nesb_turnover import niba_curves

    alphas = np.array([0.1, 0.5, 2.9, 10.0])
    curves = niba_curves(0.05, (0.0, np.pi / 2), (1.0, 0.9), alphas)
    current, converged = curves["niba_current"][1], curves["niba_converged"][1]
    assert np.isnan(current[0]).all() and not converged[0].any()
    np.testing.assert_array_equal(converged[1], [0, 1, 1, 1])
    assert curves["niba_zero_phonon_weight"][1][1, 0] > 0.4
    assert grid_maximum(alphas, current[1], converged[1]) == (2.9, True)


@pytest.mark.slow
def test_small_turnover_run_keeps_the_heom_to_its_range_and_compares_the_routes(
    nesb_turnover_small,
):
    """θ = 0, α = 1, 2, 4 with the HEOM to α = 2, depth ≤ 7, RC levels 4–8 (conftest.py).

    Where both converge the RC route is a few per cent below the HEOM (its residual bath,
    J_res(Ω)/Ω = 0.5, is outside Born–Markov validity): 4 % at α = 1 with 10 levels.
    """
    dataset = nesb_turnover_small
    plane = dataset.sel(theta=0.0)
    np.testing.assert_allclose(plane["alpha"], [1.0, 2.0, 4.0])
    assert np.isnan(float(plane["heom_current"].sel(alpha=4.0)))
    assert int(plane["heom_converged"].sel(alpha=4.0)) == 0
    assert int(plane["heom_converged"].sel(alpha=1.0)) == 1
    assert bool((plane["rc_current"] > 0).all())  # T1 > T2: heat flows out of bath 1
    assert bool((plane["rc_edge_population"] < 1e-2).all())
    gap = plane["rc_heom_gap"].values
    assert np.isfinite(gap[0]) and -0.1 < gap[0] < 0.0
    assert np.isnan(gap[2])
    for route in ("heom", "rc"):
        values = plane[f"{route}_current"].values
        expected = grid_maximum(plane["alpha"].values, values, plane[f"{route}_converged"].values)
        found = float(dataset["alpha_max"].sel(route=route, theta=0.0))
        np.testing.assert_equal(found, expected[0])
        assert int(dataset["turned_over"].sel(route=route, theta=0.0)) == expected[1]
    assert dataset.attrs["points_computed_heom"] == 2
    assert dataset.attrs["points_computed_rc"] == 3


def test_an_rc_point_that_cannot_be_solved_is_recorded_unconverged(monkeypatch):
    import nesslab.figures.nesb_turnover as recipe

    def stagnates(*args, **kwargs):
        raise recipe.ConvergenceError("GMRES with the Sylvester preconditioner did not converge")

    monkeypatch.setattr(recipe, "converge_levels", stagnates)
    point = recipe.rc_point(0.05, 0.0, 16.0, 16.0, 1.0, 0.9)
    assert np.isnan(point["current"]) and point["converged"] == 0 and point["levels"] == 0


@pytest.mark.slow
def test_the_heom_current_at_theta_pi_2_turns_over_between_alpha_1_and_5():
    """Seed 004 at Δ = 0.05, θ = π/2: I(α) rises to α ≈ 3 and falls by α = 5, each point
    converged in the depth (two successive depths) well within the drop (one BLAS thread:
    about a minute). nesb-fig1's α ≤ 4 panel stops at depth 9, where α = 4 is still flagged."""
    from threadpoolctl import threadpool_limits

    from nesslab.figures.nesb import heom_point

    depths = {1.17: (9, 10), 2.94: (9, 10), 5.0: (9, 10)}
    currents, changes = {}, {}
    with threadpool_limits(1):
        for alpha, pair in depths.items():
            low, high = (heom_point(0.05, np.pi / 2, (alpha, alpha), (1.0, 0.9), d) for d in pair)
            assert high.first_law_residual < 1e-8
            currents[alpha] = high.current
            changes[alpha] = abs(high.current - low.current) / abs(high.current)
    assert max(changes.values()) < 5e-3
    peak = currents[2.94]
    for alpha in (1.17, 5.0):
        drop = (peak - currents[alpha]) / peak
        assert drop > 10 * (changes[alpha] + changes[2.94]), (alpha, drop, changes)
    # The NIBA golden rule, exact to O(Δ²) at this strong coupling, is a second route: within
    # 1 % of each converged HEOM point (0.7, 0.1, 0.6 % measured), so it turns over there too.
    from nesslab.figures.nesb import nesb_baths
    from nesslab.niba import niba_heat_current

    for alpha, current in currents.items():
        niba = niba_heat_current(0.05, *nesb_baths((alpha, alpha), (1.0, 0.9)))
        assert niba.valid and abs(niba.current - current) < 0.01 * current, (alpha, niba)
