"""The ``nesslab`` command line: run, check, plot, compare, info, figure and ``--version``.

Every error is one line on stderr (``error: ...``, exit status 2); ``nesslab --debug COMMAND``
shows the full traceback instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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


_DEBUG = {"traceback": False}


def _fail(error: Exception) -> typer.Exit:
    """Print ``error`` as one line on stderr (re-raise it under ``--debug``); Exit(2)."""
    if _DEBUG["traceback"]:
        raise error
    from nesslab.sweeps import PointError

    message = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, PointError):
        message += " (--on-error record stores failures and goes on)"
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an error.")
    ] = False,
) -> None:
    """Nonequilibrium steady states and heat currents of small open quantum systems."""
    _DEBUG["traceback"] = debug


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
    on_error: Annotated[
        str | None,
        typer.Option(help="A failing point: raise (stop) or record (store the error, go on)."),
    ] = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Compute recorded failures again.")
    ] = False,
) -> None:
    """Run the sweep of CONFIG into its store (resumable) and plot it next to the store.

    Exit status: 0 when every point is done, 1 when some points failed and were recorded
    (--on-error record), 2 on an error, 130 when interrupted (rerun to resume).
    """
    import warnings

    from nesslab.config import load_config, run_config
    from nesslab.sweeps import StoreRepairWarning, SweepInterrupted

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", StoreRepairWarning)  # reported below
            result = run_config(
                load_config(config),
                store=store,
                backend=backend,
                address=address,
                workers=workers,
                plot=plot,
                on_error=on_error,
                retry_failed=retry_failed,
            )
    except SweepInterrupted as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(130) from None
    except Exception as exc:
        raise _fail(exc) from None
    _report_run(result)


def _report_run(result: Any) -> None:
    """The summary lines of ``nesslab run``; Exit(1) if points failed."""
    attrs, dataset = result.dataset.attrs, result.dataset
    if attrs.get("store_repairs"):
        typer.echo(f"repaired: {attrs['store_repairs']}", err=True)
    failed = int((dataset["error"] != "").sum()) if "error" in dataset else 0
    line = f"Computed {attrs.get('points_computed', 0)} of {dataset['done'].size} points"
    if failed:
        line += (
            f"; {failed} failed (their errors are in the store's 'error' variable; "
            "--retry-failed computes them again)"
        )
    typer.echo(line)
    typer.echo(f"Wrote {result.store}")
    for path in result.plots:
        typer.echo(f"Wrote {path}")
    if failed:
        raise typer.Exit(1)


@app.command()
def check(
    store: Annotated[Path, typer.Argument(help="Sweep store (Zarr directory or .nc file).")],
) -> None:
    """Verify a sweep store without computing: lost or corrupt chunks, points without data.

    Exit status 0 when every point is done with its data, 1 otherwise.
    """
    from nesslab.sweeps import inspect_store

    try:
        report = inspect_store(store)
    except Exception as exc:
        raise _fail(exc) from None
    for line in report.lines():
        typer.echo(line)
    if not report.complete:
        problem = "incomplete" if report.healthy else "damaged: a rerun recomputes what is lost"
        typer.echo(f"store {problem}")
        raise typer.Exit(1)
    typer.echo("store complete")


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
    except Exception as exc:
        raise _fail(exc) from None
    typer.echo(f"Wrote {path}")


@app.command()
def compare(
    config: Annotated[Path, typer.Argument(help="TOML configuration of a model and its baths.")],
    approaches: Annotated[
        str | None, typer.Option(help="Comma-separated approaches (default: all registered).")
    ] = None,
) -> None:
    """Compare the approaches on CONFIG's model: currents, σ, positivity, validity margins.

    One table per grid point (config as for 'nesslab run'; [approach] and [grid] optional).
    """
    import warnings

    from nesslab.analysis.compare_table import comparison_table
    from nesslab.config.compare import compare_config

    names = None if approaches is None else [n.strip() for n in approaches.split(",") if n.strip()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the table reports every failing margin
            results = compare_config(config, names)
    except Exception as exc:
        raise _fail(exc) from None
    for point, dataset in results:
        typer.echo(", ".join(f"{key} = {value:g}" for key, value in point.items()))
        typer.echo(comparison_table(dataset))


@app.command()
def info() -> None:
    """Versions, sweep backends, Dask and GPU availability."""
    from nesslab.info import report

    for label, value in report():
        typer.echo(f"{label + ':':<18} {value}")


@app.command()
def figure(
    name: Annotated[
        str | None,
        typer.Argument(metavar="NAME", help="Figure name, e.g. nesb-fig1 (--list names them)."),
    ] = None,
    list_figures: Annotated[
        bool, typer.Option("--list", help="List the figures with what each shows, and exit.")
    ] = False,
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
    """Reproduce a paper figure: write its data (netCDF) and plot (PNG) into OUT.

    'nesslab figure --list' names every figure with what it reproduces and shows.
    """
    from nesslab.figures import FIGURES, FigureRun, write_figure
    from nesslab.sweeps import SweepInterrupted

    if list_figures:
        width = max(map(len, FIGURES))
        for figure_name, recipe in FIGURES.items():
            typer.echo(f"{figure_name:<{width}}  {recipe.summary}")
        return
    if name is None:
        typer.echo("error: missing figure NAME ('nesslab figure --list' names them)", err=True)
        raise typer.Exit(2)
    run = FigureRun(
        backend=backend, workers=workers, address=address, store=store, progress=progress
    )
    try:
        paths = write_figure(name, out, points=points, full=full, run=run)
    except SweepInterrupted as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(130) from None
    except Exception as exc:
        raise _fail(exc) from None
    for path in paths:
        typer.echo(f"Wrote {path}")
