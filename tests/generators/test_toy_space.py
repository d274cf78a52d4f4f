"""The test-only approach "toy_rates" (``tests/toy_approach.py``): a new space, no library edit.

The registry-parametrised suites (invariants, steady-state methods) run on it because it is
registered; here its own physics is checked against a closed form, and the invariants are
shown to catch a broken rate equation.
"""

import numpy as np
import pytest

import nesslab as nl
from nesslab.environment.baths import Channel

from cases import Case
from invariants import INVARIANTS, applicable, trace_is_preserved
from references import bose
from toy_approach import CumulativeSpace

QUBIT_GAP = 0.7


def qubit():
    return nl.System(
        np.diag([QUBIT_GAP / 2, -QUBIT_GAP / 2]), [2], {"sm": np.array([[0, 0], [1, 0]])}
    )


def test_the_toy_is_registered_and_tested_by_the_registry_suites():
    assert "toy_rates" in nl.APPROACHES
    checked = {check.__name__ for case, check in applicable([Case("toy_rates", Channel)])}
    assert {"trace_is_preserved", "steady_state_is_a_state_and_obeys_the_first_law"} <= checked
    assert "equal_temperatures_give_gibbs_and_no_current" not in checked  # not consistent


def test_two_state_rate_equation_matches_its_closed_form():
    """Decay γ(n+1), excitation γn at temperature T: p_up = n/(2n+1), J = ω(γn p↓ − γ(n+1) p↑)."""
    gamma, temperature = 0.02, 0.5
    n = bose(QUBIT_GAP, temperature)
    system = qubit()
    channels = [
        nl.Channel("sm", gamma * (n + 1), "bath", temperature),
        nl.Channel(system.op("sm").T, gamma * n, "bath", temperature),
        nl.Channel("sm", 0.01, "cold", 0.1),
    ]
    gen = nl.generator(system, channels, "toy_rates")
    assert isinstance(gen.space, CumulativeSpace)
    state = nl.steady_state(gen)
    up = system.eigen[1][:, 1]
    p_up = float(np.real(up.conj() @ state.rho @ up))
    decay = gamma * (n + 1) + 0.01
    assert p_up == pytest.approx(gamma * n / (gamma * n + decay), rel=1e-12)
    currents = nl.heat_currents(gen, state)
    expected = QUBIT_GAP * (gamma * n * (1 - p_up) - gamma * (n + 1) * p_up)
    assert currents["bath"] == pytest.approx(expected, rel=1e-10)
    assert currents.first_law_residual < 1e-12
    assert nl.entropy_production(gen, state) > 0


@pytest.mark.parametrize("method", ["auto", "direct", "eigen", "iterative", "reduced"])
def test_every_method_name_solves_the_toy_space(method):
    gen = nl.generator(qubit(), [nl.Channel("sm", 0.1, "bath")], "toy_rates")
    state = nl.steady_state(gen, method=method)
    assert state.rho[1, 1].real == pytest.approx(1.0, abs=1e-12)  # decay to the ground state
    if method == "reduced":  # the Schur reduction is for density matrices: said, not hidden
        assert any("does not apply to CumulativeSpace" in note for note in state.notes)


def test_the_invariants_catch_a_rate_equation_that_loses_probability(monkeypatch):
    import toy_approach

    original = toy_approach.toy_rates

    def leaky(system, environment):
        gen = original(system, environment)
        parts = {name: part - 1e-3 * np.eye(part.shape[0]) for name, part in gen.parts.items()}
        return nl.Generator(gen.approach, system, gen.space, gen.coherent, parts)

    monkeypatch.setitem(
        nl.APPROACHES,
        "toy_rates",
        nl.APPROACHES["toy_rates"].__class__(leaky, (Channel,), False, "leaky"),
    )
    with pytest.raises(AssertionError):
        trace_is_preserved(Case("toy_rates", Channel))
    assert trace_is_preserved in INVARIANTS
