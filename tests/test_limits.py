"""nesslab.limits: number checks, limit resolution and the System/model dimension guard."""

import pickle
import time

import numpy as np
import pytest
import scipy.sparse as sp

import nesslab as nl
from nesslab import models
from nesslab.limits import (
    ResourceLimitError,
    check_dimension,
    check_limit,
    check_points,
    count,
    limit,
    real_number,
)


@pytest.mark.parametrize("value", [0.5, 3, np.float64(0.5), np.int32(3), np.asarray(0.5)])
def test_real_number_accepts_python_and_numpy_reals(value):
    assert real_number(value, "x") == float(value)


@pytest.mark.parametrize("value", [True, np.bool_(False), "0.1", None, 1j, [0.1]])
def test_real_number_refuses_bool_str_and_non_reals_by_name(value):
    with pytest.raises(TypeError, match="the_arg must be a real number"):
        real_number(value, "the_arg")


def test_real_number_refuses_non_finite_by_name():
    with pytest.raises(ValueError, match="the_arg must be a finite number"):
        real_number(np.inf, "the_arg")
    with pytest.raises(ValueError, match="the_arg"):
        real_number(np.nan, "the_arg", finite=False)
    assert real_number(np.inf, "the_arg", finite=False) == np.inf


def test_count_takes_integral_reals_only():
    assert count(12.0, "n") == 12 and isinstance(count(np.int64(3), "n"), int)
    with pytest.raises(TypeError, match="n_thing"):
        count(True, "n_thing")
    with pytest.raises(ValueError, match="n_thing must be an integer >= 2, got 2.5"):
        count(2.5, "n_thing", minimum=2)
    with pytest.raises(ValueError, match="n_thing must be an integer >= 2"):
        count(1, "n_thing", minimum=2)


def test_limit_order_argument_then_environment_then_default(monkeypatch):
    monkeypatch.delenv("NESSLAB_MAX_POINTS", raising=False)
    assert limit("max_points") == 1_000_000
    monkeypatch.setenv("NESSLAB_MAX_POINTS", "50")
    assert limit("max_points") == 50
    assert limit("max_points", 7) == 7
    monkeypatch.setenv("NESSLAB_MAX_POINTS", "lots")
    with pytest.raises(ValueError, match="NESSLAB_MAX_POINTS must be a number > 0, got 'lots'"):
        limit("max_points")
    with pytest.raises(ValueError, match="max_points must be a number > 0"):
        limit("max_points", -1)
    with pytest.raises(ValueError, match="unknown limit"):
        limit("max_patience")


def test_refusal_names_estimate_limit_and_both_ways_to_raise_it():
    with pytest.raises(ResourceLimitError) as info:
        check_limit(12.5, "max_memory_mb", 10, "a thing, MB", "make it smaller")
    message = str(info.value)
    assert "a thing, MB: 12.5 > max_memory_mb = 10; make it smaller" in message
    assert "max_memory_mb=..." in message and "NESSLAB_MAX_MEMORY_MB" in message
    assert isinstance(info.value, MemoryError)
    assert (info.value.name, info.value.estimate, info.value.limit) == ("max_memory_mb", 12.5, 10)
    with pytest.raises(ResourceLimitError) as info:
        check_limit(2, "max_points", 1, "x", "y", argument=False)
    assert "max_points=..." not in str(info.value)
    check_limit(10, "max_memory_mb", 10, "fits", "")  # equal to the limit: accepted
    check_limit(1e300, "max_memory_mb", np.inf, "anything", "")  # inf lifts the limit


def test_a_refusal_survives_pickling_from_a_worker_process():
    error = ResourceLimitError("too big: 3 > max_points = 2", "max_points", 3.0, 2.0)
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.name, copy.estimate, copy.limit) == (str(error), "max_points", 3, 2)


def test_dimension_and_points_use_exact_integers():
    # 10 sites of 10 levels: 10^11 overflows nothing and is refused without any allocation.
    with pytest.raises(ResourceLimitError, match=r"10 × 10 × .* = 100000000000"):
        check_dimension([10] * 11, "holstein")
    assert check_dimension([2, 3], "x") == 6
    with pytest.raises(ResourceLimitError, match=r"delta: 1000, lam: 1001"):
        check_points({"delta": 1000, "lam": 1001}, "grid")


def test_rabi_with_5000_bosons_is_refused_in_under_a_second():
    start = time.perf_counter()
    with pytest.raises(
        MemoryError, match=r"rabi: Hilbert dimension 2 × 5000 = 10000.*max_dimension"
    ):
        models.rabi(1.0, 0.1, n_boson=5000)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    "build",
    [
        lambda: models.multilevel_rabi(1.0, 0.1, 100, spin=50),
        lambda: models.dicke(1.0, 0.1, 10, n_spins=12),
        lambda: models.holstein(1.0, 0.1, 10, n_sites=4),
        lambda: models.coupled_oscillators(1.0, 0.1, 0.0, n_levels=100),
    ],
)
def test_every_sized_model_is_refused_before_building(build):
    start = time.perf_counter()
    with pytest.raises(ResourceLimitError, match="max_dimension"):
        build()
    assert time.perf_counter() - start < 1.0


def test_max_dimension_is_an_argument_of_the_model_and_of_the_system():
    with pytest.raises(ResourceLimitError, match="max_dimension = 10"):
        models.rabi(1.0, 0.1, 8, max_dimension=10)
    system = models.rabi(1.0, 0.1, 8, max_dimension=16)
    assert system.dim == 16
    # A System keeps working after with_operators, whatever limit made it.
    assert system.with_operators(extra=np.eye(16)).dim == 16
    with pytest.raises(ResourceLimitError, match="System: Hilbert dimension 20000"):
        nl.System(sp.identity(20000, format="csr"))  # refused before it is made dense


def test_environment_variable_raises_the_model_limit(monkeypatch):
    monkeypatch.setenv("NESSLAB_MAX_DIMENSION", "8")
    with pytest.raises(ResourceLimitError, match="max_dimension = 8"):
        models.rabi(1.0, 0.1, 5)
    assert models.rabi(1.0, 0.1, 4).dim == 8


@pytest.mark.parametrize(
    "build, name",
    [
        (lambda: models.rabi(True, 0.1, 4), "delta"),
        (lambda: models.rabi(1.0, "0.1", 4), "coupling"),
        (lambda: models.rabi(1.0, 0.1, True), "n_boson"),
        (lambda: models.rabi(1.0, 0.1, "4"), "n_boson"),
        (lambda: models.dicke(1.0, 0.1, 4, n_spins=True), "n_spins"),
        (lambda: models.holstein(1.0, 0.1, 3, omega="1"), "omega"),
        (lambda: models.two_qubits_xy(True, 0.2), "omega"),
        (lambda: models.tls_dimer(1.0, 1.0, "0.1"), "coupling"),
        (lambda: models.spin_boson(1.0, theta="0"), "theta"),
        (lambda: models.coupled_oscillators(1.0, 0.1, None, 3), "field"),
    ],
)
def test_models_refuse_bool_and_str_parameters_by_name(build, name):
    with pytest.raises(TypeError, match=name):
        build()
