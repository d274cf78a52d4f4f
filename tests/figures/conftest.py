"""Figure datasets computed once per session: the physics tests of each figure and
``test_figure_descriptions`` (long_name and units of every variable) share them.

``*_cli`` datasets went through ``nesslab figure`` and were read back from its netCDF file.
"""

import pytest
import xarray as xr

from nesslab.figures import FigureRun, write_figure
from nesslab.figures.nesb_fig2 import fig2 as nesb_fig2
from nesslab.figures.nesb_fig3 import fig3 as nesb_fig3
from nesslab.figures.nesb_fig4 import fig4 as nesb_fig4
from nesslab.figures.rabi_fig2 import fig2 as rabi_fig2
from nesslab.figures.rabi_fig3 import fig3 as rabi_fig3
from nesslab.figures.rabi_fig4 import fig4 as rabi_fig4
from nesslab.figures.rabi_fig7 import fig7 as rabi_fig7
from nesslab.figures.rabi_fig10 import fig10 as rabi_fig10

from figure_support import figure_via_cli

SERIAL = FigureRun(backend="serial", progress=False)
PROCESSES = FigureRun(progress=False)


@pytest.fixture(scope="session")
def nesb_fig1_data(tmp_path_factory):
    """Fig. 1 at 5 points through write_figure, with panel (a) cut at α = 0.16 (α = 0.0025,
    0.0071, …; Δ = 0.005, 0.0158, 0.05, …); strong coupling is tested on single points."""
    out = tmp_path_factory.mktemp("nesb-fig1")
    write_figure("nesb-fig1", out, points=5, run=PROCESSES, alpha_range=(0.0025, 0.16))
    assert (out / "nesb-fig1.png").stat().st_size > 0
    with xr.open_dataset(out / "nesb-fig1.nc", engine="scipy") as dataset:
        return dataset.load()


@pytest.fixture(scope="session")
def nesb_fig2_strong():
    """Fig. 2 at α = 1 only, θ = 0, π/4, π/2."""
    return nesb_fig2(3, PROCESSES, panels=((1.0,),))


@pytest.fixture(scope="session")
def nesb_fig3_weak():
    """Fig. 3 at Δ = 0.1, α = 0.005, 0.0159, 0.0504, 0.16; θ step π/6."""
    return nesb_fig3(4, PROCESSES, alpha_range=(0.005, 0.16), deltas=(0.1,))


@pytest.fixture(scope="session")
def nesb_fig4_data():
    """Fig. 4 at α₁/α₂ = 0.1, 1, 10."""
    return nesb_fig4(3, PROCESSES)


@pytest.fixture(scope="session")
def nesb_turnover_small(tmp_path_factory):
    """The turnover at θ = 0, α = 1, 2, 4: the HEOM to α = 2 (depth ≤ 7), RC levels 4–8."""
    out = tmp_path_factory.mktemp("nesb-turnover")
    write_figure(
        "nesb-turnover",
        out,
        points=3,
        run=PROCESSES,
        thetas=(0.0,),
        alpha_range=(1.0, 4.0),
        heom_alpha_max=2.0,
        heom_max_depth=7,
        depth_tolerance=0.05,
        rc_levels=(4, 8),
        rc_tolerance=0.02,
    )
    assert (out / "nesb-turnover.png").stat().st_size > 0
    with xr.open_dataset(out / "nesb-turnover.nc", engine="scipy") as dataset:
        return dataset.load()


@pytest.fixture(scope="session")
def rabi_fig1_cli(tmp_path_factory):
    return figure_via_cli("rabi-fig1", tmp_path_factory.mktemp("rabi-fig1"), 4)


@pytest.fixture(scope="session")
def rabi_fig2_data():
    return rabi_fig2(64, SERIAL)


@pytest.fixture(scope="session")
def rabi_fig3_data():
    return rabi_fig3(24, PROCESSES)


@pytest.fixture(scope="session")
def rabi_fig4_data():
    return rabi_fig4(12, PROCESSES, weights=(0.0, 0.2, 0.6, 1.0))


@pytest.fixture(scope="session")
def rabi_fig5_cli(tmp_path_factory):
    return figure_via_cli(
        "rabi-fig5", tmp_path_factory.mktemp("rabi-fig5"), 4, "--backend", "serial"
    )


@pytest.fixture(scope="session")
def rabi_fig7_data():
    return rabi_fig7(45, SERIAL)


@pytest.fixture(scope="session")
def rabi_fig9_cli(tmp_path_factory):
    return figure_via_cli(
        "rabi-fig9", tmp_path_factory.mktemp("rabi-fig9"), 3, "--backend", "serial"
    )


@pytest.fixture(scope="session")
def rabi_fig10_data():
    return rabi_fig10(5, SERIAL)
