"""``nesslab compare CONFIG.toml``: one table per grid point, from a sweep-style config."""

from typer.testing import CliRunner

from nesslab.cli import app

runner = CliRunner()

# Seed 002 (SPECS §2.2): Δω = −0.12 (ω₂ = 1.12), Ω = 0.01, c₁ = 0.01, c₂ = 2c₁, T = 0.2, 0.22.
DIMER = """
[model]
name = "tls_dimer"
omega1 = 1.0
omega2 = 1.12
{coupling}

[parameters]
c1 = 0.01

[[baths]]
coupling = "x1"
name = "1"
temperature = 0.2
[baths.spectral_density]
type = "power_law"
strength = {{ param = "c1", scale = 0.5 }}
exponent = 3
cutoff = 1.0
form = "none"

[[baths]]
coupling = "x2"
name = "2"
temperature = 0.22
[baths.spectral_density]
type = "power_law"
strength = {{ param = "c1", scale = 1.0 }}
exponent = 3
cutoff = 1.0
form = "none"
{rest}
"""
SECTIONS = """
[approach]
name = "partial_secular"
tolerance = 1.0

[grid]
coupling = [0.01, 0.02]
"""


def write(tmp_path, coupling="", rest=SECTIONS):
    path = tmp_path / "compare.toml"
    path.write_text(DIMER.format(coupling=coupling, rest=rest))
    return path


def rows(output, approach):
    return [line.split() for line in output.splitlines() if line.startswith(approach + " ")]


def test_compare_prints_a_table_per_point(tmp_path):
    path = write(tmp_path)
    result = runner.invoke(app, ["compare", str(path), "--approaches", "local,partial_secular"])
    assert result.exit_code == 0, result.output
    assert "coupling = 0.01" in result.output and "coupling = 0.02" in result.output
    local = rows(result.output, "local")
    assert len(local) == 2
    # J_1, J_2, sum_J, sigma, sign: the verified local values at Ω = 0.01 (SPECS §2.2)
    assert local[0][1:3] == ["1.505e-07", "-1.505e-07"]
    assert abs(float(local[0][3])) <= 1e-10 * abs(float(local[0][1]))  # Σ J = 0
    assert local[0][4] == "-6.84e-08" and local[0][5:7] == ["-", "VIOLATED"]
    assert "local=2.949!" in result.output
    ps = rows(result.output, "partial_secular")
    assert ps[0][1] == "-7.644e-07" and ps[0][5] == "+"
    assert "local / local: bath" in result.output


def test_compare_without_grid_or_approach_sections(tmp_path):
    """Without [grid] the first numeric model argument (ω₁) is a one-value axis: one table."""
    path = write(tmp_path, coupling="coupling = 0.01", rest="")
    result = runner.invoke(app, ["compare", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("omega1 = 1\n")
    assert rows(result.output, "global")[0][1] == "-7.835e-07"
    heom = rows(result.output, "heom")[0]
    assert heom[1:4] == ["not", "run:", "needs"]


def test_compare_reports_bad_input(tmp_path):
    path = write(tmp_path)
    result = runner.invoke(app, ["compare", str(path), "--approaches", "globl"])
    assert result.exit_code == 2
    assert "error: unknown approach 'globl'" in result.output
    many = write(tmp_path, rest="[grid]\ncoupling = { start = 0.01, stop = 0.1, num = 30 }\n")
    result = runner.invoke(app, ["compare", str(many)])
    assert result.exit_code == 2
    assert "error: grid: compare prints one table per point: 30 > 25" in result.output
