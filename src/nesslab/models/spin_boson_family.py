"""Spin ⊗ boson models of seed 000: Rabi/Jaynes–Cummings, multilevel, Dicke, Holstein."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from nesslab.limits import check_dimension, count, real_numbers
from nesslab.operators import destroy, embed, sigma_minus, sigma_z, spin_operators
from nesslab.system import System


def _interaction(lower: np.ndarray, a: np.ndarray, counter_rotating: float) -> np.ndarray:
    """``L₋a† + L₊a + s(L₋a + L₊a†)`` for a lowering operator L₋ and boson a."""
    raise_ = lower.conj().T
    a_dag = a.conj().T
    return lower @ a_dag + raise_ @ a + counter_rotating * (lower @ a + raise_ @ a_dag)


def _boson_parity(n_boson: int) -> np.ndarray:
    """``(−1)^n`` on ``n_boson`` Fock states."""
    return np.diag((-1.0) ** np.arange(n_boson))


def rabi(
    delta: float,
    coupling: float,
    n_boson: int,
    omega: float = 1.0,
    counter_rotating: float = 1.0,
    bias: float = 0.0,
    max_dimension: int | None = None,
) -> System:
    """Quantum Rabi model and its relatives (seed 000 Eqs. 2 and 4, App. A1).

    ``H = (Δ/2)σz + ω a†a + λ[σ₋a† + σ₊a + s(σ₋a + σ₊a†)] + ε σx`` with ``σ± = (σx ± iσy)/2``,
    so s = 1 is the Rabi model ``λσx(a + a†)`` and s = 0 Jaynes–Cummings; ε ≠ 0 breaks the Z₂
    (Rabi) or U(1) (JC) symmetry. Tensor order spin ⊗ boson, spin basis (|↑⟩, |↓⟩).

    Parameters
    ----------
    delta : float
        Spin splitting Δ (energy units).
    coupling : float
        Spin–boson coupling λ.
    n_boson : int
        Fock-space cutoff N_b (Hilbert dimension 2 N_b).
    omega : float
        Boson frequency ω.
    counter_rotating : float
        Weight s of the counter-rotating terms, 0 ≤ s ≤ 1.
    bias : float
        Symmetry-breaking field ε of ``ε σx``.
    max_dimension : int, optional
        Largest Hilbert dimension 2 N_b built (:mod:`nesslab.limits`, default 4096).

    Returns
    -------
    System
        Named operators: "sz", "sx", "sy", "sm" (σ₋, lowers |↑⟩), "sp", "a", "n", "x" (a + a†),
        "parity" (σz ⊗ (−1)^n, conserved for every s when ε = 0, and then declared as the
        System's ``symmetry``), and the subsystems' bare Hamiltonians "bare_spin" =
        (Δ/2)σz + εσx and "bare_boson" = ω a†a (:mod:`nesslab.generators.local_baths`).

    Raises
    ------
    nesslab.limits.ResourceLimitError
        If 2 N_b exceeds ``max_dimension`` (before any operator is built).
    """
    n_boson = count(n_boson, "n_boson", minimum=2)
    real_numbers(
        delta=delta, coupling=coupling, omega=omega, counter_rotating=counter_rotating, bias=bias
    )
    dims = (2, n_boson)
    check_dimension(dims, "rabi", max_dimension)
    operators = _rabi_operators(n_boson)
    interaction = _rabi_interaction(n_boson, counter_rotating)
    H = (
        delta / 2 * operators["sz"]
        + omega * operators["n"]
        + coupling * interaction
        + bias * operators["sx"]
    )
    symmetry = "parity" if bias == 0 else None
    bare = {
        "bare_spin": delta / 2 * operators["sz"] + bias * operators["sx"],
        "bare_boson": omega * operators["n"],
    }
    return System(H, dims, {**operators, **bare}, symmetry, max_dimension=max_dimension)


@lru_cache(maxsize=16)
def _rabi_operators(n_boson: int) -> dict[str, np.ndarray]:
    """The named operators of :func:`rabi` (read-only: every System of a sweep shares them)."""
    dims = (2, n_boson)
    sm = embed(sigma_minus(), 0, dims)
    sz = embed(sigma_z(), 0, dims)
    a = embed(destroy(n_boson), 1, dims)
    operators = {
        "sz": sz,
        "sx": sm + sm.conj().T,
        "sy": 1j * (sm - sm.conj().T),
        "sm": sm,
        "sp": sm.conj().T,
        "a": a,
        "n": a.conj().T @ a,
        "x": a + a.conj().T,
        "parity": sz @ embed(_boson_parity(n_boson), 1, dims),
    }
    return {name: _read_only(op) for name, op in operators.items()}


@lru_cache(maxsize=16)
def _rabi_interaction(n_boson: int, counter_rotating: float) -> np.ndarray:
    """``σ₋a† + σ₊a + s(σ₋a + σ₊a†)`` of :func:`rabi` (read-only)."""
    operators = _rabi_operators(n_boson)
    return _read_only(_interaction(operators["sm"], operators["a"], counter_rotating))


def _read_only(matrix: np.ndarray) -> np.ndarray:
    matrix = np.array(matrix, dtype=complex)
    matrix.flags.writeable = False
    return matrix


def multilevel_rabi(
    delta: float,
    coupling: float,
    n_boson: int,
    spin: float = 1.0,
    omega: float = 1.0,
    counter_rotating: float = 1.0,
    max_dimension: int | None = None,
) -> System:
    """Multilevel Rabi / Jaynes–Cummings model (seed 000 App. A): a spin-j for the two-level atom.

    ``H = Δ J_z + ω a†a + λ[J₋a† + J₊a + s(J₋a + J₊a†)]``; J₋ = σ₋ and J_z = σz/2 for j = ½,
    which is exactly :func:`rabi`. Tensor order spin ⊗ boson; named "jz", "jx", "jm", "a", "n", "x"
    and "parity" ``e^{iπ(J_z + j)} ⊗ (−1)^n`` (σz ⊗ (−1)^n up to sign for j = ½), conserved for
    every s and declared as the System's ``symmetry``. ``max_dimension`` (default 4096) bounds
    the Hilbert dimension (2j + 1) N_b, checked before any operator is built
    (:mod:`nesslab.limits`).
    """
    n_boson = count(n_boson, "n_boson", minimum=2)
    real_numbers(
        delta=delta, coupling=coupling, spin=spin, omega=omega, counter_rotating=counter_rotating
    )
    check_dimension((int(2 * spin + 1), n_boson), "multilevel_rabi", max_dimension)
    ops = spin_operators(spin)
    dims = (ops["jz"].shape[0], n_boson)
    jz, jm = embed(ops["jz"], 0, dims), embed(ops["jm"], 0, dims)
    a = embed(destroy(n_boson), 1, dims)
    n = a.conj().T @ a
    H = delta * jz + omega * n + coupling * _interaction(jm, a, counter_rotating)
    operators = {
        "jz": jz,
        "jx": (jm + jm.conj().T) / 2,
        "jm": jm,
        "a": a,
        "n": n,
        "x": a + a.conj().T,
    }
    spin_parity = np.diag((-1.0) ** np.arange(dims[0]))
    operators["parity"] = embed(spin_parity, 0, dims) @ embed(_boson_parity(n_boson), 1, dims)
    return System(H, dims, operators, "parity", max_dimension=max_dimension)


def dicke(
    delta: float,
    coupling: float,
    n_boson: int,
    n_spins: int = 2,
    omega: float = 1.0,
    counter_rotating: float = 1.0,
    max_dimension: int | None = None,
) -> System:
    """Few-spin Dicke model (seed 000 App. A: dimer, trimer): N distinguishable spins, one mode.

    ``H = Σ_i (Δ/2)σz^i + ω a†a + λ Σ_i [σ₋^i a† + σ₊^i a + s(σ₋^i a + σ₊^i a†)]``. Tensor order
    spin_1 ⊗ … ⊗ spin_N ⊗ boson. Named "sz", "sx" (totals), "sz_i", "sm_i" (i = 1…N), "a",
    "n", "x" and "parity" ``Π_i σz^i ⊗ (−1)^n``, conserved for every s and declared as the System's
    ``symmetry``. ``max_dimension`` (default 4096) bounds the Hilbert dimension 2^N N_b,
    checked before any operator is built (:mod:`nesslab.limits`).
    """
    n_boson = count(n_boson, "n_boson", minimum=2)
    n_spins = count(n_spins, "n_spins", minimum=1)
    real_numbers(delta=delta, coupling=coupling, omega=omega, counter_rotating=counter_rotating)
    dims = (2,) * n_spins + (n_boson,)
    check_dimension(dims, "dicke", max_dimension)
    a = embed(destroy(n_boson), len(dims) - 1, dims)
    n = a.conj().T @ a
    H = omega * n
    operators: dict[str, np.ndarray] = {"a": a, "n": n, "x": a + a.conj().T}
    total_sz = np.zeros_like(H)
    total_sx = np.zeros_like(H)
    for i in range(n_spins):
        sm = embed(sigma_minus(), i, dims)
        sz = embed(sigma_z(), i, dims)
        H = H + delta / 2 * sz + coupling * _interaction(sm, a, counter_rotating)
        operators[f"sz_{i + 1}"] = sz
        operators[f"sm_{i + 1}"] = sm
        total_sz = total_sz + sz
        total_sx = total_sx + sm + sm.conj().T
    operators.update(sz=total_sz, sx=total_sx)
    parity = embed(_boson_parity(n_boson), len(dims) - 1, dims)
    for i in range(n_spins):
        parity = parity @ operators[f"sz_{i + 1}"]
    operators["parity"] = parity
    return System(H, dims, operators, "parity", max_dimension=max_dimension)


def holstein(
    delta: float,
    coupling: float,
    n_boson: int,
    n_sites: int = 2,
    omega: float = 1.0,
    max_dimension: int | None = None,
) -> System:
    """Few-site Holstein model (seed 000 App. A): one hopping excitation, a vibration per site.

    ``H = (Δ/2) Σ_i (|i⟩⟨i+1| + h.c.) + ω Σ_i b_i†b_i + λ Σ_i |i⟩⟨i| (b_i + b_i†)``: for N = 2
    the electronic splitting is Δ, as in the Rabi model. Tensor order site ⊗ b_1 ⊗ … ⊗ b_N
    (dimension N·n_boson^N: keep n_boson small for N ≥ 3). Named "site_i" (projectors),
    "hop" (the hopping operator), "b_i", "n_i", "x_i", "n" (total phonon number).
    ``max_dimension`` (default 4096) bounds N·n_boson^N, checked before any operator is built
    (:mod:`nesslab.limits`).
    """
    n_boson = count(n_boson, "n_boson", minimum=2)
    n_sites = count(n_sites, "n_sites", minimum=2)
    real_numbers(delta=delta, coupling=coupling, omega=omega)
    dims = (n_sites,) + (n_boson,) * n_sites
    check_dimension(dims, "holstein", max_dimension)
    hop_site = np.diag(np.ones(n_sites - 1), 1) + np.diag(np.ones(n_sites - 1), -1)
    hop = embed(hop_site.astype(complex), 0, dims)
    H = delta / 2 * hop
    operators: dict[str, np.ndarray] = {"hop": hop}
    total = np.zeros_like(H)
    for i in range(n_sites):
        projector = np.zeros((n_sites, n_sites), dtype=complex)
        projector[i, i] = 1.0
        site = embed(projector, 0, dims)
        b = embed(destroy(n_boson), i + 1, dims)
        number = b.conj().T @ b
        x = b + b.conj().T
        H = H + omega * number + coupling * site @ x
        total = total + number
        operators.update(
            {f"site_{i + 1}": site, f"b_{i + 1}": b, f"n_{i + 1}": number, f"x_{i + 1}": x}
        )
    operators["n"] = total
    return System(H, dims, operators, max_dimension=max_dimension)
