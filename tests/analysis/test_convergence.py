"""Convergence in a truncation parameter: the rule on scripted series, and the HEOM depth."""

import numpy as np
import pytest

import nesslab as nl
from nesslab import models
from nesslab.analysis import converge, converge_depth
from nesslab.environment.spectral import DrudeLorentz

SERIES = {3: 5.80, 4: 6.71, 5: 6.67, 6: 8.12, 7: 8.13, 8: 8.131, 9: 9.0}


def scripted(parameter):
    return SERIES[parameter], f"at {parameter}"


def test_one_small_step_is_not_enough():
    """4 → 5 changes by 0.6 % but 5 → 6 by 22 %: the rule waits for two small steps (7, 8)."""
    result = converge(scripted, start=3, stop=9, tolerance=0.01)
    assert result.converged and result.parameter == 8 and result.value == 8.131
    assert result.change == pytest.approx((8.13 - 8.12) / 8.131)
    assert result.history == tuple((d, SERIES[d]) for d in range(3, 9))
    assert result.details == "at 8"
    single = converge(scripted, start=3, stop=9, tolerance=0.01, steps=1)
    assert single.parameter == 5 and single.converged


def test_stopping_unconverged_says_so():
    result = converge(scripted, start=3, stop=7, tolerance=0.01)
    assert result.parameter == 7 and not result.converged
    assert result.change == pytest.approx((8.12 - 6.67) / 8.13)


def test_bad_limits_and_values_are_refused():
    with pytest.raises(ValueError, match="stop"):
        converge(scripted, start=3, stop=4, tolerance=0.01)
    with pytest.raises(ValueError, match="tolerance"):
        converge(scripted, start=3, stop=9, tolerance=0.0)
    with pytest.raises(ValueError, match="not finite"):
        converge(lambda p: (np.nan, None), start=1, stop=4)


def test_heom_depth_converges_and_returns_the_state_it_used():
    system = models.spin_boson(0.5, np.pi / 4)
    baths = [
        nl.Bath("sx", DrudeLorentz(0.1, 1.0), 1.0, "hot"),
        nl.Bath("s_theta", DrudeLorentz(0.1, 1.0), 0.5, "cold"),
    ]
    result = converge_depth(
        system, baths, "hot", start_depth=1, max_depth=7, tolerance=1e-3, n_exponents=3
    )
    assert result.converged and result.change < 1e-3
    gen, state = result.details
    assert gen.options["depth"] == result.parameter
    assert nl.heat_currents(gen, state)["hot"] == result.value > 0
    direct = nl.generator(system, baths, "heom", depth=result.parameter, n_exponents=3)
    assert nl.heat_currents(direct, nl.steady_state(direct))["hot"] == pytest.approx(
        result.value, rel=1e-10
    )
    entropy = converge_depth(
        system, baths, nl.entropy_production, start_depth=1, max_depth=7, n_exponents=3
    )
    assert entropy.value > 0
    with pytest.raises(TypeError, match="quantity"):
        converge_depth(system, baths, 3, start_depth=1, max_depth=3)
