"""Fitted exponential expansions of a bath correlation function, for any spectral density.

The HEOM needs ``C(t) ≈ Σ_k c_k e^{−ν_k t}`` and ``C(t)* ≈ Σ_k c̄_k e^{−ν_k t}`` on the same
exponentials (:mod:`nesslab.decomposition`). Only Drude–Lorentz has an analytic expansion there;
every other J(ω) (e.g. seed 004's ``J = πα ω³/(1 + ω²)⁴``, whose fourth-order pole at ω = −iω_c
gives ``t³ e^{−ω_c t}`` terms that no finite pole sum reproduces exactly) is fitted here.

Method (the real/imaginary split of QuTiP's ``BosonicBath``, ``ck_real/vk_real``,
``ck_imag/vk_imag``): the real functions ``R(t) = Re C(t)`` and ``I(t) = Im C(t)``, computed by
:func:`nesslab.decomposition.correlation_function` on a uniform grid ``0 ≤ t ≤ t_max``, are each
fitted by a real sum of damped exponentials and damped oscillations::

    R(t) ≈ Σ_k a_k e^{−ν_k t},    I(t) ≈ Σ_k b_k e^{−μ_k t},

whose rates are real or come in complex-conjugate pairs with conjugate amplitudes, so that both
sums are real. Initial rates come from the matrix-pencil method (Hua & Sarkar, IEEE Trans.
Acoust. Speech Signal Process. 38, 814 (1990)); they are refined by nonlinear least squares with
the amplitudes eliminated (variable projection: a linear least-squares solve inside every
residual evaluation), under a small ridge penalty on the amplitudes that keeps them from
growing into large cancelling pairs (reported as ``PartFit.amplification``). The number of
exponentials of each part grows until its maximum error on the grid is below
``tolerance · max_t |C(t)|``.

Since ``C = R + iI`` and ``C* = R − iI``, the HEOM expansion lists the real-part exponentials
with ``c_k = c̄_k = a_k`` and the imaginary-part ones with ``c_k = i b_k``, ``c̄_k = −i b_k``;
then ``Expansion.imag_at_zero = Σ_k b_k = Im C(0⁺)``, as the bath heat current needs.

With ``shared_rates=True`` Re C and Im C are fitted together on ONE set of rates (the modes that
QuTiP's bosonic baths call exponents of type "RI" and HierarchicalEOM.jl real-and-imaginary
terms: one ADO index per rate carries both parts) —
the matrix pencil runs on their stacked Hankel matrices and the refinement minimises both
residuals — so each rate is a single HEOM mode with ``c_k = a_k + i b_k``, ``c̄_k = a_k − i b_k``.
A shared-rate fit needs markedly fewer modes than separate Re/Im fits of the same tolerance, and
the HEOM size ``binomial(K + depth, depth)`` falls accordingly (``tests/environment``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import scipy.optimize as so

from nesslab.environment.baths import Bath
from nesslab.environment.correlation import correlation_function, zero_time_diverges
from nesslab.environment.expansion import Expansion

_PAIR_TOLERANCE = 1e-8
_MIN_RATE = 1e-6
_MIN_POINTS = 20


@dataclass(frozen=True)
class PartFit:
    """Fit of one real function ``f(t) ≈ Σ_k amplitudes[k] e^{−rates[k] t}`` (a real sum).

    Attributes
    ----------
    amplitudes, rates : ndarray of complex
        Real rates, or conjugate pairs ``γ ± iΩ`` with conjugate amplitudes (energy units).
    max_error : float
        ``max_t |fit − f|`` on the grid, divided by the scale ``max_t |C(t)|``.
    amplification : float
        ``Σ_k |amplitudes[k]|`` divided by the same scale: ≥ 1, and large when nearly equal
        rates carry large cancelling amplitudes, which inflates the HEOM's auxiliary operators.
    history : tuple of (int, float)
        ``(number of exponentials, max_error)`` of every model tried, in order: the convergence
        check in the number of terms.
    """

    amplitudes: np.ndarray
    rates: np.ndarray
    max_error: float
    amplification: float
    history: tuple[tuple[int, float], ...]

    def __call__(self, times: np.ndarray) -> np.ndarray:
        """The fitted (real) function at ``times``."""
        return np.real(np.exp(-np.multiply.outer(times, self.rates)) @ self.amplitudes)


@dataclass(frozen=True)
class CorrelationFit:
    """A fitted expansion of one bath's C(t) with its evidence.

    Attributes
    ----------
    expansion : Expansion
        What :func:`nesslab.generators.heom.heom` consumes (``method = "fit"``), recording the
        bath and temperature it was fitted for (when known).
    real, imag : PartFit
        Fits of Re C(t) and Im C(t).
    times : ndarray
        The uniform fitting grid ``[0, t_max]``.
    relative_l2 : float
        ``‖C_fit − C‖₂ / ‖C‖₂`` on the grid (complex C).
    max_error : float
        ``max_t |C_fit − C| / max_t |C|`` on the grid.
    tail : float
        ``|C(t_max)| / max_t |C|``: how far C(t) has decayed at the end of the grid (must be
        below the tolerance, else the grid was too short).
    """

    expansion: Expansion
    real: PartFit
    imag: PartFit
    times: np.ndarray
    relative_l2: float
    max_error: float
    tail: float


def _pencil_rates(times: np.ndarray, values: np.ndarray, n_terms: int) -> np.ndarray:
    """Rates ν_k of the ``n_terms`` dominant exponentials of ``values`` (matrix pencil).

    ``values`` of shape (n,) or (n, m): m real signals sharing their rates, whose Hankel
    matrices are stacked (multi-channel matrix pencil), so one signal subspace serves all.
    """
    step = times[1] - times[0]
    columns = values.reshape(values.shape[0], -1)
    pencil = columns.shape[0] // 3
    hankel = np.vstack([np.lib.stride_tricks.sliding_window_view(c, pencil + 1) for c in columns.T])
    _, _, vh = np.linalg.svd(hankel, full_matrices=False)
    basis = vh[:n_terms].conj().T
    poles = np.linalg.eigvals(np.linalg.pinv(basis[:-1]) @ basis[1:])
    poles = poles[np.abs(poles) > 0].astype(complex)
    return _close_under_conjugation(-np.log(poles) / step)


def _close_under_conjugation(rates: np.ndarray) -> np.ndarray:
    """Decaying rates, real or as ``(γ + iΩ, γ − iΩ)`` pairs (Ω > 0), duplicates removed."""
    real_part = np.maximum(rates.real, _MIN_RATE)
    frequency = np.abs(rates.imag)
    is_real = frequency <= _PAIR_TOLERANCE * np.abs(rates)
    singles = real_part[is_real]
    upper = zip(real_part[~is_real], frequency[~is_real], strict=True)
    pairs = {(round(g, 12), round(w, 12)) for g, w in upper}
    paired = [complex(g, s * w) for g, w in sorted(pairs) for s in (1, -1)]
    return np.concatenate([singles.astype(complex), np.array(paired, dtype=complex)])


def _design(times: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """Real design matrix: ``e^{−γt}`` per real rate, ``e^{−γt}(cos Ωt, sin Ωt)`` per pair."""
    columns = []
    for rate in rates:
        if rate.imag < 0:
            continue
        damping = np.exp(-rate.real * times)
        if rate.imag == 0:
            columns.append(damping)
        else:
            columns += [damping * np.cos(rate.imag * times), damping * np.sin(rate.imag * times)]
    return np.stack(columns, axis=1)


def _complex_amplitudes(rates: np.ndarray, coefficients: np.ndarray) -> np.ndarray:
    """Amplitudes on ``e^{−ν t}`` from the real coefficients of :func:`_design`.

    ``A e^{−γt} cos Ωt + B e^{−γt} sin Ωt = ((A + iB)/2) e^{−(γ+iΩ)t} + ((A − iB)/2) e^{−(γ−iΩ)t}``.
    """
    amplitudes, position = [], 0
    for rate in rates:
        if rate.imag < 0:
            continue
        if rate.imag == 0:
            amplitudes.append(complex(coefficients[position]))
            position += 1
        else:
            a, b = coefficients[position : position + 2]
            amplitudes += [(a + 1j * b) / 2, (a - 1j * b) / 2]
            position += 2
    return np.array(amplitudes)


def _ordered(rates: np.ndarray) -> np.ndarray:
    """Real rates first, then ``(γ + iΩ, γ − iΩ)`` pairs: the order of :func:`_design`."""
    real = rates[rates.imag == 0]
    upper = rates[rates.imag > 0]
    pairs = np.stack([upper, upper.conj()], axis=1).ravel()
    return np.concatenate([real, pairs])


def _unpack(parameters: np.ndarray, n_real: int) -> np.ndarray:
    gammas = np.exp(parameters[: n_real + (parameters.size - n_real) // 2])
    frequencies = np.abs(parameters[gammas.size :])
    upper = gammas[n_real:] + 1j * frequencies
    return _ordered(np.concatenate([gammas[:n_real], upper, upper.conj()]).astype(complex))


def _ridge_coefficients(design: np.ndarray, values: np.ndarray, ridge: float) -> np.ndarray:
    """``argmin ‖design·c − values‖² + ridge² ‖c‖²`` per column of ``values`` (max |C| = 1)."""
    stacked = np.vstack([design, ridge * np.eye(design.shape[1])])
    padded = np.concatenate([values, np.zeros((design.shape[1], *values.shape[1:]))])
    return np.linalg.lstsq(stacked, padded, rcond=None)[0]


def _refine(times: np.ndarray, values: np.ndarray, rates: np.ndarray, ridge: float) -> np.ndarray:
    """Least-squares refinement of the rates, amplitudes eliminated (variable projection).

    ``values`` of shape (n,) or (n, m): the m columns share the rates, each has its amplitudes.
    """
    rates = _ordered(rates)
    n_real = int(np.sum(rates.imag == 0))
    upper = rates[rates.imag > 0]
    start = np.concatenate([np.log(rates[:n_real].real), np.log(upper.real), upper.imag])

    def residual(parameters: np.ndarray) -> np.ndarray:
        design = _design(times, _unpack(parameters, n_real))
        coefficients = _ridge_coefficients(design, values, ridge)
        return np.concatenate(
            [(design @ coefficients - values).ravel(), ridge * coefficients.ravel()]
        )

    result = so.least_squares(residual, start, x_scale="jac", max_nfev=200 * start.size)
    return _unpack(result.x, n_real)


def _fit_parts(
    times: np.ndarray,
    values: np.ndarray,
    scale: float,
    tolerance: float,
    max_terms: int,
    ridge: float,
) -> list[PartFit]:
    """Fit the m real columns of ``values`` (shape (n, m)) on one shared set of rates.

    The number of exponentials grows until the largest error of all columns is ≤ ``tolerance``;
    the best model tried is returned otherwise. ``history`` records that largest error.
    """
    history, best, best_error = [], None, np.inf
    normalised = values / scale
    for n_terms in range(1, max_terms + 1):
        start = _pencil_rates(times, values, n_terms)
        rates = _refine(times, normalised, start, ridge * tolerance)
        design = _design(times, rates)
        coefficients = _ridge_coefficients(design, normalised, ridge * tolerance)
        errors = np.abs(design @ coefficients - normalised).max(axis=0)
        history.append((int(rates.size), float(errors.max())))
        if errors.max() < best_error:
            best_error, best = float(errors.max()), (rates, coefficients, errors)
        if errors.max() <= tolerance:
            break
    rates, coefficients, errors = best
    parts = []
    for column, error in zip(coefficients.T, errors, strict=True):
        amplitudes = scale * _complex_amplitudes(rates, column)
        amplification = float(np.abs(amplitudes).sum() / scale)
        parts.append(PartFit(amplitudes, rates, float(error), amplification, tuple(history)))
    return parts


def fit_part(
    times: np.ndarray,
    values: np.ndarray,
    scale: float,
    tolerance: float,
    max_terms: int,
    ridge: float = 0.1,
) -> PartFit:
    """Fit one real function by ≤ ``max_terms`` exponentials until ``max_error ≤ tolerance``.

    ``values`` (real) on the uniform grid ``times``; errors are measured relative to ``scale``.
    A ridge penalty ``ridge · tolerance · ‖c‖/scale`` on the amplitudes keeps them from growing into
    large cancelling pairs of nearly equal rates (the unregularised fit of ``t³ e^{−t}``-like
    terms does that, with amplitudes orders of magnitude above C(0), which ruins the
    conditioning of the HEOM).
    Returns the first model below the tolerance, else the best one tried (its ``max_error``
    tells).
    """
    return _fit_parts(times, values[:, None], scale, tolerance, max_terms, ridge)[0]


def _split_expansion(real: PartFit, imag: PartFit, temperature: float | None) -> Expansion:
    """HEOM modes of separate fits: Re-part modes (c = c̄ = a), then Im-part modes (c = ib)."""
    return Expansion(
        np.concatenate([real.amplitudes, 1j * imag.amplitudes]),
        np.concatenate([real.rates, imag.rates]),
        np.concatenate([real.amplitudes, -1j * imag.amplitudes]),
        "fit",
        temperature,
    )


def _shared_expansion(real: PartFit, imag: PartFit, temperature: float | None) -> Expansion:
    """HEOM modes of a shared-rate fit: one mode per rate, ``c = a + ib``, ``c̄ = a − ib``."""
    return Expansion(
        real.amplitudes + 1j * imag.amplitudes,
        real.rates,
        real.amplitudes - 1j * imag.amplitudes,
        "fit-shared",
        temperature,
    )


def fit_samples(
    times: np.ndarray,
    values: np.ndarray,
    tolerance: float = 1e-4,
    max_terms: int = 8,
    strict: bool = True,
    ridge: float = 0.1,
    shared_rates: bool = False,
    temperature: float | None = None,
) -> CorrelationFit:
    """Fitted expansion of a correlation function given on a uniform grid (the core of the fit).

    Parameters
    ----------
    times : ndarray
        Uniform grid ``0 ≤ t_0 < … < t_max`` (≥ 20 points, inverse energy units).
    values : ndarray of complex
        C(t) on ``times`` (DESIGN.md convention), decayed at ``t_max``.
    tolerance, max_terms, strict, ridge, shared_rates
        As in :func:`fit_correlation`.
    temperature : float, optional
        Temperature of the bath the samples belong to, recorded in the expansion so that the
        HEOM can refuse it for a bath at another temperature.

    Returns
    -------
    CorrelationFit
        The Expansion and its errors: real-part exponentials first, then imaginary-part ones
        (method "fit"), or one mode per shared rate (``shared_rates``, method "fit-shared").
    """
    times = np.asarray(times, dtype=float)
    values = np.asarray(values, dtype=complex)
    _check_grid(times, values)
    _check_arguments(tolerance, max_terms, ridge)
    scale = float(np.abs(values).max())
    if shared_rates:
        columns = np.stack([values.real, values.imag], axis=1)
        real, imag = _fit_parts(times, columns, scale, tolerance, int(max_terms), ridge)
        expansion = _shared_expansion(real, imag, temperature)
    else:
        real = fit_part(times, values.real, scale, tolerance, int(max_terms), ridge)
        imag = fit_part(times, values.imag, scale, tolerance, int(max_terms), ridge)
        expansion = _split_expansion(real, imag, temperature)
    if strict and max(real.max_error, imag.max_error) > tolerance:
        raise ValueError(
            f"fit errors (Re {real.max_error:.2e}, Im {imag.max_error:.2e}) above "
            f"tolerance = {tolerance:g} with max_terms = {max_terms}; raise max_terms"
        )
    difference = expansion(times) - values
    return CorrelationFit(
        expansion,
        real,
        imag,
        times,
        float(np.linalg.norm(difference) / np.linalg.norm(values)),
        float(np.abs(difference).max() / scale),
        float(np.abs(values[-1]) / scale),
    )


def fit_correlation(
    bath: Bath,
    t_max: float,
    n_times: int = 300,
    tolerance: float = 1e-4,
    max_terms: int = 8,
    strict: bool = True,
    ridge: float = 0.1,
    shared_rates: bool = False,
) -> CorrelationFit:
    """Fitted exponential expansion of ``bath``'s C(t), for any spectral density and T ≥ 0.

    Parameters
    ----------
    bath : Bath
        Any spectral density with a finite C(0), i.e. ``ω J(ω) → 0`` as ω → ∞ (not
        Drude–Lorentz, whose Re C(t) diverges like ln t at t → 0: use its analytic Padé
        expansion, or :func:`fit_samples` on a regularised C(t)).
    t_max : float
        End of the fitting grid (inverse energy units); choose it where |C(t)| has decayed below
        ``tolerance · max |C|`` (e.g. ≈ 25/ω_c for seed 004's rational J at T ≈ ω_c).
    n_times : int
        Points of the uniform grid on ``[0, t_max]``.
    tolerance : float
        Target of ``max_t |part_fit − part| / max_t |C(t)|`` for Re C and Im C separately.
    max_terms : int
        Most exponentials per part (a conjugate pair counts twice, as in the HEOM).
    strict : bool
        Raise if the tolerance is not met (else return the best fit; its errors tell).
    ridge : float
        Amplitude penalty in units of ``tolerance`` (:func:`fit_part`): it keeps the
        amplification (``PartFit.amplification``) of fits to ``t³ e^{−t}``-like correlation
        functions small; larger values lower it further at the price of more exponentials.
    shared_rates : bool
        Fit Re C and Im C jointly on one set of rates (QuTiP's "RI" exponents), so that
        every rate is one HEOM mode with ``c = a + ib``,
        ``c̄ = a − ib``; ``max_terms`` then bounds the shared exponentials.

    Returns
    -------
    CorrelationFit
        The Expansion (HEOM modes: real-part exponentials, then imaginary-part ones), recording
        ``bath`` and its temperature, with its fit errors and convergence history.

    Raises
    ------
    ValueError
        For bad arguments, a divergent C(0), a grid too short for C(t) to decay
        (``tail > tolerance``), or (``strict``) a tolerance not met with ``max_terms`` terms.
    """
    if not np.isfinite(t_max) or t_max <= 0:
        raise ValueError(f"t_max must be a finite time > 0, got {t_max!r}")
    if int(n_times) != n_times or n_times < _MIN_POINTS:
        raise ValueError(f"n_times must be an integer >= {_MIN_POINTS}, got {n_times!r}")
    _check_arguments(tolerance, max_terms, ridge)
    _check_finite_c0(bath)
    times = np.linspace(0.0, float(t_max), int(n_times))
    values = correlation_function(bath, times)
    tail = float(np.abs(values[-1]) / np.abs(values).max())
    if tail > tolerance:
        raise ValueError(
            f"|C(t_max)|/max|C| = {tail:.2e} > tolerance = {tolerance:g}: increase t_max"
        )
    fit = fit_samples(
        times, values, tolerance, max_terms, strict, ridge, shared_rates, bath.temperature
    )
    return dataclasses.replace(fit, expansion=dataclasses.replace(fit.expansion, bath=bath))


def _check_arguments(tolerance: float, max_terms: int, ridge: float) -> None:
    if not 0 < tolerance < 1:
        raise ValueError(f"tolerance must lie in (0, 1), got {tolerance!r}")
    if int(max_terms) != max_terms or max_terms < 1:
        raise ValueError(f"max_terms must be an integer >= 1, got {max_terms!r}")
    if not np.isfinite(ridge) or ridge < 0:
        raise ValueError(f"ridge must be finite and >= 0, got {ridge!r}")


def _check_grid(times: np.ndarray, values: np.ndarray) -> None:
    if times.ndim != 1 or times.size < _MIN_POINTS or values.shape != times.shape:
        raise ValueError(f"times and values must be 1-d of one size >= {_MIN_POINTS}")
    steps = np.diff(times)
    if steps.min() <= 0 or np.ptp(steps) > 1e-9 * steps.mean() or times[0] < 0:
        raise ValueError("times must be a uniform increasing grid starting at t >= 0")
    if not np.all(np.isfinite(values)) or not np.any(values):
        raise ValueError("values must be finite and not all zero")


def _check_finite_c0(bath: Bath) -> None:
    """Refuse a J(ω) whose ``ω J(ω)`` does not decay at large ω (C(0) infinite)."""
    if zero_time_diverges(bath.spectral_density):
        raise ValueError(
            f"bath {bath.name!r}: ω J(ω) does not decay at large ω, so C(0) diverges "
            f"({type(bath.spectral_density).__name__}); use an analytic expansion or fit_samples"
        )
