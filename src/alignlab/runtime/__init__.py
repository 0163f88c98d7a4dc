"""Seeds, task executors (local processes, Dask) and atomic, resumable JSONL result files."""

from alignlab.runtime.errors import (
    DuplicateKeyError,
    ExecutorError,
    ResultFileError,
    RunError,
    TaskError,
)
from alignlab.runtime.executors import (
    EXECUTOR_KINDS,
    DaskExecutor,
    Executor,
    LocalExecutor,
    SerialExecutor,
    make_executor,
)
from alignlab.runtime.hashing import canonical_json, config_hash
from alignlab.runtime.results import ResultFile, append_new, read_records, sorted_records
from alignlab.runtime.run import RunSummary, run_tasks
from alignlab.runtime.seeds import check_seed, child_seeds, derive_seed, rng

__all__ = [
    "EXECUTOR_KINDS",
    "DaskExecutor",
    "DuplicateKeyError",
    "Executor",
    "ExecutorError",
    "LocalExecutor",
    "ResultFile",
    "ResultFileError",
    "RunError",
    "RunSummary",
    "SerialExecutor",
    "TaskError",
    "append_new",
    "canonical_json",
    "check_seed",
    "child_seeds",
    "config_hash",
    "derive_seed",
    "make_executor",
    "read_records",
    "rng",
    "run_tasks",
    "sorted_records",
]
