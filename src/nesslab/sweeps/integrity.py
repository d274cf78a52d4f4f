"""What a stored sweep really holds, checked on every resume and by ``nesslab check``.

Chunks that are missing or corrupt, points marked done without their data, recorded failures.

A finished point is trusted only if every chunk that holds it can be read and its stored values
are those of a finished point (:meth:`Results.holds_data`). Anything else is reported and, when
a sweep resumes, recomputed: a deleted or truncated chunk, or a ``done`` mask set by hand,
never turns into NaN presented as data.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from nesslab.sweeps.results import DONE, Results


@dataclass(frozen=True)
class ChunkProblem:
    """A chunk of a Zarr variable that is not there or cannot be decoded.

    Attributes
    ----------
    variable : str
        The variable (an output, ``done``, ``seconds`` or ``error``).
    chunk : tuple of int
        The chunk's index in the variable's chunk grid (its file is ``variable/i.j…``).
    problem : str
        ``"missing"`` or ``"corrupt (<the decoding error>)"``.
    region : tuple of slice
        The grid points the chunk holds (one slice per grid dimension).
    """

    variable: str
    chunk: tuple[int, ...]
    problem: str
    region: tuple[slice, ...]

    @property
    def key(self) -> str:
        """The chunk's key in the store, ``variable/i.j…``."""
        return f"{self.variable}/{'.'.join(map(str, self.chunk))}"


@dataclass(frozen=True)
class StoreReport:
    """The health of one store.

    Attributes
    ----------
    path : Path
        The store.
    points : int
        Points of its grid.
    done : int
        Points stored as finished (computed, or failed with a recorded error), data checked.
    failed : int
        Of those, the points whose failure was recorded.
    without_data : int
        Points marked done whose data were missing, corrupt or not finite: not counted as done.
    chunks : tuple of ChunkProblem
        Missing and corrupt chunks.
    """

    path: Path
    points: int
    done: int
    failed: int
    without_data: int
    chunks: tuple[ChunkProblem, ...] = ()

    @property
    def healthy(self) -> bool:
        """No missing or corrupt chunk, and no point marked done without its data."""
        return not self.chunks and self.without_data == 0

    @property
    def complete(self) -> bool:
        """Healthy and every point done."""
        return self.healthy and self.done == self.points

    def lines(self) -> list[str]:
        """A human-readable report, one fact per line."""
        lines = [
            f"{self.path}: {self.done} of {self.points} points done"
            + (f" ({self.failed} failed, error recorded)" if self.failed else "")
        ]
        lines += [f"chunk {c.key} {c.problem}" for c in self.chunks]
        if self.without_data:
            lines.append(f"{self.without_data} points marked done had no data")
        return lines

    def repair_message(self) -> str:
        """What a resuming sweep does about the problems (empty when healthy)."""
        if self.healthy:
            return ""
        causes = "; ".join(f"chunk {c.key} {c.problem}" for c in self.chunks)
        return (
            f"store {self.path}: {self.without_data} points marked done had no data"
            + (f" ({causes})" if causes else "")
            + "; they are recomputed"
        )


def read_zarr(path: Path, results: Results) -> tuple[ChunkProblem, ...]:
    """Fill ``results.arrays`` from the Zarr store at ``path`` chunk by chunk; list bad chunks.

    Every chunk of every variable is checked to exist and decoded on its own, so one bad chunk
    costs only the points it holds. A variable the store lacks (``error`` in a store written by
    an earlier nesslab) keeps its fill values; it is not a problem.
    """
    import zarr  # imported here: it doubles the import time of nesslab

    group = zarr.open_group(path, mode="r")
    present = set(group.array_keys())
    ndim = len(results.grid.shape)
    problems = []
    for name, target in results.arrays.items():
        if name not in present:
            continue
        array = group[name]
        separator = getattr(array.metadata, "dimension_separator", ".") or "."
        for chunk in itertools.product(*(range(n) for n in array.cdata_shape)):
            region = tuple(
                slice(i * size, (i + 1) * size)
                for i, size in zip(chunk[:ndim], array.chunks[:ndim], strict=True)
            )
            if not (path / name / separator.join(map(str, chunk))).exists():
                problems.append(ChunkProblem(name, chunk, "missing", region))
                continue
            try:
                block = array.get_block_selection(chunk)
            except Exception as error:  # any decoding failure condemns the chunk
                problems.append(ChunkProblem(name, chunk, f"corrupt ({error})", region))
                continue
            target[region] = block
    return tuple(problems)


def checked(results: Results, path: Path, problems: tuple[ChunkProblem, ...]) -> StoreReport:
    """Unmark the points of bad chunks and the done points without data; report them.

    A missing chunk is a problem only where the store marks points done: a store writes every
    chunk of a point it finishes, so a chunk of finished points that is not there was lost,
    while one holding only unfinished points may never have been written.
    """
    done = results.arrays[DONE]
    marked = done.copy()
    problems = tuple(p for p in problems if p.problem != "missing" or marked[p.region].any())
    for problem in problems:
        done[problem.region] = False
    done &= results.holds_data()
    return StoreReport(
        path=path,
        points=results.grid.size,
        done=int(done.sum()),
        failed=int(results.failed.sum()),
        without_data=int((marked & ~done).sum()),
        chunks=problems,
    )
