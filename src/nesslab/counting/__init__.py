"""Full counting statistics of the energy (or jumps) exchanged with each bath.

:mod:`~nesslab.counting.fields` defines the counting fields (which approaches, which jumps,
which sign), :mod:`~nesslab.counting.cumulants` the cumulants by perturbation theory on the
tilted generator, :mod:`~nesslab.counting.statistics` the user-facing records: noise, Fano
factor, the thermodynamic and kinetic uncertainty relations, and θ(χ).
"""

from nesslab.counting.fields import COUNTING, KINDS, CountingField, counting_field
from nesslab.counting.statistics import (
    TUR_BOUND,
    CurrentStatistics,
    Statistics,
    current_statistics,
    scaled_cumulant_generating_function,
)

__all__ = [
    "COUNTING",
    "KINDS",
    "TUR_BOUND",
    "CountingField",
    "CurrentStatistics",
    "Statistics",
    "counting_field",
    "current_statistics",
    "scaled_cumulant_generating_function",
]
