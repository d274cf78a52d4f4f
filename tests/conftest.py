"""Shared fixtures. Set-ups live in ``setups.py``, closed-form references in ``references.py``.

``toy_approach`` registers the test-only approach "toy_rates" (a state space of its own) for the
whole session, so every registry-parametrised test runs on it too.
"""

import pytest

import toy_approach  # noqa: F401  (registers "toy_rates")
from setups import rabi_small_system


@pytest.fixture
def rabi_small():
    return rabi_small_system()
