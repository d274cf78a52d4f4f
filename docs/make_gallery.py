"""Regenerate the README gallery: every ``nesslab figure`` at its default resolution.

Run ``python docs/make_gallery.py`` from the repository root; the PNGs land in
``docs/gallery/`` (the netCDF data go to a temporary directory and are discarded).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from nesslab.figures import FIGURES, write_figure

GALLERY = Path(__file__).parent / "gallery"


def main() -> None:
    """Write every figure's PNG into docs/gallery and print its wall time."""
    GALLERY.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name in FIGURES:
            start = time.perf_counter()
            _, image = write_figure(name, Path(scratch))
            shutil.copy(image, GALLERY / image.name)
            print(f"{name:12s} {time.perf_counter() - start:6.1f} s")


if __name__ == "__main__":
    main()
