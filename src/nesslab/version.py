"""The installed version of nesslab, from the package metadata (pyproject.toml is the source)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def installed_version() -> str:
    """Nesslab's version as installed (``"unknown"`` when run from a tree that is not installed)."""
    try:
        return version("nesslab")
    except PackageNotFoundError:
        return "unknown"


__version__ = installed_version()
