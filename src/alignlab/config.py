"""Reading YAML configs and validating their fields with messages that name the field.

Shared by every part so that a bad scenario reads the same everywhere:
``<file>: field 'credibility_us': must be in (0, 1], got 1.5``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from alignlab.errors import AlignlabError, ConfigError


def load_yaml(path: str | Path, *, error: type[AlignlabError] = ConfigError) -> Any:
    """Parse a YAML file; a missing file or a syntax error becomes ``error`` with the line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{p}: no such file") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        raise error(f"{p}: cannot read ({exc.__class__.__name__}: {exc})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(f"{p}:{where}: YAML syntax error: {problem}") from None


def require_mapping(obj: Any, where: str, *, error: type[AlignlabError] = ConfigError) -> Mapping:
    """Check that a parsed document (or sub-document) is a mapping."""
    if not isinstance(obj, Mapping):
        kind = "empty" if obj is None else type(obj).__name__
        raise error(f"{where}: expected a mapping of fields, got {kind}")
    return obj


def check_keys(
    obj: Mapping,
    *,
    required: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    where: str,
    error: type[AlignlabError] = ConfigError,
) -> None:
    """Reject missing required fields and unknown fields (typos must not be silently ignored)."""
    for key in required:
        if key not in obj:
            raise error(f"{where}: missing required field '{key}'")
    allowed = set(required) | set(optional)
    for key in obj:
        if key not in allowed:
            raise error(
                f"{where}: unknown field '{key}' (allowed: {', '.join(sorted(allowed))})"
            )


def as_number(
    value: Any,
    field: str,
    *,
    where: str,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
    error: type[AlignlabError] = ConfigError,
) -> float:
    """Validate a finite real number within an (open or closed) interval and return it as float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise error(f"{where}: field '{field}' must be a number, got {value!r}")
    x = float(value)
    if not math.isfinite(x):
        raise error(f"{where}: field '{field}' must be finite, got {value!r}")
    bad_lo = lo is not None and (x <= lo if lo_open else x < lo)
    bad_hi = hi is not None and (x >= hi if hi_open else x > hi)
    if bad_lo or bad_hi:
        left = "-inf" if lo is None else f"{lo:g}"
        right = "inf" if hi is None else f"{hi:g}"
        interval = f"{'(' if lo_open or lo is None else '['}{left}, {right}{')' if hi_open or hi is None else ']'}"
        raise error(f"{where}: field '{field}' must be in {interval}, got {value!r}")
    return x


def read_jsonl(
    path: str | Path, *, error: type[AlignlabError] = ConfigError, keep_bad: bool = False
) -> list[tuple[int, Any]]:
    """The records of a JSON Lines file as ``(line number, value)``, blank lines skipped.

    A missing or unreadable file raises ``error``. A line that is not JSON raises ``error`` naming
    ``<file>:<line>``, or with ``keep_bad`` is returned as its ``json.JSONDecodeError`` so that
    validators can report every problem in one pass.
    """
    import json

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{p}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{p}: cannot read ({exc.__class__.__name__}: {exc})") from None
    out: list[tuple[int, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            if not keep_bad:
                raise error(f"{p}:{n}: not JSON ({exc.msg}, column {exc.colno})") from None
            out.append((n, exc))
    return out
