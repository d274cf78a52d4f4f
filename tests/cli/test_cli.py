from typer.testing import CliRunner

import nesslab
from nesslab.cli import app

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert nesslab.__version__ in result.output
