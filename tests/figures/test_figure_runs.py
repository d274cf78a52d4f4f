"""How recipes run: their signature, their independence, and resumable stores per grid."""

import ast
import inspect
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import nesslab.figures
from nesslab.figures import FIGURES, FigureRun, write_figure

RECIPE_MODULES = {recipe.compute.__module__ for recipe in FIGURES.values()}


def test_every_recipe_takes_points_a_run_and_keyword_parameters():
    for name, recipe in FIGURES.items():
        parameters = list(inspect.signature(recipe.compute).parameters.values())
        assert [p.name for p in parameters[:2]] == ["points", "run"], name
        for parameter in parameters[2:]:
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (name, parameter.name)
            assert parameter.default is not inspect.Parameter.empty, (name, parameter.name)


def imported_modules(source):
    """Every module named by an import statement of ``source``."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_recipe_imports_another():
    folder = Path(nesslab.figures.__file__).parent
    for module in RECIPE_MODULES:
        source = (folder / f"{module.rsplit('.', 1)[1]}.py").read_text()
        assert not imported_modules(source) & RECIPE_MODULES, module


def load(path):
    with xr.open_dataset(path, engine="scipy") as stored:
        return stored.load()


def test_a_figure_given_a_store_resumes_without_recomputing(tmp_path):
    run = FigureRun(backend="serial", progress=False, store=tmp_path / "stores")
    first = load(write_figure("rabi-fig9", tmp_path / "first", points=3, run=run)[0])
    assert sorted(p.name for p in (tmp_path / "stores").glob("*.zarr")) == [
        "rabi-fig9-cutoff.zarr",
        "rabi-fig9-ness.zarr",
    ]
    assert first.attrs["points_computed_ness"] == 6 * 3
    assert first.attrs["points_computed_cutoff"] == 2
    second = load(write_figure("rabi-fig9", tmp_path / "second", points=3, run=run)[0])
    assert second.attrs["points_computed_ness"] == 0
    assert second.attrs["points_computed_cutoff"] == 0
    for name in first.data_vars:
        assert np.array_equal(second[name].values, first[name].values), name
    assert second.attrs["cutoff_check_spin_down"] == first.attrs["cutoff_check_spin_down"]


def test_a_store_refuses_a_figure_with_other_fixed_settings(tmp_path):
    run = FigureRun(backend="serial", progress=False, store=tmp_path / "stores")
    write_figure("rabi-fig5", tmp_path, points=4, run=run)
    with pytest.raises(ValueError, match="bias"):
        write_figure("rabi-fig5", tmp_path, points=4, run=run, bias=0.2)
