"""What the figures say about themselves: ``nesslab figure --list`` and the long_name, units
and sign convention of every variable of every figure dataset, as written to netCDF."""

import re

import pytest
import xarray as xr
from typer.testing import CliRunner

from nesslab.cli import app
from nesslab.figures import FIGURES, FigureRun
from nesslab.figures.labels import Label, describe

SERIAL = FigureRun(backend="serial", progress=False)
# figure → the session fixture (conftest.py) its physics tests use, reused here
SHARED = {
    "nesb-fig1": "nesb_fig1_data",
    "nesb-fig2": "nesb_fig2_strong",
    "nesb-fig3": "nesb_fig3_weak",
    "nesb-fig4": "nesb_fig4_data",
    "nesb-turnover": "nesb_turnover_small",
    "rabi-fig1": "rabi_fig1_cli",
    "rabi-fig2": "rabi_fig2_data",
    "rabi-fig3": "rabi_fig3_data",
    "rabi-fig4": "rabi_fig4_data",
    "rabi-fig5": "rabi_fig5_cli",
    "rabi-fig7": "rabi_fig7_data",
    "rabi-fig9": "rabi_fig9_cli",
    "rabi-fig10": "rabi_fig10_data",
}
SMALLEST = {"rabi-fig6": 2, "rabi-fig8": 2, "rabi-table1": 3}  # the others, computed here
SMALLEST |= dict.fromkeys(("tls-fig2", "tls-fig3", "tls-fig4", "tls-fig5", "tls-second-law"), 2)
SMALLEST["tls-fig1"] = 3
SMALLEST |= {"disorder-fig2": 3, "disorder-fig3": 3, "fcs-tur": 2}
SMALLEST |= {"response-fig2": 5, "response-fig3": 2, "response-fig4": 2, "response-fig5": 2}
# HEOM fixtures of slow tests
SLOW = {"nesb-fig1", "nesb-fig2", "nesb-fig3", "nesb-fig4", "nesb-turnover"}
SLOW.add("disorder-fig2")  # N = 10 modal propagation and the exact N = 2 inset: ~25 s
SIGNED = re.compile(r"flux|current|ptre")  # fluxes and currents, whose sign needs a convention


def test_list_names_every_figure_with_what_it_reproduces():
    result = CliRunner().invoke(app, ["figure", "--list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(maxsplit=1) for line in lines] == [
        [name, recipe.summary] for name, recipe in FIGURES.items()
    ]
    for recipe in FIGURES.values():
        paper = r"seed 00[01234] (Fig\. \d+|Table I|Sec\. [IVX]+): \S"
        beyond = r"seed 00[01234] model, beyond the paper: \S"  # a figure the paper lacks
        assert re.match(f"{paper}|{beyond}", recipe.summary), recipe.summary


def test_figure_without_a_name_points_to_the_list():
    result = CliRunner().invoke(app, ["figure"])
    assert result.exit_code == 2
    assert "--list" in result.stderr
    assert "--list" in CliRunner().invoke(app, ["figure", "--help"]).output


def test_describe_labels_a_copy_and_refuses_an_unlabelled_variable():
    dataset = xr.Dataset({"flux": ("delta", [-0.5])}, coords={"delta": [1.0]})
    flux = Label("spin flux J_s", "r_s", "positive when the bath pumps the spin up")
    with pytest.raises(KeyError, match="delta"):
        describe(dataset, {"flux": flux})
    described = describe(dataset, {"flux": flux, "delta": Label("spin splitting", "omega")})
    assert described["delta"].attrs == {"long_name": "spin splitting", "units": "omega"}
    assert described["flux"].attrs["sign_convention"] == flux.sign_convention
    assert dataset["flux"].attrs == {} and dataset["delta"].attrs == {}


def stored(dataset, path):
    """``dataset`` written as ``write_figure`` writes it (netCDF3, scipy engine) and read back."""
    dataset.to_netcdf(path, engine="scipy")
    with xr.open_dataset(path, engine="scipy") as loaded:
        return loaded.load()


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in FIGURES]
)
def test_every_variable_and_coordinate_has_a_long_name_and_units(name, request, tmp_path):
    if name in SHARED:
        dataset = request.getfixturevalue(SHARED[name])
    else:
        dataset = FIGURES[name].compute(SMALLEST[name], SERIAL)
    dataset = stored(dataset, tmp_path / f"{name}.nc")
    assert dataset.data_vars and dataset.coords
    for variable_name, variable in dataset.variables.items():
        for key in ("long_name", "units"):
            value = variable.attrs.get(key)
            assert isinstance(value, str) and value.strip(), (name, variable_name, key)
        if SIGNED.search(str(variable_name)):
            assert variable.attrs.get("sign_convention"), (name, variable_name)
