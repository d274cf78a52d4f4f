"""Config limits: a grid is bounded before it is built; a reference that is undefined is named."""

import time

import numpy as np
import pytest

from nesslab.config import ConfigError, config_from_dict
from nesslab.limits import ResourceLimitError
from nesslab.sweeps.grid import make_grid


def rabi_config(grid, rate=1e-3, parameters=None):
    return {
        "model": {"name": "rabi", "coupling": 0.2, "n_boson": 4},
        "parameters": parameters or {},
        "channels": [{"operator": "sm", "rate": rate, "name": "spin"}],
        "approach": {"name": "local"},
        "grid": grid,
    }


def test_a_hundred_million_point_axis_is_refused_at_once_naming_the_axes():
    grid = {"delta": {"start": 0.5, "stop": 1.5, "num": 100_000_000}, "coupling": [0.1, 0.2]}
    start = time.perf_counter()
    with pytest.raises(
        ResourceLimitError, match=r"delta: 100000000, coupling: 2.*max_points"
    ) as info:
        config_from_dict(rabi_config(grid))
    assert time.perf_counter() - start < 1.0
    assert "NESSLAB_MAX_POINTS" in str(info.value) and "max_points=" not in str(info.value)


def test_the_grid_limit_is_raised_by_the_environment(monkeypatch):
    grid = {"delta": {"start": 0.5, "stop": 1.5, "num": 30}}
    monkeypatch.setenv("NESSLAB_MAX_POINTS", "20")
    with pytest.raises(ResourceLimitError, match="max_points = 20"):
        config_from_dict(rabi_config(grid))
    monkeypatch.setenv("NESSLAB_MAX_POINTS", "30")
    assert config_from_dict(rabi_config(grid)).grid["delta"].size == 30


def test_the_num_of_an_axis_is_still_checked_first():
    with pytest.raises(
        ConfigError, match=r"grid\.delta\.num: must be an integer >= 1, got 1\d+\.0"
    ):
        config_from_dict(rabi_config({"delta": {"start": 0.5, "stop": 1.5, "num": 1e8}}))


def test_make_grid_bounds_outer_products_and_point_lists():
    axes = {"a": np.arange(2000.0), "b": np.arange(1000.0)}
    with pytest.raises(
        ResourceLimitError, match=r"grid of 2000000 points \(a: 2000, b: 1000\).*max_points"
    ):
        make_grid(axes)
    assert make_grid(axes, max_points=2_000_000).size == 2_000_000
    with pytest.raises(ResourceLimitError, match=r"point: 3\).*max_points = 2"):
        make_grid([{"a": 1.0}, {"a": 2.0}, {"a": 3.0}], max_points=2)


def test_a_zero_parameter_to_a_negative_power_names_the_key():
    config = rabi_config(
        {"r_s": [0.0, 1e-3], "delta": [1.0]},
        rate={"param": "r_s", "power": -1, "scale": 1e-6},
        parameters={"r_s": 1e-3},
    )
    with pytest.raises(ConfigError, match=r"^channels\.spin\.rate: .*power = -1.*r_s = 0\.0"):
        config_from_dict(config)


def test_a_negative_parameter_to_a_fractional_power_names_the_key():
    config = rabi_config(
        {"delta": [1.0]}, rate={"param": "r_s", "power": 0.5}, parameters={"r_s": -1e-3}
    )
    with pytest.raises(ConfigError, match=r"^channels\.spin\.rate: .*not a finite real number"):
        config_from_dict(config)
