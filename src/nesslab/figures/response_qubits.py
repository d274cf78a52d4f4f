"""Shared physics of seed 001's two-qubit figures (Sec. III D, Figs. 4 and 5).

Two qubits with XY exchange (Eq. 37, ω = 1000γ, g = 200γ) between two flat baths (γ₊ = γ₋ = γ,
J = γ/2) through σx^A and σx^B, and the perturbation δV = δΩ σz^A σz^B (Eq. 41), which moves
the Bohr frequencies by ±2δΩ: no linear response exists, and the paper's curves are

* J₀ (Eq. 42), the unperturbed global current;
* J₀ + δJ₁ (Eq. 43), the perturbation "local" in the commutator with D₀ kept, exactly a
  straight line in δ because [V, H₀] = 0;
* J (Eq. 46), the global generator of H₀ + δV rebuilt.

Each point also records :func:`nesslab.analysis.response.response_regime`'s ratio of the
splitting 4δΩ to the decay rate of the split coherences, which says which of the two limits
applies (the paper: "perturbation ≫ relaxation").
"""

from __future__ import annotations

import nesslab as nl
from nesslab.analysis.response import perturbed_heat_currents, response_regime
from nesslab.figures.labels import Label

OMEGA = 1000.0
G = 200.0
GAMMA = 1.0
SIGN_CONVENTION = "positive when energy flows from bath a (the hot one) into the qubits"


def model(t_a: float, t_b: float) -> tuple[nl.System, list[nl.Bath], object]:
    """The qubits, the two flat baths at ``t_a``, ``t_b`` and V = σz^A σz^B (Ω = 1)."""
    system = nl.models.two_qubits_xy(OMEGA, G)
    baths = [
        nl.Bath("sx_a", nl.spectral.Flat(GAMMA / 2), t_a, "a"),
        nl.Bath("sx_b", nl.spectral.Flat(GAMMA / 2), t_b, "b"),
    ]
    return system, baths, system.op("sz_a") @ system.op("sz_b")


def qubit_point(mean_temperature: float, difference: float, shift: float) -> dict:
    """The three currents of bath a at T_a,b = T̄ ± ΔT/2 and δΩ = ``shift`` (a sweep point).

    Returns
    -------
    dict
        ``unperturbed`` J₀, ``local`` J₀ + δJ₁, ``davies`` J (units γ², energies in units of
        γ), ``regime_ratio`` (splitting / coherence decay rate).
    """
    t_a, t_b = mean_temperature + difference / 2, mean_temperature - difference / 2
    system, baths, v = model(t_a, t_b)
    local = perturbed_heat_currents(system, baths, v, [0.0, shift], treatment="local")["a"]
    davies = perturbed_heat_currents(system, baths, v, [shift], treatment="davies")["a"][0]
    regime = response_regime(system, baths, v, shift)
    return {
        "unperturbed": local[0],
        "local": local[1],
        "davies": davies,
        "regime_ratio": regime.ratio,
    }


def common_attrs() -> dict:
    """Attrs shared by the two-qubit figures: model, baths, perturbation, conventions."""
    return {
        "source": "seed 001 (Levy, Rabani, Limmer, response theory for NESS), Sec. III D",
        "hamiltonian": "H_0 = (w/2)(sz_A + sz_B) + (g/2)(sx_A sx_B + sy_A sy_B), w = 1000, g = 200",
        "perturbation": "delta V = (delta Omega) sz_A sz_B (Eq. 41); Omega is not given by the "
        "paper, the axis is delta Omega",
        "baths": "flat, gamma_+ = gamma_- = gamma = 1 (J = gamma/2), through sx_A and sx_B",
        "treatments": "unperturbed: Eq. 42; local: H_0 + delta V in the commutator, D_0 kept "
        "(Eq. 43, J_0 + delta J_1 exactly); davies: the global generator of H_0 + delta V "
        "(Eqs. 44-46)",
        "regime": "regime_ratio = splitting 4 delta Omega / decay rate of the split coherences "
        "(> 10: davies applies, < 0.1: local applies)",
        "sign_convention": SIGN_CONVENTION,
    }


def current_labels(prefix: str = "", suffix: str = "") -> dict[str, Label]:
    """Labels of the point's outputs, optionally prefixed (one per panel)."""
    what = {
        "unperturbed": "unperturbed heat current J_0 of bath a (Eq. 42)",
        "local": "heat current J_0 + delta J_1, perturbation local in the commutator (Eq. 43)",
        "davies": "heat current J of the rebuilt Davies generator of H_0 + delta V (Eq. 46)",
    }
    labels = {
        f"{prefix}{key}": Label(text + suffix, "gamma^2", SIGN_CONVENTION)
        for key, text in what.items()
    }
    labels[f"{prefix}regime_ratio"] = Label(
        "splitting 4 delta Omega over the decay rate of the split coherences" + suffix
    )
    return labels
