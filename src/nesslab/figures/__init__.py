"""Recipes reproducing paper figures: a registry of name → :class:`FigureRecipe`.

Every recipe computes an :class:`xarray.Dataset` (parameters, units and the heat-current sign
convention in its attrs) at a given grid size and draws it; :func:`write_figure` saves both as
``DIR/NAME.nc`` (netCDF, scipy engine) and ``DIR/NAME.png``. Nothing here depends on the CLI.
"""

from __future__ import annotations

from pathlib import Path

from nesslab.figures.nesb_fig1 import fig1, plot_fig1
from nesslab.figures.nesb_fig2 import fig2, plot_fig2
from nesslab.figures.nesb_fig4 import fig4, plot_fig4
from nesslab.figures.recipe import FigureRecipe

FIGURES: dict[str, FigureRecipe] = {
    "nesb-fig1": FigureRecipe(fig1, plot_fig1, points=7, full_points=25),
    "nesb-fig2": FigureRecipe(fig2, plot_fig2, points=7, full_points=19),
    "nesb-fig4": FigureRecipe(fig4, plot_fig4, points=7, full_points=21),
}


def write_figure(
    name: str, out: Path, points: int | None = None, full: bool = False
) -> tuple[Path, Path]:
    """Compute figure ``name`` and write ``out/NAME.nc`` and ``out/NAME.png``.

    Parameters
    ----------
    name : str
        A key of :data:`FIGURES`.
    out : Path
        Output directory (created if missing).
    points : int, optional
        Grid size per swept axis; overrides ``full``.
    full : bool
        Use the paper's resolution instead of the reduced default.

    Returns
    -------
    tuple of Path
        The netCDF file and the PNG file.

    Raises
    ------
    ValueError
        For an unknown name or fewer than 2 points.
    """
    if name not in FIGURES:
        raise ValueError(f"unknown figure {name!r}; valid: {', '.join(FIGURES)}")
    recipe = FIGURES[name]
    size = points or (recipe.full_points if full else recipe.points)
    if size < 2:
        raise ValueError(f"points must be >= 2, got {size}")
    dataset = recipe.compute(size)
    dataset.attrs["points"] = size
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data_path = out / f"{name}.nc"
    dataset.to_netcdf(data_path, engine="scipy")
    return data_path, recipe.plot(dataset, out / f"{name}.png")


__all__ = ["FIGURES", "FigureRecipe", "write_figure"]
