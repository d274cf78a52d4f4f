"""What ``nesslab info`` reports: versions, sweep backends and accelerators, never failing."""

from __future__ import annotations

import importlib
import shutil
from importlib import metadata

NOT_INSTALLED = "not installed"
PACKAGES = ("nesslab", "numpy", "scipy", "xarray", "zarr", "qutip")
GPU_PACKAGES = ("jax",)


def version(distribution: str) -> str:
    """Installed version of ``distribution``, or "not installed"."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return NOT_INSTALLED


def importable(module: str) -> bool:
    """Whether ``import module`` succeeds (any error counts as no)."""
    try:
        importlib.import_module(module)
    except Exception:
        return False
    return True


def _importable_text(module: str) -> str:
    return "importable" if importable(module) else "not importable"


def sweep_backends() -> str:
    """The registered sweep backends, comma-separated (or why they are unavailable)."""
    try:
        from nesslab.sweeps import BACKENDS
    except Exception as exc:
        return f"unavailable ({type(exc).__name__}: {exc})"
    return ", ".join(BACKENDS)


def gpu_lines() -> list[tuple[str, str]]:
    """Whether ``nvidia-smi`` is on PATH, the GPU array packages import, and JAX's device."""
    smi = shutil.which("nvidia-smi")
    lines = [("nvidia-smi", smi or "not found")]
    lines += [
        (name, "importable" if importable(name) else "not importable") for name in GPU_PACKAGES
    ]
    if importable("jax"):
        import jax

        lines.append(("jax device", jax.default_backend()))
    return lines


def report() -> list[tuple[str, str]]:
    """``(label, value)`` lines of the environment report."""
    lines = [(name, version(name)) for name in PACKAGES]
    lines.append(("sweep backends", sweep_backends()))
    lines.append(("dask.distributed", _importable_text("dask.distributed")))
    return lines + gpu_lines()
