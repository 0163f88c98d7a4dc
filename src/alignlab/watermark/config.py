"""The evaluation suite's settings: a frozen dataclass, loadable from YAML (examples/watermark/)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import partial
from pathlib import Path
from typing import Any

from alignlab import limits
from alignlab.config import as_int, as_list, as_number, check_keys, load_yaml, require_mapping
from alignlab.watermark.errors import WatermarkError


@dataclass(frozen=True)
class EvalConfig:
    """Sizes and grids of ``alignlab watermark evaluate`` (defaults: the numbers in docs/watermark.md)."""

    calibration_texts: int = 4000
    calibration_length: int = 64
    alphas: tuple[float, ...] = (0.05, 0.01, 1e-3)
    k: int = 4
    power_lengths: tuple[int, ...] = (8, 16, 32, 64, 128)
    power_entropies: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0)
    power_texts: int = 300
    distortion_keys: int = 5000
    robustness_ks: tuple[int, ...] = (1, 4, 8)
    robustness_rates: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.5)
    robustness_length: int = 128
    robustness_entropy: float = 2.0
    robustness_texts: int = 100
    overhead_tokens: int = 300

    @classmethod
    def quick(cls) -> EvalConfig:
        """About a quarter of the work (for a fast look)."""
        return cls(calibration_texts=1000, power_texts=100, distortion_keys=2000, robustness_texts=50, overhead_tokens=100)


_INTS = {"calibration_texts": 1, "calibration_length": 1, "k": 1, "power_texts": 1, "distortion_keys": 10,
         "robustness_length": 1, "robustness_texts": 1, "overhead_tokens": 1}
_INT_LISTS = {"power_lengths": 1, "robustness_ks": 1}
_FLOAT_LISTS = {"alphas": (0.0, 1.0, True), "power_entropies": (0.0, None, True), "robustness_rates": (0.0, 1.0, False)}


def _limit(value: int, name: str, where: str) -> int:
    """A size field within its stated limit (:mod:`alignlab.limits`): texts, tokens or k."""
    limit = (limits.CONTEXT if name in ("k", "robustness_ks") else
             limits.TEXTS if name.endswith(("_texts", "_keys")) else limits.TOKENS)
    return limits.check_count(value, f"field '{name}'", limit, where=where, error=WatermarkError)


def load_eval_config(path: str | Path) -> EvalConfig:
    """Read an :class:`EvalConfig` from YAML; every field is optional, unknown fields are errors."""
    where = str(path)
    doc = require_mapping(load_yaml(path, error=WatermarkError), where, error=WatermarkError)
    check_keys(doc, optional=tuple(f.name for f in fields(EvalConfig)), where=where, error=WatermarkError)
    out: dict[str, Any] = {}
    for name, value in doc.items():
        if name in _INTS:
            out[name] = _limit(as_int(value, name, where=where, lo=_INTS[name],
                                      error=WatermarkError), name, where)
        elif name in _INT_LISTS:
            out[name] = tuple(_limit(v, name, where) for v in as_list(
                value, name, where=where, item=partial(as_int, lo=_INT_LISTS[name]),
                error=WatermarkError))
        elif name in _FLOAT_LISTS:
            lo, hi, open_ = _FLOAT_LISTS[name]
            item = partial(as_number, lo=lo, hi=hi, lo_open=open_, hi_open=open_)
            out[name] = tuple(as_list(value, name, where=where, item=item, error=WatermarkError))
        else:  # robustness_entropy
            out[name] = as_number(value, name, where=where, lo=0.0, lo_open=True, error=WatermarkError)
    cfg = replace(EvalConfig(), **out)
    for texts, length in (("calibration_texts", "calibration_length"),
                          ("power_texts", "power_lengths"), ("robustness_texts", "robustness_length")):
        n, m = getattr(cfg, texts), getattr(cfg, length)
        limits.check_product(n * (max(m) if isinstance(m, tuple) else m), f"{texts} × {length}",
                             limits.CELLS, where=where, error=WatermarkError)
    return cfg
