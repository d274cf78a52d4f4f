"""nesslab.sweep: grids, backends, resumable stores and errors."""

import sys
import time
from functools import partial
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import nesslab as nl
from nesslab.sweeps import BACKENDS, PointError

GRID = {"x": np.linspace(0.0, 1.0, 6), "y": [1, 2, 3]}
CONFIG = {"model": "toy", "solver": {"method": "direct", "tol": 1e-12}}


def toy(x, y):
    """A cheap point with a float, an array, a string and an int output."""
    return {
        "xy": x * y,
        "pair": np.array([x, y, np.sin(x * y)]),
        "label": "large" if x * y > 1 else "small",
        "sign": int(np.sign(x - 0.5)),
    }


def logged(x, y, log_dir, fail_at=None):
    """``toy`` that records each call as a file, and fails at ``fail_at`` while "fail" exists."""
    log = Path(log_dir)
    (log / f"{x!r}_{y!r}").touch()
    if (x, y) == fail_at and (log / "fail").exists():
        raise RuntimeError("planned failure")
    return toy(x, y)


def interrupted(x, y, at):
    """``toy`` that raises KeyboardInterrupt (as Ctrl-C would) at ``x == at``."""
    if x == at:
        raise KeyboardInterrupt
    return toy(x, y)


def stored_done(x, store):
    """How many points the store at ``store`` marks done when this point runs."""
    if not Path(store).exists():
        return {"seen": 0}
    with xr.open_dataset(store, engine="zarr", chunks=None) as stored:
        return {"seen": int(stored["done"].sum())}


def inconsistent(x):
    """A point whose output dtype changes with x."""
    return {"value": "text" if x > 1 else 1.0}


def rabi_point(delta, spin_rate=1e-2):
    """Spin flux of the local-Lindblad open Rabi model and the spin-up population."""
    system = nl.models.rabi(delta, 0.2, 6)
    channels = [nl.Channel("sm", spin_rate, "spin"), nl.Channel("a", 5e-2, "boson")]
    gen = nl.generator(system, channels, "local")
    ss = nl.steady_state(gen)
    sz = np.real(np.trace(system.op("sz") @ ss.rho))
    return {
        "J_s": nl.flux(gen, ss, "sz", "spin") / 2,
        "p_up": (1 + sz) / 2,
        "residual": ss.residual,
        "method": ss.method,
    }


def values(ds):
    """What must agree between runs: everything but timings and attributes."""
    return ds.drop_vars("seconds").drop_attrs()


def done_points(store):
    with xr.open_dataset(store, engine="zarr", chunks=None) as stored:
        return stored.load()


def points_in(log_dir):
    return {p.name for p in Path(log_dir).iterdir() if p.name != "fail"}


def all_points():
    return {f"{x!r}_{y!r}" for x in GRID["x"].tolist() for y in GRID["y"]}


@pytest.fixture(scope="module")
def reference():
    return nl.sweep(toy, GRID, backend="serial", progress=False)


def test_outer_product_grid(reference):
    ds = reference
    assert ds["xy"].dims == ("x", "y") and ds["xy"].shape == (6, 3)
    assert ds["pair"].dims == ("x", "y", "pair_dim0") and ds["pair"].shape == (6, 3, 3)
    np.testing.assert_array_equal(ds["x"], GRID["x"])
    np.testing.assert_array_equal(ds["y"], GRID["y"])
    np.testing.assert_array_equal(ds["xy"], np.outer(GRID["x"], GRID["y"]))
    assert ds["label"].dtype == np.dtype("<U5") and ds["label"].sel(x=1.0, y=3) == "large"
    assert ds["sign"].dtype == np.int64 and ds["sign"].sel(x=0.0, y=1) == -1
    assert ds["done"].all() and (ds["seconds"] >= 0).all()
    assert ds.attrs["backend"] == "serial" and ds.attrs["points_computed"] == 18
    assert ds.attrs["nesslab_version"] == nl.__version__ and "config" not in ds.attrs
    assert ds.attrs["wall_seconds"] >= float(ds["seconds"].sum())


def test_explicit_points():
    points = [{"x": 0.5, "y": 2}, {"x": 0.25, "y": 3}, {"y": 1, "x": 1.0}]
    ds = nl.sweep(toy, points, backend="serial", progress=False, config=CONFIG)
    assert ds["xy"].dims == ("point",) and ds["pair"].shape == (3, 3)
    np.testing.assert_array_equal(ds["x"], [0.5, 0.25, 1.0])
    np.testing.assert_array_equal(ds["y"], [2, 3, 1])
    np.testing.assert_array_equal(ds["xy"], [1.0, 0.75, 1.0])
    assert ds.attrs["config"] == '{"model": "toy", "solver": {"method": "direct", "tol": 1e-12}}'


@pytest.fixture(scope="module")
def cluster_address():
    """A threaded local Dask cluster (quick to start), shared by the Dask tests."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, processes=False, threads_per_worker=1, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def backend_options(backend, request):
    """What each backend needs to run here (a new backend runs with its defaults)."""
    if backend == "dask":
        return {"address": request.getfixturevalue("cluster_address")}
    if backend == "processes":
        return {"workers": 2}
    return {}


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_every_backend_equals_serial_bitwise(backend, reference, request):
    ds = nl.sweep(toy, GRID, backend=backend, progress=False, **backend_options(backend, request))
    xr.testing.assert_identical(values(ds), values(reference))
    assert ds.attrs["backend"] == backend


def test_dask_without_address_starts_and_closes_a_local_cluster(monkeypatch, reference):
    distributed = pytest.importorskip("dask.distributed")
    local_cluster, started = distributed.LocalCluster, []

    def threaded_cluster(**kwargs):
        # Threads instead of the default worker processes, which take seconds to spawn.
        started.append(local_cluster(processes=False, **kwargs))
        return started[-1]

    monkeypatch.setattr(distributed, "LocalCluster", threaded_cluster)
    ds = nl.sweep(toy, GRID, backend="dask", workers=2, progress=False)
    xr.testing.assert_identical(values(ds), values(reference))
    assert len(started) == 1 and len(started[0].workers) == 0
    assert started[0].status.name == "closed"


RABI_GRID = {"delta": np.linspace(0.6, 1.4, 5)}


@pytest.fixture(scope="module")
def rabi_serial():
    return nl.sweep(rabi_point, RABI_GRID, backend="serial")


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_rabi_point_on_every_backend_equals_serial(backend, rabi_serial, request):
    ds = nl.sweep(rabi_point, RABI_GRID, backend=backend, **backend_options(backend, request))
    xr.testing.assert_identical(values(ds), values(rabi_serial))
    # L_s = √r_s σ₋ alone changes σz: J_s = Tr[(σz/2) D_s(ρ)] = −r_s ⟨|↑⟩⟨↑|⟩.
    np.testing.assert_allclose(ds["J_s"], -1e-2 * ds["p_up"], rtol=1e-10)
    assert (ds["J_s"] < 0).all() and (ds["residual"] < 1e-12).all()
    assert set(ds["method"].values) == {"direct"}


def test_interrupted_sweep_resumes_without_recomputing(tmp_path, reference):
    store = tmp_path / "sweep.zarr"
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "fail").touch()
    fail_at = (GRID["x"][3], 2)
    run = partial(nl.sweep, grid=GRID, backend="processes", workers=2, store=store, config=CONFIG)
    with pytest.raises(PointError, match=r"'x': 0\.6.*'y': 2.*planned failure") as error:
        run(partial(logged, log_dir=first, fail_at=fail_at), progress=False)
    assert error.value.params == {"x": 0.6000000000000001, "y": 2}
    done = done_points(store)["done"].values
    assert 0 < done.sum() < done.size and not done[3, 1]
    done_names = {
        f"{GRID['x'][i].item()!r}_{GRID['y'][j]!r}" for i, j in zip(*np.nonzero(done), strict=True)
    }
    assert done_names <= points_in(first)

    resumed = run(partial(logged, log_dir=second, fail_at=fail_at), progress=False)
    assert points_in(second) == all_points() - done_names
    assert resumed.attrs["points_computed"] == done.size - done.sum()
    xr.testing.assert_identical(values(resumed), values(reference))
    again = run(partial(logged, log_dir=second), progress=False)
    assert again.attrs["points_computed"] == 0 and points_in(second) == all_points() - done_names


def test_keyboard_interrupt_flushes_finished_points(tmp_path, reference):
    store = tmp_path / "sweep.zarr"
    point = partial(interrupted, at=GRID["x"][2])
    with pytest.raises(KeyboardInterrupt):
        nl.sweep(point, GRID, backend="serial", store=store, progress=False, flush_seconds=1e9)
    np.testing.assert_array_equal(done_points(store)["done"].values.ravel(), np.arange(18) < 6)
    resumed = nl.sweep(toy, GRID, backend="serial", store=store, progress=False)
    assert resumed.attrs["points_computed"] == 12
    xr.testing.assert_identical(values(resumed), values(reference))


@pytest.mark.parametrize(("flush_seconds", "seen"), [(0.0, [0, 1, 2, 3]), (1e9, [0, 1, 1, 1])])
def test_flush_interval(tmp_path, flush_seconds, seen):
    store = tmp_path / "sweep.zarr"
    point = partial(stored_done, store=str(store))
    ds = nl.sweep(
        point, {"x": [1, 2, 3, 4]}, backend="serial", store=store, flush_seconds=flush_seconds
    )
    np.testing.assert_array_equal(ds["seen"], seen)


def test_store_of_another_sweep_is_refused(tmp_path):
    store = tmp_path / "sweep.zarr"
    small = {"x": [0.0, 0.5], "y": [1, 2]}
    nl.sweep(toy, small, backend="serial", store=store, config=CONFIG, progress=False)
    other_config = {**CONFIG, "solver": {"method": "eigen", "tol": 1e-12}}
    cases = [
        (small, other_config, r"config\.solver\.method is \"direct\" in the store, \"eigen\""),
        (small, None, r"config is \{.*\} in the store, absent in this sweep"),
        ({"x": [0.0, 0.5], "y": [1, 3]}, CONFIG, r"grid parameter 'y' is \[1 2\]"),
        ({"y": [1, 2], "x": [0.0, 0.5]}, CONFIG, r"grid dimensions \('x', 'y'\) in the store"),
        ([{"x": 0.0, "y": 1}], CONFIG, r"grid dimensions \('x', 'y'\) in the store, \('point',\)"),
    ]
    for grid, config, message in cases:
        with pytest.raises(ValueError, match=message):
            nl.sweep(toy, grid, backend="serial", store=store, config=config, progress=False)
    other = tmp_path / "other.zarr"
    xr.Dataset({"a": ("x", [1.0])}).to_zarr(other, zarr_format=2)
    with pytest.raises(ValueError, match="not a nesslab sweep store"):
        nl.sweep(toy, small, backend="serial", store=other, progress=False)


def test_netcdf_store_round_trip(tmp_path, reference):
    store = tmp_path / "sweep.nc"
    ds = nl.sweep(toy, GRID, backend="processes", workers=2, store=store, progress=False)
    with xr.open_dataset(store, engine="scipy") as stored:
        np.testing.assert_array_equal(stored["pair"], reference["pair"])
        np.testing.assert_array_equal(stored["label"].astype(str), reference["label"])
        assert stored["done"].all() and stored.attrs["nesslab_version"] == nl.__version__
    again = nl.sweep(toy, GRID, backend="serial", store=store, progress=False)
    assert again.attrs["points_computed"] == 0
    xr.testing.assert_identical(values(again), values(reference))
    xr.testing.assert_identical(values(ds), values(reference))


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        ({}, "grid has no parameters"),
        ({"x": []}, "grid axis 'x' is empty"),
        ({"x": [[1.0, 2.0]]}, r"grid axis 'x' must be 1-D, got shape \(1, 2\)"),
        ({"x": 3.0}, r"grid axis 'x' must be 1-D, got shape \(\)"),
        ({"x": [1.0, np.nan]}, "grid axis 'x' must be finite"),
        ({"x": ["a", "b"]}, "grid axis 'x' must hold real numbers"),
        ({"x": [1.0, 1.0]}, "grid axis 'x' has repeated values"),
        ({"1x": [1.0]}, "'1x' is not a valid Python identifier"),
        ({"point": [1.0]}, "'point' is reserved"),
        ([], "grid is an empty list of points"),
        ([{"x": 1.0}, {"x": 2.0, "y": 1.0}], r"grid point 1 has keys \['x', 'y'\]"),
        ([{"x": 1.0}, {"x": np.inf}], "grid parameter 'x' must be finite"),
    ],
)
def test_bad_grid(grid, message):
    with pytest.raises(ValueError, match=message):
        nl.sweep(toy, grid, backend="serial", progress=False)


@pytest.mark.parametrize("grid", ["x", [1.0, 2.0], 3.0])
def test_grid_of_wrong_type(grid):
    with pytest.raises(TypeError, match="grid"):
        nl.sweep(toy, grid, backend="serial", progress=False)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"backend": "mpi"}, r"unknown backend 'mpi'; valid: dask, processes, serial"),
        ({"backend": "processes", "address": "tcp://h:1"}, "address is for the 'dask' backend"),
        ({"backend": "processes", "workers": 0}, "workers must be a positive integer"),
        ({"backend": "serial", "flush_seconds": -1.0}, "flush_seconds must be finite"),
    ],
)
def test_bad_options(options, message):
    with pytest.raises(ValueError, match=message):
        nl.sweep(toy, GRID, progress=False, **options)


def test_config_must_be_json():
    with pytest.raises(TypeError, match="config must be JSON-serialisable; <function toy"):
        nl.sweep(toy, GRID, backend="serial", config={"f": toy}, progress=False)
    grid = {"x": [1.0], "y": [2]}
    ds = nl.sweep(toy, grid, backend="serial", config={"a": np.arange(2)}, progress=False)
    assert ds.attrs["config"] == '{"a": [0, 1]}'


def test_point_failure_names_the_point_and_keeps_finished(tmp_path):
    store = tmp_path / "sweep.zarr"
    (tmp_path / "fail").touch()
    point = partial(logged, log_dir=tmp_path, fail_at=(GRID["x"][1], 3))
    with pytest.raises(PointError, match=r"\{'x': 0\.2, 'y': 3\} failed: RuntimeError") as error:
        nl.sweep(point, GRID, backend="serial", store=store, progress=False, flush_seconds=1e9)
    assert isinstance(error.value.__cause__, RuntimeError)
    assert done_points(store)["done"].sum() == 5


def test_outputs_must_agree_between_points():
    with pytest.raises(ValueError, match=r"\{'x': 2\.0\}: output 'value' is <U4"):
        nl.sweep(inconsistent, {"x": [1.0, 2.0]}, backend="serial", progress=False)
    with pytest.raises(ValueError, match="output name 'x' is not allowed"):
        nl.sweep(lambda x: {"x": x}, {"x": [1.0]}, backend="serial", progress=False)


def test_dask_backend_without_dask_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(ImportError, match=r"nesslab\[dask\]"):
        nl.sweep(toy, GRID, backend="dask", progress=False)


SIGTERM_SCRIPT = """
import sys, time
import nesslab as nl

def slow(x):
    time.sleep(0.05)
    return {"y": x * x}

print("start", flush=True)
nl.sweep(slow, {"x": list(range(400))}, backend="serial", store=sys.argv[1],
         progress=False, flush_seconds=1e6)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.slow
def test_sigterm_flushes_finished_points(tmp_path):
    """A scheduler's SIGTERM is turned into an interrupt: finished points reach the store."""
    import signal
    import subprocess
    import time

    store = tmp_path / "killed.zarr"
    process = subprocess.Popen(
        [sys.executable, "-c", SIGTERM_SCRIPT, str(store)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "start"
    deadline = time.monotonic() + 60
    while not (store / ".zattrs").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # the store is created by the flush after the first point
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    done = int(xr.open_zarr(store)["done"].sum())
    assert 1 < done < 400  # flush_seconds=1e6: only the SIGTERM flush can store the later points


def test_pool_batches_grow_to_the_target_duration_and_keep_every_point(monkeypatch):
    """Fast points travel in batches of ~BATCH_SECONDS; each point arrives once, failures alone."""
    from concurrent.futures import Future

    from nesslab.sweeps import executors
    from nesslab.sweeps.executors import BATCH_SECONDS, _windowed, timed_batch

    monkeypatch.setattr(executors, "_THREADS_LIMITED", True)  # keep this process's BLAS threads

    def sleepy(x):
        time.sleep(0.002)
        if x == 57:
            raise ValueError("bad point")
        return x * x

    sizes = []

    def submit(batch):
        sizes.append(len(batch))
        future = Future()
        future.set_result(timed_batch(sleepy, batch))
        return future

    tasks = ((i, {"x": i}) for i in range(300))
    seen = {}
    for index, future in _windowed(submit, set, tasks, window=2):
        seen[index] = future.exception() or future.result()[0]
    assert sorted(seen) == list(range(300))
    assert isinstance(seen[57], ValueError)
    assert all(seen[i] == i * i for i in range(300) if i != 57)
    assert sizes[:2] == [1, 1]
    assert 0.5 * BATCH_SECONDS / 0.002 < max(sizes) <= 1.5 * BATCH_SECONDS / 0.002
