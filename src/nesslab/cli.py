"""The ``nesslab`` command line: run, plot, info, demo, figure and ``--version``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nesslab.version import __version__

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


def _fail(error: Exception) -> typer.Exit:
    """Print ``error`` as one line on stderr; the caller raises the returned Exit(2)."""
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(2)


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
def run(
    config: Annotated[Path, typer.Argument(help="TOML sweep configuration.")],
    store: Annotated[
        Path | None, typer.Option(help="Zarr store (netCDF for .nc); overrides run.store.")
    ] = None,
    backend: Annotated[
        str | None, typer.Option(help="Sweep backend: processes, serial or dask.")
    ] = None,
    address: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes.")] = None,
    plot: Annotated[bool, typer.Option("--plot/--no-plot", help="Draw the PNG plots.")] = True,
) -> None:
    """Run the sweep of CONFIG into its store (resumable) and plot it next to the store."""
    from nesslab.config import load_config, run_config

    try:
        result = run_config(
            load_config(config),
            store=store,
            backend=backend,
            address=address,
            workers=workers,
            plot=plot,
        )
    except (ValueError, FileNotFoundError) as exc:
        raise _fail(exc) from None
    computed = result.dataset.attrs.get("points_computed", 0)
    typer.echo(f"Computed {computed} of {result.dataset['done'].size} points")
    typer.echo(f"Wrote {result.store}")
    for path in result.plots:
        typer.echo(f"Wrote {path}")


@app.command()
def plot(
    store: Annotated[Path, typer.Argument(help="Sweep store (Zarr directory or .nc file).")],
    x: Annotated[str | None, typer.Option(help="Dim on the horizontal axis.")] = None,
    y: Annotated[str | None, typer.Option(help="Variable to plot.")] = None,
    logy: Annotated[
        bool | None, typer.Option("--logy/--linear", help="Log scale of |y| (default: auto).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="PNG file (default: by the store).")
    ] = None,
) -> None:
    """Plot a sweep store: a line for a 1-D grid, a colour map for a 2-D one."""
    from nesslab.config import load_results
    from nesslab.config.run import describe, plot_path
    from nesslab.plotting import default_variable, plot_dataset

    try:
        dataset = load_results(store)
        variable = y or default_variable(dataset)
        path = output or plot_path(store, variable)
        path = plot_dataset(dataset, path, x=x, y=variable, logy=logy, title=describe(dataset))
    except (ValueError, FileNotFoundError) as exc:
        raise _fail(exc) from None
    typer.echo(f"Wrote {path}")


@app.command()
def info() -> None:
    """Versions, sweep backends, Dask and GPU availability."""
    from nesslab.info import report

    for label, value in report():
        typer.echo(f"{label + ':':<18} {value}")


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
    from nesslab.demo import demo_deltas, flux_minima, rabi_delta_sweep
    from nesslab.plotting import plot_flux_sweep

    output.mkdir(parents=True, exist_ok=True)
    dataset = rabi_delta_sweep(demo_deltas(points, *DELTA_RANGE), coupling, n_boson)
    data_path = output / "rabi_sweep.nc"
    dataset.to_netcdf(data_path, engine="scipy")
    plot_path = plot_flux_sweep(dataset, output / "rabi_sweep.png")
    typer.echo(f"Wrote {data_path}")
    typer.echo(f"Wrote {plot_path}")
    minima = ", ".join(f"{delta:.3f}" for delta in flux_minima(dataset)) or "none"
    typer.echo(f"Local minima of |J_s| at Δ/ω = {minima}")


@app.command()
def figure(
    name: Annotated[str, typer.Argument(help="Figure name, e.g. nesb-fig1.")],
    out: Annotated[Path, typer.Option(help="Directory for NAME.nc and NAME.png.")] = Path("."),
    full: Annotated[
        bool, typer.Option("--full", help="The paper's resolution (slow) instead of reduced.")
    ] = False,
    points: Annotated[
        int | None, typer.Option(min=2, help="Grid size per swept axis (overrides --full).")
    ] = None,
) -> None:
    """Reproduce a paper figure: write its data (netCDF) and plot (PNG) into OUT."""
    from nesslab.figures import write_figure

    try:
        paths = write_figure(name, out, points=points, full=full)
    except ValueError as exc:
        raise _fail(exc) from None
    for path in paths:
        typer.echo(f"Wrote {path}")
