"""One progress display for every long run: a rich bar on stderr, shown only where it is harmless.

A bar is drawn when stderr is a terminal, unless ``ALIGNLAB_PROGRESS=0`` is set (``off``/``no``/
``false`` too) or the code runs inside :func:`quiet` — which the CLI enters for ``--json`` and the
executors enter in worker processes. Bars opened while another is shown join the same display as
extra rows (rich allows one live display per terminal), so a demo section can run a sweep whose
own bar appears under the section's. Bars are transient: they vanish when their work ends, so the
terminal keeps only the command's output. Nothing here touches stdout.

Use::

    with progress.bar("agreement sweep", total=len(tasks)) as b:
        for t in tasks:
            ...
            b.advance()

    for x in progress.track(items, "noisy runs"):   # the same, for a loop
        ...
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

ENV = "ALIGNLAB_PROGRESS"
_OFF = frozenset({"0", "off", "no", "false"})

_lock = threading.RLock()
_quiet = 0  # depth of active quiet() blocks in this process
_display: Any = None  # the shared rich Progress while any bar is open
_open = 0  # bars currently attached to _display


def enabled() -> bool:
    """Whether a bar opened now would be drawn: stderr is a TTY, not quieted, not turned off."""
    if _quiet > 0 or os.environ.get(ENV, "").strip().lower() in _OFF:
        return False
    stream = sys.stderr
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # closed or exotic stream
        return False


@contextmanager
def quiet(on: bool = True) -> Iterator[None]:
    """Inside this block no bar is drawn (``on=False`` makes it a no-op, for ``quiet(as_json)``)."""
    global _quiet
    if not on:
        yield
        return
    with _lock:
        _quiet += 1
    try:
        yield
    finally:
        with _lock:
            _quiet -= 1


class Bar:
    """One row of the display: ``advance(n)`` after each unit of work, ``update(...)`` to retitle."""

    def __init__(self, display: Any, task_id: Any) -> None:
        self._display, self._id = display, task_id

    def advance(self, n: float = 1) -> None:
        self._display.advance(self._id, n)

    def update(self, *, completed: float | None = None, total: float | None = None,
               description: str | None = None) -> None:
        kw: dict[str, Any] = {}
        if completed is not None:
            kw["completed"] = completed
        if total is not None:
            kw["total"] = total
        if description is not None:
            kw["description"] = description
        self._display.update(self._id, **kw)


class _NullBar(Bar):
    """What :func:`bar` yields when nothing is drawn: every call does nothing."""

    def __init__(self) -> None:
        pass

    def advance(self, n: float = 1) -> None:
        pass

    def update(self, *, completed: float | None = None, total: float | None = None,
               description: str | None = None) -> None:
        pass


NULL_BAR = _NullBar()


def _new_display() -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True, refresh_per_second=5,
        redirect_stdout=False,  # stdout is the command's output; it must never go to stderr
    )


@contextmanager
def bar(description: str, total: float | None = None, *, completed: float = 0,
        show: bool = True) -> Iterator[Bar]:
    """A progress row for ``total`` units (``None``: unknown); a no-op bar when not :func:`enabled`.

    ``show=False`` forces the no-op bar (e.g. ``run_tasks(progress=False)``).
    """
    global _display, _open
    if not (show and enabled()):
        yield NULL_BAR
        return
    with _lock:
        if _display is None:
            _display = _new_display()
            _display.start()
        display = _display
        task_id = display.add_task(description or "working", total=total, completed=completed)
        _open += 1
    try:
        yield Bar(display, task_id)
    finally:
        with _lock:
            display.remove_task(task_id)
            _open -= 1
            if _open == 0 and _display is display:
                _display = None
                display.stop()


def echo(text: str) -> None:
    """Print a line (rich markup) on stderr; above the bars while they are shown, never torn by them."""
    with _lock:
        display = _display
    if display is not None:
        display.console.print(text)
    else:
        from rich.console import Console

        Console(stderr=True).print(text)


def track(items: Iterable[T], description: str, total: float | None = None, *,
          show: bool = True) -> Iterator[T]:
    """Yield ``items``, advancing a bar after each (``total`` defaults to ``len(items)``)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with bar(description, total, show=show) as b:
        for x in items:
            yield x
            b.advance()


__all__ = ["ENV", "NULL_BAR", "Bar", "bar", "echo", "enabled", "quiet", "track"]
