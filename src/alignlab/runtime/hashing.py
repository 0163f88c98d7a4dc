"""Canonical JSON and a stable hash of a configuration, carried by every result record."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from alignlab.runtime.errors import RunError


def to_jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON types: dataclasses → dicts, tuples/sets → lists, NumPy → Python.

    Sets are sorted so that their order never changes a hash; mapping keys must be strings.
    """
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        out = {}
        for k, v in obj.items():
            if not isinstance(k, str):
                raise RunError(f"cannot serialise a mapping key of type {type(k).__name__} "
                               f"({k!r}): JSON keys must be strings")
            out[k] = to_jsonable(v)
        return out
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, set | frozenset):
        return sorted((to_jsonable(v) for v in obj), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(obj, PurePath):
        return str(obj)
    # NumPy scalars and arrays, without importing NumPy here.
    if hasattr(obj, "tolist") and type(obj).__module__ == "numpy":
        return to_jsonable(obj.tolist())
    raise RunError(f"cannot serialise a value of type {type(obj).__name__} ({obj!r:.80}) to JSON; "
                   "allowed: None, bool, int, float, str, lists, tuples, dicts, dataclasses, NumPy")


def canonical_json(obj: Any) -> str:
    """Deterministic JSON text: sorted keys, compact separators, non-ASCII kept as UTF-8."""
    return json.dumps(to_jsonable(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def config_hash(obj: Any, length: int = 16) -> str:
    """First ``length`` hex digits of the SHA-256 of ``canonical_json(obj)``.

    Equal configs (as JSON) give equal hashes on every machine; ``1`` and ``1.0`` differ, as do
    NaN-free floats that print differently. NaN and infinities are refused (no stable JSON form).
    """
    if not 1 <= length <= 64:
        raise RunError(f"config_hash length must be in [1, 64], got {length}")
    plain = to_jsonable(obj)
    _check_finite(plain)
    text = json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _check_finite(obj: Any, where: str = "config") -> None:
    if isinstance(obj, float) and not math.isfinite(obj):
        raise RunError(f"{where}: {obj} has no stable JSON form; config_hash needs finite numbers")
    if isinstance(obj, dict):
        for k, v in obj.items():
            _check_finite(v, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _check_finite(v, f"{where}[{i}]")
