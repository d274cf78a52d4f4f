"""Rate ratios ``R = W(i → j) / W(j → i)`` against ΔE, and the β_eff of ``ln R = −β_eff ΔE``.

Seed 003 Fig. 2(c–e) plots ``R_i(ΔE) = W_i(ΔE)/W_i(−ΔE)`` and ``ln R_i/ΔE``.

A generator obeying detailed balance with Boltzmann weights ``e^{−βE}`` has ``ln R = −β ΔE`` on
every transition; a spread of ``ln R/ΔE`` (e.g. a spin dependence) means no single temperature.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nesslab.analysis.classical.generator import RateGenerator
from nesslab.limits import real_number


@dataclass(frozen=True, eq=False)
class RateRatios:
    """Every two-way transition, oriented uphill (``ΔE ≥ 0``).

    Attributes
    ----------
    source, target : ndarray
        The states of each transition; source → target raises the energy by ``delta_energy``
        (ties ΔE = 0: source < target).
    delta_energy : ndarray
        ``E_target − E_source ≥ 0`` (energy units).
    log_ratio : ndarray
        ``ln[W(source → target) / W(target → source)]``.
    spin : ndarray or None
        The flipped spin of each transition of a spin generator (None otherwise).
    """

    source: np.ndarray
    target: np.ndarray
    delta_energy: np.ndarray
    log_ratio: np.ndarray
    spin: np.ndarray | None

    @property
    def ratio(self) -> np.ndarray:
        """R = W(uphill) / W(downhill)."""
        return np.exp(self.log_ratio)


def rate_ratios(generator: RateGenerator) -> RateRatios:
    """The ratio of the rates of every two-way transition and its energy change.

    Raises
    ------
    ValueError
        If the generator has no state energies.
    """
    if generator.energies is None:
        raise ValueError("rate ratios need state energies; build the generator with energies=...")
    pairs = generator.transitions()
    two_way = (pairs.forward > 0) & (pairs.backward > 0)
    source, target = pairs.source[two_way], pairs.target[two_way]
    forward, backward = pairs.forward[two_way], pairs.backward[two_way]
    delta = generator.energies[target] - generator.energies[source]
    downhill = delta < 0
    source, target = np.where(downhill, target, source), np.where(downhill, source, target)
    forward, backward = np.where(downhill, backward, forward), np.where(downhill, forward, backward)
    spin = None
    if generator.spins is not None:
        spin = np.log2(source ^ target).round().astype(int)
    return RateRatios(source, target, np.abs(delta), np.log(forward) - np.log(backward), spin)


@dataclass(frozen=True)
class EffectiveTemperature:
    """The fit ``ln R = −β ΔE`` (through the origin, least squares).

    Attributes
    ----------
    beta : float
        β_eff (1/energy).
    standard_error : float
        Standard error of β_eff from the scatter of the residuals (0 for an exact fit).
    rms_residual : float
        Root mean square of ``ln R + β ΔE``: how far the transitions are from one temperature.
    count : int
        Number of transitions fitted.
    """

    beta: float
    standard_error: float
    rms_residual: float
    count: int

    @property
    def temperature(self) -> float:
        """``1/β_eff`` (energy units; inf at β_eff = 0)."""
        return float("inf") if self.beta == 0 else 1.0 / self.beta


def effective_inverse_temperature(
    ratios: RateRatios, *, max_energy: float | None = None, spin: int | None = None
) -> EffectiveTemperature:
    """β_eff from ``ln R = −β ΔE`` over the transitions with ``0 < ΔE ≤ max_energy``.

    Parameters
    ----------
    ratios : RateRatios
        From :func:`rate_ratios`.
    max_energy : float, optional
        Keep only ``ΔE ≤ max_energy`` (e.g. seed 003's regime (i) of small energy changes).
    spin : int, optional
        Keep only the flips of this spin (spin generators).

    Raises
    ------
    ValueError
        If no transition with ΔE > 0 is left, or ``spin`` is given for a non-spin generator.
    """
    keep = ratios.delta_energy > 0
    if max_energy is not None:
        keep &= ratios.delta_energy <= real_number(max_energy, "max_energy")
    if spin is not None:
        if ratios.spin is None:
            raise ValueError("spin= needs the rate ratios of a spin generator")
        keep &= ratios.spin == spin
    delta, log_ratio = ratios.delta_energy[keep], ratios.log_ratio[keep]
    if delta.size == 0:
        raise ValueError("no transition with an energy change ΔE > 0 to fit β_eff to")
    norm = float(delta @ delta)
    beta = -float(delta @ log_ratio) / norm
    residual = log_ratio + beta * delta
    scatter = float(residual @ residual)
    error = np.sqrt(scatter / (delta.size - 1) / norm) if delta.size > 1 else float("nan")
    return EffectiveTemperature(beta, float(error), np.sqrt(scatter / delta.size), int(delta.size))
