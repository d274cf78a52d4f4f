"""One entry point for every exponential expansion of a bath: ``approximate(bath, method, ...)``.

==============  ==========================================================================
method          what it does, and its options
==============  ==========================================================================
``"pade"``      analytic Padé [N−1/N] expansion of a Drude–Lorentz C(t) (``n_exponents``)
``"matsubara"`` analytic Matsubara expansion of a Drude–Lorentz C(t) (``n_exponents``)
``"fit"``       fit of the integrated C(t) of any J(ω) (``t_max`` and the options of
                :func:`nesslab.environment.fitting.fit_correlation`); the fit's evidence
                (errors, convergence history) is the expansion's ``evidence``
==============  ==========================================================================

Every result records the bath and its temperature, which the HEOM checks against its own baths.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import Any

from nesslab.environment.baths import Bath
from nesslab.environment.decomposition import decompose
from nesslab.environment.expansion import Expansion
from nesslab.environment.fitting import fit_correlation
from nesslab.registry import lookup


def _pade(bath: Bath, n_exponents: int = 4) -> Expansion:
    return decompose(bath, n_exponents, "pade")


def _matsubara(bath: Bath, n_exponents: int = 4) -> Expansion:
    return decompose(bath, n_exponents, "matsubara")


@functools.wraps(fit_correlation)
def _fit(bath: Bath, t_max: float, **options: Any) -> Expansion:
    fit = fit_correlation(bath, t_max, **options)
    return dataclasses.replace(fit.expansion, evidence=fit)


APPROXIMATIONS: dict[str, Callable[..., Expansion]] = {
    "pade": _pade,
    "matsubara": _matsubara,
    "fit": _fit,
}


def approximate(bath: Bath, method: str = "pade", **options: Any) -> Expansion:
    """The exponential expansion of ``bath``'s correlation function by ``method``.

    Parameters
    ----------
    bath : Bath
        The bath (its spectral density, temperature and name).
    method : {"pade", "matsubara", "fit"}
        A key of :data:`APPROXIMATIONS` (module docstring).
    **options
        Options of the method: ``n_exponents`` (Padé, Matsubara; the Drude pole included),
        ``t_max`` and the options of :func:`~nesslab.environment.fitting.fit_correlation`
        (fit).

    Returns
    -------
    Expansion
        Recording ``bath`` and its temperature; a fit's ``evidence`` is its
        :class:`~nesslab.environment.fitting.CorrelationFit`.

    Raises
    ------
    ValueError
        For an unknown method, or options the method refuses.
    TypeError
        For a ``bath`` that is not a Bath, or an option the method does not take.
    """
    if not isinstance(bath, Bath):
        raise TypeError(f"bath must be a nesslab.Bath, got {type(bath).__name__}")
    make = lookup(APPROXIMATIONS, method, "approximation")
    signature = inspect.signature(make)
    parameters = list(signature.parameters)[1:]
    try:
        signature.bind(bath, **options)
    except TypeError as error:
        raise TypeError(
            f"approximation {method!r} takes the options {', '.join(parameters)}: {error}"
        ) from None
    return make(bath, **options)
