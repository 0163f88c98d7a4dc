"""The runtime's exception family: bad result files, failed tasks, unusable executors."""

from __future__ import annotations

from alignlab.errors import AlignlabError


class RunError(AlignlabError):
    """Root of :mod:`alignlab.runtime` errors (a run that cannot start, resume or finish)."""


class ResultFileError(RunError):
    """A JSONL result file that cannot be opened, parsed or appended to."""


class DuplicateKeyError(ResultFileError):
    """An append whose ``key`` is already in the result file (records are written once)."""


class ExecutorError(RunError):
    """An executor that cannot be created (unknown kind, missing extra, unreachable scheduler)."""


class TaskError(RunError):
    """A task raised: carries the task's position ``index`` in the items given to ``map``."""

    def __init__(self, index: int, message: str, *, remote_traceback: str = "") -> None:
        super().__init__(message)
        self.index = index
        self.remote_traceback = remote_traceback

    def __reduce__(self) -> tuple:  # picklable across processes despite the extra fields
        return (_make_task_error, (self.index, str(self), self.remote_traceback))


def _make_task_error(index: int, message: str, remote_traceback: str) -> TaskError:
    return TaskError(index, message, remote_traceback=remote_traceback)
