"""What ``nesslab info`` reports: versions, sweep backends and accelerators, never failing."""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import subprocess
import sys
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
    """Whether ``nvidia-smi`` is on PATH, the GPU array packages are installed, JAX's device."""
    smi = shutil.which("nvidia-smi")
    lines = [("nvidia-smi", smi or "not found")]
    lines += [(name, version(name)) for name in GPU_PACKAGES]
    if importlib.util.find_spec("jax") is not None:
        lines.append(("jax device", jax_device()))
    return lines


def jax_device() -> str:
    """JAX's default backend ("cpu", "gpu", …), asked in a subprocess.

    Importing JAX starts threads, after which forking sweep workers is unsafe; a subprocess
    keeps this process clean.
    """
    try:
        result = subprocess.run(
            [sys.executable, "-c", "import jax; print(jax.default_backend())"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        return f"unavailable ({type(exc).__name__})"
    return result.stdout.strip()


def report() -> list[tuple[str, str]]:
    """``(label, value)`` lines of the environment report."""
    lines = [(name, version(name)) for name in PACKAGES]
    lines.append(("sweep backends", sweep_backends()))
    lines.append(("dask.distributed", _importable_text("dask.distributed")))
    return lines + gpu_lines()
