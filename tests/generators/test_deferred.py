"""Deferred parts: assembled once, on first use, checked for shape before that."""

import numpy as np
import pytest

import nesslab as nl
from nesslab.generators.base import _COHERENT
from nesslab.generators.deferred import Build, Deferred
from nesslab.superop import assemble, commutator_terms


def test_deferred_builds_each_value_once_on_first_access():
    calls = []

    def build():
        calls.append(1)
        return np.eye(4)

    parts = Deferred({"a": build}, (4, 4))
    assert parts.built() == () and list(parts) == ["a"] and len(parts) == 1
    assert parts["a"] is parts["a"] and len(calls) == 1
    assert parts.built() == ("a",)


def test_a_generator_checks_the_declared_shape_of_deferred_parts_without_building_them():
    system = nl.models.rabi(1.0, 0.2, 2)
    good = nl.generator(system, nl.Channel("a", 0.1, "boson"), "local")
    wrong = Deferred({"boson": lambda: pytest.fail("built")}, (9, 9))
    with pytest.raises(ValueError, match="block 'boson' has shape \\(9, 9\\)"):
        nl.Generator("local", system, good.space, good.coherent, wrong)


def test_deferred_local_parts_equal_the_eager_assembly_and_give_the_same_currents():
    system = nl.models.rabi(2.0, 0.3, 4)
    channels = [nl.Channel("sm", 0.02, "spin"), nl.Channel("a", 0.05, "boson")]
    gen = nl.generator(system, channels, "local")
    eager = nl.generator(system, channels, "local", basis="eigen")
    state = nl.steady_state(gen, method="direct")
    currents = nl.heat_currents(gen, state)
    reference = nl.heat_currents(eager, nl.steady_state(eager, method="direct"))
    for name in ("spin", "boson"):
        assert currents[name] == pytest.approx(reference[name], rel=1e-10)


def test_the_coherent_part_is_assembled_on_first_read_and_equals_the_commutator():
    system = nl.models.rabi(2.9, 0.2, 6)
    channels = [nl.Channel("sm", 5e-12, "spin"), nl.Channel("a", 5e-6, "boson")]
    gen = nl.generator(system, channels, "local")
    state = nl.steady_state(gen)
    assert state.method == "reduced" and not _COHERENT.is_built(gen)
    expected = assemble(commutator_terms(system.H), system.dim)
    assert abs(gen.coherent - expected).max() == 0 and _COHERENT.is_built(gen)
    assert gen.coherent is gen.coherent


def test_a_generator_checks_the_declared_shape_of_a_deferred_coherent_part():
    system = nl.models.rabi(1.0, 0.2, 2)
    good = nl.generator(system, nl.Channel("a", 0.1, "boson"), "local")
    wrong = Build(lambda: pytest.fail("built"), (9, 9))
    with pytest.raises(ValueError, match="block 'coherent' has shape \\(9, 9\\)"):
        nl.Generator("local", system, good.space, wrong, good.parts)


def test_the_one_pass_assembly_of_a_local_generator_equals_coherent_plus_parts():
    system = nl.models.rabi(1.3, 0.4, 5)
    channels = [nl.Channel("sm", 0.02, "spin"), nl.Channel("a", 0.05, "boson")]
    for basis in ("site", "eigen"):
        gen = nl.generator(system, channels, "local", basis=basis)
        total = gen.coherent + sum(gen.parts.values())
        difference = np.abs(
            np.asarray((gen.matrix - total).todense() if basis == "site" else gen.matrix - total)
        )
        assert difference.max() <= 1e-15 * np.abs(gen.matrix).max()


@pytest.mark.parametrize("approach", ["local", "pauli"])
def test_a_generator_and_its_steady_state_leave_no_cyclic_garbage(approach):
    """Freed by reference counting: a sweep's points never wait for the cyclic collector."""
    import gc
    import warnings

    def point():
        system = nl.models.rabi(1.0, 0.2, 4)
        channels = [nl.Channel("sm", 5e-3, "spin"), nl.Channel("a", 5e-2, "boson")]
        gen = nl.generator(system, channels, approach)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", nl.SecularApproximationWarning)
            nl.heat_currents(gen, nl.steady_state(gen))

    point()
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        point()
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
