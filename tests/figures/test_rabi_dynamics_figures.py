"""Seed 000 dynamics (Figs. 7, 9, 10; App. C, E): the modal propagator and the figure recipes."""

import numpy as np
import pytest

import nesslab as nl
from nesslab.analysis import compare_dynamics, marginal_population, product_state, trajectory
from nesslab.figures import FIGURES
from nesslab.figures.rabi import local_channels
from nesslab.figures.rabi_fig10 import CASES, dynamics_point
from nesslab.figures.rabi_redfield import ETA_SPIN, redfield_baths
from nesslab.models import rabi
from nesslab.spaces import PopulationSpace

FIG7_TIMES = np.geomspace(1e-1, 1e10, 45)


def test_secular_and_nonsecular_dynamics_reach_the_same_ness(rabi_fig7_data):
    """Fig. 7 / App. C: both routes converge to their own NESS, and the two NESSs agree."""
    late = rabi_fig7_data.isel(time=-1)
    for basis in ("site", "eigen"):
        reached = np.abs(late[f"{basis}_population"] - late[f"ness_{basis}_population"])
        assert float(reached.max()) < 1e-10
        routes = rabi_fig7_data[f"ness_{basis}_population"]
        assert (
            float(np.abs(routes.sel(route="secular") - routes.sel(route="nonsecular")).max()) < 1e-9
        )
    transient = np.abs(rabi_fig7_data["site_population"].diff("route")).max()
    assert 1e-6 < float(transient) < 1e-2  # minute transient deviation in the site basis
    assert float(rabi_fig7_data["ness_residual"].max()) < 1e-12


def test_fig7_states_stay_physical(rabi_fig7_data):
    assert float(rabi_fig7_data["trace_error"].max()) < 1e-12
    assert float(rabi_fig7_data["hermiticity_error"].max()) < 1e-10
    assert float(rabi_fig7_data["purity"].max()) <= 1 + 1e-12
    assert float(rabi_fig7_data["site_population"].min()) > -1e-12
    assert rabi_fig7_data["purity"].isel(time=0).values == pytest.approx(1.0, abs=1e-4)
    initial = rabi_fig7_data["site_population"].sel(route="nonsecular").isel(time=0)
    assert int(np.argmax(initial.values)) == 5 and (int(initial.spin[5]), int(initial.n[5])) == (
        0,
        5,
    )


def test_secular_eigen_populations_follow_the_pauli_rates(rabi_fig7_data):
    """App. C: the secularised Lindbladian's populations obey dP/dt = W P (Eq. C2) exactly."""
    system = rabi(0.6, 0.05, 10)
    rho0 = product_state(system.dims, (0, 5))
    pauli = trajectory(nl.generator(system, local_channels(), "pauli"), rho0, FIG7_TIMES)
    secular = rabi_fig7_data["eigen_population"].sel(route="secular")
    assert float(np.abs(secular - pauli["eigen_population"]).max()) < 1e-12


def test_spectral_evolution_agrees_with_krylov(rabi_small):
    gen = nl.generator(
        rabi_small, [nl.Channel("sm", 0.02, "s"), nl.Channel("a", 0.05, "b")], "local"
    )
    rho0 = product_state(rabi_small.dims, (0, 3))
    times = np.linspace(0.0, 60.0, 7)
    krylov = nl.evolve(gen, rho0, times, e_ops=["sz"])
    spectral = nl.evolve(gen, rho0, times, e_ops=["sz"], method="spectral")
    assert np.abs(krylov.states - spectral.states).max() < 1e-10
    assert np.allclose(krylov.expect, spectral.expect, atol=1e-10)
    with pytest.raises(ValueError, match="unknown method .rk4.; valid: krylov, spectral"):
        nl.evolve(gen, rho0, times, method="rk4")


def test_spectral_evolution_is_exact_far_beyond_the_relaxation_time():
    """A two-level decay at 5e-12 of its splitting, and a defective rate matrix (Jordan block)."""
    qubit = nl.System(np.diag([0.5, -0.5]), [2], {"sm": np.array([[0, 0], [1, 0]])})
    rate = 5e-12
    gen = nl.generator(qubit, nl.Channel("sm", rate, "decay"), "local")
    plus = np.full((2, 2), 0.5)
    times = np.array([0.0, 1.0, 1e11, 1e12, 1e14])
    states = nl.evolve(gen, plus, times, method="spectral").states
    assert states[:, 0, 0].real == pytest.approx(0.5 * np.exp(-rate * times), rel=1e-12, abs=1e-15)
    coherence = 0.5 * np.exp(-1j * times - rate * times / 2)
    assert np.abs(states[:, 0, 1] - coherence).max() < 1e-12

    cascade = np.array([[-1.0, 0.0, 0.0], [1.0, -1.0, 0.0], [0.0, 1.0, 0.0]])
    three = nl.System(np.diag([0.0, 1.0, 2.0]), [3])
    rates = nl.Generator("cascade", three, PopulationSpace(3), np.zeros((3, 3)), {"w": cascade})
    t = np.array([0.0, 0.5, 2.0, 40.0])
    exact = np.array([np.exp(-t), t * np.exp(-t), 1 - (1 + t) * np.exp(-t)]).T
    evolved = nl.evolve(rates, np.eye(3)[:, [0]] @ np.eye(3)[[0]], t, method="spectral").states
    assert np.allclose(np.real(np.diagonal(evolved, axis1=1, axis2=2)), exact, atol=1e-12)


def test_dynamics_rejects_bad_times(rabi_small):
    gen = nl.generator(rabi_small, nl.Channel("sm", 0.1, "s"), "local")
    with pytest.raises(ValueError, match="strictly increasing"):
        trajectory(gen, product_state(rabi_small.dims, (0, 0)), [1.0, 1.0])
    with pytest.raises(ValueError, match="do not fit"):
        product_state(rabi_small.dims, (2, 0))
    other = nl.generator(rabi(0.7, 0.2, 8), nl.Channel("sm", 0.1, "s"), "local")
    with pytest.raises(ValueError, match="same system"):
        compare_dynamics({"a": gen, "b": other}, product_state(rabi_small.dims, (0, 0)), [1.0])


@pytest.mark.parametrize("delta", [2.0, 2.9])
def test_zero_temperature_redfield_relaxes_to_the_ground_state(delta):
    """Fig. 10, (T_s, T_b) = (0, 0): late-time state = ground state, no flux, purity back to 1."""
    system = rabi(delta, 0.2, 8)
    gen = nl.generator(system, redfield_baths(delta, 0.0, 0.0), "global")
    times = np.array([0.0, 1e5, 1e6, 1e9])
    late = nl.evolve(gen, product_state(system.dims, (0, 0)), times, method="spectral").states[-1]
    assert nl.trace_distance(late, nl.gibbs_state(system, 0.0)) < 1e-8
    assert nl.purity(late) == pytest.approx(1.0, abs=1e-8)
    assert abs(nl.flux(gen, late, "sz", "spin")) < 1e-10 * ETA_SPIN
    transient = nl.evolve(gen, product_state(system.dims, (0, 0)), times[:3], method="spectral")
    assert min(nl.purity(rho) for rho in transient.states) < 0.9


def test_fig10_lac_peak_persists_only_with_bias():
    """Fig. 10: at zero bias the late state (ground state) is smooth in Δ; with bias the LAC at
    Δ ≈ 2.9 lifts the late-time spin-down population far above its neighbours."""
    times = np.array([0.0, 1e9])
    late = {
        case: [dynamics_point(delta, *temps, times)["spin_down"][-1] for delta in (2.7, 2.9, 3.1)]
        for case, temps in CASES.items()
    }
    assert np.all(np.diff(late["unbiased"]) > 0)  # ground-state P_down grows smoothly with Δ
    biased = late["biased"]
    assert biased[1] - max(biased[0], biased[2]) > 0.05


def test_fig10_recipe(rabi_fig10_data):
    assert rabi_fig10_data.attrs["late_time_minus_ness"] < 1e-10
    unbiased, biased = rabi_fig10_data.sel(case="unbiased"), rabi_fig10_data.sel(case="biased")
    assert np.allclose(unbiased["ness_purity"].values, 1.0, atol=1e-10)
    assert float(biased["ness_purity"].max()) < 0.99
    assert np.allclose(rabi_fig10_data["spin_down"].isel(time=0).values, 0.0, atol=1e-3)
    early = np.abs(unbiased["spin_down"] - biased["spin_down"]).sel(time=slice(None, 10.0))
    assert float(early.max()) < 1e-2  # transient set by H, not by the baths


def test_marginal_population_sums_out_the_other_subsystem(rabi_fig7_data):
    spin = marginal_population(rabi_fig7_data["site_population"], (2, 10), 0)
    assert spin.dims == ("route", "time", "state")
    assert np.allclose(spin.sum("state").values, 1.0, atol=1e-12)
    with pytest.raises(ValueError, match="do not match"):
        marginal_population(rabi_fig7_data["site_population"], (2, 9), 0)


def test_fig9_cli_round_trip(rabi_fig9_cli):
    """Fig. 9 through the CLI: T_s = T_b = 0 is the ground state with zero flux; the flux grows
    with the spin-bath temperature and the biased NESS departs from the thermal state."""
    assert {"rabi-fig7", "rabi-fig9", "rabi-fig10"} <= set(FIGURES)
    data = rabi_fig9_cli
    cold = data.sel(t_spin=0.0)
    assert np.allclose(cold["spin_down"].values, cold["thermal_spin_down"].values, atol=1e-10)
    assert float(np.abs(cold["spin_flux"]).max()) < 1e-12
    assert np.all(data["spin_flux"].diff("t_spin").values > 0)
    hot = data.sel(t_spin=2.5)
    assert float(np.abs(hot["spin_down"] - hot["thermal_spin_down"]).max()) > 0.05
    assert data.attrs["cutoff_check_spin_down"] < 1e-4
    assert float(data["secular_margin"].min()) > 1
    assert "eta_s" in data.attrs["sign_convention"] and data.attrs["points"] == 3
