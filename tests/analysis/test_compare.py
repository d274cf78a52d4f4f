"""nesslab.compare on seed 002's dimer and seed 000's Rabi model (SPECS.md §2, seed 000)."""

import warnings

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

import nesslab as nl
from nesslab import models, spectral
from nesslab.analysis.compare_table import comparison_table
from nesslab.generators.approach import Approach
from nesslab.generators.redfield import global_

from references import bose
from setups import tls_dimer_environment

PS = {"partial_secular": {"tolerance": 1.0}}  # SPECS §2.1: the window of seed 002's PS
DIMER = ("local", "global", "partial_secular", "redfield", "pauli")
C1 = 0.002
G1 = C1 * (bose(1.0, 0.2) + 0.5)  # g₁ = γ₁(n₁ + ½) ≈ 1.01e-3 (g₂ ≈ 2g₁)


def dimer(coupling, detuning=0.0, c1=C1):
    system, _, baths = tls_dimer_environment(coupling, detuning, c1=c1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nl.compare(system, baths, DIMER, options=PS)


def fails(dataset, approach, assumption):
    return bool(dataset["margin_fails"].sel(approach=approach, assumption=assumption))


def test_local_fails_at_strong_coupling_global_at_weak():
    """Δω = 0: Ω ≪ g drops the |+⟩,|−⟩ coherence that carries the current (global's current
    stays finite as Ω → 0), Ω ≫ g shifts the rates by ±Ω (local uses P at ω, not ω ± Ω)."""
    system, _, baths = tls_dimer_environment(0.1 * G1, 0.0, c1=C1)
    with pytest.warns(nl.ValidityWarning, match=r"'global': the secular assumption fails"):
        weak = nl.compare(system, baths, DIMER, options=PS)
    assert fails(weak, "global", "secular") and fails(weak, "pauli", "secular")
    assert not fails(weak, "local", "local") and not fails(weak, "partial_secular", "secular")
    currents = weak["heat_current"].sel(bath="1")
    assert currents.sel(approach="partial_secular") == pytest.approx(
        float(currents.sel(approach="local")), rel=1e-4
    )
    assert abs(currents.sel(approach="global") / currents.sel(approach="local")) > 10
    strong = dimer(100 * G1)
    assert fails(strong, "local", "local")
    assert not fails(strong, "global", "secular")
    assert not fails(strong, "partial_secular", "secular")


def test_at_omega_about_g_local_holds_and_global_does_not():
    """Ω = g₁, Δω = 0: local and PS agree to 1e-4 (SPECS §2.6: PS ≈ local at Δω = 0) and
    neither is flagged; global is 2–3× off there (its secular margin is ≈ 2), and flagged."""
    dataset = dimer(G1)
    currents = dataset["heat_current"].sel(bath="1")
    local, ps = (
        float(currents.sel(approach="local")),
        float(currents.sel(approach="partial_secular")),
    )
    assert ps == pytest.approx(local, rel=1e-4)
    assert not fails(dataset, "local", "local") and not fails(dataset, "partial_secular", "secular")
    assert currents.sel(approach="global") / ps > 2
    assert 1 < dataset["margin"].sel(approach="global", assumption="secular") < 10
    distances = dataset["trace_distance"]
    near = float(distances.sel(approach="partial_secular", other="local"))
    assert near < float(distances.sel(approach="global", other="local")) / 10
    assert np.allclose(distances.values, distances.values.T) and np.all(np.diag(distances) == 0)


def test_local_fails_at_large_detuning():
    """Δω = −0.09: bath 1 also acts at ≈ ω₂ through the admixed σ₂, with the rate at ω₁; the
    local j^st is 10× below PS/global (SPECS §2.5: j = 1.2916e−5 vs 1.3130e−4, c₁ = 0.01)."""
    dataset = dimer(0.01, -0.09, c1=0.01)
    j = -dataset["heat_current"].sel(bath="1") / 0.01
    assert float(j.sel(approach="local")) == pytest.approx(1.291628e-5, rel=1e-5)
    assert float(j.sel(approach="partial_secular")) == pytest.approx(1.312985e-4, rel=1e-4)
    assert float(j.sel(approach="global")) == pytest.approx(1.363712e-4, rel=1e-5)
    assert fails(dataset, "local", "local")
    assert not fails(dataset, "global", "secular")


def test_second_law_and_first_law_at_detuning_minus_012():
    """SPECS §2.2 [verified]: Δω = −0.12, Ω = 0.01, c₁ = 0.01 — local J₁ = +1.5048e−7 and
    σ = −6.840e−8 < 0 (flagged), global −7.8351e−7, PS −7.6444e−7, Redfield −7.6538e−7."""
    dataset = dimer(0.01, -0.12, c1=0.01)
    currents = dataset["heat_current"].sel(bath="1")
    expected = {
        "local": 1.5048e-7,
        "global": -7.8351e-7,
        "partial_secular": -7.6444e-7,
        "redfield": -7.6538e-7,
    }
    for approach, value in expected.items():
        assert float(currents.sel(approach=approach)) == pytest.approx(value, rel=1e-4)
    assert float(dataset["entropy_production"].sel(approach="local")) == pytest.approx(
        -6.840e-8, rel=1e-3
    )
    assert int(dataset["second_law"].sel(approach="local")) == -1
    assert bool(dataset["second_law_violated"].sel(approach="local"))
    for approach in ("global", "partial_secular", "redfield", "pauli"):
        assert int(dataset["second_law"].sel(approach=approach)) == 1
        assert float(dataset["entropy_production"].sel(approach=approach)) > 0
    absolute = np.abs(dataset["heat_current"]).sum("bath")
    assert np.all(np.abs(dataset["heat_current_sum"]) <= 1e-10 * absolute)
    assert np.all(dataset["first_law_residual"] < 1e-10)
    assert "VIOLATED" in comparison_table(dataset).splitlines()[1]


def test_equal_temperatures_gibbs_and_positivity():
    """With both baths at their mean temperature the consistent approaches relax to the Gibbs
    state of H; the local approach (bare operators, Ω ≠ 0) does not."""
    dataset = dimer(0.01)
    for approach in ("global", "partial_secular", "pauli"):
        assert float(dataset["gibbs_distance"].sel(approach=approach)) < 1e-12
    assert float(dataset["gibbs_distance"].sel(approach="local")) > 1e-5
    assert bool(dataset["positive"].all())
    assert float(dataset["trace_distance"].sel(approach="global", other="pauli")) < 1e-12


def rabi_baths(t_spin=0.0, t_boson=0.0, rates=(5e-12, 5e-6)):
    """Seed 000's rates as flat baths, J = r/2 (at T = 0 the local channels σ₋ at r_s, a at r_b)."""
    return [
        nl.Bath("sx", spectral.Flat(rates[0] / 2), t_spin, "spin"),
        nl.Bath("x", spectral.Flat(rates[1] / 2), t_boson, "boson"),
    ]


def lowest_avoided_crossing():
    """Δ/ω of the |↑,0⟩–|↓,5⟩ avoided crossing (λ = 0.2, N_b = 20): the minimum of E₆ − E₅."""
    gap = lambda delta: np.diff(models.rabi(delta, 0.2, 20).eigen[0])[5]  # noqa: E731
    best = minimize_scalar(gap, bounds=(4.88, 4.92), method="bounded", options={"xatol": 1e-10})
    return best.x, best.fun


def test_rabi_secular_approaches_flagged_at_the_avoided_crossing_only():
    """At the Δ/ω ≈ 4.8997 crossing the gap (1.1e-4) is only ~7 boson rates: "pauli" and
    "global" are flagged; at Δ/ω = 2 every gap exceeds the rates by > 10³."""
    delta, gap = lowest_avoided_crossing()
    assert delta == pytest.approx(4.8997, abs=1e-4) and gap == pytest.approx(1.1e-4, rel=1e-2)
    system = models.rabi(delta, 0.2, 20)
    with pytest.warns(nl.ValidityWarning) as record:
        crossing = nl.compare(system, rabi_baths(), ("pauli", "global"))
    messages = [str(w.message) for w in record if w.category is nl.ValidityWarning]
    for approach in ("pauli", "global"):
        assert fails(crossing, approach, "secular")
        assert any(f"'{approach}': the secular assumption fails" in m for m in messages)
    assert any(f"Bohr-frequency difference {gap:.2g}" in m for m in messages)
    with warnings.catch_warnings():
        warnings.simplefilter("error", nl.ValidityWarning)
        away = nl.compare(models.rabi(2.0, 0.2, 20), rabi_baths(), ("pauli", "global"))
    assert not away["margin_fails"].any()
    assert np.all(away["margin"].sel(assumption="secular") > 1e3)


def test_every_registered_approach_is_compared_or_reported(monkeypatch):
    """Default: the registry at call time. A new entry is compared at once (no margins: its
    assumptions are not declared); one that takes Channels only, or lacks a required option,
    is reported in ``status``."""
    monkeypatch.setitem(
        nl.APPROACHES, "global_copy", Approach(global_, (nl.Bath,), True, "test copy of global")
    )
    system, channels, baths = tls_dimer_environment(0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dataset = nl.compare(system, baths)
        on_channels = nl.compare(system, channels, ("local", "global", "toy_rates"))
    assert list(dataset["approach"].values) == list(nl.APPROACHES)
    status = dataset["status"].to_series()
    assert status["global_copy"] == "ok"
    assert dataset["heat_current"].sel(approach="global_copy").values == pytest.approx(
        dataset["heat_current"].sel(approach="global").values, rel=1e-14
    )
    assert np.all(np.isnan(dataset["margin"].sel(approach="global_copy")))
    assert status["toy_rates"] == "not applicable: takes Channel objects"
    assert status["heom"].startswith("not run: needs option(s) depth")
    assert np.all(np.isnan(dataset["heat_current"].sel(approach="heom")))
    assert on_channels["status"].sel(approach="toy_rates").item() == "ok"
    assert on_channels["status"].sel(approach="global").item().startswith("not applicable")


def test_bad_input_is_refused():
    system, _, baths = tls_dimer_environment(0.01)
    with pytest.raises(ValueError, match="unknown approach 'globl'"):
        nl.compare(system, baths, ("globl",))
    with pytest.raises(ValueError, match="options given for approaches not compared: heom"):
        nl.compare(system, baths, ("global",), options={"heom": {"depth": 2}})
    with pytest.raises(ValueError, match=r"options\['global'\]: unknown option\(s\) tolerance"):
        nl.compare(system, baths, ("global",), options={"global": {"tolerance": 1.0}})
    with pytest.raises(TypeError, match="environment must be"):
        nl.compare(system, [], ("global",))
