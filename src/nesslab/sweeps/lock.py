"""One sweep at a time per store: an exclusive lock beside the store, and who holds it.

A second sweep on a store that another process is writing is refused at once, naming that
process, before it computes anything (two sweeps would otherwise both compute every missing
point, or one would crash at its first flush). The lock is an OS file lock (``filelock``), so it
is released however its holder ends, ``kill -9`` included.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class StoreInUseError(RuntimeError):
    """The store is being written by another sweep."""


def lock_path(store: Path) -> Path:
    """The lock file of ``store``: ``<store>.lock`` beside it."""
    return store.with_name(store.name + ".lock")


def owner_path(store: Path) -> Path:
    """Who holds the lock: ``<store>.owner`` (JSON: pid, host, start time)."""
    return store.with_name(store.name + ".owner")


@contextmanager
def locked(store: Path | None) -> Iterator[None]:
    """Hold the lock of ``store`` for the duration (nothing to lock for None).

    Raises
    ------
    StoreInUseError
        If another process holds it (the message names that process).
    """
    if store is None:
        yield
        return
    store.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(store), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreInUseError(
            f"store {store} is being written by another nesslab sweep ({_owner(store)}); wait "
            "for it to finish (then rerun to compute what is missing), or use another store"
        ) from None
    try:
        owner = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.ctime()}
        owner_path(store).write_text(json.dumps(owner))
        yield
    finally:
        owner_path(store).unlink(missing_ok=True)
        lock.release()


def _owner(store: Path) -> str:
    try:
        owner = json.loads(owner_path(store).read_text())
        return f"pid {owner['pid']} on {owner['host']}, since {owner['since']}"
    except (OSError, ValueError, KeyError):
        return "process unknown"
