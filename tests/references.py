"""Closed-form and independent reference results the tests compare nesslab against (once each).

Every function here is written from the paper or REFERENCES.md, not from nesslab's code, so it
can catch a wrong implementation.
"""

import numpy as np
import scipy.integrate as si

from nesslab.environment.correlation import correlation_function


def bose(omega, temperature):
    """Bose–Einstein occupation 1/(e^{ω/T} − 1)."""
    return 1.0 / np.expm1(omega / temperature)


def eq15_current(omega1, omega2, coupling, c1, c2, t1, t2):
    """Seed 002 Eq. 15: local-approach energy flow from reservoir 1 into the system."""
    gamma1, gamma2 = c1 * omega1**3, c2 * omega2**3
    g1 = gamma1 * (bose(omega1, t1) + 0.5)
    g2 = gamma2 * (bose(omega2, t2) + 0.5)
    detuning = omega1 - omega2
    e1, e2 = np.exp(omega1 / t1), np.exp(omega2 / t2)
    prefactor = (omega1 * g2 + omega2 * g1) * gamma1 * gamma2 * coupling**2
    denominator = 2 * (g1 + g2) ** 2 * (g1 * g2 * (1 + detuning**2 / (g1 + g2) ** 2) + coupling**2)
    return -prefactor / denominator * (e1 - e2) / ((e1 - 1) * (e2 - 1))


def eq42_current(t_a, t_b, gamma=1.0, omega=1000.0, g=200.0):
    """Seed 001 Eq. 42: the global-approach heat current out of bath a of two XY qubits."""
    total = 0.0
    for frequency in (omega + g, omega - g):
        n_a, n_b = bose(frequency, t_a), bose(frequency, t_b)
        total += gamma * frequency * (n_a - n_b) / (4 * (n_a + n_b + 1))
    return total


def landauer_current(lam, gamma, omega0, t1, t2):
    """Exact NESS current of a harmonic junction (REFERENCES.md), two equal Drude baths."""

    def integrand(w):
        density = 2 * lam * gamma * w / (w**2 + gamma**2)
        response = 2 * lam * gamma / (gamma - 1j * w)
        chi = 1 / ((omega0**2 - w**2) / (2 * omega0) - 2 * response)
        occupation = np.exp(-w / t1) / -np.expm1(-w / t1) - np.exp(-w / t2) / -np.expm1(-w / t2)
        return w * 4 * density**2 * abs(chi) ** 2 * occupation / (2 * np.pi)

    return si.quad(integrand, 0, np.inf, limit=500, epsabs=0, epsrel=1e-12)[0]


def saito_dhar_noise(lam, gamma, omega0, t1, t2):
    """Exact zero-frequency noise of the energy from bath 1 of the same harmonic junction.

    Saito & Dhar, PRL 99, 180601 (2007): the scaled cumulant generating function of the energy
    transferred is ``−∫₀^∞ dω/2π ln{1 − 𝒯[n₁(1+n₂)(e^{iχω} − 1) + n₂(1+n₁)(e^{−iχω} − 1)]}``;
    its second derivative at χ = 0 gives
    ``c₂ = ∫₀^∞ dω/2π ω² {𝒯 [n₁(1+n₂) + n₂(1+n₁)] + 𝒯² (n₁ − n₂)²}``, 𝒯 as in
    :func:`landauer_current` (whose c₁ is the first derivative).
    """

    def integrand(w):
        density = 2 * lam * gamma * w / (w**2 + gamma**2)
        response = 2 * lam * gamma / (gamma - 1j * w)
        chi = 1 / ((omega0**2 - w**2) / (2 * omega0) - 2 * response)
        transmission = 4 * density**2 * abs(chi) ** 2
        n1, n2 = (np.exp(-w / t) / -np.expm1(-w / t) for t in (t1, t2))
        pair = n1 * (1 + n2) + n2 * (1 + n1)
        return w**2 * (transmission * pair + transmission**2 * (n1 - n2) ** 2) / (2 * np.pi)

    return si.quad(integrand, 0, np.inf, limit=500, epsabs=0, epsrel=1e-12)[0]


def phi_dot(density, temperature, t):
    """dΦ/dt of the displacement correlation Φ(t) = (4/π)∫ J/ω² [(2n+1) cos ωt − i sin ωt]."""

    def weight(omega, thermal):
        omega = max(omega, 1e-12)
        factor = 1 / np.tanh(omega / (2 * temperature)) if thermal else 1.0
        return -4 / np.pi * float(density(omega)) / omega * factor

    if t == 0:
        return 1j * si.quad(weight, 0, np.inf, args=(False,))[0]
    options = {"a": 0, "b": np.inf, "limlst": 200}
    real = si.quad(weight, args=(True,), weight="sin", wvar=t, **options)[0]
    imag = si.quad(weight, args=(False,), weight="cos", wvar=t, **options)[0]
    return real + 1j * imag


def ptre_time_domain(delta, hot, cold, times, transcribed=False):
    """Seed 004 Eq. 6 (θ = 0) integrated in the time domain, the route independent of nesslab's.

    The corrected sign: ``+2ξ∫(C1ᴵΦ̇ᴵ − C1ᴿΦ̇ᴿ) sin 2Δt``; ``transcribed=True`` uses the printed
    ``+ C1ᴿΦ̇ᴿ``, which gives a current at equal temperatures.
    """
    c1 = correlation_function(hot, times)
    dphi = np.array([phi_dot(cold.spectral_density, cold.temperature, t) for t in times])
    xi = -np.tanh(delta / hot.temperature)
    cos, sin = np.cos(2 * delta * times), np.sin(2 * delta * times)
    first = si.simpson((c1.real * dphi.imag + c1.imag * dphi.real) * cos, x=times)
    sign = 1.0 if transcribed else -1.0
    second = si.simpson((c1.imag * dphi.imag + sign * c1.real * dphi.real) * sin, x=times)
    return -2 * first + 2 * xi * second
