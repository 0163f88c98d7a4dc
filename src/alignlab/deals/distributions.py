"""Uncertain scenario parameters: small, validated distribution specs sampled with a Generator."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from alignlab.config import as_number, check_keys
from alignlab.deals.errors import DealsError

_PARAMS: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "beta": ("a", "b"),
    "lognormal": ("mean_log", "sd_log"),
    "normal": ("mean", "sd"),
}


@dataclass(frozen=True)
class Distribution:
    """A parameter given as a law: ``kind`` with its ``params``; ``normal`` is truncated to the
    field's domain ``[lo, hi]`` (documented; the other kinds must fit inside it)."""

    kind: str
    params: tuple[tuple[str, float], ...]
    lo: float
    hi: float

    def p(self, name: str) -> float:
        return dict(self.params)[name]

    @property
    def mean(self) -> float:
        """The nominal value used for the point analysis (the distribution's mean)."""
        if self.kind == "uniform":
            return (self.p("low") + self.p("high")) / 2
        if self.kind == "triangular":
            return (self.p("low") + self.p("mode") + self.p("high")) / 3
        if self.kind == "beta":
            return self.p("a") / (self.p("a") + self.p("b"))
        if self.kind == "lognormal":
            return float(np.exp(self.p("mean_log") + self.p("sd_log") ** 2 / 2))
        from scipy.stats import truncnorm

        return float(truncnorm.mean(*self._trunc_ab(), loc=self.p("mean"), scale=self.p("sd")))

    def _trunc_ab(self) -> tuple[float, float]:
        m, s = self.p("mean"), self.p("sd")
        return (self.lo - m) / s, (self.hi - m) / s

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws, all inside the field's domain."""
        if self.kind == "uniform":
            return rng.uniform(self.p("low"), self.p("high"), n)
        if self.kind == "triangular":
            lo, mo, hi = self.p("low"), self.p("mode"), self.p("high")
            return rng.triangular(lo, mo, hi, n) if hi > lo else np.full(n, lo)
        if self.kind == "beta":
            return rng.beta(self.p("a"), self.p("b"), n)
        if self.kind == "lognormal":
            return rng.lognormal(self.p("mean_log"), self.p("sd_log"), n)
        from scipy.stats import truncnorm

        return truncnorm.rvs(
            *self._trunc_ab(), loc=self.p("mean"), scale=self.p("sd"), size=n, random_state=rng
        )

    def to_dict(self) -> dict[str, Any]:
        return {"dist": self.kind, **dict(self.params)}


def parse_distribution(
    spec: Mapping, field: str, *, where: str, lo: float, hi: float, lo_open: bool
) -> Distribution:
    """Validate ``{dist: kind, ...}`` for a field whose values must lie in its domain."""
    kind = spec.get("dist")
    if kind not in _PARAMS:
        raise DealsError(
            f"{where}: field '{field}': unknown distribution {kind!r} "
            f"(allowed: {', '.join(_PARAMS)})"
        )
    names = _PARAMS[kind]
    check_keys(spec, required=("dist", *names), where=f"{where}: field '{field}'", error=DealsError)
    vals = {n: as_number(spec[n], f"{field}.{n}", where=where, error=DealsError) for n in names}
    sub = f"{where}: field '{field}'"
    dom = f"{'(' if lo_open else '['}{lo:g}, {hi:g}]"

    def inside(x: float) -> bool:
        return (x > lo if lo_open else x >= lo) and x <= hi

    if kind in ("uniform", "triangular"):
        if not vals["low"] <= vals.get("mode", vals["low"]) <= vals["high"]:
            raise DealsError(f"{sub}: need low <= mode <= high, got {vals}")
        if vals["low"] > vals["high"] or not (inside(vals["low"]) and inside(vals["high"])):
            raise DealsError(f"{sub}: {kind} support [{vals['low']:g}, {vals['high']:g}] must lie in {dom}")
    elif kind == "beta":
        if vals["a"] <= 0 or vals["b"] <= 0:
            raise DealsError(f"{sub}: beta needs a > 0 and b > 0, got {vals}")
        if lo > 0 or hi < 1:
            raise DealsError(f"{sub}: beta has support [0, 1], which does not fit in {dom}")
    elif kind == "lognormal":
        if vals["sd_log"] < 0:
            raise DealsError(f"{sub}: lognormal needs sd_log >= 0, got {vals['sd_log']:g}")
        if lo < 0 or hi < np.inf:
            raise DealsError(f"{sub}: lognormal has support (0, inf), which does not fit in {dom}")
    elif vals["sd"] <= 0:
        raise DealsError(f"{sub}: normal needs sd > 0, got {vals['sd']:g}")
    return Distribution(kind, tuple(vals.items()), lo, hi)
