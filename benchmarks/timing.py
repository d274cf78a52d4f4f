"""The benchmarks' timer: best wall time of repeated calls."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np


def best_time(
    function: Callable[[], Any], repeats: int, *, warm_up: bool = False
) -> tuple[float, Any]:
    """Best wall time of ``repeats`` calls (s) and the last result.

    ``warm_up``: call once first, untimed, to keep first-call costs (imports, BLAS start-up,
    page faults of fresh large arrays) out of the comparison even when ``repeats`` is 1.
    """
    if warm_up:
        function()
    best, result = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result
