"""What nesslab accepts before it does any work: numbers, counts and resource sizes.

Numbers
-------
:func:`real_number` and :func:`count` accept Python and NumPy reals (integral ones for a count)
and refuse ``bool``, ``str`` and anything else with the argument named (``True`` is not a
temperature and ``"0.1"`` not a rate, however Python converts them).

Resource limits
---------------
Every builder estimates its size from cheap counts (dimensions, operator nonzeros,
combinatorics: nothing is allocated) and refuses, with a :class:`ResourceLimitError` (a
``MemoryError``) naming the estimate, the limit and how to raise it, before it allocates.

=================  ===========  ======================================================
limit              default      what it bounds
=================  ===========  ======================================================
``max_dimension``  4096         Hilbert dimension of a :class:`~nesslab.System` (stored
                                dense: at 4096, 268 MB per operator, and about a minute
                                each to build ``rabi`` and to diagonalise it on two
                                cores); checked by the :mod:`nesslab.models` builders
                                before any operator is built
``max_memory_mb``  4000         MB (10⁶ bytes) a density-matrix generator's assembly
                                ("local", "global", "redfield", "partial_secular") or a
                                batched solve (``nesslab.steady_states``) may hold: a
                                quarter of a 16 GB workstation, so that a few sweep
                                workers and the later factorisation still fit ("pauli"
                                holds N×N matrices only, bounded by ``max_dimension``)
``max_nonzeros``   5·10⁷        nonzeros of a HEOM right-hand side (~1 GB as CSR, before a
                                sparse LU that needs several times more)
``max_points``     10⁶          points of a sweep grid (``nesslab.sweep``, a TOML [grid]):
                                ~10⁶ s of work at a millisecond a point, and a store of
                                that many entries per output
=================  ===========  ======================================================

Each is raised where the work happens by the argument of the same name (``rabi(...,
max_dimension=8192)``, ``generator(..., "redfield", max_memory_mb=16000)``, ``generator(...,
"heom", max_nonzeros=2e8)``, ``make_grid(..., max_points=10**7)``; in a TOML config as a
[model] or [approach] key), or for a whole session by the environment variable
``NESSLAB_<NAME>`` (e.g. ``NESSLAB_MAX_POINTS=10000000``), which the TOML [grid] check reads.
``inf`` lifts a limit.
"""

from __future__ import annotations

import math
import numbers
import os
from typing import Any

import numpy as np

DEFAULTS: dict[str, float] = {
    "max_dimension": 4096,
    "max_memory_mb": 4000.0,
    "max_nonzeros": 50_000_000,
    "max_points": 1_000_000,
}

COMPLEX_BYTES = 16
SPARSE_ENTRY_BYTES = 2 * 8 + COMPLEX_BYTES + COMPLEX_BYTES + 4
"""Assembling one sparse entry: its COO triplet (two int64 indices, a complex value), then its
CSR copy (complex value, int32 index)."""
DENSE_TEMPORARIES = 2
"""Dense N²×N² arrays held besides a generator's dense parts: while a part is assembled, the
product and its transposed copy; later, the summed matrix and one partial sum (measured with
tracemalloc: 3.06 arrays at the peak of assembling two Redfield parts)."""


class ResourceLimitError(MemoryError):
    """Refusal of work whose estimated size exceeds a limit (raised before any allocation).

    Attributes
    ----------
    name : str
        The limit (``"max_memory_mb"``, …), also the argument that raises it.
    estimate, limit : float
        The estimated size and the limit, in the limit's unit.
    """

    def __init__(self, message: str, name: str, estimate: float, limit: float) -> None:
        super().__init__(message)
        self.name = name
        self.estimate = estimate
        self.limit = limit

    def __reduce__(self) -> tuple:
        # A sweep's worker processes send their exceptions back pickled.
        return type(self), (str(self), self.name, self.estimate, self.limit)


def _is_real(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, numbers.Real):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"


def real_number(value: Any, name: str, *, finite: bool = True) -> float:
    """``value`` as a float, if it is a real number (Python or NumPy int or float).

    Raises
    ------
    TypeError
        For a bool, a str or any other non-real value, naming ``name``.
    ValueError
        For NaN (always) or ±inf (when ``finite``), naming ``name``.
    """
    if not _is_real(value):
        raise TypeError(
            f"{name} must be a real number (int or float), got {type(value).__name__} {value!r}"
        )
    number = float(value)
    if math.isnan(number) or (finite and math.isinf(number)):
        raise ValueError(f"{name} must be a finite number, got {number!r}")
    return number


def real_numbers(**values: Any) -> None:
    """Check every keyword with :func:`real_number`, named by its keyword (finite values)."""
    for name, value in values.items():
        real_number(value, name)


def count(value: Any, name: str, minimum: int = 0) -> int:
    """``value`` as an int, if it is an integral real number ≥ ``minimum`` (``12.0`` is fine).

    Raises
    ------
    TypeError
        For a bool, a str or any other non-real value, naming ``name``.
    ValueError
        For a fractional, non-finite or too small value, naming ``name``.
    """
    number = real_number(value, name, finite=False)
    if not number.is_integer() or number < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def environment_variable(name: str) -> str:
    """The environment variable that overrides limit ``name``: ``NESSLAB_<NAME>``."""
    return f"NESSLAB_{name.upper()}"


def limit(name: str, given: Any = None) -> float:
    """The value of limit ``name``: ``given``, else its environment variable, else the default.

    Raises
    ------
    ValueError
        For an unknown limit, or a given value or environment variable that is not a number
        > 0 (naming which).
    """
    if name not in DEFAULTS:
        raise ValueError(f"unknown limit {name!r}; limits: {', '.join(DEFAULTS)}")
    if given is not None:
        value, source, raw = real_number(given, name, finite=False), name, given
    else:
        variable = environment_variable(name)
        raw = os.environ.get(variable)
        if raw is None:
            return DEFAULTS[name]
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        source = f"the environment variable {variable}"
    if not value > 0:
        raise ValueError(f"{source} must be a number > 0, got {raw!r}")
    return value


def check_limit(
    estimate: float, name: str, given: Any, what: str, hint: str, *, argument: bool = True
) -> None:
    """Refuse ``what`` when ``estimate`` exceeds limit ``name`` (:func:`limit` of ``given``).

    Parameters
    ----------
    estimate : float
        The estimated size, in the unit of the limit.
    name : str
        The limit, a key of :data:`DEFAULTS`.
    given : float or None
        The limit passed by the caller (None: environment variable or default).
    what : str
        What would be built and how big it is, e.g. ``"rabi: Hilbert dimension 10000"``.
    hint : str
        How to make it smaller, e.g. ``"lower n_boson"``.
    argument : bool
        Whether the caller takes ``name`` as an argument (else the message offers only the
        environment variable).

    Raises
    ------
    ResourceLimitError
        With ``what``, the estimate, the limit and both ways to raise it.
    """
    value = limit(name, given)
    if estimate > value:
        variable = f"the environment variable {environment_variable(name)}"
        where = f"{name}=... where it is built, or {variable}" if argument else variable
        raise ResourceLimitError(
            f"{what}: {_show(estimate)} > {name} = {_show(value)}; {hint}, or raise the limit "
            f"({where})",
            name,
            float(estimate),
            value,
        )


def _show(value: float) -> str:
    """An integral value as an integer, anything else to four significant digits."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.4g}"


def check_dimension(dims: Any, what: str, given: Any = None) -> int:
    """The Hilbert dimension ``prod(dims)`` (exact integers), refused above ``max_dimension``.

    Raises
    ------
    ResourceLimitError
        Naming ``what``, the subsystem dimensions and the limit.
    """
    dims = [int(d) for d in dims]
    dimension = math.prod(dims)
    if dimension <= limit("max_dimension", given):
        return dimension
    shown = " × ".join(str(d) for d in dims) + " = " if len(dims) > 1 else ""
    check_limit(
        dimension,
        "max_dimension",
        given,
        f"{what}: Hilbert dimension {shown}{dimension} (dense operators of "
        f"{_show(dense_megabytes(dimension))} MB each)",
        "use fewer levels or subsystems",
    )
    return dimension


def dense_megabytes(size: int, count: int = 1) -> float:
    """MB of ``count`` dense complex ``size × size`` matrices."""
    return count * float(size) ** 2 * COMPLEX_BYTES / 1e6


def sparse_megabytes(entries: int) -> float:
    """MB of assembling ``entries`` sparse entries (:data:`SPARSE_ENTRY_BYTES` each)."""
    return float(entries) * SPARSE_ENTRY_BYTES / 1e6


def pair_count(frequencies: np.ndarray, tolerance: float) -> int:
    """Number of index pairs with ``|frequencies[i] − frequencies[j]| ≤ tolerance``.

    What :func:`nesslab.superop.frequency_pairs` would return, counted without building them.
    """
    ordered = np.sort(frequencies)
    lo = np.searchsorted(ordered, ordered - tolerance, side="left")
    hi = np.searchsorted(ordered, ordered + tolerance, side="right")
    return int((hi - lo).sum())


def check_points(
    sizes: dict[str, int], what: str, given: Any = None, *, argument: bool = True
) -> int:
    """The number of points ``prod(sizes)`` of a grid, refused above ``max_points``.

    Parameters
    ----------
    sizes : dict of str to int
        The size of each axis (of the one list of explicit points), by name.
    what : str
        The grid, for the message (e.g. ``"grid"``, ``"[grid]"``).
    given : int, optional
        The caller's ``max_points`` (None: ``NESSLAB_MAX_POINTS`` or the default).
    argument : bool
        Whether the caller takes ``max_points`` (else the message offers only the variable).

    Raises
    ------
    ResourceLimitError
        Naming every axis and its size.
    """
    points = math.prod(sizes.values())
    shown = ", ".join(f"{name}: {size}" for name, size in sizes.items())
    what = f"{what} of {points} points ({shown})"
    check_limit(points, "max_points", given, what, "use fewer points", argument=argument)
    return points
