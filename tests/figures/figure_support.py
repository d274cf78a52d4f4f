"""Running a figure recipe through the CLI in a test."""

from pathlib import Path

import xarray as xr
from typer.testing import CliRunner

from nesslab.cli import app


def figure_via_cli(name, out, points, *options):
    """Run ``nesslab figure NAME --out OUT --points N [options]``; check the PNG, return the .nc."""
    arguments = ["figure", name, "--out", str(out), "--points", str(points), "--no-progress"]
    result = CliRunner().invoke(app, [*arguments, *options])
    assert result.exit_code == 0, result.output
    assert (Path(out) / f"{name}.png").stat().st_size > 0
    with xr.open_dataset(Path(out) / f"{name}.nc", engine="scipy") as stored:
        return stored.load()
