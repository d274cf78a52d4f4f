"""Process hygiene and concurrency: workers die with their parent; one sweep per store."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import xarray as xr
from typer.testing import CliRunner

from nesslab.cli import app
from nesslab.config import load_results

psutil = pytest.importorskip("psutil")

# About 30 ms a point (local Rabi NESS, N_b = 30): long enough to be caught running.
SLOW = """
[model]
name = "rabi"
coupling = 0.2
n_boson = 30

[[channels]]
operator = "sm"
rate = 1e-3
name = "spin"

[[channels]]
operator = "a"
rate = 1e-2
name = "boson"

[approach]
name = "local"

[grid]
delta = {{ start = 0.5, stop = 2.0, num = {num} }}
"""


def config(tmp_path, num):
    path = tmp_path / "slow.toml"
    path.write_text(SLOW.format(num=num))
    return path


def start_run(*args):
    command = [sys.executable, "-m", "nesslab", "run", *map(str, args), "--no-plot"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition was not met in time")
        time.sleep(0.05)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.slow
def test_pool_workers_exit_when_their_parent_is_killed(tmp_path):
    run = start_run(
        config(tmp_path, 400),
        "--store",
        tmp_path / "s.zarr",
        "--backend",
        "processes",
        "--workers",
        "2",
    )
    parent = psutil.Process(run.pid)
    wait_for(lambda: len(parent.children(recursive=True)) >= 2)
    workers = parent.children(recursive=True)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=10)
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, f"workers {[p.pid for p in alive]} outlived their killed parent"


@pytest.mark.slow
def test_a_second_run_on_a_store_in_use_is_refused_and_the_first_completes(tmp_path):
    path, store = config(tmp_path, 120), tmp_path / "s.zarr"
    first = start_run(path, "--store", store, "--backend", "serial")
    wait_for(lambda: (tmp_path / "s.zarr.owner").exists())
    second = CliRunner().invoke(app, ["run", str(path), "--store", str(store), "--no-plot"])
    assert second.exit_code == 2, second.output
    assert f"is being written by another nesslab sweep (pid {first.pid}" in second.output
    assert "Traceback" not in second.output
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert "Computed 120 of 120 points" in out
    single = tmp_path / "single.zarr"
    alone = CliRunner().invoke(app, ["run", str(path), "--store", str(single), "--no-plot"])
    assert alone.exit_code == 0
    final, reference = load_results(store), load_results(single)
    xr.testing.assert_identical(final.drop_vars("seconds"), reference.drop_vars("seconds"))
    again = CliRunner().invoke(app, ["run", str(path), "--store", str(store), "--no-plot"])
    assert again.exit_code == 0 and "Computed 0 of 120 points" in again.output
    assert not (tmp_path / "s.zarr.owner").exists()


@pytest.mark.slow
def test_the_lock_of_a_killed_run_does_not_block_the_next(tmp_path):
    path, store = config(tmp_path, 120), tmp_path / "s.zarr"
    first = start_run(path, "--store", store, "--backend", "serial")
    wait_for(lambda: (store / ".zattrs").exists())
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    resumed = CliRunner().invoke(app, ["run", str(path), "--store", str(store), "--no-plot"])
    assert resumed.exit_code == 0, resumed.output
    computed = int(resumed.output.split("Computed ")[1].split()[0])
    assert 0 < computed < 120 and load_results(store)["done"].all()


@pytest.mark.slow
def test_an_interrupted_run_says_how_to_resume(tmp_path):
    path, store = config(tmp_path, 120), tmp_path / "s.zarr"
    run = start_run(path, "--store", store, "--backend", "serial")
    wait_for(lambda: (store / ".zattrs").exists())
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=30)
    assert run.returncode == 130
    assert "interrupted:" in err and "points stored; rerun the same command to resume" in err
    assert "Traceback" not in err
    assert Path(store).exists()
