"""Relaxation dynamics towards a NESS: populations, purity, secular versus non-secular.

Every function evolves with the modal propagator of :func:`nesslab.evolve` (``method=
"spectral"``), exact on logarithmic time grids reaching far beyond the slowest relaxation time —
seed 000 Fig. 7 spans dissipation rates from 5×10⁻¹² to 5×10⁻⁶ of the level spacing. Results are
:class:`xarray.Dataset` objects; time is in units of 1/energy (1/ω for the Rabi model, ħ = 1),
populations and purity are dimensionless.

References
----------
C. Chuang, A. Kapulkin, A. K. Pattanayak, P. Brumer, Phys. Rev. A 108, 022213 (2023) (seed
000): Fig. 7 and App. C (secular limit of the local Lindbladian), Fig. 10 (Redfield dynamics).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import xarray as xr

from nesslab.generators import Generator, generator
from nesslab.observables import populations, purity
from nesslab.solve import evolve, steady_state
from nesslab.system import System

TIME_UNITS = "1/energy (1/omega for the Rabi model; hbar = 1)"
SECULAR_TOLERANCE = 0.0


def _checked_times(times: Sequence[float]) -> np.ndarray:
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(times < 0) or np.any(np.diff(times) <= 0):
        raise ValueError("times must be a non-empty, strictly increasing 1-d grid of times >= 0")
    return times


def _state_observables(states: np.ndarray, system: System) -> dict[str, tuple]:
    """Site and eigenbasis populations and purity of each state (leading axis)."""
    vectors = system.eigen[1]
    eigen = np.einsum("ia,tij,ja->ta", vectors.conj(), states, vectors).real
    return {
        "site_population": (("time", "site"), np.real(np.einsum("tii->ti", states))),
        "eigen_population": (("time", "level"), eigen),
        "purity": (("time",), np.einsum("tij,tji->t", states, states).real),
    }


def trajectory(gen: Generator, rho0: Any, times: Sequence[float]) -> xr.Dataset:
    """Populations (site and energy eigenbasis) and purity of ``ρ(t)`` from ``ρ(t₀) = rho0``.

    Parameters
    ----------
    gen : Generator
        Any density or populations generator (not HEOM).
    rho0 : ndarray or SteadyState
        Initial density matrix (site basis) at ``times[0]``.
    times : sequence of float
        Strictly increasing times ≥ 0 in units of 1/energy, e.g. ``np.geomspace(1e-1, 1e10,
        111)``; the propagation is exact at any spacing.

    Returns
    -------
    xarray.Dataset
        ``site_population(time, site)`` — diagonal of ρ in the product (site) basis, index
        order of ``gen.system`` (spin ⊗ boson: ``site = spin · N_b + n``, spin 0 = ↑);
        ``eigen_population(time, level)`` — ``⟨E_k|ρ|E_k⟩`` in ascending energy, coordinate
        ``energy(level)``; ``purity(time)`` = Tr ρ²; diagnostics ``trace_error(time)`` =
        ``|Tr ρ − 1|`` and ``hermiticity_error(time)`` = ``max|ρ − ρ†|``.

    Raises
    ------
    ValueError
        For a bad time grid or initial state.
    """
    times = _checked_times(times)
    states = evolve(gen, rho0, times, method="spectral").states
    data = _state_observables(states, gen.system)
    data["trace_error"] = (("time",), np.abs(np.trace(states, axis1=1, axis2=2) - 1))
    data["hermiticity_error"] = (
        ("time",),
        np.abs(states - states.conj().transpose(0, 2, 1)).max(axis=(1, 2)),
    )
    return xr.Dataset(
        data,
        coords={
            "time": times,
            "site": np.arange(gen.dim),
            "level": np.arange(gen.dim),
            "energy": ("level", gen.system.eigen[0]),
        },
        attrs={"approach": gen.approach, "time_units": TIME_UNITS},
    )


def ness_observables(gen: Generator) -> xr.Dataset:
    """Site and eigenbasis populations and purity of the steady state of ``gen``.

    Returns
    -------
    xarray.Dataset
        ``ness_site_population(site)``, ``ness_eigen_population(level)``, ``ness_purity`` and
        the steady-state ``ness_residual`` ‖L x‖ (:func:`nesslab.steady_state`).
    """
    state = steady_state(gen)
    return xr.Dataset(
        {
            "ness_site_population": (("site",), populations(state)),
            "ness_eigen_population": (("level",), populations(state, gen.system)),
            "ness_purity": purity(state),
            "ness_residual": state.residual,
        },
        coords={"site": np.arange(gen.dim), "level": np.arange(gen.dim)},
    )


def compare_dynamics(
    generators: Mapping[str, Generator], rho0: Any, times: Sequence[float]
) -> xr.Dataset:
    """:func:`trajectory` and :func:`ness_observables` of several generators, stacked on ``route``.

    Parameters
    ----------
    generators : mapping of str to Generator
        Route name → generator, all of the same system.
    rho0, times
        As for :func:`trajectory`.
    """
    if not generators:
        raise ValueError("generators must name at least one generator")
    first, *others = (gen.system for gen in generators.values())
    if any(o.dims != first.dims or not np.allclose(o.H, first.H) for o in others):
        raise ValueError("all generators must describe the same system (dims and H)")
    routes = [
        xr.merge([trajectory(gen, rho0, times), ness_observables(gen)], combine_attrs="override")
        for gen in generators.values()
    ]
    combined = xr.concat(routes, dim="route", coords="minimal", combine_attrs="drop")
    combined = combined.assign_coords(route=list(generators))
    combined["approach"] = ("route", [gen.approach for gen in generators.values()])
    combined.attrs["time_units"] = TIME_UNITS
    return combined


def secular_generators(system: System, channels: Any) -> dict[str, Generator]:
    """The local Lindbladian and its secular limit (seed 000 App. C).

    Returns
    -------
    dict
        ``"nonsecular"``: the full local Lindblad generator; ``"secular"``: the same
        Lindbladian secularised in the energy eigenbasis (``partial_secular`` with tolerance
        0: populations follow the Pauli rates of Eq. C2, each coherence ρ_mn rotates at
        ``E_m − E_n`` and decays on its own, coherences of exactly degenerate Bohr frequencies
        stay coupled).
    """
    return {
        "nonsecular": generator(system, channels, "local"),
        "secular": generator(system, channels, "partial_secular", tolerance=SECULAR_TOLERANCE),
    }


def secular_comparison(
    system: System, channels: Any, rho0: Any, times: Sequence[float]
) -> xr.Dataset:
    """Non-secular versus secular local-Lindblad dynamics and NESS (seed 000 Fig. 7, App. C).

    Parameters
    ----------
    system : System
        The system.
    channels : Channel or list of Channel
        The local jump operators and rates (energy units).
    rho0 : ndarray
        Initial density matrix, site basis.
    times : sequence of float
        Strictly increasing times ≥ 0 (1/energy).

    Returns
    -------
    xarray.Dataset
        :func:`compare_dynamics` over routes ``("nonsecular", "secular")``.
    """
    return compare_dynamics(secular_generators(system, channels), rho0, times)


def product_state(dims: Sequence[int], indices: Sequence[int]) -> np.ndarray:
    """Density matrix of the product basis state ``|i₁⟩ ⊗ |i₂⟩ ⊗ …`` (site basis).

    Parameters
    ----------
    dims : sequence of int
        Subsystem dimensions (``System.dims``).
    indices : sequence of int
        Basis index in each subsystem (Rabi model: spin 0 = ↑, 1 = ↓; boson Fock number n).
    """
    dims, indices = [int(d) for d in dims], [int(i) for i in indices]
    if len(dims) != len(indices) or any(not 0 <= i < d for i, d in zip(indices, dims, strict=True)):
        raise ValueError(f"indices {indices} do not fit subsystem dimensions {dims}")
    rho = np.zeros((int(np.prod(dims)),) * 2)
    site = int(np.ravel_multi_index(indices, dims))
    rho[site, site] = 1.0
    return rho


def marginal_population(
    site_population: xr.DataArray, dims: Sequence[int], subsystem: int
) -> xr.DataArray:
    """Populations of one subsystem's basis states, the others traced out.

    Parameters
    ----------
    site_population : xarray.DataArray
        Product-basis populations with a ``site`` dimension (e.g. from :func:`trajectory`).
    dims : sequence of int
        Subsystem dimensions (``System.dims``), whose product is the size of ``site``.
    subsystem : int
        Which subsystem to keep.

    Returns
    -------
    xarray.DataArray
        ``site`` replaced by ``state`` (that subsystem's basis index).
    """
    dims = [int(d) for d in dims]
    if not 0 <= subsystem < len(dims):
        raise ValueError(f"subsystem must be in [0, {len(dims)}), got {subsystem}")
    if int(np.prod(dims)) != site_population.sizes["site"]:
        raise ValueError(f"dims {dims} do not match {site_population.sizes['site']} sites")
    axis = site_population.get_axis_num("site")
    values = np.moveaxis(site_population.values, axis, -1)
    values = values.reshape(*values.shape[:-1], *dims)
    traced = tuple(values.ndim - len(dims) + k for k in range(len(dims)) if k != subsystem)
    other = [d for d in site_population.dims if d != "site"]
    return xr.DataArray(
        values.sum(axis=traced),
        dims=[*other, "state"],
        coords={d: site_population.coords[d] for d in other if d in site_population.coords},
    )
