"""Steady state, heat currents and two-time correlations of a quadratic model.

With ``x = (a_1 … a_M, a_1† … a_M†)`` the Heisenberg equations close on first and second
moments: ``d⟨x⟩/dt = K⟨x⟩ + b`` and, for the fluctuation covariance ``C_ij = ⟨δx_i δx_j⟩``,
``dC/dt = K C + C Kᵀ + Q`` with ``Q_ij = Σ_c rate [c†, x_i][x_j, c]`` (the identity
``D†(XY) = D†(X)Y + X D†(Y) + [c†, X][Y, c]``). The steady state solves ``K⟨x⟩ = −b`` and the
continuous Lyapunov equation ``K C + C Kᵀ = −Q`` (in Hermitian quadratures, where K is real).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import expm, solve_continuous_lyapunov

from nesslab.gaussian.generator import adjoint_lindbladian, heisenberg_basis
from nesslab.gaussian.model import QuadraticModel
from nesslab.gaussian.polynomial import Polynomial, create, destroy
from nesslab.gaussian.wick import GaussianState, expectation


@dataclass(frozen=True)
class Drift:
    """Linear Heisenberg dynamics of ``x = (a, a†)``.

    Attributes
    ----------
    matrix : ndarray, shape (2M, 2M)
        K with ``L†(x_i) = Σ_j K_ij x_j + b_i``; its eigenvalues are the relaxation rates
        (``Re < 0`` for a unique steady state).
    offset : ndarray, shape (2M,)
        b.
    diffusion : ndarray, shape (2M, 2M)
        Q of the covariance equation.
    """

    matrix: np.ndarray
    offset: np.ndarray
    diffusion: np.ndarray


def ladder(n_modes: int) -> list[Polynomial]:
    """``x = (a_0 … a_{M−1}, a_0† … a_{M−1}†)`` as Polynomials."""
    return [destroy(k, n_modes) for k in range(n_modes)] + [
        create(k, n_modes) for k in range(n_modes)
    ]


def drift(model: QuadraticModel) -> Drift:
    """Drift K, offset b and diffusion Q of ``model`` (see the module docstring)."""
    m = model.n_modes
    xs = ladder(m)
    index = {next(iter(x.terms)): i for i, x in enumerate(xs)}
    k = np.zeros((2 * m, 2 * m), complex)
    b = np.zeros(2 * m, complex)
    for i, x in enumerate(xs):
        image = adjoint_lindbladian(model, x)
        for key, c in image.terms.items():
            if key in index:
                k[i, index[key]] = c
            elif sum(key[0]) + sum(key[1]) == 0:
                b[i] = c
            else:  # pragma: no cover - excluded by QuadraticModel's structure
                raise ValueError("L†(a_k) is not linear: the model is not quadratic")
    q = np.zeros((2 * m, 2 * m), complex)
    for jump in model.jumps:
        u, v = jump.annihilation, jump.creation
        left = np.concatenate([-u.conj(), v.conj()])  # [c†, x_i]
        right = np.concatenate([v, -u])  # [x_j, c]
        q += jump.rate * np.outer(left, right)
    return Drift(k, b, q)


def check_stable(matrix: np.ndarray, what: str = "model") -> None:
    """Raise ValueError unless every eigenvalue of the drift matrix has a negative real part."""
    rates = np.linalg.eigvals(matrix)
    scale = max(1.0, float(np.abs(rates).max()))
    if rates.real.max() >= -1e-12 * scale:
        raise ValueError(
            f"the {what} has no unique steady state: its drift matrix has an eigenvalue with "
            f"real part {rates.real.max():.3g} >= 0 (an undamped or amplified mode); damp every "
            "mode (loss rates larger than gain rates) or reduce the pairing"
        )


def steady_state(model: QuadraticModel) -> GaussianState:
    """The Gaussian NESS of ``model``: means from ``K⟨x⟩ = −b``, covariance from a Lyapunov solve.

    Raises
    ------
    ValueError
        If the drift matrix is not stable (no steady state, or not a unique one).
    """
    m = model.n_modes
    d = drift(model)
    check_stable(d.matrix)
    mean = np.linalg.solve(d.matrix, -d.offset)
    eye = np.eye(m)
    t = np.block([[eye, 1j * eye], [eye, -1j * eye]]) / np.sqrt(2)  # x = T r, r = (q, p)
    t_inv = np.linalg.inv(t)
    k_r = t_inv @ d.matrix @ t
    q_r = t_inv @ d.diffusion @ t_inv.T
    # K_r is real; solve the real and imaginary parts separately (scipy 1.17 mishandles a real
    # drift with a complex right-hand side).
    cov_r = solve_continuous_lyapunov(k_r.real, -q_r.real) + 1j * solve_continuous_lyapunov(
        k_r.real, -q_r.imag
    )
    cov = t @ cov_r @ t.T
    return GaussianState(mean[:m], cov[m:, :m], cov[:m, :m])


def heat_currents(model: QuadraticModel, state: GaussianState | None = None) -> dict[str, float]:
    """``J_α = ⟨D_α†(H)⟩`` for every bath, positive when energy flows from the bath in.

    Exact for quadratic H (Wick evaluation of the quartic expectation). At a steady state
    ``Σ_α J_α = 0`` (first law).

    Parameters
    ----------
    model : QuadraticModel
        The model (H includes the drive and pairing terms).
    state : GaussianState, optional
        Defaults to :func:`steady_state`.
    """
    state = steady_state(model) if state is None else state
    h = model.hamiltonian()
    return {
        bath: float(np.real(expectation(adjoint_lindbladian(model, h, [bath]), state)))
        for bath in model.baths
    }


def correlation(
    model: QuadraticModel,
    left: Polynomial,
    right: Polynomial,
    times: np.ndarray,
    state: GaussianState | None = None,
) -> np.ndarray:
    """Two-time correlation ``⟨A(τ)B⟩ = Tr[A e^{Lτ}(B ρ)]`` by the quantum regression theorem.

    ``A(τ) = e^{L†τ}A`` is exact on the finite monomial basis reached from A (for linear A it
    decays with the drift matrix); then ``⟨A(τ)B⟩ = Σ_j c_j(τ)⟨m_j B⟩`` by Wick.

    Parameters
    ----------
    model : QuadraticModel
        The model.
    left, right : Polynomial
        A and B (any degree).
    times : array_like
        τ ≥ 0 (inverse energy units).
    state : GaussianState, optional
        The state ρ at τ = 0, default the steady state (then this is the stationary correlation).

    Returns
    -------
    ndarray
        Complex ``⟨A(τ)B⟩`` for each τ.
    """
    tau = np.atleast_1d(np.asarray(times, dtype=float))
    if np.any(tau < 0):
        raise ValueError("times must be >= 0 (the regression theorem propagates forward)")
    state = steady_state(model) if state is None else state
    basis = heisenberg_basis(model, [left])
    start = basis.vector(left)
    weights = np.array([expectation(mono * right, state) for mono in basis.monomials()])
    return np.array([weights @ (expm(basis.matrix * t) @ start) for t in tau])
