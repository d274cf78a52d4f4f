"""Generator parts and heat rows assembled on first use.

A solver that works from a generator's jump form (:mod:`nesslab.solve.reduced`) never needs the
assembled N²×N² dissipators; building them anyway costs more than the solve at seed 000's
rates. :class:`Deferred` is a read-only mapping whose values are built, once, when first read;
:class:`BuiltOnRead` does the same for one dataclass field (a generator's coherent part).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np


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


class Build:
    """A value given as a zero-argument builder, for a :class:`BuiltOnRead` field.

    Parameters
    ----------
    builder : callable
        Returns the value.
    shape : tuple of int
        The shape the value will have (checked without building it).
    """

    def __init__(self, builder: Callable[[], Any], shape: tuple[int, ...]) -> None:
        self.builder = builder
        self.shape = shape

    def __repr__(self) -> str:
        return f"Build(shape={self.shape})"


class BuiltOnRead:
    """A dataclass field that accepts a :class:`Build` and builds it, once, when first read.

    Any other value is stored as it is. The field has no default, and assigning it works in
    frozen dataclasses (``__init__`` sets it through this descriptor).
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name
        self._slot = f"_{name}_value"

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            raise AttributeError(self._name)
        value = instance.__dict__[self._slot]
        if isinstance(value, Build):
            value = value.builder()
            instance.__dict__[self._slot] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self._slot] = value

    def shape(self, instance: Any) -> tuple[int, ...]:
        """The value's shape, without building it."""
        value = instance.__dict__[self._slot]
        return value.shape if isinstance(value, Build) else np.shape(value)

    def is_built(self, instance: Any) -> bool:
        """Whether the value exists (given as it is, or built by a read)."""
        return not isinstance(instance.__dict__[self._slot], Build)
