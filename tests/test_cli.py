import numpy as np
import xarray as xr
from typer.testing import CliRunner

import nesslab
from nesslab.cli import app
from nesslab.demo import demo_deltas, flux_minima

runner = CliRunner()


def test_demo_writes_sweep_and_plot(tmp_path):
    result = runner.invoke(
        app, ["demo", "--output", str(tmp_path), "--points", "9", "--n-boson", "8"]
    )
    assert result.exit_code == 0, result.output
    data_path = tmp_path / "rabi_sweep.nc"
    assert data_path.is_file()
    assert (tmp_path / "rabi_sweep.png").stat().st_size > 0
    assert "Local minima of |J_s|" in result.output

    dataset = xr.load_dataset(data_path, engine="scipy")
    deltas = demo_deltas(9)
    assert dict(dataset.sizes) == {"delta": deltas.size}
    assert set(dataset.data_vars) == {"spin_flux", "spin_up_population", "residual"}
    np.testing.assert_allclose(dataset["delta"], deltas)
    assert np.all(np.isin(np.linspace(0.2, 4.0, 9), deltas))
    assert dataset.attrs["n_boson"] == 8
    assert dataset.attrs["spin_rate"] == 5e-12

    flux = dataset["spin_flux"].values
    assert np.all(flux <= 0)
    np.testing.assert_allclose(flux, -dataset["spin_up_population"].values, rtol=1e-8)
    assert np.all(dataset["residual"].values < 1e-14)
    minima = flux_minima(dataset)
    for crossing in (1.0, 3.0):
        assert np.min(np.abs(minima - crossing)) < 0.05


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert nesslab.__version__ in result.output
