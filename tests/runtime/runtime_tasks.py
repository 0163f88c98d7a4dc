"""Picklable task functions for the runtime tests (module level, so worker processes import them)."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path


def square(x: int) -> dict:
    return {"x": x, "y": x * x}


def tiny(x: int) -> int:
    return x + 1


def fail_on(x: int) -> int:
    if x == 7:
        raise ZeroDivisionError(f"bad item {x}")
    return x


def make_unpicklable(x: int) -> object:
    return (lambda: x) if x else x


def pid_of(x: int) -> tuple[int, int]:
    return x, os.getpid()


class MarkedSleep:
    """``fn(task)``: leave one marker file per invocation in ``marker_dir``, sleep, return a record.

    Counting markers per key tells how many times a task was computed.
    """

    def __init__(self, marker_dir: str | Path, seconds: float) -> None:
        self.marker_dir = Path(marker_dir)
        self.seconds = seconds

    def __call__(self, task: int) -> dict:
        (self.marker_dir / f"{task:04d}.{uuid.uuid4().hex}").touch()
        time.sleep(self.seconds)
        return {"task": task, "value": task * 3, "text": f"task {task} \u2028 done"}


def marker_counts(marker_dir: str | Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in Path(marker_dir).iterdir():
        k = str(int(p.name.split(".")[0]))
        counts[k] = counts.get(k, 0) + 1
    return counts


def fail_record(x: int) -> dict:
    """A record, except task 7 raises (the failing-task path of run_tasks)."""
    return {"x": fail_on(x)}


def sigterm_disposition(x: int) -> dict:
    """Where SIGTERM goes in the worker running this task (default: die quietly)."""
    import signal

    return {"x": x, "default": signal.getsignal(signal.SIGTERM) == signal.SIG_DFL}
