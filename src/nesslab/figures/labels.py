"""Self-describing figure datasets: ``long_name`` and ``units`` on every variable and coordinate.

Each recipe keeps a table ``LABELS`` of variable → :class:`Label` and returns
``describe(dataset, LABELS)``; the names shared by several recipes are here. ``units`` says in
which unit the number is expressed: ``"1"`` for dimensionless numbers, indices, flags (0/1) and
text, ``"omega"`` for energies of seed 000 (ω = 1), ``"1/omega"`` for its times, ``"r_s"`` and
``"eta_s"`` for its spin fluxes, ``"nats"`` for entropies, ``"omega_c"`` and ``"omega_c^2"`` for
the energies and heat currents of seed 004, ``"rad"`` for angles (ħ = k_B = 1 throughout).
Fluxes and currents carry their sign convention as a ``sign_convention`` attr. The attrs are
plain strings: netCDF3 (:func:`nesslab.figures.write_figure`, scipy engine) takes strings and
numbers only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import xarray as xr

from nesslab.figures import nesb, rabi, rabi_lac


@dataclass(frozen=True)
class Label:
    """What one variable of a figure dataset holds.

    Attributes
    ----------
    long_name : str
        The quantity, in words (ASCII).
    units : str
        The unit its numbers are expressed in; ``"1"`` when dimensionless.
    sign_convention : str
        For a flux or a current: which direction is positive; empty otherwise (not written).
    """

    long_name: str
    units: str = "1"
    sign_convention: str = ""

    def attrs(self) -> dict[str, str]:
        """``long_name``, ``units`` and, if set, ``sign_convention``."""
        attrs = {"long_name": self.long_name, "units": self.units}
        if self.sign_convention:
            attrs["sign_convention"] = self.sign_convention
        return attrs


def describe(dataset: xr.Dataset, labels: Mapping[str, Label]) -> xr.Dataset:
    """A copy of ``dataset`` whose variables and coordinates carry their :class:`Label` attrs.

    Raises
    ------
    KeyError
        If a variable or coordinate of ``dataset`` has no entry in ``labels``.
    """
    missing = sorted(set(map(str, dataset.variables)) - set(labels))
    if missing:
        raise KeyError(f"no label for {', '.join(missing)}")
    described = dataset.copy()
    for name, variable in described.variables.items():
        variable.attrs.update(labels[str(name)].attrs())
    return described


def spin_flux(where: str = "") -> Label:
    """The local-Lindblad NESS spin flux ``J_s`` of seed 000 (units of r_s, ≤ 0).

    Parameters
    ----------
    where : str
        Appended to the long name, e.g. ``" at zoom_delta"``.
    """
    return Label(f"NESS spin flux J_s{where}", "r_s", rabi.SIGN_CONVENTION)


def heat_current(what: str) -> Label:
    """A heat current ``I`` of seed 004, out of bath 1 into the spin (units of ω_c²).

    Parameters
    ----------
    what : str
        The long name, e.g. ``"NE-PTRE heat current I out of bath 1"``.
    """
    return Label(what, "omega_c^2", nesb.SIGN_CONVENTION)


def heom_outputs(prefix: str = "", where: str = "") -> dict[str, Label]:
    """Labels of the variables of :func:`nesslab.figures.nesb.heom_sweep`.

    Parameters
    ----------
    prefix : str
        The sweep's variable prefix (e.g. ``"alpha_"``).
    where : str
        Appended to every long name, e.g. ``" (panel a: vs alpha)"``.
    """
    labels = {
        "current": heat_current(f"HEOM heat current I out of bath 1{where}"),
        "residual": Label(f"first-law residual |I_1 + I_2| relative to the currents{where}"),
        "depth": Label(f"HEOM hierarchy depth of the current{where}"),
        "depth_change": Label(f"relative change of I over the last two depths{where}"),
        "converged": Label(f"depth converged (1) or stopped at the largest depth (0){where}"),
        "modes": Label(f"exponentials of both baths together (HEOM modes){where}"),
    }
    return {f"{prefix}{name}": label for name, label in labels.items()}


NESB = {
    "theta": Label("direction theta of bath 2's coupling cos(theta) sz + sin(theta) sx", "rad"),
    "alpha": Label("coupling strength alpha_1 = alpha_2 of both baths"),
    "delta": Label("half gap Delta of H_S = Delta sz", "omega_c"),
}

RABI = {
    "delta": Label("spin splitting Delta", "omega"),
    "coupling": Label("spin-boson coupling lambda", "omega"),
    "time": Label("time t", "1/omega"),
}

LAC = {
    **RABI,
    "flux": spin_flux(),
    "sequence": Label("state sequence m: the eigenstate of largest weight on |up>|m>"),
    "entropy": Label("spin | boson entanglement entropy S_k of the sequence's eigenstate", "nats"),
    "weight": Label("weight of the sequence's eigenstate on its |up>|m>"),
    "offset": Label(f"zoom offset, in half-widths min({rabi_lac.ZOOM_GAPS} gap, grid step)"),
    "crossing_coupling": Label("coupling lambda of the crossing's curve", "omega"),
    "crossing_position": Label("Delta at the crossing", "omega"),
    "crossing_gap": Label("minimal gap of the crossing", "omega"),
    "crossing_sequence": Label("state sequence m of the crossing (-1: none)"),
    "zoom_delta": Label("Delta of the zoom samples around the crossing", "omega"),
    "zoom_flux": spin_flux(" at zoom_delta"),
    "zoom_entropy": Label("entanglement entropy S_k of the crossing's own sequence", "nats"),
}

REDFIELD = {
    **RABI,
    "t_spin": Label("spin-bath temperature T_s", "omega"),
    "t_boson": Label("boson-bath temperature T_b", "omega"),
}
