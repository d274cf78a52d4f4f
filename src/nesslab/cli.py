"""The ``nesslab`` command line: ``nesslab demo`` and ``nesslab --version``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nesslab import __version__
from nesslab.demo import demo_deltas, flux_minima, rabi_delta_sweep
from nesslab.plotting import plot_flux_sweep

DELTA_RANGE = (0.2, 4.0)

app = typer.Typer(
    help="Nonequilibrium steady states and heat currents of small open quantum systems.",
    no_args_is_help=True,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"nesslab {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Nonequilibrium steady states and heat currents of small open quantum systems."""


@app.command()
def demo(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory for rabi_sweep.nc and .png.")
    ] = Path("nesslab-demo"),
    points: Annotated[
        int, typer.Option(min=3, help="Uniform Δ values in [0.2, 4] (plus fine windows at odd Δ).")
    ] = 120,
    coupling: Annotated[float, typer.Option(help="Spin–boson coupling λ (units of ω).")] = 0.05,
    n_boson: Annotated[int, typer.Option(min=2, help="Fock-space cutoff N_b.")] = 20,
) -> None:
    """Sweep Δ for the local-Lindblad NESS of the Rabi model (seed 000) and plot |J_s|."""
    output.mkdir(parents=True, exist_ok=True)
    dataset = rabi_delta_sweep(demo_deltas(points, *DELTA_RANGE), coupling, n_boson)
    data_path = output / "rabi_sweep.nc"
    dataset.to_netcdf(data_path, engine="scipy")
    plot_path = plot_flux_sweep(dataset, output / "rabi_sweep.png")
    typer.echo(f"Wrote {data_path}")
    typer.echo(f"Wrote {plot_path}")
    minima = ", ".join(f"{delta:.3f}" for delta in flux_minima(dataset)) or "none"
    typer.echo(f"Local minima of |J_s| at Δ/ω = {minima}")
