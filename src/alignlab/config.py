"""Reading YAML configs and validating their fields with messages that name the field.

Shared by every part so that a bad scenario reads the same everywhere:
``<file>: field 'credibility_us' must be in (0, 1], got 1.5``. The typed validators
(:func:`as_number`, :func:`as_int`, :func:`as_bool`, :func:`as_str`, :func:`as_choice`,
:func:`as_path`, :func:`as_list`) check one value each and return it typed; :func:`check_fields`
applies a table of them to a mapping. With ``where=""`` they name a function argument or a CLI
option instead of a config field (``k must be an integer >= 1, got 0``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from numbers import Integral, Real
from pathlib import Path
from typing import Any

import yaml

from alignlab import limits
from alignlab.errors import AlignlabError, ConfigError

_YamlBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: 100x faster


def read_text(path: str | Path, *, error: type[AlignlabError] = ConfigError) -> str:
    """An input file's text: UTF-8, at most :data:`alignlab.limits.INPUT_BYTES`, never a folder.

    Every reader goes through here, so a directory, a missing file, ``/dev/zero``, a 10 GB file or
    binary garbage each end in one line. Pipes and devices are read up to the limit (so
    ``<(generate-config)`` works); a leading UTF-8 byte-order mark is dropped.
    """
    p = Path(path)
    limit = limits.INPUT_BYTES.value
    try:
        if p.is_dir():
            raise error(f"{p}: is a directory, not a file")
        with open(p, "rb") as f:
            data = f.read(limit + 1)
    except FileNotFoundError:
        raise error(f"{p}: no such file") from None
    except OSError as exc:
        raise error(f"{p}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if len(data) > limit:
        raise error(f"{p}: larger than the input limit ({limits.INPUT_BYTES.hint()})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{p}: not UTF-8 text (byte {exc.start} is {data[exc.start]:#04x})") from None


class _Loader(_YamlBase):  # type: ignore[valid-type,misc]
    """Safe YAML (the C parser when PyYAML has it) with YAML 1.2 numbers and unique keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"a mapping key must be a plain value, got a "
                        f"{type(key).__name__}", key_node.start_mark) from None
                if first is not None:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r} (first on line {first})",
                        key_node.start_mark)
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


# YAML 1.2 reads 1e-12, 1E5 and 2.5e3 as numbers; PyYAML (YAML 1.1) needs a dot and a signed
# exponent and would hand the field a string.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


def _check_yaml_shape(text: str, where: str, error: type[AlignlabError]) -> None:
    """Walk the parser's events (no tree is built) and refuse, before composing anything, a
    document nested deeper than :data:`~alignlab.limits.DEPTH`, with more aliases than
    :data:`~alignlab.limits.ALIASES`, a recursive alias, or more values after alias expansion
    than :data:`~alignlab.limits.NODES` (a 1 kB "billion laughs" file expands to billions)."""
    max_depth, max_aliases, max_nodes = limits.DEPTH.value, limits.ALIASES.value, limits.NODES.value
    sizes: dict[str, int] = {}  # anchor -> values it expands to
    stack: list[list[Any]] = []  # open collections: [anchor, values so far]
    total = aliases = 0
    for ev in yaml.parse(text, Loader=_Loader):
        if isinstance(ev, yaml.CollectionStartEvent):
            if len(stack) >= max_depth:
                line = ev.start_mark.line + 1 if ev.start_mark else "?"
                raise error(f"{where}: line {line}: nested too deeply ({limits.DEPTH.hint()})")
            stack.append([ev.anchor, 1])
            total += 1
        elif isinstance(ev, yaml.CollectionEndEvent):
            anchor, n = stack.pop()
            if anchor is not None:
                sizes[anchor] = n
            if stack:
                stack[-1][1] += n
            continue
        elif isinstance(ev, yaml.ScalarEvent):
            if ev.anchor is not None:
                sizes[ev.anchor] = 1
            total += 1
            if stack:
                stack[-1][1] += 1
        elif isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > max_aliases:
                raise error(f"{where}: too many YAML aliases ({limits.ALIASES.hint()})")
            if any(a == ev.anchor for a, _ in stack):
                raise error(f"{where}: line {ev.start_mark.line + 1}: alias *{ev.anchor} refers to "
                            "a value that contains it (a recursive structure)")
            n = sizes.get(ev.anchor, 1)
            total += n
            if stack:
                stack[-1][1] += n
        if total > max_nodes:
            raise error(f"{where}: too many values once YAML aliases are expanded "
                        f"({limits.NODES.hint()})")


def _yaml_error(exc: yaml.YAMLError, where: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    loc = f" line {mark.line + 1}, column {mark.column + 1}:" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if isinstance(exc, yaml.constructor.ConstructorError):
        return f"{where}:{loc} {problem}"
    return f"{where}:{loc} YAML syntax error: {problem}"


def parse_yaml(text: str, where: str = "<yaml>", *,
               error: type[AlignlabError] = ConfigError) -> Any:
    """Parse YAML text within the limits of :mod:`alignlab.limits` (see :func:`load_yaml`)."""
    try:
        _check_yaml_shape(text, where, error)
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise error(_yaml_error(exc, where)) from None
    except RecursionError:
        raise error(f"{where}: nested too deeply ({limits.DEPTH.hint()})") from None
    except (ValueError, TypeError, OverflowError) as exc:
        if isinstance(exc, AlignlabError):
            raise
        raise error(f"{where}: a value cannot be read ({_short(exc)})") from None


def load_yaml(path: str | Path, *, error: type[AlignlabError] = ConfigError) -> Any:
    """Parse a YAML file; every problem becomes ``error`` with one line naming the file.

    The one config loader of alignlab: read through :func:`read_text` (size limit, UTF-8), the
    document's shape checked from the parser's events first (depth, aliases, expanded size), then
    built with PyYAML's C loader when available. Keys must be unique in a mapping, ``1e-12`` is a
    number (YAML 1.2), and only plain YAML types are built (no Python tags).
    """
    p = Path(path)
    return parse_yaml(read_text(p, error=error), str(p), error=error)


def _short(exc: BaseException) -> str:
    msg = str(exc).split(";")[0].strip()
    if "integer string conversion" in msg:
        return "an integer has more than 4300 digits"
    return f"{type(exc).__name__}: {msg[:200]}"


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json_depth_ok(obj: Any, max_depth: int) -> bool:
    stack = [(obj, 1)]
    while stack:
        o, d = stack.pop()
        if isinstance(o, dict):
            children = o.values()
        elif isinstance(o, list):
            children = o
        else:
            continue
        if d > max_depth:
            return False
        stack.extend((c, d + 1) for c in children if isinstance(c, dict | list))
    return True


def parse_json(text: str | bytes, where: str = "<json>", *,
               error: type[AlignlabError] = ConfigError) -> Any:
    """One JSON value with the limits of the YAML loader: nesting within
    :data:`~alignlab.limits.DEPTH`, unique keys, integers of at most 4300 digits, no ``NaN`` or
    ``Infinity``; any problem is ``error`` naming ``where`` (``file:line``)."""
    try:
        obj = json.loads(text, object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
    except RecursionError:
        raise error(f"{where}: nested too deeply ({limits.DEPTH.hint()})") from None
    except json.JSONDecodeError as exc:
        raise error(f"{where}: not JSON ({exc.msg}, column {exc.colno})") from None
    except UnicodeDecodeError as exc:
        raise error(f"{where}: not UTF-8 text (byte {exc.start})") from None
    except (ValueError, TypeError) as exc:
        raise error(f"{where}: not valid JSON ({_short(exc).removeprefix('ValueError: ')})") \
            from None
    if (isinstance(obj, dict | list) and text.count("[" if isinstance(text, str) else b"[")
            + text.count("{" if isinstance(text, str) else b"{") > limits.DEPTH.value
            and not _json_depth_ok(obj, limits.DEPTH.value)):
        raise error(f"{where}: nested too deeply ({limits.DEPTH.hint()})")
    return obj


def load_json(path: str | Path, *, error: type[AlignlabError] = ConfigError) -> Any:
    """One JSON document from a file, through :func:`read_text` and :func:`parse_json`."""
    p = Path(path)
    return parse_json(read_text(p, error=error), str(p), error=error)


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

    The file is read with :func:`read_text` and each line parsed with :func:`parse_json` (same
    limits as every reader). A missing or unreadable file raises ``error``. A bad line raises
    ``error`` naming ``<file>:<line>``, or with ``keep_bad`` is returned as that ``error`` instance
    so that validators can report every problem in one pass.
    """
    p = Path(path)
    text = read_text(p, error=error)
    out: list[tuple[int, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append((n, parse_json(line, f"{p}:{n}", error=error)))
        except AlignlabError as exc:
            if not keep_bad:
                raise
            out.append((n, exc))
    return out
