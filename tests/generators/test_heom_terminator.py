"""The HEOM terminator: QuTiP's Δ and steady state, the first law, Matsubara convergence."""

import numpy as np
import pytest

import nesslab as nl
from nesslab import models
from nesslab.environment.spectral import DrudeLorentz
from nesslab.figures.nesb import nesb_environment

qutip = pytest.importorskip("qutip")
heom_module = pytest.importorskip("qutip.solver.heom")

LAM, GAMMA = 0.05, 1.0


def baths(t_hot=1.0, t_cold=0.5):
    return [
        nl.Bath("sx", DrudeLorentz(LAM, GAMMA), t_hot, "hot"),
        nl.Bath("s_theta", DrudeLorentz(LAM, GAMMA), t_cold, "cold"),
    ]


def current(n_exponents, decomposition="pade", terminator=False, depth=4):
    system = models.spin_boson(0.5, np.pi / 4)
    generator = nl.generator(
        system,
        baths(),
        "heom",
        depth=depth,
        n_exponents=n_exponents,
        decomposition=decomposition,
        terminator=terminator,
    )
    currents = nl.heat_currents(generator, nl.steady_state(generator, method="direct"))
    return currents["hot"], currents.first_law_residual, generator


@pytest.mark.parametrize("kind", ["pade", "matsubara"])
def test_strength_and_steady_state_match_qutip(kind):
    """QuTiP's Drude–Lorentz baths with ``terminator()`` added to the system Liouvillian."""
    system = models.spin_boson(0.5, np.pi / 4)
    generator = nl.generator(
        system, baths(), "heom", depth=3, n_exponents=3, decomposition=kind, terminator=True
    )
    make = heom_module.DrudeLorentzPadeBath if kind == "pade" else heom_module.DrudeLorentzBath
    liouvillian, reference_baths = qutip.liouvillian(qutip.Qobj(system.H)), []
    for bath in baths():
        coupling = qutip.Qobj(system.op(bath.coupling))
        reference = make(coupling, LAM, GAMMA, bath.temperature, 2, tag=bath.name)
        delta, term = reference.terminator()
        assert abs(delta.imag) < 1e-15
        assert generator.options["terminator"][bath.name] == pytest.approx(delta.real, abs=1e-15)
        liouvillian, reference_baths = liouvillian + term, [*reference_baths, reference]
    rho, _ = heom_module.HEOMSolver(liouvillian, reference_baths, max_depth=3).steady_state()
    state = nl.steady_state(generator, method="direct")
    assert nl.trace_distance(state.rho, rho.full()) < 1e-12


def test_first_law_holds_exactly_with_terminators_on_non_commuting_couplings():
    """The other baths' terminators enter the bath-side current: Σ J = 0 to round-off even where
    the terminator is large (Matsubara, 2 exponentials, Δ_cold ≈ 4e-3)."""
    plain, _, _ = current(2, "matsubara")
    terminated, residual, generator = current(2, "matsubara", terminator=True)
    assert min(generator.options["terminator"].values()) > 1e-3
    assert abs(terminated / plain - 1) > 0.1
    assert residual < 1e-12


def test_terminator_speeds_up_the_matsubara_convergence():
    """Against the converged Padé current: the error drops 3× at 2 and 4 Matsubara terms."""
    exact, _, _ = current(6)
    for n_exponents in (2, 4):
        plain = abs(current(n_exponents, "matsubara")[0] / exact - 1)
        terminated = abs(current(n_exponents, "matsubara", terminator=True)[0] / exact - 1)
        assert terminated < plain / 3


def test_terminator_needs_an_analytic_expansion_and_has_no_counting_field():
    system = models.spin_boson(0.5, np.pi / 4)
    environment, fitted = nesb_environment((0.1, 0.1), (1.0, 0.5))  # seed 004's fits
    with pytest.raises(ValueError, match="analytic expansions"):
        nl.generator(system, environment, "heom", depth=2, expansions=fitted, terminator=True)
    _, _, generator = current(3, terminator=True, depth=2)
    with pytest.raises(ValueError, match="terminator"):
        nl.current_statistics(generator)
