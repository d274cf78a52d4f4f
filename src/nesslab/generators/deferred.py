"""Generator parts and heat rows assembled on first use.

A solver that works from a generator's jump form (:mod:`nesslab.solve.reduced`) never needs the
assembled N²×N² dissipators; building them anyway costs more than the solve at seed 000's
rates. :class:`Deferred` is a read-only mapping whose values are built, once, when first read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any


class Deferred(Mapping[str, Any]):
    """A mapping of names to values built by ``builders[name]()`` on first access, then kept.

    Parameters
    ----------
    builders : mapping of str to callable
        A zero-argument builder per name.
    shape : tuple of int, optional
        The shape every value will have (checked by :class:`nesslab.Generator` without
        building them).
    """

    def __init__(
        self, builders: Mapping[str, Callable[[], Any]], shape: tuple[int, ...] | None = None
    ) -> None:
        self._builders = dict(builders)
        self._values: dict[str, Any] = {}
        self.shape = shape

    def __getitem__(self, name: str) -> Any:
        if name not in self._values:
            self._values[name] = self._builders[name]()
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)

    def built(self) -> tuple[str, ...]:
        """The names whose values have been built so far."""
        return tuple(self._values)

    def __repr__(self) -> str:
        return f"Deferred({list(self._builders)}, built={list(self._values)})"
