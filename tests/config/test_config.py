import copy
import pickle
from pathlib import Path

import numpy as np
import pytest

import nesslab as nl
import nesslab.config.point
from nesslab import models
from nesslab.config import ConfigError, ConfigPoint, config_from_dict, load_config
from nesslab.environment import spectral

from references import eq15_current
from setups import ohmic_baths, tls_dimer_environment

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

EXAMPLES = Path(__file__).parents[2] / "examples"

RABI = """
[model]
name = "rabi"
coupling = 0.2
n_boson = 6

[parameters]
r_s = 5e-4

[[channels]]
operator = "sm"
rate = { param = "r_s" }
name = "spin"
temperature = 0.0

[[channels]]
operator = "a"
rate = 5e-2
name = "boson"
temperature = 0.0

[approach]
name = "local"

[grid]
delta = [0.5, 1.3]

[[outputs.fluxes]]
operator = "sz"
channel = "spin"
label = "J_s"
scale = { param = "r_s", scale = 0.5, power = -1 }

[[outputs.fluxes]]
operator = "sz"
channel = "spin"
label = "raw"
"""

BATHS = """
[model]
name = "rabi"
delta = 1.3
coupling = 0.2
n_boson = 6

[[baths]]
coupling = "sx"
name = "spin"
temperature = 0.8
spectral_density = { type = "ohmic", eta = 1e-3, cutoff = 1.3 }

[[baths]]
coupling = "x"
name = "boson"
temperature = 0.3
spectral_density = { type = "ohmic", eta = 1e-2, cutoff = 1.0 }

[approach]
name = "global"

[grid]
coupling = [0.2]

[outputs]
heat_currents = true
entropy_production = true
populations = true
"""


def rabi_config():
    return tomllib.loads(RABI)


def baths_config():
    return tomllib.loads(BATHS)


def mutate(data, path, value):
    """Set (or delete, for value=None) a nested entry of a parsed config."""
    data = copy.deepcopy(data)
    *parents, last = path
    target = data
    for part in parents:
        target = target[part]
    if value is None:
        del target[last]
    else:
        target[last] = value
    return data


BAD_RABI = [
    ("unknown model", ("model", "name"), "rabbi", "model.name"),
    ("missing parameter", ("model", "n_boson"), None, "model.n_boson"),
    ("unknown parameter", ("model", "lambda"), 0.1, "model.lambda"),
    ("negative rate", ("channels", 1, "rate"), -1.0, "channels.boson.rate"),
    ("negative referenced rate", ("parameters", "r_s"), -5e-4, "channels.spin.rate"),
    ("negative temperature", ("channels", 0, "temperature"), -0.1, "channels.spin.temperature"),
    ("unknown grid key", ("grid", "lam"), [0.1], "grid.lam"),
    (
        "log axis at zero",
        ("grid", "delta"),
        {"start": 0, "stop": 1, "num": 3, "scale": "log"},
        "grid.delta",
    ),
    ("unknown approach", ("approach", "name"), "lokal", "approach.name"),
    ("unknown approach option", ("approach", "tolerance"), 1e-3, "approach.tolerance"),
    ("unknown method", ("approach", "method"), "magic", "approach.method"),
    ("unknown operator", ("channels", 0, "operator"), "sminus", "channels.spin.operator"),
    ("unknown channel key", ("channels", 0, "rat"), 1.0, "channels[0].rat"),
    ("unknown reference", ("channels", 1, "rate"), {"param": "r_b"}, "channels.boson.rate.param"),
    ("unused parameter", ("parameters", "r_x"), 1.0, "parameters.r_x"),
    ("unknown section", ("bath",), {}, "config.bath"),
    ("baths and channels", ("baths",), [{"coupling": "sx"}], "channels"),
    ("channels for global", ("approach", "name"), "global", "approach"),
    ("flux channel", ("outputs", "fluxes", 1, "channel"), "spn", "outputs.fluxes[1].channel"),
    ("flux operator", ("outputs", "fluxes", 1, "operator"), "sw", "outputs.fluxes[1].operator"),
    ("duplicate label", ("outputs", "fluxes", 1, "label"), "J_s", "outputs.fluxes"),
    ("label is an axis", ("outputs", "fluxes", 1, "label"), "delta", "outputs.fluxes"),
    ("plot axis", ("run",), {"plot": {"x": "lambda"}}, "run.plot[0].x"),
    ("plot variable", ("run",), {"plot": {"y": "J_x"}}, "run.plot[0].y"),
    ("bad model value", ("model", "n_boson"), 1, "model"),
]


@pytest.fixture
def no_solve(monkeypatch):
    """Fail the test if a steady state is solved: bad configs must fail before any work."""

    def forbidden(*args, **kwargs):
        raise AssertionError("a steady state was solved while checking the config")

    monkeypatch.setattr(nesslab.config.point, "steady_state", forbidden)


@pytest.mark.parametrize(("case", "path", "value", "key"), BAD_RABI, ids=[c[0] for c in BAD_RABI])
def test_bad_config_fails_before_work_naming_the_key(no_solve, case, path, value, key):
    data = mutate(rabi_config(), path, value)
    with pytest.raises(ConfigError) as error:
        config_from_dict(data)
    assert error.value.key == key
    assert str(error.value).startswith(f"{key}:")


BAD_BATHS = [
    ("negative bath temperature", ("baths", 0, "temperature"), -1.0, "baths.spin.temperature"),
    (
        "unknown spectral density",
        ("baths", 0, "spectral_density", "type"),
        "ohmik",
        "baths.spin.spectral_density.type",
    ),
    (
        "unknown density parameter",
        ("baths", 0, "spectral_density", "gamma"),
        1.0,
        "baths.spin.spectral_density.gamma",
    ),
    (
        "negative density parameter",
        ("baths", 1, "spectral_density", "eta"),
        -1.0,
        "baths.boson.spectral_density",
    ),
    ("unknown coupling", ("baths", 1, "coupling"), "y", "baths.boson.coupling"),
    ("duplicate bath name", ("baths", 1, "name"), "spin", "baths.spin"),
]


@pytest.mark.parametrize(("case", "path", "value", "key"), BAD_BATHS, ids=[c[0] for c in BAD_BATHS])
def test_bad_bath_config(no_solve, case, path, value, key):
    with pytest.raises(ConfigError) as error:
        config_from_dict(mutate(baths_config(), path, value))
    assert error.value.key == key


def test_entropy_production_needs_temperatures(no_solve):
    data = mutate(rabi_config(), ("channels", 0, "temperature"), None)
    data["outputs"]["entropy_production"] = True
    with pytest.raises(ConfigError, match="needs a temperature on spin") as error:
        config_from_dict(data)
    assert error.value.key == "outputs.entropy_production"


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[model\nname = 1\n")
    with pytest.raises(ConfigError, match="invalid TOML") as error:
        load_config(path)
    assert error.value.key == str(path)


def test_defaults_without_outputs_and_run():
    data = rabi_config()
    del data["outputs"]
    config = config_from_dict(data)
    assert config.outputs == ["J_spin", "J_boson", "first_law_residual", "residual", "method"]
    assert config.data["approach"]["method"] == "auto"
    assert config.data["run"] == {"plot": []}
    assert "run" not in config.identity


def test_grid_axes():
    data = rabi_config()
    data["grid"] = {
        "delta": {"start": 0.1, "stop": 10.0, "num": 3, "scale": "log"},
        "coupling": {"start": 0.0, "stop": 1.0, "num": 5},
        "r_s": [1e-3, 2e-3],
    }
    config = config_from_dict(data)
    assert list(config.grid) == ["delta", "coupling", "r_s"]
    np.testing.assert_allclose(config.grid["delta"], [0.1, 1.0, 10.0])
    np.testing.assert_allclose(config.grid["coupling"], np.linspace(0, 1, 5))
    assert config.base_point() == {"delta": 0.1, "coupling": 0.0, "r_s": 1e-3}


def test_point_reproduces_direct_computation():
    config = config_from_dict(rabi_config())
    result = ConfigPoint(config)(delta=1.3)

    system = models.rabi(1.3, 0.2, 6)
    channels = [nl.Channel("sm", 5e-4, "spin", 0.0), nl.Channel("a", 5e-2, "boson", 0.0)]
    gen = nl.generator(system, channels, "local")
    state = nl.steady_state(gen)
    currents = nl.heat_currents(gen, state)
    assert result["raw"] == nl.flux(gen, state, "sz", "spin")
    assert result["J_spin"] == currents["spin"]
    assert result["J_boson"] == currents["boson"]
    assert result["first_law_residual"] == currents.first_law_residual
    assert result["residual"] == state.residual
    assert result["method"] == state.method
    np.testing.assert_allclose(result["J_s"], result["raw"] / 2 / 5e-4, rtol=1e-15)
    assert list(result) == config.outputs


def test_point_with_baths_reproduces_direct_computation():
    config = config_from_dict(baths_config())
    result = ConfigPoint(config)(coupling=0.2)

    system = models.rabi(1.3, 0.2, 6)
    gen = nl.generator(system, ohmic_baths(0.8, 0.3), "global")
    state = nl.steady_state(gen)
    assert result["J_spin"] == nl.heat_currents(gen, state)["spin"]
    assert result["entropy_production"] == nl.entropy_production(gen, state)
    np.testing.assert_array_equal(result["populations"], nl.populations(state, system))
    assert result["entropy_production"] > 0


def test_thermal_channels_follow_seed002_eq8_and_eq15():
    config = load_config(EXAMPLES / "seed002_fig2.toml")
    point = ConfigPoint(config)
    coupling, c1 = 0.03, 0.002
    result = point(coupling=coupling, c1=c1)

    system, channels, _ = tls_dimer_environment(coupling, detuning=-0.09, c1=c1)
    gen = nl.generator(system, channels, "local")
    direct = nl.heat_currents(gen, nl.steady_state(gen))
    np.testing.assert_allclose(result["J_1"], direct["1"], rtol=1e-10)
    expected = eq15_current(1.0, 1.09, coupling, c1, 2 * c1, 0.2, 0.22)
    np.testing.assert_allclose(result["J_1"], expected, rtol=1e-8)
    np.testing.assert_allclose(result["j"], -expected / coupling, rtol=1e-8)
    assert result["j"] > 0


def test_point_is_picklable_and_checks_its_arguments():
    point = ConfigPoint(config_from_dict(rabi_config()))
    clone = pickle.loads(pickle.dumps(point))
    assert clone(delta=0.5) == point(delta=0.5)
    with pytest.raises(TypeError, match="missing"):
        point()
    with pytest.raises(TypeError, match="unknown"):
        point(delta=0.5, coupling=0.1)


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.toml")))
def test_examples_load(name):
    config = load_config(EXAMPLES / name)
    assert config.quantities
    assert config.data["run"]["plot"]


def test_noise_and_tur_outputs_are_the_counting_statistics():
    data = baths_config()
    data["outputs"].update(current_noise=True, tur=True)
    config = config_from_dict(data)
    result = ConfigPoint(config)(coupling=0.2)
    assert list(result) == config.outputs

    system = models.rabi(1.3, 0.2, 6)
    gen = nl.generator(system, ohmic_baths(0.8, 0.3), "global")
    statistics = nl.current_statistics(gen, nl.steady_state(gen), order=2)
    for name in ("spin", "boson"):
        assert result[f"noise_{name}"] == pytest.approx(statistics[name].variance, rel=1e-12)
        assert result[f"tur_{name}"] == pytest.approx(statistics[name].tur_ratio, rel=1e-12)
        assert result[f"tur_{name}"] >= 2


HEOM_NOISE = """
[model]
name = "spin_boson"
delta = 0.5
theta = 0.7853981633974483

[[baths]]
coupling = "sx"
name = "1"
temperature = 1.0
spectral_density = { type = "drude_lorentz", lam = 0.05, gamma = 1.0 }

[[baths]]
coupling = "s_theta"
name = "2"
temperature = 0.5
spectral_density = { type = "drude_lorentz", lam = 0.05, gamma = 1.0 }

[approach]
name = "heom"
depth = 2

[grid]
delta = [0.5]

[outputs]
current_noise = true
tur = true
"""


def test_heom_noise_outputs_are_its_counting_statistics():
    result = ConfigPoint(config_from_dict(tomllib.loads(HEOM_NOISE)))(delta=0.5)
    system = models.spin_boson(0.5, np.pi / 4)
    baths = [
        nl.Bath("sx", spectral.DrudeLorentz(0.05, 1.0), 1.0, "1"),
        nl.Bath("s_theta", spectral.DrudeLorentz(0.05, 1.0), 0.5, "2"),
    ]
    gen = nl.generator(system, baths, "heom", depth=2)
    statistics = nl.current_statistics(gen, nl.steady_state(gen))
    for name in ("1", "2"):
        assert result[f"noise_{name}"] == pytest.approx(statistics[name].variance, rel=1e-10)
        assert result[f"tur_{name}"] == pytest.approx(statistics[name].tur_ratio, rel=1e-10)


def test_noise_output_needs_an_approach_with_counting_fields(no_solve):
    data = mutate(rabi_config(), ("approach", "name"), "toy_rates")  # tests/toy_approach.py
    data["approach"].pop("method", None)
    data["outputs"]["current_noise"] = True
    with pytest.raises(ConfigError, match="counting fields") as error:
        config_from_dict(data)
    assert error.value.key == "outputs.current_noise"
