"""A toy approach with a state space of its own, registered from the tests alone.

It shows (and tests, through the registry-parametrised suites) that a new kind of state needs
no change to nesslab: :class:`CumulativeSpace` is a state space written here, the approach
``"toy_rates"`` a classical rate equation on it, and registering it in ``nesslab.APPROACHES``
is all it takes for steady states, heat currents and every invariant test to apply.

The space holds *cumulative* level populations ``x_k = Σ_{n ≥ k} p_n`` (p_n the population of
the n-th energy level), so its trace row is ``(1, 0, …, 0)`` and an observable's row is
``r_k = A_kk − A_{k−1,k−1}`` — deliberately unlike the library's own spaces. The rates are those
of the channels' jump operators between energy levels, ``W_mn = Σ_k γ_k |⟨m|L_k|n⟩|²``.
"""

from dataclasses import dataclass

import numpy as np

import nesslab as nl
from nesslab.environment.baths import Channel
from nesslab.generators.approach import Approach
from nesslab.spaces import StateSpace


@dataclass(frozen=True, eq=False)
class CumulativeSpace(StateSpace):
    """x_k = Σ_{n ≥ k} p_n over the energy levels (columns of ``basis``, site basis)."""

    dim: int
    basis: np.ndarray

    @property
    def size(self):
        return self.dim

    def populations(self, vector):
        vector = np.asarray(vector)
        return vector - np.append(vector[1:], 0.0)

    def to_site(self, vector):
        return (self.basis * self.populations(vector)) @ self.basis.conj().T

    def from_site(self, rho):
        populations = np.diag(self.basis.conj().T @ np.asarray(rho) @ self.basis)
        return np.cumsum(populations[::-1])[::-1].astype(complex)

    def observable_row(self, operator):
        diagonal = np.diag(self.basis.conj().T @ operator @ self.basis).astype(complex)
        return diagonal - np.concatenate([[0.0], diagonal[:-1]])

    def bohr_frequencies(self, system):
        return np.zeros(self.dim)


def toy_rates(system, environment):
    """Rate equation ``dp/dt = W p`` between energy levels, written on cumulative populations."""
    channels = [environment] if isinstance(environment, Channel) else list(environment)
    if not channels or not all(isinstance(c, Channel) for c in channels):
        raise TypeError("approach 'toy_rates' takes Channel objects")
    vectors = system.eigen[1]
    cumulative = np.triu(np.ones((system.dim, system.dim)))  # x = C p
    parts, temperatures = {}, {}
    for channel in channels:
        jump = (
            system.op(channel.operator) if isinstance(channel.operator, str) else channel.operator
        )
        rates = channel.rate * np.abs(vectors.conj().T @ jump @ vectors) ** 2
        np.fill_diagonal(rates, 0.0)
        rates = rates - np.diag(rates.sum(axis=0))
        block = cumulative @ rates @ np.linalg.inv(cumulative)
        parts[channel.name] = parts.get(channel.name, 0) + block
        temperatures[channel.name] = channel.temperature
    return nl.Generator(
        approach="toy_rates",
        system=system,
        space=CumulativeSpace(system.dim, vectors),
        coherent=np.zeros((system.dim, system.dim)),
        parts=parts,
        temperatures=temperatures,
    )


nl.APPROACHES["toy_rates"] = Approach(
    toy_rates, (Channel,), False, "toy: classical rates on cumulative level populations"
)
