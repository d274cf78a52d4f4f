import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from nesslab.cli import app
from nesslab.config import ConfigPoint, load_config, load_results
from nesslab.sweeps import PointError

runner = CliRunner()

TINY = """
[model]
name = "rabi"
coupling = 0.2
n_boson = 4

[parameters]
r_s = 5e-4

[[channels]]
operator = "sm"
rate = {{ param = "r_s" }}
name = "spin"

[[channels]]
operator = "a"
rate = 5e-2
name = "boson"

[approach]
name = "local"

[grid]
{grid}

[[outputs.fluxes]]
operator = "sz"
channel = "spin"
label = "J_s"
scale = {{ param = "r_s", scale = 0.5, power = -1 }}

[run]
backend = "serial"
plot = {{ y = "J_s", logy = true }}
"""

LINE = "delta = { start = 0.5, stop = 2.0, num = 4 }"
MAP = "delta = [0.5, 1.0, 1.5]\ncoupling = { start = 0.1, stop = 0.4, num = 2, scale = 'log' }"


def write_config(tmp_path, grid=LINE, name="tiny.toml"):
    path = tmp_path / name
    path.write_text(TINY.format(grid=grid))
    return path


def invoke(*args):
    result = runner.invoke(app, [str(arg) for arg in args])
    return result


def test_run_writes_store_and_plot_then_resumes(tmp_path):
    config_path = write_config(tmp_path)
    store = tmp_path / "out" / "tiny.zarr"
    result = invoke("run", config_path, "--store", store)
    assert result.exit_code == 0, result.output
    assert "Computed 4 of 4 points" in result.output
    png = tmp_path / "out" / "tiny_J_s.png"
    assert png.stat().st_size > 0
    assert f"Wrote {png}" in result.output

    dataset = load_results(store)
    assert dataset["J_s"].dims == ("delta",)
    assert dataset["done"].all()
    point = ConfigPoint(load_config(config_path))
    for delta, value in zip(dataset["delta"].values, dataset["J_s"].values, strict=True):
        assert value == point(delta=float(delta))["J_s"]

    again = invoke("run", config_path, "--store", store, "--no-plot")
    assert again.exit_code == 0, again.output
    assert "Computed 0 of 4 points" in again.output


def test_plot_line_and_map(tmp_path):
    store = tmp_path / "map.nc"
    result = invoke("run", write_config(tmp_path, MAP), "--store", store, "--no-plot")
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob("*.png"))
    dataset = xr.load_dataset(store, engine="scipy")
    assert dataset["J_s"].dims == ("delta", "coupling")

    for args, name in [((), "map_J_s.png"), (("--x", "coupling", "--y", "J_spin"), "J.png")]:
        output = () if name == "map_J_s.png" else ("--output", tmp_path / name)
        result = invoke("plot", store, *args, *output)
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0


def test_run_with_processes_backend(tmp_path):
    store = tmp_path / "procs.zarr"
    args = ("--store", store, "--backend", "processes", "--workers", 2, "--no-plot")
    result = invoke("run", write_config(tmp_path), *args)
    assert result.exit_code == 0, result.output
    np.testing.assert_array_equal(load_results(store)["done"], True)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("n_boson = 4", "n_bosons = 4"), "model.n_bosons"),
        (("rate = 5e-2", "rate = -5e-2"), "channels.boson.rate"),
        (('backend = "serial"', 'backend = "threads"'), "run.backend"),
    ],
)
def test_run_rejects_bad_config_before_work(tmp_path, edit, message):
    path = write_config(tmp_path)
    path.write_text(path.read_text().replace(*edit))
    store = tmp_path / "bad.zarr"
    result = invoke("run", path, "--store", store)
    assert result.exit_code == 2
    assert message in result.output
    assert not store.exists()


def test_run_refuses_store_of_another_config(tmp_path):
    store = tmp_path / "shared.zarr"
    assert invoke("run", write_config(tmp_path), "--store", store, "--no-plot").exit_code == 0
    other = write_config(tmp_path, name="other.toml")
    other.write_text(other.read_text().replace("coupling = 0.2", "coupling = 0.3"))
    result = invoke("run", other, "--store", store, "--no-plot")
    assert result.exit_code == 2
    assert "config.model.coupling" in result.output


def test_plot_missing_store(tmp_path):
    result = invoke("plot", tmp_path / "nothing.zarr")
    assert result.exit_code == 2
    assert "no sweep store" in result.output


def test_info():
    result = invoke("info")
    assert result.exit_code == 0, result.output
    for label in ("nesslab:", "numpy:", "scipy:", "qutip:", "sweep backends:", "nvidia-smi:"):
        assert label in result.output
    assert "serial" in result.output


FAILING = "n_boson = [4, 0, 5]"  # rabi(n_boson=0) raises at that point only


def test_a_failing_point_stops_the_run_in_one_line_unless_recorded(tmp_path):
    config_path = write_config(tmp_path, FAILING)
    config_path.write_text(config_path.read_text().replace("n_boson = 4\n", "delta = 1.0\n"))
    store = tmp_path / "f.zarr"
    stopped = invoke("run", config_path, "--store", store, "--no-plot")
    assert stopped.exit_code == 2
    assert "error: sweep point {'n_boson': 0} failed: ConfigError: model: n_boson" in stopped.output
    assert "--on-error record" in stopped.output and "Traceback" not in stopped.output
    recorded = invoke("run", config_path, "--store", store, "--no-plot", "--on-error", "record")
    assert recorded.exit_code == 1, recorded.output
    assert "Computed 2 of 3 points; 1 failed" in recorded.output
    dataset = load_results(store)
    assert dataset["error"].sel(n_boson=0).item().startswith("ConfigError: model: n_boson")
    assert dataset["done"].all() and np.isnan(dataset["J_s"].sel(n_boson=0))
    check = invoke("check", store)
    assert check.exit_code == 0 and "(1 failed, error recorded)" in check.output
    with pytest.raises(PointError, match="sweep point"):
        runner.invoke(
            app,
            ["--debug", "run", str(config_path), "--store", str(tmp_path / "d.zarr")],
            catch_exceptions=False,
        )


def test_stored_variables_carry_names_and_units(tmp_path):
    config_path = write_config(tmp_path)
    text = config_path.read_text() + (
        '\n[labels]\ndelta = { long_name = "Δ", units = "ω" }\n'
        'J_s = { long_name = "spin flux J_s/r_s (negative: drained)", units = "r_s" }\n'
    )
    config_path.write_text(text)
    store = tmp_path / "labelled.zarr"
    assert invoke("run", config_path, "--store", store).exit_code == 0
    dataset = load_results(store)
    assert dataset["delta"].attrs == {"long_name": "Δ", "units": "ω"}
    assert dataset["J_s"].attrs["units"] == "r_s"
    assert dataset["J_spin"].attrs["long_name"] == "heat current from bath 'spin' into the system"
    assert dataset["residual"].attrs["units"] == "model energy unit"
    # labels are presentation: a store made without them still resumes
    assert "labels" not in load_config(config_path).identity
    bad = config_path.read_text().replace('delta = { long_name = "Δ"', 'gamma = { long_name = "Δ"')
    config_path.write_text(bad)
    result = invoke("run", config_path, "--store", tmp_path / "x.zarr")
    assert result.exit_code == 2 and "labels.gamma" in result.output


def test_plots_stay_next_to_the_store(tmp_path):
    config_path = write_config(tmp_path)
    config_path.write_text(
        config_path.read_text().replace(
            'plot = {{ y = "J_s", logy = true }}'.replace("{{", "{").replace("}}", "}"),
            'plot = { y = "J_s", output = "../escaped.png" }',
        )
    )
    result = invoke("run", config_path, "--store", tmp_path / "p.zarr")
    assert result.exit_code == 2 and "run.plot[0].output" in result.output


def test_plot_of_an_incomplete_store_says_so(tmp_path):
    from nesslab.plotting import incompleteness

    store = tmp_path / "part.zarr"
    assert invoke("run", write_config(tmp_path), "--store", store, "--no-plot").exit_code == 0
    dataset = load_results(store)
    assert incompleteness(dataset) == ""
    dataset["done"][1] = False
    assert incompleteness(dataset) == "\nINCOMPLETE: 3 of 4 points done"
