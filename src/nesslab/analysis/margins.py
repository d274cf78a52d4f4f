"""The four validity margins of the master-equation approaches, computed from a model and its Baths.

Each margin is a dimensionless ratio *(the scale an approximation needs to be large) / (the
scale it neglects)*: ≫ 1 where the approximation holds. All rates are those of the
Bloch–Redfield parent of every approach (Lamb shift dropped, DESIGN.md power spectrum
``P(ω) = 2J(ω)[n(ω) + 1]``, ω > 0 emission), in the energy eigenbasis; ``Γ`` is the largest total
decay rate of an eigenstate (the inverse of the shortest lifetime).

* **secular** (``global``, ``pauli``, ``partial_secular``): the generator keeps the couplings
  between components of ρ whose Bohr frequencies differ by at most a window and drops the
  rest. Margin: the smallest ``|ω_i − ω_j| / |R_ij|`` over the dropped Redfield entries R_ij
  that connect the stationary block (the populations and the coherences inside the window)
  to any other component — the frequency difference that is supposed to average each dropped
  rate away, against that rate (the first-order coherences of
  :mod:`nesslab.generators.secular_validity` are these ratios' inverses, weighted by the
  populations).
* **local** (``local`` from Baths): each bath's rates are evaluated at the bare Bohr frequency
  ω_b of its subsystem (:mod:`nesslab.generators.local_baths`), while the bath exchanges
  energy at the Bohr frequencies ω_ab of the full H, shifted by the inter-subsystem coupling
  and the detuning. Margin: ``1 / max |ln P(ω_ab) − ln P(ω_b)|`` over every dressed transition
  (a, b) a bare component contributes to — the inverse of the largest relative error of a
  local rate (0 when a rate the local approach uses is in truth zero, e.g. a counter-rotating
  excitation at T = 0). It bounds the error of each rate, not of a current: at resonance the
  errors of the components at ω ± Ω cancel to first order in the current (seed 002 at Δω = 0),
  so there the margin is conservative; off resonance they do not (Δω = −0.09: local 10× off).
* **weak coupling** (every Born–Markov approach): ``min(ω̄, T) / Γ`` with ω̄ the rate-weighted
  mean transition frequency and T the lowest non-zero bath temperature: the level widths must
  be small against the quanta exchanged and the thermal energy.
* **Markov**: ``1 / (τ_B Γ)`` with the bath correlation time ``τ_B = max |d ln P/dω|`` at the
  transition frequencies (the frequency scale on which the power spectrum changes, from the
  spectral density and the temperature): it must be short against the relaxation time 1/Γ,
  i.e. P flat over a level width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nesslab.environment.baths import Bath
from nesslab.environment.spectral import power_spectrum
from nesslab.generators.couplings import site_couplings
from nesslab.generators.local_baths import bath_subsystem, declared_subsystems, frequency_components
from nesslab.generators.redfield import bath_terms
from nesslab.generators.term_algebra import pauli_rates
from nesslab.limits import SPARSE_ENTRY_BYTES, check_limit
from nesslab.superop import assemble_on_pairs
from nesslab.system import System

NOISE = 1e-12
"""Entries (rates, matrix elements) below this fraction of the largest one count as zero."""
CONTRIBUTION = 1e-8
"""A bare component contributes to a dressed transition above this fraction of max|S|."""
_STEP = 1e-6


@dataclass(frozen=True)
class Value:
    """One margin: the ratio and what it compared (for warnings and tables)."""

    value: float
    detail: str


def _level_rates(system: System, baths: Sequence[Bath]) -> tuple[dict[str, np.ndarray], float]:
    """Pauli rates ``W[m, p]`` (p → m) of each bath and the largest level decay rate Γ."""
    terms, _ = bath_terms(system, list(baths))
    rates = {name: pauli_rates(part, system.dim) for name, part in terms.items()}
    decay = sum(rates.values()).sum(axis=0)
    return rates, float(decay.max())


def weak_coupling_margin(system: System, baths: Sequence[Bath]) -> Value:
    """``min(ω̄, T_min) / Γ`` (module docstring)."""
    rates, gamma = _level_rates(system, baths)
    energies = system.eigen[0]
    gaps = np.abs(energies[:, None] - energies[None, :])
    total = sum(rates.values())
    mean = float((total * gaps).sum() / total.sum()) if total.sum() > 0 else np.inf
    temperatures = [bath.temperature for bath in baths if bath.temperature > 0]
    scale = min([mean, *temperatures])
    value = scale / gamma if gamma > 0 else np.inf
    cold = f", lowest temperature {min(temperatures):.3g}" if temperatures else ""
    detail = (
        f"largest level decay rate {gamma:.3g} against the mean transition frequency "
        f"{mean:.3g}{cold}"
    )
    return Value(value, detail)


def _log_slope(bath: Bath, omega: float) -> float:
    """``|d ln P/dω|`` at ω by a central difference that stays on the side of ω."""
    step = min(_STEP * max(1.0, abs(omega)), abs(omega) / 2) if omega != 0 else _STEP
    values = power_spectrum(bath.spectral_density, bath.temperature, [omega - step, omega + step])
    if np.any(values <= 0):
        return np.inf
    return float(abs(np.log(values[1] / values[0])) / (2 * step))


def markov_margin(system: System, baths: Sequence[Bath]) -> Value:
    """``1 / (τ_B Γ)`` with ``τ_B = max |d ln P/dω|`` at the transition frequencies."""
    rates, gamma = _level_rates(system, baths)
    energies = system.eigen[0]
    tau, where = 0.0, (None, 0.0)
    for bath in baths:
        matrix = rates[bath.name]
        final, initial = np.nonzero(matrix > NOISE * max(float(matrix.max()), 1e-300))
        for omega in np.unique(np.round(energies[initial] - energies[final], 12)):
            slope = _log_slope(bath, float(omega))
            if slope > tau:
                tau, where = slope, (bath.name, float(omega))
    value = 1 / (tau * gamma) if tau * gamma > 0 else np.inf
    detail = (
        f"bath correlation time |d ln P/dω| = {tau:.3g} (bath {where[0]!r} at ω = "
        f"{where[1]:.4g}) against the relaxation time 1/Γ = {1 / gamma:.3g}"
        if tau > 0 and gamma > 0
        else "power spectra flat at every transition (τ_B = 0)"
    )
    return Value(value, detail)


def _log_ratio(bath: Bath, dressed: np.ndarray, bare: float) -> np.ndarray:
    """``|ln P(dressed) − ln P(bare)|`` (0 when both vanish, ∞ when one does or diverges)."""
    try:
        values = power_spectrum(bath.spectral_density, bath.temperature, dressed)
        reference = float(power_spectrum(bath.spectral_density, bath.temperature, bare))
    except ValueError:
        return np.full(dressed.shape, np.inf)
    both_zero = (values == 0) & (reference == 0)
    with np.errstate(divide="ignore"):
        ratio = np.abs(np.log(values) - np.log(reference)) if reference > 0 else np.inf
    return np.where(both_zero, 0.0, ratio)


def local_margin(system: System, baths: Sequence[Bath]) -> Value:
    """``1 / max |ln P(ω_ab) − ln P(ω_b)|`` over the dressed transitions (module docstring).

    Raises
    ------
    ValueError
        If the system declares no subsystems or a bath couples to more than one.
    """
    parts = declared_subsystems(system)
    energies, vectors = system.eigen
    scale = max(1.0, float(np.abs(energies).max()))
    bohr = energies[None, :] - energies[:, None]
    bohr[np.abs(bohr) <= 1e-9 * scale] = 0.0
    worst, where = (0.0, 0.0), "every rate at its dressed frequency"
    for name, (coupling, bath) in site_couplings(system, baths).items():
        subsystem = bath_subsystem(system, name, coupling, parts)
        floor = CONTRIBUTION * float(np.abs(coupling).max())
        for bare, component in frequency_components(coupling, subsystem.hamiltonian):
            amplitudes = np.abs(vectors.conj().T @ component @ vectors)
            dressed = amplitudes > floor
            errors = _log_ratio(bath, bohr[dressed], bare)
            if not errors.size:
                continue
            # the largest error; among equal ones (e.g. ∞) the strongest transition
            pick = np.lexsort((amplitudes[dressed], errors))[-1]
            if (errors[pick], amplitudes[dressed][pick]) > worst:
                worst = (float(errors[pick]), float(amplitudes[dressed][pick]))
                shifted = float(bohr[dressed][pick])
                where = (
                    f"bath {name!r}: its rate at the bare frequency {bare:.4g} of subsystem "
                    f"{subsystem.label!r} is used for a transition at {shifted:.4g} "
                    f"(|Δ ln P| = {worst[0]:.3g})"
                )
    return Value(1 / worst[0] if worst[0] > 0 else np.inf, where)


@dataclass(frozen=True)
class SecularCouplings:
    """The Redfield terms (eigenbasis) of a model, for secular margins of any window."""

    system: System
    terms: list

    @classmethod
    def of(cls, system: System, baths: Sequence[Bath]) -> SecularCouplings:
        """The summed Bloch–Redfield terms of ``baths``."""
        terms, _ = bath_terms(system, list(baths))
        return cls(system, [term for part in terms.values() for term in part])

    def margin(self, window: float, populations_only: bool = False) -> Value:
        """Smallest ``|ω_i − ω_j| / |R_ij|`` over dropped entries touching the stationary block.

        ``window``: the generator keeps entries with ``|ω_i − ω_j| ≤ window``;
        ``populations_only``: it keeps populations only (Pauli), so a coherence between
        degenerate levels counts as dropped (gap 0).
        """
        dim = self.system.dim
        energies = self.system.eigen[0]
        index = np.arange(dim * dim)
        m, n = index % dim, index // dim
        frequencies = energies[m] - energies[n]
        stationary = m == n if populations_only else np.abs(frequencies) <= window
        block = np.flatnonzero(stationary)
        entries = 2 * block.size * dim * dim
        check_limit(
            entries * SPARSE_ENTRY_BYTES / 1e6,
            "max_memory_mb",
            None,
            f"secular margin: {entries} Redfield entries of dimension {dim}, MB",
            "lower the dimension",
            argument=False,
        )
        rows = np.repeat(block, dim * dim)
        cols = np.tile(index, block.size)
        forward = self._entries(rows, cols)
        backward = self._entries(cols, rows)
        rates = np.maximum(forward, backward).reshape(block.size, dim * dim)
        gaps = np.abs(frequencies[block][:, None] - frequencies[None, :])
        dropped = np.broadcast_to(~stationary, gaps.shape) if populations_only else gaps > window
        dropped = dropped & (rates > NOISE * max(float(rates.max()), 1e-300))
        if not dropped.any():
            return Value(np.inf, "no Redfield rate is dropped")
        ratios = np.where(dropped, gaps / np.where(dropped, rates, 1.0), np.inf)
        row, col = np.unravel_index(int(np.argmin(ratios)), ratios.shape)
        i, j = block[row], col
        detail = (
            f"Bohr-frequency difference {gaps[row, col]:.3g} against the rate "
            f"{rates[row, col]:.3g} coupling ρ[{m[i]},{n[i]}] to ρ[{m[j]},{n[j]}] "
            "(eigenstates in ascending energy)"
        )
        return Value(float(ratios[row, col]), detail)

    def _entries(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """``|R[rows[p], cols[p]]|`` of the summed Redfield dissipator."""
        matrix = assemble_on_pairs(self.terms, self.system.dim, rows, cols)
        return np.abs(np.asarray(matrix[rows, cols]).ravel())
