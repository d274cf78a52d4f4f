"""Brute-force high-precision reference for seed 003's rate integral (Eq. 3), independent of
nesslab's quadrature: the printed integrand on the real axis in mpmath.

The grid's values (~2 min of mpmath) are stored in ``flip_rate_reference.json`` next to this
module; regenerate them with ``python tests/analysis/flip_rate_reference.py``. The tests check
the stored file against this module (its grid, and live recomputation of one point).
"""

import itertools
import json
from pathlib import Path

import mpmath as mp
from mpmath.calculus.quadrature import GaussLegendre

STORED = Path(__file__).with_name("flip_rate_reference.json")

FAST_REFERENCE = [(0.1, 2.5, 37.5), (10.0, 1.0, 6.0)]
"""A deep Gaussian-regime cancellation (W ~ 1e-6 of its peak) and a large-η point."""

REFERENCE_GRID = [
    (eta, g, m * g**2)
    for eta, g in itertools.product([0.02, 0.1, 1.0, 3.3, 10.0], [1.0, 2.5])
    for m in (-1.0, 6.0, 25.0)
] + [(1.0, 0.3, 0.54), (10.0, 0.3, 2.25), (0.1, 0.15, 0.3)]
REFERENCE_GRID += [(0.001, 1.0, 139.3), (3.3, 3.8, 9.5), (2.5, 6.0, 40.0)]
REFERENCE_GRID += [(30.0, 0.05, -24.7), (10.0, 0.05, 3.4)]
"""Both regimes: the peak Γ = 0, the Gaussian tail and beyond the S14/S21 crossover (η = 0.001,
ΔE = 139.3 sits on it, W ~ 1e-8 of the peak), revivals (g = 0.15 at η = 0.1), η > 2 where
f(∞) < 0, and a weak coupling far off resonance at large η (the path climbs to h ≈ 6 through
the ripple e^{−iηy/2}, which a panel rule on |Δφ| alone missed by 25 %). All at κ = ω = 1,
Ω = 0.1."""

DEGREES = (4, 5)
"""Gauss–Legendre degrees of the stored values (the spread between them is stored too)."""


def reference_rate(delta_e, g, eta, kappa=1.0, degrees=(4,), dps=30):
    """Eq. 3 by brute force: the printed integrand on the real axis in mpmath (``dps`` digits),
    composite Gauss–Legendre, marching until a rigorous bound on the rest is negligible.

    With two ``degrees`` also returns the relative difference of the two rules.
    """
    with mp.workdps(dps):
        rule = GaussLegendre(mp.mp)
        nodes = {d: rule.calc_nodes(d, mp.mp.prec) for d in degrees}
        e, k, g, de = mp.mpf(eta), mp.mpf(kappa), mp.mpf(g), mp.mpf(delta_e)
        a = 2 * g**2 * 4 * (2 * k + e) / (e**2 + 4)
        b = 16 / (e**2 + 4)
        c1, c2 = (8 - 2 * e**2) / (e * (e**2 + 4)), 8 / (e**2 + 4)
        rho = mp.sqrt(c1**2 + c2**2)

        def integrand(t):
            damp, cos, sin = mp.exp(-e * t / 2), mp.cos(t), mp.sin(t)
            f = c1 * (1 - damp * cos) - c2 * damp * sin
            s = (4 * e * (damp * cos - 1) + (e**2 - 4) * damp * sin) / (e**2 + 4)
            return mp.exp(-a * (f + t)) * mp.cos(b * (de * t - g**2 * s))

        curvature = a * (e**2 + 4) / (4 * e)
        frequency = abs(b * de) + abs(b * (de + g**2)) + 1
        step = min(mp.mpf(1), 1 / (4 * mp.sqrt(curvature)), mp.mpf(1.5) / frequency)
        totals, start = dict.fromkeys(degrees, mp.mpf(0)), mp.mpf(0)
        while True:
            for degree in degrees:
                panel = sum(w * integrand(start + (x + 1) * step / 2) for x, w in nodes[degree])
                totals[degree] += panel * step / 2
            start += step
            # |integrand| ≤ exp(−a(τ + f(∞) − ρ e^{−ητ/2})), decreasing: the rest is below bound
            bound = mp.exp(-a * (start + c1 - rho * mp.exp(-e * start / 2))) / a
            if start > 1 / a and bound < mp.mpf(10) ** (-dps + 8) * abs(totals[degrees[-1]]):
                break
        value = float(2 * mp.mpf("0.01") * totals[degrees[-1]])  # 2Ω²/ω with Ω = 0.1
        if len(degrees) == 1:
            return value
        return value, float(abs(totals[degrees[0]] / totals[degrees[1]] - 1))


def stored_reference() -> list[dict]:
    """The stored grid: (eta, g, delta_e, value, spread) records in REFERENCE_GRID order."""
    return json.loads(STORED.read_text())["points"]


def write_reference() -> None:
    """Recompute every point of REFERENCE_GRID (degrees DEGREES) and store it."""
    points = []
    for eta, g, delta_e in REFERENCE_GRID:
        value, spread = reference_rate(delta_e, g, eta, degrees=DEGREES)
        points.append(dict(eta=eta, g=g, delta_e=delta_e, value=value, spread=spread))
        print(f"eta={eta:g} g={g:g} dE={delta_e:g}: {value!r} (spread {spread:.1e})")
    header = "reference_rate(delta_e, g, eta, degrees=DEGREES) of flip_rate_reference.py"
    STORED.write_text(json.dumps(dict(generator=header, points=points), indent=1) + "\n")


if __name__ == "__main__":
    write_reference()
