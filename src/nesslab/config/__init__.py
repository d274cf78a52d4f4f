"""Sweep configurations in TOML: ``nesslab run CONFIG.toml``.

A config describes one model, its environment, an approach, a grid and the outputs of each
point. :func:`load_config` checks all of it before any steady state is solved and raises a
:class:`ConfigError` whose message starts with the offending key. Energies, rates and
temperatures are in the model's energy unit (ħ = k_B = 1).

Schema
------
``[model]``
    ``name`` is a function of :mod:`nesslab.models` (``rabi``, ``tls_dimer``, …); every other
    key is one of its keyword arguments: a number, or a reference (below). A required argument
    may instead be an axis of [grid].
``[parameters]`` (optional)
    Named numbers (Python identifiers), e.g. ``r_s = 5e-12``, used through references and
    sweepable by [grid]. Each must be referenced somewhere.
``[[channels]]`` (local Lindblad channels) *or* ``[[baths]]`` (thermal bosonic baths)
    A rate channel: ``operator`` (a name of the model's operators), ``rate`` ≥ 0, optional
    ``name`` (default: the operator; channels sharing a name are one bath for currents) and
    ``temperature`` (only for entropy production). A *thermal* channel instead gives
    ``spectral_density``, ``temperature`` and ``frequency`` ω > 0, and stands for decay through
    L at rate 2J(ω)[n(ω)+1] plus excitation through L† at rate 2J(ω)n(ω), J(ω) evaluated at the
    channel's bare frequency (seed 002 Eq. 8, whose γ(ω) is 2J(ω)).
    A bath: ``coupling`` (operator name, Hermitian), ``temperature`` ≥ 0, ``spectral_density``,
    optional ``name`` (default: the coupling).
    ``spectral_density = { type = "ohmic" | "power_law" | "drude_lorentz" | "flat", ... }``
    with the parameters of :mod:`nesslab.spectral` (Ohmic: eta, cutoff; PowerLaw: strength,
    exponent, cutoff, form; DrudeLorentz: lam, gamma; Flat: value).
``[approach]``
    ``name`` in ``nesslab.APPROACHES``; ``method`` a steady-state method (default "auto");
    other keys are the approach's options (e.g. ``tolerance`` for "partial_secular").
``[grid]``
    Each key is a model argument or a [parameters] name; its value is a list of numbers or
    ``{ start, stop, num, scale = "linear" | "log" }``. The sweep is the outer product, with
    dims in file order. A channel or bath field is swept through a reference to a parameter.
``[outputs]`` (optional; default ``heat_currents = true``)
    ``heat_currents`` (variables ``J_<name>``, positive from the bath into the system, and
    ``first_law_residual``), ``fluxes`` (a list of ``{ operator, channel, scale, label }``:
    ``scale · Tr[A D_channel(ρ)]``, operator "H" meaning the Hamiltonian), ``populations``
    (energy-eigenbasis populations, ascending energy) and ``entropy_production``
    (σ = −Σ J_α/T_α; needs every temperature), ``current_noise`` (``noise_<name>``: the
    zero-frequency noise of each bath's energy current, :func:`nesslab.current_statistics`)
    and ``tur`` (``tur_<name>``: the TUR ratio Var(J)σ/J², needs every temperature); those two
    need an approach with counting fields. Every point also returns ``residual``
    (‖L x‖₂ of the steady state) and ``method``.
``[run]`` (optional; command-line options override)
    ``store`` (Zarr directory, or netCDF for ``.nc``; relative to the working directory;
    default ``<config stem>.zarr``), ``backend`` ("processes", "serial", "dask"), ``workers``,
    ``address`` (Dask scheduler), ``on_error`` ("raise": a failing point stops the sweep;
    "record": its error is stored and the sweep goes on), ``plot`` (a table or an array of tables
    ``{ x = axis, y = output, logy = bool, output = "file.png" }``, drawn next to the store; the
    output is a file name, without a directory).
``[labels]`` (optional)
    ``NAME = { long_name = "...", units = "..." }`` for a grid axis, [parameters] entry or
    output: stored on the variable and written on the plots' axes. nesslab labels its own
    outputs (heat currents, residuals, …) in the model's energy unit; [run] and [labels] are
    presentation, and a store made with other ones still resumes.

Parameter references
--------------------
Wherever a number is expected in [model], the environment, [approach] or a flux ``scale``, a
table ``{ param = "NAME", scale = k, power = p }`` stands for ``k · NAME^p`` (defaults k = 1,
p = 1), NAME being a [parameters] entry, a grid axis or a numeric model argument. This is the
only arithmetic: enough for ``c₂ = 2c₁`` or a flux per unit coupling ``−J₁/Ω``.

A small example
---------------
::

    [model]
    name = "rabi"
    coupling = 0.2
    n_boson = 12

    [parameters]
    r_s = 5e-12                 # spin decay rate, used twice below

    [[channels]]
    operator = "sm"
    rate = { param = "r_s" }
    name = "spin"

    [[channels]]
    operator = "a"
    rate = 5e-6
    name = "boson"

    [approach]
    name = "local"

    [grid]
    delta = { start = 0.2, stop = 4.0, num = 60 }

    [outputs]
    # J_s / r_s = Tr[σz D_spin(ρ)] / (2 r_s)
    fluxes = [{ operator = "sz", channel = "spin", label = "J_s",
                scale = { param = "r_s", scale = 0.5, power = -1 } }]
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nesslab.config.common import ConfigError
from nesslab.config.point import ConfigPoint, check_values, point_sections
from nesslab.config.run import RunResult, load_results, run_config
from nesslab.config.schema import Config, parse_config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def load_config(path: str | Path) -> Config:
    """Read and check a TOML sweep configuration (see the module docstring for the schema).

    Parameters
    ----------
    path : str or Path
        The TOML file.

    Returns
    -------
    Config

    Raises
    ------
    ConfigError
        Naming the offending key (or the file, for TOML syntax errors).
    FileNotFoundError
        If the file does not exist.
    """
    path = Path(path)
    return config_from_dict(read_toml(path), path)


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML file's contents; a ConfigError naming the file for a syntax error."""
    with path.open("rb") as file:
        try:
            return tomllib.load(file)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(str(path), f"invalid TOML: {exc}") from None


def config_from_dict(data: Mapping[str, Any], source: str | Path | None = None) -> Config:
    """Check a parsed TOML document (static checks, then :func:`check_values`).

    Raises
    ------
    ConfigError
        Naming the offending key.
    """
    config = parse_config(data, source)
    check_values(config)
    return config


__all__ = [
    "Config",
    "ConfigError",
    "ConfigPoint",
    "RunResult",
    "config_from_dict",
    "load_config",
    "load_results",
    "point_sections",
    "run_config",
]
