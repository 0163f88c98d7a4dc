"""Reading YAML configs and validating their fields with messages that name the field.

Shared by every part so that a bad scenario reads the same everywhere:
``<file>: field 'credibility_us' must be in (0, 1], got 1.5``. The typed validators
(:func:`as_number`, :func:`as_int`, :func:`as_bool`, :func:`as_str`, :func:`as_choice`,
:func:`as_path`, :func:`as_list`) check one value each and return it typed; :func:`check_fields`
applies a table of them to a mapping. With ``where=""`` they name a function argument or a CLI
option instead of a config field (``k must be an integer >= 1, got 0``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from numbers import Integral, Real
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


def _subject(field: str, where: str) -> str:
    """``<file>: field 'x'`` for a config field, plain ``x`` for an argument (no ``where``)."""
    return f"{where}: field '{field}'" if where else field


def _interval(lo: float | None, hi: float | None, lo_open: bool, hi_open: bool) -> str:
    left = "-inf" if lo is None else f"{lo:g}"
    right = "inf" if hi is None else f"{hi:g}"
    return (f"{'(' if lo_open or lo is None else '['}{left}, {right}"
            f"{')' if hi_open or hi is None else ']'}")


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
    """Validate a finite real number (NumPy scalars too) in an open or closed interval; as float."""
    name = _subject(field, where)
    if isinstance(value, bool) or not isinstance(value, Real):
        raise error(f"{name} must be a number, got {value!r}")
    x = float(value)
    if not math.isfinite(x):
        raise error(f"{name} must be finite, got {value!r}")
    bad_lo = lo is not None and (x <= lo if lo_open else x < lo)
    bad_hi = hi is not None and (x >= hi if hi_open else x > hi)
    if bad_lo or bad_hi:
        raise error(f"{name} must be in {_interval(lo, hi, lo_open, hi_open)}, got {value!r}")
    return x


def as_int(
    value: Any,
    field: str,
    *,
    where: str,
    lo: int | None = None,
    hi: int | None = None,
    error: type[AlignlabError] = ConfigError,
) -> int:
    """Validate an integer (not a bool; NumPy integers accepted) in ``[lo, hi]`` and return it."""
    ok = isinstance(value, Integral) and not isinstance(value, bool)
    if ok and (lo is None or value >= lo) and (hi is None or value <= hi):
        return int(value)
    if hi is None:
        allowed = "an integer" if lo is None else f"an integer >= {lo}"
    else:
        allowed = f"an integer in [{'-inf' if lo is None else lo}, {hi}]"
    raise error(f"{_subject(field, where)} must be {allowed}, got {value!r}")


def as_bool(value: Any, field: str, *, where: str, error: type[AlignlabError] = ConfigError) -> bool:
    """Validate a YAML/JSON boolean (``true``/``false``; not 0/1, not the string "yes")."""
    if not isinstance(value, bool):
        raise error(f"{_subject(field, where)} must be true or false, got {value!r}")
    return value


def as_str(
    value: Any, field: str, *, where: str, empty: bool = False,
    error: type[AlignlabError] = ConfigError,
) -> str:
    """Validate a string (non-blank unless ``empty``) and return it."""
    if not isinstance(value, str) or (not empty and not value.strip()):
        kind = "a string" if empty else "a non-empty string"
        raise error(f"{_subject(field, where)} must be {kind}, got {value!r}")
    return value


def as_choice(
    value: Any, field: str, choices: Iterable[Any], *, where: str,
    error: type[AlignlabError] = ConfigError,
) -> Any:
    """Validate that ``value`` is one of ``choices`` (compared with ``==``) and return it."""
    allowed = tuple(choices)
    if isinstance(value, bool) or value not in allowed:
        raise error(f"{_subject(field, where)} must be one of {', '.join(map(str, allowed))}, "
                    f"got {value!r}")
    return value


def as_path(
    value: Any, field: str, *, where: str, base: str | Path | None = None,
    error: type[AlignlabError] = ConfigError,
) -> Path:
    """Validate a file path given as a string; a relative path is taken relative to ``base``."""
    p = Path(as_str(value, field, where=where, error=error))
    return p if base is None or p.is_absolute() else Path(base) / p


def as_list(
    value: Any, field: str, *, where: str, item: Callable[..., Any] | None = None,
    empty: bool = False, error: type[AlignlabError] = ConfigError,
) -> list[Any]:
    """Validate a list (non-empty unless ``empty``); ``item`` validates each element.

    ``item`` is a validator called as ``item(x, field, where=where, error=error)``, e.g.
    ``functools.partial(as_int, lo=1)``.
    """
    if not isinstance(value, list) or (not empty and not value):
        kind = "a list" if empty else "a non-empty list"
        raise error(f"{_subject(field, where)} must be {kind}, got {value!r}")
    if item is None:
        return list(value)
    return [item(x, field, where=where, error=error) for x in value]


Rule = Callable[..., Any]
"""A field's validator: called as ``rule(value, field, where=..., error=...)``, returns the value."""


def check_fields(
    obj: Mapping,
    rules: Mapping[str, Rule],
    *,
    where: str,
    required: tuple[str, ...] = (),
    error: type[AlignlabError] = ConfigError,
) -> dict[str, Any]:
    """Validate a mapping against a table of field → rule; returns the validated fields present.

    The table is the single statement of what a config accepts (like scikit-learn's
    ``_parameter_constraints``): unknown and missing fields are rejected by :func:`check_keys`,
    each present field goes through its rule, e.g.
    ``{"samples": partial(as_int, lo=0), "mode": partial(as_choice, choices=("a", "b"))}``.
    """
    check_keys(obj, required=required, optional=tuple(k for k in rules if k not in required),
               where=where, error=error)
    return {k: rules[k](v, k, where=where, error=error) for k, v in obj.items()}


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
