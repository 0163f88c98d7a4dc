"""What every part's CLI shares: the common options, spelled once, and the one JSON printer.

A command declares the shared options with these aliases and factories (Typer reads them as
parameter annotations or defaults), calls the part's Python API, then prints either human text or
exactly one JSON object through :func:`emit_json`::

    @app.command()
    def run(config: Path, as_json: JsonOpt = False, seed: SeedOpt = 0,
            out: Path = out_option(Path("runs.jsonl"), "Resumable JSONL results."),
            executor: ExecutorOpt = "local", address: AddressOpt = None,
            workers: WorkersOpt = None) -> None:
        result = library_call(config, seed=seed, ...)
        if as_json:
            return emit_json(result.to_dict())
        print_human(result)

Only ``typer`` is imported here, so the root ``alignlab --help`` stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from alignlab.errors import AlignlabError

T = TypeVar("T")

JSON_HELP = "Print one JSON object on stdout instead of text (no progress bar)."
SEED_HELP = "Seed (≥ 0) for every random choice: same seed, same output."

def int_range(option: str, lo: int | None = None, hi: int | None = None) -> Callable[[Any], Any]:
    """An option callback checking an integer value is in ``[lo, hi]`` (None passes).

    Out of range is an :class:`~alignlab.errors.AlignlabError`, so the CLI prints one line
    (``error: --seed must be an integer >= 0, got -1``) and exits 2, like every other bad input.
    """
    from alignlab.config import as_int

    def check(value: Any) -> Any:
        return None if value is None else as_int(value, option, where="", lo=lo, hi=hi,
                                                 error=AlignlabError)

    return check


JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
"""``--json``: print one JSON object (via :func:`emit_json`) instead of human text."""

MAX_SEED = 2**63 - 1  # = alignlab.runtime.seeds.MAX_SEED (not imported: keeps NumPy out of --help)

seed_callback = int_range("--seed", 0, MAX_SEED)
"""The ``--seed`` callback: an integer in ``[0, 2**63 - 1]`` (or None, for an optional seed)."""

SeedOpt = Annotated[int, typer.Option("--seed", callback=seed_callback, help=SEED_HELP)]
"""``--seed``: a non-negative seed; same seed, same output."""

ExecutorOpt = Annotated[
    str,
    typer.Option("--executor", help="Where tasks run: local (process pool), serial, or dask (needs the \\[dask] extra)."),
]
"""``--executor``: passed to :func:`alignlab.runtime.make_executor`, which validates it."""

AddressOpt = Annotated[
    str | None,
    typer.Option("--address", help="Dask scheduler, e.g. tcp://host:8786 (with --executor dask; "
                                   "without it a local Dask cluster is started)."),
]
"""``--address``: the Dask scheduler (only with ``--executor dask``)."""

WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", callback=int_range("--workers", 1),
                 help="Worker processes (default: one per core)."),
]
"""``--workers``: worker processes for the local or Dask executor."""


def json_option(help: str = JSON_HELP) -> Any:
    """``--json`` with a command-specific help text (e.g. "Print one JSON summary object.")."""
    return typer.Option(False, "--json", help=help)


def seed_option(default: int = 0, help: str = SEED_HELP) -> Any:
    """``--seed`` (checked ≥ 0) with a command-specific default or help text."""
    return typer.Option(default, "--seed", callback=seed_callback, help=help)


def out_option(default: Path | None, help: str) -> Any:
    """``--out/-o``: the file or folder a command writes; ``help`` says what is written there."""
    return typer.Option(default, "--out", "-o", help=help)


def split_list(text: str, option: str, convert: Callable[[str], T] = str, *,  # type: ignore[assignment]
               what: str = "values") -> tuple[T, ...]:
    """A comma-separated option value (``--widths 16,32,64``) as a non-empty tuple.

    An item ``convert`` rejects, or an empty list, is an :class:`~alignlab.errors.AlignlabError`
    naming the option: ``--widths must be comma-separated integers, got '8,x'``.
    """
    try:
        items = tuple(convert(v.strip()) for v in text.split(",") if v.strip())
    except ValueError:
        raise AlignlabError(f"{option} must be comma-separated {what}, got {text!r}") from None
    if not items:
        raise AlignlabError(f"{option} is empty")
    return items


def examples(*commands: str) -> str:
    """A group's ``--help`` epilog: one runnable command per line, each optionally ``# why``."""
    return "Examples:\n\n" + "\n\n".join(f"  {c}" for c in commands)


def _jsonable(obj: Any) -> Any:
    """What :func:`json.dumps` cannot write itself: paths, NumPy scalars and arrays."""
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "tolist"):  # numpy scalar or array, without importing numpy here
        return obj.tolist()
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def emit_json(obj: Any) -> None:
    """Print ``obj`` as one line of JSON on stdout: the ``--json`` output of every command.

    ASCII-only (non-ASCII text is escaped, so any terminal or pipe carries it), NumPy values as
    numbers, paths as strings.
    """
    typer.echo(json.dumps(obj, default=_jsonable))


def _flags_without_type() -> None:
    """Show boolean flags as flags in ``--help`` (Typer ≥ 0.29 prints ``<bool>`` after them).

    ``--json <bool>`` reads as if a value were expected; a flag takes none. Applies to every flag,
    ``--help`` included, through the one method Typer uses to render the type column.
    """
    from typer import core

    option = getattr(core, "TyperOption", None)
    render = getattr(option, "display_type_rich", None)
    if render is None or getattr(render, "_alignlab_flags", False):
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False) and self.metavar is None:
            return None
        return render(self, ctx)

    display_type_rich._alignlab_flags = True  # type: ignore[attr-defined]
    option.display_type_rich = display_type_rich  # type: ignore[union-attr]


_flags_without_type()
