"""The jump terms of a Bloch–Redfield-family generator, kept for full counting statistics.

Each bath's Redfield dissipator is ``Λ ρ X† + X ρ Λ† − X†Λ ρ − ρ Λ†X`` in the energy
eigenbasis (:func:`nesslab.generators.redfield.redfield_terms`, and one such block per sign
class for seed 002's partial-secular criterion), Λ = X ∘ ½P carrying the power spectrum. The
two sandwich terms are the jumps; in ``Λ ρ X†`` the spectrum sits on the left operator, in
``X ρ Λ†`` on the right one, which is where :mod:`nesslab.counting.fields` puts the energy
the bath exchanges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from nesslab.superop import Term


@dataclass(frozen=True)
class JumpTerms:
    """Jump terms of each part and the secular filter they are assembled with.

    Attributes
    ----------
    terms : mapping of str to (tuple of Term, tuple of Term)
        Per part: the ``Λ ρ X†`` terms (spectrum on the left) and the ``X ρ Λ†`` terms
        (spectrum on the right), eigenbasis.
    pairs : (ndarray, ndarray) or None
        The kept (row, column) superoperator entries of the frequency window, or None when
        nothing is filtered entrywise.
    """

    terms: Mapping[str, tuple[tuple[Term, ...], tuple[Term, ...]]]
    pairs: tuple[np.ndarray, np.ndarray] | None


def redfield_jump_terms(
    terms: Mapping[str, list[Term]], pairs: tuple[np.ndarray, np.ndarray] | None
) -> JumpTerms:
    """The sandwich terms of blocks of four Redfield terms (module docstring)."""
    return JumpTerms({name: (tuple(t[0::4]), tuple(t[1::4])) for name, t in terms.items()}, pairs)
