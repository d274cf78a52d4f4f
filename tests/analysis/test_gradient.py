"""Adjoint gradients of NESS currents and observables against finite differences of solves."""

import numpy as np
import pytest

import nesslab as nl
from nesslab.analysis.response import steady_state_gradient
from nesslab.figures.rabi import local_channels


def two_qubits(omega, g, t_a, t_b, gamma):
    system = nl.models.two_qubits_xy(omega, g)
    baths = [
        nl.Bath("sx_a", nl.spectral.Flat(gamma / 2), t_a, "a"),
        nl.Bath("sx_b", nl.spectral.Flat(gamma / 2), t_b, "b"),
    ]
    return nl.generator(system, baths, "global")


def local_rabi(delta, coupling, rate_spin, rate_boson):
    """Seed 000's local Rabi model (N_b = 12) with channels √r_s σ₋ and √r_b a."""
    system = nl.models.rabi(delta, coupling, 12)
    return nl.generator(system, local_channels((rate_spin, rate_boson)), "local")


def redfield_rabi(delta, coupling, t_spin, t_boson):
    system = nl.models.rabi(delta, coupling, 8)
    baths = [
        nl.Bath("sx", nl.spectral.Ohmic(1e-2, 1.3), t_spin, "spin"),
        nl.Bath("x", nl.spectral.Ohmic(1e-2, 1.0), t_boson, "boson"),
    ]
    return nl.generator(system, baths, "redfield")


def central_differences(build, point, observables, step=1e-4):
    result = {}
    for name in point:
        h = step * abs(point[name])
        values = []
        for sign in (1, -1):
            generator = build(**{**point, name: point[name] + sign * h})
            state = nl.steady_state(generator)
            currents = dict(nl.heat_currents(generator, state))
            for label, op in observables.items():
                currents[label] = np.trace(generator.system.op(op) @ state.rho).real
            values.append(currents)
        for key in values[0]:
            result.setdefault(key, []).append((values[0][key] - values[1][key]) / (2 * h))
    return {key: np.array(v) for key, v in result.items()}


CASES = [
    (two_qubits, dict(omega=10.0, g=2.0, t_a=6.0, t_b=4.0, gamma=1.0), {"sz_a": "sz_a"}),
    (local_rabi, dict(delta=1.3, coupling=0.2, rate_spin=5e-3, rate_boson=5e-2), {"sz": "sz"}),
    (redfield_rabi, dict(delta=1.3, coupling=0.2, t_spin=1.0, t_boson=0.5), {}),
]


@pytest.mark.parametrize(("build", "point", "observables"), CASES)
def test_adjoint_gradient_equals_central_differences_of_steady_states(build, point, observables):
    gradient = steady_state_gradient(build, point, observables=observables)
    numeric = central_differences(build, point, observables)
    assert gradient.parameters == tuple(point)
    for bath, values in gradient.currents.items():
        np.testing.assert_allclose(
            values, numeric[bath], rtol=1e-6, atol=1e-9 * np.abs(values).max()
        )
    for label, values in gradient.observables.items():
        np.testing.assert_allclose(
            values, numeric[label], rtol=1e-6, atol=1e-9 * np.abs(values).max()
        )
    assert gradient.stencil_error < 1e-4
    # first law: the currents' gradients sum to zero (a NESS at every p)
    total = sum(gradient.currents.values())
    assert np.abs(total).max() < 1e-9 * max(np.abs(v).max() for v in gradient.currents.values())


@pytest.mark.filterwarnings("ignore::nesslab.SecularApproximationWarning")
def test_gradient_refuses_spaces_without_a_site_form_and_empty_parameters():
    def pauli(t_a):
        system = nl.models.two_qubits_xy(10.0, 2.0)
        baths = [
            nl.Bath("sx_a", nl.spectral.Flat(0.5), t_a, "a"),
            nl.Bath("sx_b", nl.spectral.Flat(0.5), 1.0, "b"),
        ]
        return nl.generator(system, baths, "pauli")

    with pytest.raises(ValueError, match="density-matrix generator"):
        steady_state_gradient(pauli, {"t_a": 2.0})
    with pytest.raises(ValueError, match="at least one parameter"):
        steady_state_gradient(pauli, {})
