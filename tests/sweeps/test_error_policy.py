"""``on_error``: a failing point stops the sweep ("raise") or is recorded and skipped ("record")."""

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import nesslab as nl
from nesslab.sweeps import PointError

GRID = {"x": [0.0, 1.0, 2.0, 3.0, 4.0]}


def fragile(x, log, broken=(2.0,)):
    """1/(x − 2) and a label; fails at the ``broken`` x while ``log/broken`` exists."""
    (Path(log) / f"{x:g}").touch()
    if x in broken and (Path(log) / "broken").exists():
        raise ZeroDivisionError(f"no value at x = {x:g}")
    return {"value": 1.0 / (x - 2.5), "label": "ok", "count": int(x)}


def sweep(log, broken=(2.0,), **options):
    return nl.sweep(
        lambda x: fragile(x, log, broken), GRID, backend="serial", progress=False, **options
    )


@pytest.fixture
def log(tmp_path):
    (tmp_path / "broken").touch()
    return tmp_path


def calls(log):
    return {p.name for p in Path(log).iterdir() if p.name[0].isdigit()}


def test_raise_keeps_stopping_at_the_failing_point(log):
    with pytest.raises(PointError, match=r"\{'x': 2\.0\} failed: ZeroDivisionError"):
        sweep(log)


def test_record_stores_the_error_and_goes_on(log):
    ds = sweep(log, on_error="record")
    assert ds.attrs["points_failed"] == 1 and ds["done"].all()
    errors = ds["error"].values
    assert errors[2] == "ZeroDivisionError: no value at x = 2"
    assert (errors[[0, 1, 3, 4]] == "").all()
    assert np.isnan(ds["value"].values[2]) and ds["count"].values[2] == 0
    assert ds["label"].values[2] == ""
    np.testing.assert_allclose(ds["value"].values[[0, 1, 3, 4]], 1 / (np.array([0, 1, 3, 4]) - 2.5))
    assert np.isfinite(ds["seconds"].values).all()


def test_a_recorded_failure_is_retried_only_when_asked(log):
    store = log / "s.zarr"
    sweep(log, on_error="record", store=store)
    (log / "broken").unlink()
    for path in Path(log).glob("[0-9]*"):
        path.unlink()
    again = sweep(log, on_error="record", store=store)
    assert again.attrs["points_computed"] == 0 and again["error"].values[2].startswith("Zero")
    retried = sweep(log, on_error="record", store=store, retry_failed=True)
    assert calls(log) == {"2"} and retried.attrs["points_computed"] == 1
    assert (retried["error"].values == "").all()
    assert retried["value"].values[2] == pytest.approx(-2.0)


def test_failures_before_the_first_success_are_kept(log):
    store = log / "s.zarr"
    ds = sweep(log, broken=(0.0, 1.0), on_error="record", store=store)
    assert list(ds["error"].values != "") == [True, True, False, False, False]
    with xr.open_dataset(store, engine="zarr") as stored:
        assert list(stored["error"].values != "") == [True, True, False, False, False]
        assert stored["done"].values.all()


def test_a_sweep_whose_every_point_fails_returns_the_errors_and_stores_nothing(log):
    store = log / "s.zarr"
    ds = sweep(log, broken=tuple(GRID["x"]), on_error="record", store=store)
    assert (ds["error"].values != "").all() and ds.attrs["points_failed"] == 5
    assert not store.exists()


def test_unknown_error_policy_is_refused(log):
    with pytest.raises(ValueError, match="on_error must be one of"):
        sweep(log, on_error="ignore")
