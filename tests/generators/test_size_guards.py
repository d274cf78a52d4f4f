"""Every generator estimates its size before any work and refuses what would not fit."""

import importlib
import time

import numpy as np
import pytest

import nesslab as nl
from nesslab import models, spectral
from nesslab.environment.decomposition import (
    MAX_PADE_POLES,
    _tridiagonal_eigenvalues,
    decompose,
    pade_poles,
)
from nesslab.generators.couplings import channel_terms
from nesslab.limits import SPARSE_ENTRY_BYTES, ResourceLimitError, pair_count
from nesslab.solve.batched import steady_states
from nesslab.superop import commutator_terms, frequency_pairs

from setups import ohmic_baths, two_qubit_generator

# The module, not the function nesslab.generators.heom that shadows it as an attribute.
heom_module = importlib.import_module("nesslab.generators.heom")


def drude_baths():
    return [
        nl.Bath("x1", spectral.DrudeLorentz(0.05, 1.0), 1.0, "hot"),
        nl.Bath("x2", spectral.DrudeLorentz(0.05, 1.0), 0.5, "cold"),
    ]


@pytest.fixture
def no_decomposition(monkeypatch):
    """Make any decomposition of a bath fail the test: refusals must come before it."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the HEOM decomposed a bath before refusing")

    monkeypatch.setattr(heom_module, "approximate", forbidden)


# --- HEOM ---------------------------------------------------------------------------------


def test_heom_with_ten_thousand_exponents_is_refused_in_under_a_second(no_decomposition):
    system = models.tls_dimer(1.0, 1.1, 0.05)
    start = time.perf_counter()
    with pytest.raises(MemoryError, match=r"20000 modes.*max_nonzeros = 50000000"):
        nl.generator(
            system, drude_baths(), "heom", depth=4, n_exponents=10**4, decomposition="matsubara"
        )
    with pytest.raises(ValueError, match=r"n_exponents must be <= 43 for a Padé"):
        nl.generator(system, drude_baths(), "heom", depth=4, n_exponents=10**4)
    assert time.perf_counter() - start < 1.0


def test_heom_refuses_more_modes_than_its_index_can_label(no_decomposition):
    """At depth 1 the nonzeros are few, but 2 × 40 modes overflow the int64 label codes."""
    system = models.tls_dimer(1.0, 1.1, 0.05)
    with pytest.raises(ValueError, match=r"n_exponents: 80 modes .* at most 61 modes"):
        nl.generator(system, drude_baths(), "heom", depth=1, n_exponents=40)


def test_heom_limit_is_raised_by_argument_and_environment(monkeypatch):
    system = models.spin_boson(0.5, np.pi / 4)
    baths = [
        nl.Bath(op, spectral.DrudeLorentz(0.05, 1.0), 1.0, n)
        for op, n in (("sx", "hot"), ("s_theta", "cold"))
    ]
    size = nl.generator(system, baths, "heom", depth=2, n_exponents=2).options["size"]
    with pytest.raises(ResourceLimitError, match="NESSLAB_MAX_NONZEROS"):
        nl.generator(system, baths, "heom", depth=2, n_exponents=2, max_nonzeros=size.nonzeros - 1)
    monkeypatch.setenv("NESSLAB_MAX_NONZEROS", str(size.nonzeros - 1))
    with pytest.raises(ResourceLimitError, match=f"max_nonzeros = {size.nonzeros - 1}"):
        nl.generator(system, baths, "heom", depth=2, n_exponents=2)
    gen = nl.generator(system, baths, "heom", depth=2, n_exponents=2, max_nonzeros=size.nonzeros)
    assert gen.matrix.nnz <= size.nonzeros


@pytest.mark.parametrize(
    "value, error", [(True, TypeError), ("3", TypeError), (0, ValueError), (2.5, ValueError)]
)
def test_heom_checks_n_exponents_before_any_decomposition(no_decomposition, value, error):
    system = models.tls_dimer(1.0, 1.1, 0.05)
    with pytest.raises(error, match="n_exponents"):
        nl.generator(system, drude_baths(), "heom", depth=2, n_exponents=value)


# --- Padé cap -----------------------------------------------------------------------------


def test_pade_is_exact_up_to_its_cap_and_refused_beyond():
    """At the cap the poles reproduce coth(x/2)/2; one pole more, the η products overflow."""
    xi, eta = pade_poles(MAX_PADE_POLES)
    assert np.all(np.isfinite(eta)) and np.all(eta > 0)
    x = np.logspace(-2, 2, 200)
    expansion = 1 / x + (2 * eta * x[:, None] / (x[:, None] ** 2 + xi**2)).sum(axis=1)
    assert np.max(np.abs(expansion / (0.5 / np.tanh(x / 2)) - 1)) < 1e-12
    # The numerator of η_j for one pole more: its largest product exceeds the double range.
    n = MAX_PADE_POLES + 1
    big = 2 / np.sort(_tridiagonal_eigenvalues(1, 2 * n))[n:][::-1]
    small = 2 / np.sort(_tridiagonal_eigenvalues(2, 2 * n - 1))[n:]
    logs = np.log10(np.abs(small[None, :] ** 2 - big[:, None] ** 2)).sum(axis=1)
    assert logs.max() > np.log10(np.finfo(float).max)
    with pytest.raises(ValueError, match="n_poles must be <= 42"):
        pade_poles(n)
    bath = drude_baths()[0]
    with pytest.raises(ValueError, match="n_exponents must be <= 43"):
        decompose(bath, MAX_PADE_POLES + 2, "pade")
    assert len(decompose(bath, MAX_PADE_POLES + 2, "matsubara")) == MAX_PADE_POLES + 2


# --- density-matrix approaches ------------------------------------------------------------


@pytest.fixture(scope="module")
def big_system():
    """A System whose eigendecomposition would take seconds: refusals must come first."""
    x = np.diag(np.ones(1999), 1)
    return nl.System(np.diag(np.arange(2000.0)), operators={"x": x + x.T, "a": x})


@pytest.mark.parametrize(
    "approach, options, environment",
    [
        ("redfield", {}, "baths"),
        ("partial_secular", {"tolerance": np.inf}, "baths"),
        ("local", {"basis": "eigen"}, "channels"),
        ("local", {}, "channels"),
    ],
)
def test_density_approaches_refuse_before_the_work(big_system, approach, options, environment):
    system = big_system
    if environment == "baths":
        env = [nl.Bath("x", spectral.Ohmic(1e-3, 1.0), 0.5, "bath")]
    else:
        env = [nl.Channel(np.ones((2000, 2000)), 1e-3, "dense_jump")]
    start = time.perf_counter()
    with pytest.raises(
        ResourceLimitError, match=rf"{approach} generator of dimension 2000.*MB.*max_memory_mb"
    ):
        nl.generator(system, env, approach, **options)
    assert time.perf_counter() - start < 1.0


def test_local_sparse_estimate_is_exactly_what_assembly_generates():
    system = models.rabi(1.0, 0.2, 10)
    channels = [
        nl.Channel("sm", 1e-2, "spin"),
        nl.Channel("a", 2e-2, "boson"),
        nl.Channel(system.op("a").conj().T, 1e-3, "boson"),
    ]
    terms, _ = channel_terms(system, channels, "local", None)

    def nonzeros(matrix):
        return system.dim if matrix is None else np.count_nonzero(matrix)

    generated = sum(
        nonzeros(a) * nonzeros(b)
        for group in [commutator_terms(system.H), *terms.values()]
        for _, a, b in group
    )
    with pytest.raises(ResourceLimitError, match="max_memory_mb = 1e-06") as info:
        nl.generator(system, channels, "local", max_memory_mb=1e-6)
    assert info.value.estimate == pytest.approx(generated * SPARSE_ENTRY_BYTES / 1e6)
    gen = nl.generator(system, channels, "local", max_memory_mb=info.value.estimate)
    assert gen.matrix.nnz <= generated


def test_pair_count_is_the_number_of_filtered_pairs():
    system = models.rabi(1.3, 0.2, 6)
    gen = nl.generator(system, ohmic_baths(0.8, 0.3), "partial_secular", tolerance=0.05)
    frequencies = gen.frequencies
    for tolerance in (1e-9, 0.05, 1.0, np.inf):
        rows, _ = frequency_pairs(frequencies, tolerance)
        assert pair_count(frequencies, tolerance) == rows.size
    with pytest.raises(ResourceLimitError, match="kept .* pairs.*max_memory_mb"):
        nl.generator(system, ohmic_baths(0.8, 0.3), "global", max_memory_mb=1e-3)


def test_batched_solve_refuses_a_batch_above_the_memory_budget():
    generators = [two_qubit_generator(60.0, 40.0 + i) for i in range(10)]
    with pytest.raises(
        ResourceLimitError, match=r"a batch of 10 dense 16×16 systems.*max_memory_mb"
    ):
        steady_states(generators, max_memory_mb=0.01)
    assert len(steady_states(generators, max_memory_mb=1.0)) == 10
