"""Cycles of a rate generator and their affinities (logarithms of Kolmogorov loop ratios).

The affinity of a cycle s_0 → s_1 → … → s_{k−1} → s_0 is
``A = Σ_m ln(W[s_{m+1}, s_m] / W[s_m, s_{m+1}])`` (``W[j, i]`` = rate of i → j): the log of
Kolmogorov's ratio of the product of the rates around the cycle to the product against it.
Detailed balance holds exactly when every cycle has ``A = 0`` (no rate without its reverse),
and it suffices to check a basis of the cycle space:

* any generator: the *fundamental cycles* of a spanning forest of the (two-way) transition
  graph, one per edge outside the forest, computed at once from tree potentials
  ``φ_c = φ_p + ln(W[c, p]/W[p, c])`` (at detailed balance φ = ln π + const);
* spin-flip generators: the *elementary squares* of the hypercube, flip i then j against flip j
  then i from every configuration, C(N, 2)·2^{N−2} of them, which generate its cycle space.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components

from nesslab.analysis.classical.generator import RateGenerator, Transitions
from nesslab.limits import count


def _log_ratios(forward: np.ndarray, backward: np.ndarray) -> np.ndarray:
    """``ln(forward/backward)``: ±inf where one side is zero, NaN where both are."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(forward) - np.log(backward)


def loop_ratio(generator: RateGenerator, cycle: Sequence[int] | np.ndarray) -> float:
    """Kolmogorov's ratio ``Π W(forward) / Π W(backward)`` around ``cycle``.

    Parameters
    ----------
    generator : RateGenerator
        The rate equation.
    cycle : sequence of int
        Distinct state indices s_0, s_1, …, s_{k−1} (k ≥ 3; a repeated s_0 at the end is
        allowed), traversed s_0 → s_1 → … → s_0.

    Returns
    -------
    float
        1 at detailed balance; 0 or inf when only the forward or only the backward product
        vanishes (a one-way transition: detailed balance is broken); NaN when both do.

    Raises
    ------
    ValueError
        For fewer than three distinct states, an index out of range, or a step whose rates
        vanish both ways (not a cycle of the transition graph).
    """
    states = np.asarray(cycle)
    if states.ndim != 1 or states.dtype.kind not in "iu":
        raise ValueError("cycle must be a 1-d sequence of state indices")
    if states.size > 1 and states[-1] == states[0]:
        states = states[:-1]
    if states.size < 3 or np.unique(states).size != states.size:
        raise ValueError(f"cycle must visit at least three distinct states, got {states.tolist()}")
    if states.min() < 0 or states.max() >= generator.size:
        raise ValueError(f"cycle has states outside 0 … {generator.size - 1}")
    following = np.roll(states, -1)
    forward = np.asarray(generator.matrix[following, states]).ravel()
    backward = np.asarray(generator.matrix[states, following]).ravel()
    missing = (forward == 0) & (backward == 0)
    if missing.any():
        k = int(np.flatnonzero(missing)[0])
        raise ValueError(
            f"no rate joins states {states[k]} and {following[k]} in either direction: "
            "not a cycle of the transition graph"
        )
    return float(np.exp(_log_ratios(forward, backward).sum()))


def hypercube_squares(n: int) -> np.ndarray:
    """The elementary squares of N spins as cycles of state indices, shape (C(N,2)·2^{N−2}, 4).

    Order: spin pairs (i, j), i < j, lexicographically; within a pair the base states s with
    spins i and j down, increasing. Each row is s → s^i → s^{ij} → s^j (flip i, flip j, flip i
    back, flip j back; ``s^i = s XOR 2^i``), the order of the affinities of
    :func:`square_affinities`.
    """
    n = count(n, "n", minimum=2)
    squares = []
    for i, j, base in _square_bases(n):
        a, b = 1 << i, 1 << j
        squares.append(np.stack([base, base ^ a, base ^ a ^ b, base ^ b], axis=1))
    return np.concatenate(squares)


def _square_bases(n: int) -> list[tuple[int, int, np.ndarray]]:
    codes = np.arange(2**n, dtype=np.int64)
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            mask = (1 << i) | (1 << j)
            pairs.append((i, j, codes[(codes & mask) == 0]))
    return pairs


def flip_rate_table(generator: RateGenerator) -> np.ndarray:
    """``F[k, i]``: the rate of flipping spin i in state k, shape (2^N, N), of a spin generator.

    Raises
    ------
    ValueError
        If the generator is not over spin configurations (``generator.spins`` is None).
    """
    if generator.spins is None:
        raise ValueError(
            "the generator is not over spin configurations; build it with spin_flip_generator"
        )
    codes = np.arange(generator.size, dtype=np.int64)
    return np.stack(
        [
            np.asarray(generator.matrix[codes ^ (1 << i), codes]).ravel()
            for i in range(generator.spins)
        ],
        axis=1,
    )


def square_affinities(generator: RateGenerator) -> np.ndarray:
    """The affinity of every elementary square of a spin generator (:func:`hypercube_squares`).

    NaN for a square with a step whose rates vanish both ways (not a cycle of the graph).
    """
    with np.errstate(divide="ignore"):
        logs = np.log(flip_rate_table(generator))
    affinities = []
    for i, j, s in _square_bases(generator.spins):
        a, b = 1 << i, 1 << j
        forward = logs[s, i] + logs[s ^ a, j] + logs[s ^ a ^ b, i] + logs[s ^ b, j]
        backward = logs[s ^ a, i] + logs[s ^ a ^ b, j] + logs[s ^ b, i] + logs[s, j]
        with np.errstate(invalid="ignore"):
            affinities.append(forward - backward)
    return np.concatenate(affinities)


def fundamental_affinities(
    generator: RateGenerator, transitions: Transitions | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Affinities of the fundamental cycles of the two-way transition graph.

    Returns
    -------
    affinities : ndarray
        One per chord (a two-way transition outside the BFS spanning forest): the cycle
        source → target along the chord, back to source along the forest.
    chords : ndarray
        Index of each chord in ``transitions`` (``generator.transitions()`` by default).
    """
    pairs = generator.transitions() if transitions is None else transitions
    two_way = np.flatnonzero((pairs.forward > 0) & (pairs.backward > 0))
    source, target = pairs.source[two_way], pairs.target[two_way]
    weight = _log_ratios(pairs.forward[two_way], pairs.backward[two_way])
    size = generator.size
    graph = sp.csr_matrix((np.ones(two_way.size), (source, target)), shape=(size, size))
    parent = _forest(graph + graph.T)
    downward = parent[target] == source
    upward = (parent[source] == target) & ~downward
    step = np.zeros(size)
    step[target[downward]] = weight[downward]
    step[source[upward]] = -weight[upward]
    potential = _path_sums(step, parent)
    chords = np.flatnonzero(~(downward | upward))
    affinity = weight[chords] + potential[source[chords]] - potential[target[chords]]
    return affinity, two_way[chords]


def _forest(graph: sp.csr_matrix) -> np.ndarray:
    """Parent of every node in a BFS spanning forest (roots are their own parent)."""
    _, labels = connected_components(graph, directed=False)
    parent = np.arange(graph.shape[0])
    _, roots, sizes = np.unique(labels, return_index=True, return_counts=True)
    for root in roots[sizes > 1]:
        _, predecessors = breadth_first_order(
            graph, int(root), directed=False, return_predecessors=True
        )
        reached = predecessors >= 0
        parent[reached] = predecessors[reached]
    return parent


def _path_sums(step: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """φ_v = Σ of ``step`` over the path from v up to its root (``step`` of a root is 0).

    ``step[c] = ln(W[c, p]/W[p, c])`` for the tree edge p → c, so ``φ_c = φ_p + step[c]``.
    Pointer doubling (Wyllie): log₂(depth) vectorised steps instead of a walk down the tree.
    """
    total, pointer = step.copy(), parent.copy()
    while np.any(parent[pointer] != pointer):
        total, pointer = total + total[pointer], pointer[pointer]
    return total


def cycle_affinities(generator: RateGenerator, cycles: str = "auto") -> tuple[np.ndarray, str]:
    """The affinities of a cycle basis: ``("squares" | "fundamental")`` or "auto".

    "auto": the hypercube squares for a spin generator, the fundamental cycles otherwise.
    Returns the affinities and the basis used.
    """
    if cycles == "auto":
        cycles = "squares" if generator.spins is not None else "fundamental"
    if cycles == "squares":
        return square_affinities(generator), cycles
    if cycles == "fundamental":
        return fundamental_affinities(generator)[0], cycles
    raise ValueError(f"unknown cycles {cycles!r}; valid: auto, fundamental, squares")
