"""The ``nesslab`` command line: run, plot, info, figure and ``--version``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nesslab.version import __version__

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
def figure(
    name: Annotated[str, typer.Argument(help="Figure name, e.g. nesb-fig1.")],
    out: Annotated[Path, typer.Option(help="Directory for NAME.nc and NAME.png.")] = Path("."),
    full: Annotated[
        bool, typer.Option("--full", help="The paper's resolution (slow) instead of reduced.")
    ] = False,
    points: Annotated[
        int | None, typer.Option(min=2, help="Grid size per swept axis (overrides --full).")
    ] = None,
    backend: Annotated[
        str, typer.Option(help="Sweep backend of the figure's grids: processes, serial or dask.")
    ] = "processes",
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes.")] = None,
    address: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
    store: Annotated[
        Path | None,
        typer.Option(help="Directory of resumable stores, one per grid (rerun to resume)."),
    ] = None,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bars.")
    ] = True,
) -> None:
    """Reproduce a paper figure: write its data (netCDF) and plot (PNG) into OUT."""
    from nesslab.figures import FigureRun, write_figure

    run = FigureRun(
        backend=backend, workers=workers, address=address, store=store, progress=progress
    )
    try:
        paths = write_figure(name, out, points=points, full=full, run=run)
    except ValueError as exc:
        raise _fail(exc) from None
    for path in paths:
        typer.echo(f"Wrote {path}")
