"""A Monte Carlo study's YAML config → :class:`StudyConfig` (activation × width × depth tasks).

Run it with :func:`alignlab.randnets.runs.run_study` (``alignlab randnets run``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from alignlab.config import as_choice, as_int, as_number, check_keys, load_yaml, require_mapping
from alignlab.randnets.activations import get_activation
from alignlab.randnets.errors import RandnetsError

FIELDS_REQUIRED = ("activations", "widths", "depths")
FIELDS_OPTIONAL = ("nets", "rho", "seed", "method")


@dataclass(frozen=True)
class StudyConfig:
    """Validated study: every (activation, width, depth) is one task of ``nets`` networks."""

    activations: tuple[str, ...]
    widths: tuple[int, ...]
    depths: tuple[int, ...]
    nets: int = 1000
    rho: float = 0.5
    seed: int = 0
    method: str = "gram"

    def tasks(self) -> list[dict[str, Any]]:
        from alignlab.runtime import config_hash

        h = config_hash(asdict(self))
        return [
            {"activation": a, "width": w, "depth": d, "nets": self.nets, "rho": self.rho,
             "seed": self.seed, "method": self.method, "config_hash": h}
            for a in self.activations for d in self.depths for w in self.widths
        ]


def _int_list(obj: Mapping, field: str, where: str, lo: int) -> tuple[int, ...]:
    raw = obj[field]
    if not isinstance(raw, list) or not raw:
        raise RandnetsError(f"{where}: field '{field}' must be a non-empty list of integers")
    out = []
    for v in raw:
        x = as_number(v, field, where=where, lo=lo, error=RandnetsError)
        if x != int(x):
            raise RandnetsError(f"{where}: field '{field}' must hold integers, got {v!r}")
        out.append(int(x))
    return tuple(out)


def load_study(path: str | Path) -> StudyConfig:
    """Read and validate a study YAML (see ``examples/randnets/excess-study.yaml``)."""
    where = str(path)
    obj = require_mapping(load_yaml(path, error=RandnetsError), where, error=RandnetsError)
    check_keys(obj, required=FIELDS_REQUIRED, optional=FIELDS_OPTIONAL, where=where, error=RandnetsError)
    acts = obj["activations"]
    if not isinstance(acts, list) or not acts or not all(isinstance(a, str) for a in acts):
        raise RandnetsError(f"{where}: field 'activations' must be a non-empty list of strings")
    for a in acts:
        try:
            get_activation(a)
        except RandnetsError as exc:
            raise RandnetsError(f"{where}: field 'activations': {exc}") from None
    nets = as_number(obj.get("nets", 1000), "nets", where=where, lo=2, error=RandnetsError)
    seed = as_int(obj.get("seed", 0), "seed", where=where, lo=0, error=RandnetsError)
    method = as_choice(obj.get("method", "gram"), "method", ("gram", "dense"), where=where,
                       error=RandnetsError)
    if nets != int(nets):
        raise RandnetsError(f"{where}: field 'nets' must be an integer, got {obj['nets']!r}")
    from alignlab.randnets.montecarlo import check_size

    widths, depths = _int_list(obj, "widths", where, 2), _int_list(obj, "depths", where, 1)
    for w in widths:
        for d in depths:
            check_size(w, d, int(nets), method=method, where=where)
    return StudyConfig(
        tuple(acts),
        widths,
        depths,
        int(nets),
        as_number(obj.get("rho", 0.5), "rho", where=where, lo=-1, hi=1, error=RandnetsError),
        seed,
        method,
    )
