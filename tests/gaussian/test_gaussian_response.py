"""Linear response at fixed Bohr frequencies (seed 001, §1.1–1.3 of SPECS.md)."""

import numpy as np
import pytest
from scipy.sparse.linalg import expm_multiply

from nesslab.gaussian import (
    BathCoupling,
    DaviesModel,
    bose_einstein,
    destroy,
    first_order,
    linear_response,
    number,
    quadrature,
    rotation_generator,
    two_oscillators_cubic,
    two_oscillators_global,
    two_oscillators_site_modes,
)


def single_mode(n_bar, gamma=1.0, omega=1.0):
    temperature = omega / np.log1p(1.0 / n_bar)
    coupling = BathCoupling("h", quadrature(0, 1), temperature, gamma)
    return DaviesModel([omega], (coupling,))


def test_b12_jump_operator():
    model = single_mode(1.0)
    first = first_order(model, quadrature(0, 1) ** 3)
    ((jump, change),) = first.jumps
    d = destroy(0, 1)
    j_minus = d.adjoint() ** 2 - 3 * d**2 + 6 * d.adjoint() * d + 3
    assert jump.operator.allclose(d)
    assert change.allclose(j_minus, atol=1e-12)
    # W is anti-Hermitian and generates the B10 eigenvectors
    w = first.rotation
    assert (w + w.adjoint()).scale() < 1e-12
    assert w.terms[((0,), (1,))] == pytest.approx(3.0)  # ⟨n−1|ψ_n⟩ = 3δ√n³ at n = 1


def test_seed001_fig2_values_and_corrected_eqs_31_to_34():
    params = dict(omega=100.0, g=90.0, field=5.0, gammas=1.0, temperatures=(2000.0, 2100.0))
    model = two_oscillators_global(**params)
    a, _ = two_oscillators_site_modes()
    times = np.array([0.05, 0.1, 0.157, 0.5, 1.0, 3.0, 10.0])
    resp = linear_response(model, two_oscillators_cubic(100.0, 90.0), a.adjoint() * a, times)
    delta, eps, wp, wm, gam = 0.02, 5.0, 190.0, 10.0, 1.0
    n_bar = 0.5 * (bose_einstein(wm, 2000.0) + bose_einstein(wm, 2100.0))
    assert n_bar == pytest.approx(204.500407, abs=1e-6)
    assert delta * resp.kubo_steady == pytest.approx(-0.64576, abs=5e-6)
    assert delta * resp.rotation_steady == pytest.approx(-0.0016144, abs=5e-8)
    assert delta * resp.steady == pytest.approx(-0.64737, abs=5e-6)
    assert resp.steady == pytest.approx(-3 * (eps / wp) * (2 * n_bar + 1), rel=1e-10)
    assert delta * resp.rotation[1] == pytest.approx(-0.0266288, abs=5e-8)  # t = 0.1
    # corrected closed forms (SPECS §1.3), a = γ/2
    k = gam / 2
    decay = np.exp(-k * times)
    s, c = np.sin(wm * times), np.cos(wm * times)
    int_sin = (wm - decay * (k * s + wm * c)) / (k**2 + wm**2)
    int_cos = (k + decay * (wm * s - k * c)) / (k**2 + wm**2)
    kubo_amp = -(3 * eps * wm / wp) * (2 * n_bar + 1)
    rot_amp = -(3 * eps * gam / (2 * wp)) * (2 * n_bar + 1)
    scale = abs(kubo_amp)
    assert np.allclose(resp.kubo_rate, kubo_amp * s * decay, rtol=0, atol=1e-10 * scale)
    assert np.allclose(resp.rotation_rate, rot_amp * c * decay, rtol=0, atol=1e-10 * scale)
    assert np.allclose(resp.kubo, kubo_amp * int_sin, rtol=0, atol=1e-10 * scale)
    assert np.allclose(resp.rotation, rot_amp * int_cos, rtol=0, atol=1e-10 * scale)
    ratio = gam**2 / (gam**2 + 4 * wm**2)
    assert resp.kubo_steady == pytest.approx(
        -(3 * eps / wp) * (1 - ratio) * (2 * n_bar + 1), rel=1e-10
    )
    assert resp.rotation_steady == pytest.approx(
        -(3 * eps / wp) * ratio * (2 * n_bar + 1), rel=1e-10
    )
    # the printed Eq. 32/34 (factor (n̄ − 1) instead of −1) is NOT reproduced
    printed = (3 * eps / wp) * ratio * (n_bar - 1) * (2 * n_bar + 1)
    assert delta * printed == pytest.approx(0.32853, abs=5e-6)
    assert printed / resp.rotation_steady == pytest.approx(-(n_bar - 1), rel=1e-10)  # −203.5
    printed_rate = (3 * eps * gam / (2 * wp)) * (n_bar - 1) * (2 * n_bar + 1) * c * decay
    assert np.abs(resp.rotation_rate - printed_rate).max() > 100 * np.abs(resp.rotation_rate).max()


def test_single_mode_cubic_values():
    times = [0.5, 1.0, 2.0, 4.0, 8.0]
    resp = linear_response(single_mode(1.0), quadrature(0, 1) ** 3, quadrature(0, 1), times)
    expected = [-5.69768, -12.10122, -20.75565, -19.59230, -18.04797]
    assert np.allclose(resp.total, expected, rtol=0, atol=6e-6)
    for n_bar, gamma in [(1.0, 1.0), (1.0, 0.2), (0.3, 2.0), (4.0, 0.05)]:
        resp = linear_response(single_mode(n_bar, gamma), quadrature(0, 1) ** 3, quadrature(0, 1))
        assert resp.steady == pytest.approx(-6 * (2 * n_bar + 1), rel=1e-11)
    # a linear perturbation is an exact displacement: ⟨x⟩ shifts by −2δ, and even
    # observables do not respond to an odd V
    resp = linear_response(single_mode(0.5), quadrature(0, 1), quadrature(0, 1))
    assert resp.steady == pytest.approx(-2.0, rel=1e-12)
    resp = linear_response(single_mode(0.5), quadrature(0, 1) ** 3, number(0, 1), [1.0])
    assert abs(resp.steady) < 1e-12 and abs(resp.total[0]) < 1e-12


# --- independent route: numerical perturbed Davies generator in Fock space ----------------
def fock_davies(delta, n_bar, gamma, levels, omega=1.0, squeeze=0.0):
    """Liouvillian (row-major vec) of the Davies ME of ωN + δω(x³ + s(a² + a†²)), built from
    numerical eigenvectors."""
    low = np.diag(np.sqrt(np.arange(1, levels)), 1)
    x = low + low.T
    v = np.linalg.matrix_power(x, 3) + squeeze * (low @ low + low.T @ low.T)
    h = omega * np.diag(np.arange(levels)) + delta * omega * v
    energies, vecs = np.linalg.eigh(h)
    assert np.all(np.diff(energies) > 0.5 * omega)  # levels keep their unperturbed order
    x_eig = vecs.T @ x @ vecs
    # S(ω): pairs |n⟩⟨n+1| whose UNPERTURBED Bohr frequency is ω
    s = vecs @ np.diag(np.diag(x_eig, 1), 1) @ vecs.T
    eye = np.eye(levels)
    liou = -1j * (np.kron(h, eye) - np.kron(eye, h.T))
    for rate, c in [(gamma * (n_bar + 1), s), (gamma * n_bar, s.T)]:
        cdc = c.T @ c
        liou = liou + rate * (np.kron(c, c) - 0.5 * np.kron(cdc, eye) - 0.5 * np.kron(eye, cdc))
    return liou, x


def fock_ness(liou, levels):
    a = liou.copy()
    a[0, :] = np.eye(levels).reshape(-1)
    rhs = np.zeros(levels * levels, complex)
    rhs[0] = 1.0
    return np.linalg.solve(a, rhs)


@pytest.mark.parametrize(
    "n_bar, gamma, squeeze", [(1.0, 1.0, 0.0), (0.3, 2.0, 0.0), (0.5, 0.7, 0.4)]
)
def test_response_against_numerical_davies_generator(n_bar, gamma, squeeze):
    levels, h = 30, 1e-5
    a = destroy(0, 1)
    perturbation = quadrature(0, 1) ** 3 + squeeze * (a**2 + a.adjoint() ** 2)
    observables = [quadrature(0, 1), number(0, 1), a * a]
    values = {}
    for sign in (1, -1):
        liou, _ = fock_davies(sign * h, n_bar, gamma, levels, squeeze=squeeze)
        rho = fock_ness(liou, levels).reshape(levels, levels)
        values[sign] = np.array([np.trace(o.to_matrix(levels) @ rho) for o in observables])
    slopes = (values[1] - values[-1]) / (2 * h)
    model = single_mode(n_bar, gamma)
    for observable, slope in zip(observables, slopes, strict=True):
        resp = linear_response(model, perturbation, observable)
        assert abs(slope - resp.steady) < 1e-6 * max(1.0, abs(slope))
    assert slopes[0].real == pytest.approx(-6 * (2 * n_bar + 1), rel=1e-6)
    if squeeze:  # the even part of V squeezes: ⟨a²⟩ moves (⟨N⟩ only at second order)
        assert abs(slopes[2]) > 0.05


@pytest.mark.parametrize("squeeze", [0.0, 0.4])
def test_time_domain_against_numerical_davies_generator(squeeze):
    levels, h, n_bar = 30, 1e-5, 0.5
    liou0, x = fock_davies(0.0, n_bar, 1.0, levels)
    rho0 = fock_ness(liou0, levels)
    # L₁ by central difference of the numerical Davies generators at δ = ±h
    plus = fock_davies(h, n_bar, 1.0, levels, squeeze=squeeze)[0]
    minus = fock_davies(-h, n_bar, 1.0, levels, squeeze=squeeze)[0]
    liou1 = (plus - minus) / (2 * h)
    # ρ₁(t) = ∫₀ᵗ e^{L₀τ} L₁π₀ dτ from the block generator [[L₀, L₁π₀], [0, 0]]
    size = levels * levels
    block = np.zeros((size + 1, size + 1), complex)
    block[:size, :size] = liou0
    block[:size, size] = liou1 @ rho0
    start = np.zeros(size + 1, complex)
    start[size] = 1.0
    states = expm_multiply(block, start, start=0.0, stop=8.0, num=17, endpoint=True)
    times = np.linspace(0.0, 8.0, 17)
    a = destroy(0, 1)
    perturbation = quadrature(0, 1) ** 3 + squeeze * (a**2 + a.adjoint() ** 2)
    model = single_mode(n_bar)
    for observable in (quadrature(0, 1), a * a):
        matrix = observable.to_matrix(levels)
        numeric = np.array([np.trace(matrix @ r[:size].reshape(levels, levels)) for r in states])
        resp = linear_response(model, perturbation, observable, times)
        assert np.allclose(resp.total, numeric, rtol=0, atol=1e-6)
    assert np.abs(numeric).max() > (0.1 if squeeze else -1)  # ⟨a²⟩ rings only when squeezed
    # a non-trivial transient of ⟨x⟩
    assert np.ptp(linear_response(model, perturbation, quadrature(0, 1), times).total) > 10


def test_refused_perturbations():
    model = single_mode(0.5)
    x = quadrature(0, 1)
    with pytest.raises(ValueError, match="shifts the Bohr frequencies"):
        rotation_generator(model, x**4)
    with pytest.raises(ValueError, match="shifts the Bohr frequencies"):
        linear_response(model, number(0, 1), x)
    with pytest.raises(ValueError, match="Hermitian"):
        linear_response(model, destroy(0, 1) ** 3, x)
    with pytest.raises(ValueError, match="1 modes"):
        linear_response(model, quadrature(0, 2) ** 3, x)
    with pytest.raises(ValueError, match="1 modes"):
        linear_response(model, x**3, quadrature(0, 2))
    with pytest.raises(TypeError, match="DaviesModel"):
        linear_response(object(), x**3, x)
    # a constant frequency-zero part is harmless: V = x³ + 5
    assert rotation_generator(model, x**3 + 5).allclose(rotation_generator(model, x**3))


def test_first_order_jumps_of_displaced_two_mode_model_against_numerics():
    """S⁽¹⁾(ω) with a drive and a cross-mode V = y₀x₁², against numerical eigenvectors."""
    freqs, field = np.array([1.7, 1.0]), 0.35
    x0, x1 = quadrature(0, 2), quadrature(1, 2)
    y0 = 1j * (destroy(0, 2) - destroy(0, 2).adjoint())
    coupling_op = (x0 - x1) / np.sqrt(2)
    model = DaviesModel(freqs, (BathCoupling("h", coupling_op, 0.5, 1.0),), [field, 0.0])
    b1 = destroy(1, 2)
    # frequencies ±ω₀, ±ω₀ ± 2ω₁ (y₀x₁²), ±(ω₀ ± ω₁) (x₀x₁) and ±2ω₁ (squeezing)
    perturbation = y0 * x1**2 + 0.5 * x0 * x1 + 0.3 * (b1**2 + b1.adjoint() ** 2)
    first = first_order(model, perturbation)
    dims, h = [14, 12], 1e-5
    h0 = (freqs[0] * number(0, 2) + freqs[1] * number(1, 2) + field * x0).to_matrix(dims)
    coupling, v = coupling_op.to_matrix(dims), perturbation.to_matrix(dims)
    e0 = np.linalg.eigvalsh(h0)

    def numerical_jump(delta, omega):
        energies, vecs = np.linalg.eigh(h0 + delta * v)
        elements = vecs.conj().T @ coupling @ vecs
        mask = np.abs((e0[None, :] - e0[:, None]) - omega) < 1e-6  # E⁰_m − E⁰_n = ω
        return vecs @ np.where(mask, elements, 0.0) @ vecs.conj().T

    occupations = np.indices(dims).reshape(2, -1)
    low = np.flatnonzero(np.all(occupations <= 3, axis=0))
    assert len(first.jumps) == 2
    for jump, change in first.jumps:
        numeric0 = numerical_jump(0.0, jump.omega)
        numeric1 = (numerical_jump(h, jump.omega) - numerical_jump(-h, jump.omega)) / (2 * h)
        block = np.ix_(low, low)
        assert np.allclose(jump.operator.to_matrix(dims)[block], numeric0[block], atol=1e-8)
        assert np.abs(numeric1[block]).max() > 0.1
        assert np.allclose(change.to_matrix(dims)[block], numeric1[block], atol=1e-5)
