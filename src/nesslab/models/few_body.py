"""Few-body transport models of seeds 001, 002 and 004."""

from __future__ import annotations

import numpy as np

from nesslab.limits import check_dimension, count, real_numbers
from nesslab.operators import destroy, embed, sigma_minus, sigma_x, sigma_y, sigma_z
from nesslab.system import System


def two_qubits_xy(omega: float, g: float, zz: float = 0.0) -> System:
    """Two qubits with XY exchange (seed 001 Eq. 37, plus Eq. 41's ``zz σz^A σz^B``).

    ``H = (ω/2)(σz^A + σz^B) + (g/2)(σx^A σx^B + σy^A σy^B) + zz σz^A σz^B``. The eigenvalues are
    ±ω + zz and ±g − zz; the Bohr frequencies ω ± g are each twofold degenerate (zz = 0).
    Named "sx_a", "sx_b", "sy_a", "sy_b", "sz_a", "sz_b", "sm_a", "sm_b", and the subsystems'
    bare Hamiltonians "bare_a", "bare_b" = (ω/2)σz (:mod:`nesslab.generators.local_baths`).
    """
    real_numbers(omega=omega, g=g, zz=zz)
    dims = (2, 2)
    ops = {}
    for label, position in (("a", 0), ("b", 1)):
        ops[f"sx_{label}"] = embed(sigma_x(), position, dims)
        ops[f"sy_{label}"] = embed(sigma_y(), position, dims)
        ops[f"sz_{label}"] = embed(sigma_z(), position, dims)
        ops[f"sm_{label}"] = embed(sigma_minus(), position, dims)
    H = (
        omega / 2 * (ops["sz_a"] + ops["sz_b"])
        + g / 2 * (ops["sx_a"] @ ops["sx_b"] + ops["sy_a"] @ ops["sy_b"])
        + zz * ops["sz_a"] @ ops["sz_b"]
    )
    ops.update(bare_a=omega / 2 * ops["sz_a"], bare_b=omega / 2 * ops["sz_b"])
    return System(H, dims, ops)


def tls_dimer(omega1: float, omega2: float, coupling: float) -> System:
    """Two coupled two-level systems (seed 002 Eq. 5).

    ``H = ω₁σ₁†σ₁ + ω₂σ₂†σ₂ + Ω(σ₁†σ₂ + σ₂†σ₁)`` with σ_j the lowering operators. Named "s1",
    "s2" (lowering), "n1", "n2" (σ_j†σ_j), "x1", "x2" (σ_j + σ_j†, the bath couplings of Eq. 7),
    and the subsystems' bare Hamiltonians "bare_1" = ω₁σ₁†σ₁, "bare_2" = ω₂σ₂†σ₂ (the local
    approach's Eq. 8 from Baths: :mod:`nesslab.generators.local_baths`).
    """
    real_numbers(omega1=omega1, omega2=omega2, coupling=coupling)
    dims = (2, 2)
    s1 = embed(sigma_minus(), 0, dims)
    s2 = embed(sigma_minus(), 1, dims)
    n1 = s1.conj().T @ s1
    n2 = s2.conj().T @ s2
    H = omega1 * n1 + omega2 * n2 + coupling * (s1.conj().T @ s2 + s2.conj().T @ s1)
    operators = {
        "s1": s1,
        "s2": s2,
        "n1": n1,
        "n2": n2,
        "x1": s1 + s1.conj().T,
        "x2": s2 + s2.conj().T,
        "bare_1": omega1 * n1,
        "bare_2": omega2 * n2,
    }
    return System(H, dims, operators)


def coupled_oscillators(
    omega: float,
    g: float,
    field: float,
    n_levels: int,
    cubic: float = 0.0,
    max_dimension: int | None = None,
) -> System:
    """Two coupled oscillators in a linear field with a cubic anharmonicity (seed 001 Eqs. 25, 29).

    ``H = ω(a†a + b†b) + g(a†b + ab†) + (ε/√2)(x_a + x_b) + cubic · (x_a − x_b)³/√8`` with
    ``x = a + a†``; seed 001 writes the last term δV with V = (Ω/√8)(x_a − x_b)³ and Ω = ω − g,
    i.e. ``cubic = δ(ω − g)``. Each mode truncated to ``n_levels`` Fock states (tensor order
    a ⊗ b). Named "a", "b", "na", "nb", "xa", "xb". ``max_dimension`` (default 4096) bounds the
    Hilbert dimension ``n_levels²``, checked before any operator is built (:mod:`nesslab.limits`).
    """
    n_levels = count(n_levels, "n_levels", minimum=2)
    real_numbers(omega=omega, g=g, field=field, cubic=cubic)
    dims = (n_levels, n_levels)
    check_dimension(dims, "coupled_oscillators", max_dimension)
    a = embed(destroy(dims[0]), 0, dims)
    b = embed(destroy(dims[1]), 1, dims)
    xa, xb = a + a.conj().T, b + b.conj().T
    na, nb = a.conj().T @ a, b.conj().T @ b
    difference = xa - xb
    H = (
        omega * (na + nb)
        + g * (a.conj().T @ b + a @ b.conj().T)
        + field / np.sqrt(2) * (xa + xb)
        + cubic / np.sqrt(8) * difference @ difference @ difference
    )
    operators = {"a": a, "b": b, "na": na, "nb": nb, "xa": xa, "xb": xb}
    return System(H, dims, operators, max_dimension=max_dimension)


def spin_boson(delta: float, theta: float | None = None) -> System:
    """System part of the two-bath spin-boson model of seed 004 Eq. 1: ``H_S = Δσz``.

    Named "sx", "sy", "sz" and, when ``theta`` is given, "s_theta" = cos θ σz + sin θ σx (the
    coupling of bath 2; bath 1 couples through σx).
    """
    real_numbers(delta=delta, **({} if theta is None else {"theta": theta}))
    operators = {"sx": sigma_x(), "sy": sigma_y(), "sz": sigma_z()}
    if theta is not None:
        operators["s_theta"] = np.cos(theta) * sigma_z() + np.sin(theta) * sigma_x()
    return System(delta * sigma_z(), (2,), operators)
