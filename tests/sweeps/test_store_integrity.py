"""A resumed store trusts only the points whose data are really there (issue: silent data loss).

A deleted chunk, a truncated (corrupt) chunk, and a ``done`` mask set by hand: each rerun
recomputes exactly the points without data, and the final Dataset equals an uninterrupted run;
``nesslab check`` reports each case without computing anything.
"""

from pathlib import Path

import numpy as np
import pytest
import xarray as xr
import zarr
from typer.testing import CliRunner

import nesslab as nl
from nesslab.cli import app
from nesslab.sweeps import StoreRepairWarning, inspect_store

# 6 × 300 points, chunked (3, 300) over the grid: two chunks per variable.
GRID = {"x": np.linspace(0.0, 1.0, 6), "y": np.arange(300.0)}


def point(x, y, log):
    """A float, an int and a string output; each call leaves a file in ``log``."""
    (Path(log) / f"{x:.2f}_{y:g}").touch()
    return {"value": x * y + 0.5, "count": int(10 * x + y), "tag": "hi" if x > 0.5 else "lo"}


def run(store, log, **options):
    Path(log).mkdir(exist_ok=True)
    return nl.sweep(
        lambda x, y: point(x, y, log),
        GRID,
        backend="serial",
        store=store,
        progress=False,
        **options,
    )


def calls(log):
    return {p.name for p in Path(log).iterdir()}


def expected_calls(rows):
    xs = GRID["x"][rows]
    return {f"{x:.2f}_{y:g}" for x in xs for y in GRID["y"]}


def same(a, b):
    xr.testing.assert_identical(
        a.drop_vars("seconds").drop_attrs(), b.drop_vars("seconds").drop_attrs()
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return run(None, tmp_path_factory.mktemp("reference"))


def check(store):
    return CliRunner().invoke(app, ["check", str(store)])


def test_a_deleted_chunk_is_recomputed_and_reported(tmp_path, reference):
    store = tmp_path / "s.zarr"
    run(store, tmp_path / "first")
    (store / "value" / "1.0").unlink()
    report = inspect_store(store)
    assert not report.healthy and report.without_data == 900 and report.done == 900
    assert [c.key for c in report.chunks] == ["value/1.0"] and report.chunks[0].problem == "missing"
    result = check(store)
    assert result.exit_code == 1 and "chunk value/1.0 missing" in result.output
    assert "900 points marked done had no data" in result.output
    with pytest.warns(StoreRepairWarning, match="900 points marked done had no data"):
        resumed = run(store, tmp_path / "second")
    assert calls(tmp_path / "second") == expected_calls(slice(3, 6))
    assert (
        resumed.attrs["points_computed"] == 900
        and "value/1.0 missing" in resumed.attrs["store_repairs"]
    )
    same(resumed, reference)
    assert check(store).exit_code == 0 and inspect_store(store).complete


def test_a_truncated_chunk_is_named_discarded_and_recomputed(tmp_path, reference):
    store = tmp_path / "s.zarr"
    run(store, tmp_path / "first")
    chunk = store / "count" / "0.0"
    chunk.write_bytes(chunk.read_bytes()[:20])
    report = inspect_store(store)
    assert [c.key for c in report.chunks] == ["count/0.0"]
    assert report.chunks[0].problem.startswith("corrupt (") and report.without_data == 900
    assert "chunk count/0.0 corrupt" in check(store).output
    with pytest.warns(StoreRepairWarning, match="count/0.0 corrupt"):
        resumed = run(store, tmp_path / "second")
    assert calls(tmp_path / "second") == expected_calls(slice(0, 3))
    same(resumed, reference)
    assert inspect_store(store).complete


def stops_at_half(x, y, log):
    """``point`` until x > 0.5, where Ctrl-C is pressed."""
    if x > 0.5:
        raise KeyboardInterrupt
    return point(x, y, log)


def test_a_done_mask_set_by_hand_does_not_pass_for_data(tmp_path, reference):
    store = tmp_path / "s.zarr"
    with pytest.raises(KeyboardInterrupt, match="900 of 1800 points stored"):
        nl.sweep(
            lambda x, y: stops_at_half(x, y, tmp_path),
            GRID,
            backend="serial",
            store=store,
            progress=False,
            flush_seconds=1e9,
        )
    stored = zarr.open_group(store, mode="r+")
    assert stored["done"][:].sum() == 900  # rows 0–2 finished before the interrupt
    stored["done"][:] = True  # as a user editing the store might
    report = inspect_store(store)
    assert report.without_data == 900 and not report.chunks
    result = check(store)
    assert result.exit_code == 1 and "900 points marked done had no data" in result.output
    with pytest.warns(StoreRepairWarning):
        resumed = run(store, tmp_path / "second")
    assert calls(tmp_path / "second") == expected_calls(slice(3, 6))
    same(resumed, reference)


def test_check_reports_a_complete_store_and_refuses_what_is_not_a_store(tmp_path):
    store = tmp_path / "s.zarr"
    run(store, tmp_path / "log")
    result = check(store)
    assert result.exit_code == 0 and "1800 of 1800 points done" in result.output
    assert "store complete" in result.output
    missing = check(tmp_path / "nothing.zarr")
    assert missing.exit_code == 2 and "no sweep store" in missing.output
    (tmp_path / "junk.nc").write_text("not a netCDF file")
    junk = check(tmp_path / "junk.nc")
    assert junk.exit_code == 2 and "cannot be read" in junk.output


def test_a_netcdf_store_with_points_lacking_data_is_repaired(tmp_path, reference):
    store = tmp_path / "s.nc"
    run(store, tmp_path / "first")
    with xr.open_dataset(store, engine="scipy") as stored:
        damaged = stored.load()
    damaged["value"][4, :10] = np.nan
    damaged.to_netcdf(store, engine="scipy")
    assert inspect_store(store).without_data == 10
    with pytest.warns(StoreRepairWarning, match="10 points"):
        resumed = run(store, tmp_path / "second")
    assert len(calls(tmp_path / "second")) == 10
    same(resumed, reference)
