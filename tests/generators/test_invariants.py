"""Every registered approach, with every kind of environment it takes, against the invariants."""

import pytest

from cases import registered_cases
from invariants import applicable


@pytest.mark.parametrize(
    ("case", "invariant"),
    applicable(registered_cases()),
    ids=lambda item: getattr(item, "id", getattr(item, "__name__", "")),
)
def test_registered_approach_satisfies(case, invariant):
    invariant(case)
