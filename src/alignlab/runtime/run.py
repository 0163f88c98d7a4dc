"""Resumable runs: a list of independent tasks → one JSONL record per task, appended as it finishes.

``run_tasks`` skips every task whose key is already in the output file, so rerunning a killed or
failed run only computes what is missing, and a task is never recorded twice.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alignlab.progress import bar as progress_bar
from alignlab.runtime.errors import RunError, TaskError
from alignlab.runtime.executors import Executor, LocalExecutor
from alignlab.runtime.results import ResultFile


@dataclass(frozen=True)
class RunSummary:
    """What a run did: ``done_before`` tasks were found in ``path``, ``run_now`` were computed."""

    path: Path
    total: int
    done_before: int
    run_now: int

    @property
    def complete(self) -> bool:
        """Every task has its record."""
        return self.done_before + self.run_now == self.total


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt while a run is active (so workers get stopped)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    owner = os.getpid()

    def handler(signum: int, frame: Any) -> None:
        if os.getpid() != owner:  # a forked pool worker that has not reset its handlers yet:
            signal.signal(signum, signal.SIG_DFL)  # die as SIGTERM means, without a traceback
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt(f"signal {signal.Signals(signum).name}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_tasks(
    fn: Callable[[Any], Mapping[str, Any]],
    tasks: Iterable[Any],
    *,
    key: Callable[[Any], str],
    out: str | Path,
    executor: Executor | None = None,
    progress: bool = True,
    description: str = "",
    fsync: bool = False,
) -> RunSummary:
    """Run ``fn(task)`` for every task whose ``key(task)`` is not yet in ``out``; append each result.

    ``fn`` returns a dict (JSON-able: numbers, strings, lists, dicts, dataclasses, NumPy values);
    the record written is that dict plus ``"key"``. Records are appended as tasks complete, so the
    file order depends on the executor; read them with ``sorted_records(out)`` for a fixed order.
    ``executor`` defaults to a :class:`LocalExecutor` made (and closed) here. SIGTERM, like Ctrl-C,
    stops the run cleanly; even SIGKILL loses at most the tasks that were running. ``progress``
    shows a bar on stderr (see :mod:`alignlab.progress`: only on a terminal, never inside
    ``progress.quiet()``).
    """
    tasks = list(tasks)
    keys: list[str] = []
    seen: dict[str, int] = {}
    for i, task in enumerate(tasks):
        k = key(task)
        if not isinstance(k, str) or not k:
            raise RunError(f"key(task {i}) must be a non-empty string, got {k!r}")
        if k in seen:
            raise RunError(f"tasks {seen[k]} and {i} have the same key {k!r}; keys must be unique")
        seen[k] = i
        keys.append(k)
    with ResultFile(out, fsync=fsync) as results:
        done = results.done_keys()
        todo = [i for i, k in enumerate(keys) if k not in done]
        done_before = len(tasks) - len(todo)
        owned = executor is None
        ex: Executor = LocalExecutor() if executor is None else executor
        run_now = 0
        try:
            with _sigterm_as_interrupt(), progress_bar(description or "tasks", len(tasks),
                                                       completed=done_before,
                                                       show=progress and bool(todo)) as bar:
                for j, result in ex.map(fn, [tasks[i] for i in todo]):
                    i = todo[j]
                    results.append(_record(result, keys[i], i))
                    run_now += 1
                    bar.advance()
        except TaskError as exc:
            i = todo[exc.index]
            raise TaskError(i, f"task {i} (key {keys[i]!r}) failed: "
                               f"{str(exc).split(': ', 1)[-1]}",
                            remote_traceback=exc.remote_traceback) from exc
        finally:
            if owned:
                ex.close()
    return RunSummary(Path(out), len(tasks), done_before, run_now)


def _record(result: Any, k: str, i: int) -> dict[str, Any]:
    if not isinstance(result, Mapping):
        raise RunError(f"task {i} (key {k!r}) returned {type(result).__name__}; "
                       "a task must return a dict")
    if "key" in result and result["key"] != k:
        raise RunError(f"task {i} returned key {result['key']!r} but its key is {k!r}")
    return {**result, "key": k}
