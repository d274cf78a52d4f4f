"""Name registries: one lookup, and one message for an unknown name, everywhere in nesslab."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

Entry = TypeVar("Entry")


def unknown_name(kind: str, name: Any, valid: Iterable[str]) -> str:
    """``"unknown {kind} {name!r}; valid: a, b, c"`` (the valid names sorted)."""
    return f"unknown {kind} {name!r}; valid: {', '.join(sorted(valid))}"


def lookup(registry: Mapping[str, Entry], name: Any, kind: str) -> Entry:
    """``registry[name]``, or a ValueError naming the valid entries.

    Parameters
    ----------
    registry : mapping
        Names to entries.
    name : str
        The requested name.
    kind : str
        What the names are, for the message ("approach", "method", "backend", …).
    """
    try:
        return registry[name]
    except (KeyError, TypeError):
        raise ValueError(unknown_name(kind, name, registry)) from None
