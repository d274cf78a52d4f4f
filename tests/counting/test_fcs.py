"""Full counting statistics: closed forms, fluctuation theorem, mean = current, TUR, QuTiP."""

import numpy as np
import pytest
import qutip

import nesslab as nl
from nesslab.counting import (
    counting_field,
    current_statistics,
    scaled_cumulant_generating_function,
)
from nesslab.environment import spectral

OMEGA, T_HOT, T_COLD, C_HOT, C_COLD = 1.0, 2.0, 0.5, 0.05, 0.03
SX = np.array([[0, 1], [1, 0]], dtype=complex)


def qubit(bare: bool = False) -> nl.System:
    H = np.diag([OMEGA / 2, -OMEGA / 2]).astype(complex)  # |e⟩ first
    operators = {"sx": SX, "sm": np.array([[0, 0], [1, 0]], dtype=complex)}
    if bare:
        operators["bare_qubit"] = H
    return nl.System(H, [2], operators)


def two_baths() -> list[nl.Bath]:
    return [
        nl.Bath("sx", spectral.Flat(C_HOT), T_HOT, "hot"),
        nl.Bath("sx", spectral.Flat(C_COLD), T_COLD, "cold"),
    ]


def closed_form_rates():
    """Excitation a and decay b of each bath: 2J n and 2J (n + 1), J = Flat's value."""
    n_hot, n_cold = 1 / np.expm1(OMEGA / T_HOT), 1 / np.expm1(OMEGA / T_COLD)
    return (
        2 * C_HOT * n_hot,
        2 * C_HOT * (n_hot + 1),
        2 * C_COLD * n_cold,
        2 * C_COLD * (n_cold + 1),
    )


@pytest.mark.parametrize("approach", ["global", "pauli"])
def test_two_level_system_cumulants_and_theta_against_the_two_state_closed_form(approach):
    """L(s) = [[−A, b_h e^{−sω} + b_c], [a_h e^{sω} + a_c, −B]] on (g, e): θ² + Sθ − f(s) = 0,
    f(s) = a_h b_c (e^{sω} − 1) + a_c b_h (e^{−sω} − 1), S = A + B; hence J = f₁/S,
    c₂ = (f₂ − 2J²)/S, c₃ = (f₃ − 6Jc₂)/S with f_n = ωⁿ a_h b_c + (−ω)ⁿ a_c b_h."""
    a_h, b_h, a_c, b_c = closed_form_rates()
    total = a_h + b_h + a_c + b_c
    f = [OMEGA**n * a_h * b_c + (-OMEGA) ** n * a_c * b_h for n in (1, 2, 3)]
    mean = f[0] / total
    second = (f[1] - 2 * mean**2) / total
    third = (f[2] - 6 * mean * second) / total
    generator = nl.generator(qubit(), two_baths(), approach)
    hot = current_statistics(generator)["hot"]
    assert hot.mean == pytest.approx(mean, rel=1e-12)
    assert hot.variance == pytest.approx(second, rel=1e-12)
    assert hot.third == pytest.approx(third, rel=1e-12)
    chi = np.array([0.1, 0.5, -0.8 + 0.3j])
    s = 1j * chi
    exact = -total / 2 + np.sqrt(total**2 / 4 + a_h * b_c * np.expm1(s) + a_c * b_h * np.expm1(-s))
    theta = scaled_cumulant_generating_function(generator, "hot", chi)
    np.testing.assert_allclose(theta, exact, rtol=1e-12, atol=1e-15)


def test_energy_exchanged_with_the_two_baths_is_perfectly_anticorrelated():
    """Q_hot + Q_cold is the system's energy change, bounded: C_hc = −C_hh = −C_cc."""
    statistics = current_statistics(nl.generator(qubit(), two_baths(), "global"))
    c = statistics.covariance
    assert c[0, 1] == pytest.approx(-c[0, 0], rel=1e-10)
    assert c[1, 1] == pytest.approx(c[0, 0], rel=1e-10)
    assert statistics["cold"].mean == pytest.approx(-statistics["hot"].mean, rel=1e-12)


def dimer_generator(approach):
    system = nl.models.tls_dimer(1.0, 1.3, 0.12)
    baths = [
        nl.Bath("x1", spectral.Ohmic(0.02, 5.0), 1.5, "hot"),
        nl.Bath("x2", spectral.Ohmic(0.01, 5.0), 0.4, "cold"),
    ]
    return nl.generator(system, baths, approach)


@pytest.mark.parametrize("chi", [0.4, -1.1 + 0.2j, 0.3j])
def test_gallavotti_cohen_symmetry_of_the_global_approach(chi):
    """θ(χ) = θ(−χ + i(β_c − β_h)) for the energy from the hot bath (two coupled TLSs)."""
    generator = dimer_generator("global")
    shift = 1j * (1 / 0.4 - 1 / 1.5)
    forward = scaled_cumulant_generating_function(generator, "hot", [chi])[0]
    backward = scaled_cumulant_generating_function(generator, "hot", [-chi + shift])[0]
    assert abs(forward - backward) < 1e-10 * max(abs(forward), 1e-6)
    assert abs(forward) > 1e-5  # not trivially zero


@pytest.mark.parametrize("approach", ["global", "pauli"])
def test_mean_of_the_counting_statistics_is_the_heat_current(approach):
    generator = dimer_generator(approach)
    state = nl.steady_state(generator)
    currents = nl.heat_currents(generator, state)
    statistics = current_statistics(generator, state, order=2)
    for name in ("hot", "cold"):
        assert statistics[name].mean == pytest.approx(currents[name], rel=1e-12)


def test_local_approach_counts_bare_quanta_and_its_mean_is_the_bare_energy_current():
    """[H₀, L] = −ωL for the local dimer's jumps: the mean is Tr[H₀ D_α(ρ)], which differs from
    Tr[H D_α(ρ)] (heat_currents) by the inter-qubit coupling's share."""
    system = nl.models.tls_dimer(1.0, 1.3, 0.12)
    n = 1 / np.expm1(1.0 / 1.5)
    channels = [
        nl.Channel("s1", 0.02 * (n + 1), "hot", 1.5),
        nl.Channel(system.op("s1").conj().T, 0.02 * n, "hot", 1.5),
        nl.Channel("s2", 0.01, "cold", 0.4),
    ]
    generator = nl.generator(system, channels, "local")
    state = nl.steady_state(generator)
    statistics = current_statistics(generator, state)
    bare = sum(system.op(name) for name in system.operators if name.startswith("bare_"))
    for name in ("hot", "cold"):
        part = generator.parts[name]
        drho = (part @ state.vector).reshape(4, 4, order="F")
        assert statistics[name].mean == pytest.approx(np.trace(bare @ drho).real, rel=1e-12)
    assert abs(statistics["hot"].mean - nl.heat_currents(generator, state)["hot"]) > 1e-8


@pytest.mark.parametrize(
    ("approach", "options"),
    [
        ("redfield", {}),
        ("partial_secular", {}),
        ("partial_secular", {"criterion": "frequency_sign"}),
    ],
)
def test_redfield_family_mean_is_the_heat_current_plus_the_hamiltonian_part(approach, options):
    """Counting field in the correlation function: the mean is Tr[H D_α(ρ)] +
    Tr(ρ [H, X†Λ − Λ†X]) with Λ_ab = X_ab P(E_b − E_a)/2 (eigenbasis, P the power spectrum)."""
    generator = nl.generator(
        nl.models.tls_dimer(1.0, 1.3, 0.12),
        [
            nl.Bath("x1", spectral.Ohmic(0.02, 5.0), 1.5, "hot"),
            nl.Bath("x2", spectral.Ohmic(0.01, 5.0), 0.4, "cold"),
        ],
        approach,
        **options,
    )
    state = nl.steady_state(generator)
    mean = current_statistics(generator, state, bath="hot", order=2)["hot"].mean
    energies, vectors = generator.system.eigen
    x = vectors.conj().T @ generator.system.op("x1") @ vectors
    emitted = energies[None, :] - energies[:, None]
    lam = x * spectral.power_spectrum(spectral.Ohmic(0.02, 5.0), 1.5, emitted) / 2
    if options:  # seed 002's criterion: X and Λ split by the sign of the emitted frequency
        masks = [emitted > 1e-9, np.abs(emitted) <= 1e-9, emitted < -1e-9]
        pieces = [(np.where(m, x, 0), np.where(m, lam, 0)) for m in masks]
    else:
        pieces = [(x, lam)]
    rho = vectors.conj().T @ state.rho @ vectors
    H = np.diag(energies)
    hamiltonian_part = sum(
        np.trace(
            rho
            @ (
                H @ (xs.conj().T @ ls - ls.conj().T @ xs)
                - (xs.conj().T @ ls - ls.conj().T @ xs) @ H
            )
        ).real
        for xs, ls in pieces
    )
    current = nl.heat_currents(generator, state)["hot"]
    assert mean == pytest.approx(current + hamiltonian_part, rel=1e-11)
    assert abs(hamiltonian_part) > 1e-4 * abs(current)  # the difference is there


def random_model(rng, dim):
    energies = np.sort(rng.uniform(0, 3, dim))
    vectors = np.linalg.qr(rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim)))[0]
    H = vectors @ np.diag(energies) @ vectors.conj().T
    operators = {}
    for name in ("a", "b"):
        x = rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim))
        operators[name] = x + x.conj().T
    system = nl.System(H, [dim], operators)
    t_a, t_b = rng.uniform(0.2, 3.0, 2)
    baths = [
        nl.Bath("a", spectral.Ohmic(rng.uniform(0.005, 0.05), 5.0), t_a, "a"),
        nl.Bath("b", spectral.Ohmic(rng.uniform(0.005, 0.05), 5.0), t_b, "b"),
    ]
    return system, baths


@pytest.mark.parametrize("approach", ["global", "pauli"])
def test_thermodynamic_uncertainty_relation_on_random_models(approach):
    rng = np.random.default_rng(11)
    ratios = []
    for _ in range(12):
        system, baths = random_model(rng, int(rng.integers(2, 5)))
        statistics = current_statistics(nl.generator(system, baths, approach), order=2)
        ratios.append(statistics["a"].tur_ratio)
        if approach == "pauli":
            assert statistics["a"].kur_ratio >= 1.0
    assert min(ratios) >= 2.0
    assert statistics["a"].tur_bound == 2.0


def test_jump_and_energy_counting_of_channels_against_qutip_countstat():
    """Local qubit with decay and excitation channels of one bath and decay into another:
    QuTiP's per-channel cross noise S_ij gives the total-count and the energy noise."""
    gamma_h, n_h, gamma_c = 0.04, 0.8, 0.02
    system = qubit(bare=True)
    sm = system.op("sm")
    channels = [
        nl.Channel(sm, gamma_h * (n_h + 1), "hot", 2.0),
        nl.Channel(sm.conj().T, gamma_h * n_h, "hot", 2.0),
        nl.Channel(sm, gamma_c, "cold", 0.5),
    ]
    generator = nl.generator(system, channels, "local")
    jumps = current_statistics(generator, bath="hot", kind="jumps", order=2)["hot"]
    energy = current_statistics(generator, bath="hot", order=2)["hot"]
    H = qutip.Qobj(system.H)
    c_ops = [np.sqrt(channel.rate) * qutip.Qobj(channel.operator) for channel in channels]
    L = qutip.liouvillian(H, c_ops)
    # given the steady state: without it QuTiP 5.3 solves for a different one (its current is
    # 2 % off here); its sparse "direct" noise agrees to 1e-8, its dense pseudo-inverse
    # (sparse=False) only to 3e-6
    rho = qutip.steadystate(L)
    result = qutip.countstat_current_noise(L, c_ops[:2], rhoss=rho)
    currents, noise = np.asarray(result[0]), np.asarray(result[1]).reshape(2, 2)
    assert jumps.mean == pytest.approx(sum(currents), rel=1e-10)
    assert jumps.variance == pytest.approx(noise.sum(), rel=1e-7)
    steps = np.array([-OMEGA, OMEGA])  # decay gives the bath ω, excitation takes it
    assert energy.mean == pytest.approx(steps @ currents, rel=1e-10)
    assert energy.variance == pytest.approx(steps @ noise @ steps, rel=1e-7)
    # exact: the 2×2 tilted rate matrix with e^s on both hot jumps, f(s) = a b (e^{2s} − 1)
    # + (a b_c)(e^s − 1) (a, b the hot excitation and decay rates): c₂ = (f₂ − 2J²)/S
    a, b = gamma_h * n_h, gamma_h * (n_h + 1)
    total = a + b + gamma_c
    f1, f2 = 2 * a * b + a * gamma_c, 4 * a * b + a * gamma_c
    assert jumps.mean == pytest.approx(f1 / total, rel=1e-12)
    assert jumps.variance == pytest.approx((f2 - 2 * (f1 / total) ** 2) / total, rel=1e-12)


def test_bad_input():
    generator = nl.generator(qubit(), two_baths(), "global")
    toy = nl.generator(qubit(), [nl.Channel("sm", 0.1, "hot")], "toy_rates")
    message = "counting is implemented for global, heom, local, partial_secular, pauli, redfield"
    with pytest.raises(ValueError, match=message):
        counting_field(toy, "hot")
    from_channels = nl.generator(qubit(), [nl.Channel("sm", 0.1, "hot")], "partial_secular")
    with pytest.raises(ValueError, match="Baths only"):
        counting_field(from_channels, "hot")
    with pytest.raises(ValueError, match="energy counting only"):
        counting_field(nl.generator(qubit(), two_baths(), "redfield"), "hot", "jumps")
    with pytest.raises(ValueError, match="bath 'warm' is not a part.*'hot', 'cold'"):
        current_statistics(generator, bath="warm")
    with pytest.raises(ValueError, match="kind must be one of"):
        counting_field(generator, "hot", "charge")
    with pytest.raises(ValueError, match="counting='jumps' needs the jumps of a channel"):
        counting_field(generator, "hot", "jumps")
    with pytest.raises(ValueError, match="order must be 2 or 3"):
        current_statistics(generator, order=4)
    local = nl.generator(qubit(), [nl.Channel("sm", 0.1, "hot")], "local")
    with pytest.raises(ValueError, match="declares none"):
        counting_field(local, "hot")
    dephasing = nl.generator(
        qubit(bare=True), [nl.Channel(np.diag([1.0, 0.0]) + SX, 0.1, "hot")], "local"
    )
    with pytest.raises(ValueError, match="not an eigenoperator"):
        counting_field(dephasing, "hot")
