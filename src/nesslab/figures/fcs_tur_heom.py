"""The TUR ratio of seed 004's spin-boson model against the coupling α, from the HEOM.

Seed 004's generalized spin-boson model (:mod:`nesslab.figures.nesb`: ``H_S = Δσz``, bath 1
through σx, bath 2 through σθ, super-Ohmic ``J(ω) = πα ω³/(1 + ω²)⁴``, fitted C(t)) at
Δ = 0.5, θ = π/4, T₁ = 1, T₂ = 0.5 and α₁ = α₂ = α. For the energy from bath 1 the HEOM
counting field (:mod:`nesslab.counting.hierarchy`) gives the mean current and the noise; the
depth is raised from :data:`~nesslab.figures.nesb.START_DEPTH` until two successive tiers each
change the noise by less than 1 % (:func:`nesslab.analysis.converge_depth`). σ = −Σ_α J_α/T_α
is the exact entropy production rate of the steady state (baths' heat over their temperatures:
the system's entropy is stationary), so 𝒬 = Var(J₁) σ/⟨J₁⟩² is that of the exact dynamics.

The global (Davies) ratio of the same model, the weak-coupling limit, does not depend on α
(mean, noise and σ are all ∝ α). The TUR is not a theorem for quantum transport; the HEOM
ratio is what the exact dynamics gives.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

import nesslab as nl
from nesslab.analysis import converge_depth
from nesslab.figures.labels import Label
from nesslab.figures.nesb import FIT_OPTIONS, START_DEPTH, nesb_baths, nesb_environment
from nesslab.figures.run import FigureRun
from nesslab.models.few_body import spin_boson

DELTA = 0.5
THETA = np.pi / 4
TEMPERATURES = (1.0, 0.5)
ALPHA_RANGE = (0.01, 1.0)
"""α (both baths), logarithmic."""
MAX_DEPTH = 8
NOISE_TOLERANCE = 0.01
OUTPUTS = ("tur", "mean", "noise", "entropy_production", "depth", "depth_change", "converged")
HEOM_LABELS = {
    "alpha": Label("coupling strength alpha of both baths (seed 004)"),
    "tur_heom": Label("TUR ratio Var(J_1) sigma / J_1^2 (HEOM)"),
    "tur_global_heom_model": Label("TUR ratio of the same model, global approach"),
    "mean_heom": Label(
        "mean energy current from bath 1 (HEOM)", "omega_c^2", "positive from bath 1 into the spin"
    ),
    "noise_heom": Label("zero-frequency noise of J_1 (HEOM)", "omega_c^3"),
    "entropy_production_heom": Label("sigma (HEOM)", "omega_c"),
    "depth_heom": Label("hierarchy depth at which the noise converged"),
    "depth_change_heom": Label("largest relative noise change of the last two tiers"),
    "converged_heom": Label("1 where the noise converged within the largest depth"),
}


def heom_tur_point(alpha: float) -> dict[str, float]:
    """The statistics of the energy from bath 1 at coupling ``alpha``, converged in depth."""
    baths, expansions = nesb_environment((alpha, alpha), TEMPERATURES)
    system = spin_boson(DELTA, THETA)

    records = []  # one per depth tried; the last is that of the depth converge_depth returns

    def noise(generator: nl.Generator, state: nl.SteadyState) -> float:
        records.append(nl.current_statistics(generator, state, bath="1")["1"])
        return records[-1].variance

    result = converge_depth(
        system,
        baths,
        noise,
        start_depth=START_DEPTH,
        max_depth=MAX_DEPTH,
        tolerance=NOISE_TOLERANCE,
        expansions=expansions,
    )
    record = records[-1]
    return {
        "tur": record.tur_ratio,
        "mean": record.mean,
        "noise": record.variance,
        "entropy_production": record.entropy_production,
        "depth": result.parameter,
        "depth_change": result.change,
        "converged": np.int8(result.converged),
    }


def global_tur() -> float:
    """𝒬 of the global approach for the same model (independent of α)."""
    baths = nesb_baths((1.0, 1.0), TEMPERATURES)
    generator = nl.generator(spin_boson(DELTA, THETA), baths, "global")
    return nl.current_statistics(generator, bath="1", order=2)["1"].tur_ratio


def heom_tur(points: int, run: FigureRun) -> tuple[dict, dict, dict, xr.Dataset]:
    """Variables (over ``alpha``), coordinates, attrs and sweep result of ``fcs-tur``'s HEOM part.

    ``points`` values of α in :data:`ALPHA_RANGE`, logarithmic (grid "heom" of ``run``).
    """
    alphas = np.geomspace(*ALPHA_RANGE, points)
    config = {
        "delta": DELTA,
        "theta": THETA,
        "temperatures": TEMPERATURES,
        "fit": FIT_OPTIONS,
        "depth_rule": {"start": START_DEPTH, "max": MAX_DEPTH, "tolerance": NOISE_TOLERANCE},
    }
    result = run.sweep(heom_tur_point, {"alpha": alphas}, "heom", config)
    variables = {f"{name}_heom": (("alpha",), result[name].values) for name in OUTPUTS}
    variables["tur_global_heom_model"] = (("alpha",), np.full(alphas.size, global_tur()))
    attrs = {
        "heom_model": "seed 004 spin-boson: H_S = Delta sigma_z, bath 1 via sigma_x, bath 2 via "
        "cos(theta) sigma_z + sin(theta) sigma_x, J(w) = pi alpha w^3/(1 + w^2)^4",
        "heom_delta": DELTA,
        "heom_theta": THETA,
        "heom_temperatures": list(TEMPERATURES),
        "heom_counting": "HEOM counting field in the bath correlation function, second order",
        "heom_depth_rule": f"depth raised from {START_DEPTH} until two successive tiers change "
        f"the noise by < {NOISE_TOLERANCE:g}, at most {MAX_DEPTH}",
        "smallest_tur_heom": float(np.min(result["tur"].values)),
        "unconverged_points_heom": int((result["converged"].values == 0).sum()),
    }
    return variables, {"alpha": alphas}, attrs, result
