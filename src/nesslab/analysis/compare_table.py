"""A plain-text table of a :func:`nesslab.compare` dataset (what ``nesslab compare`` prints)."""

from __future__ import annotations

import numpy as np
import xarray as xr

SIGNS = {1.0: "+", 0.0: "0", -1.0: "-"}


def _number(value: float) -> str:
    return "nan" if np.isnan(value) else f"{value:.4g}"


def _margins(dataset: xr.Dataset, approach: str) -> str:
    row = dataset["margin"].sel(approach=approach)
    fails = dataset["margin_fails"].sel(approach=approach)
    cells = [
        f"{name}={_number(float(value))}{'!' if bool(fail) else ''}"
        for name, value, fail in zip(
            dataset["assumption"].values, row.values, fails.values, strict=True
        )
        if not np.isnan(value)
    ]
    return " ".join(cells) or "-"


def comparison_table(dataset: xr.Dataset) -> str:
    """One row per approach: currents, Σ J, σ and its sign, positivity, Gibbs distance, margins.

    A margin marked ``!`` is below its threshold (the assumption fails); an approach that did
    not run shows its status instead of numbers. The lines after the table name each failing
    margin with what it compared.
    """
    baths = [str(name) for name in dataset["bath"].values]
    header = [
        "approach",
        *(f"J_{name}" for name in baths),
        "sum_J",
        "sigma",
        "sign",
        "rho>=0",
        "gibbs_dist",
        "margins",
    ]
    rows = []
    for approach in dataset["approach"].values:
        entry = dataset.sel(approach=approach)
        status = str(entry["status"].values)
        if status != "ok":
            rows.append([str(approach), status])
            continue
        sign = float(entry["second_law"])
        rows.append(
            [
                str(approach),
                *(_number(float(value)) for value in entry["heat_current"].values),
                _number(float(entry["heat_current_sum"])),
                _number(float(entry["entropy_production"])),
                SIGNS.get(sign, "nan") + (" VIOLATED" if sign < 0 else ""),
                "yes" if bool(entry["positive"]) else "NO",
                _number(float(entry["gibbs_distance"])),
                _margins(dataset, str(approach)),
            ]
        )
    full = [header, *(row for row in rows if len(row) == len(header))]
    widths = [max(len(row[i]) for row in full) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True)).rstrip()
    ]
    for row in rows:
        if len(row) == 2:
            lines.append(f"{row[0].ljust(widths[0])}  {row[1]}")
        else:
            lines.append(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
    thresholds = ", ".join(
        f"{name} {float(value):g}"
        for name, value in zip(
            dataset["assumption"].values, dataset["threshold"].values, strict=True
        )
    )
    lines.append(f"margins: '!' below the threshold ({thresholds})")
    fails = dataset["margin_fails"]
    for approach, assumption in zip(*np.nonzero(fails.values), strict=True):
        name = str(dataset["approach"].values[approach])
        what = str(dataset["assumption"].values[assumption])
        detail = str(dataset["margin_detail"].values[approach, assumption])
        lines.append(f"  {name} / {what}: {detail}")
    return "\n".join(lines)
