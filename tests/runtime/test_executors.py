"""Serial and local executors: same results, task errors name their index, batching groups tasks."""

from __future__ import annotations

import pytest
from tests.runtime.runtime_tasks import fail_on, make_unpicklable, pid_of, square, tiny

from alignlab.runtime import (
    Executor,
    ExecutorError,
    LocalExecutor,
    SerialExecutor,
    TaskError,
    make_executor,
)


@pytest.fixture(scope="module")
def local():
    with LocalExecutor(workers=2) as ex:
        yield ex


def test_serial_in_order():
    ex = SerialExecutor()
    assert isinstance(ex, Executor)
    assert list(ex.map(square, [3, 1])) == [(0, {"x": 3, "y": 9}), (1, {"x": 1, "y": 1})]


def test_local_matches_serial(local):
    items = list(range(50))
    assert isinstance(local, Executor)
    assert sorted(local.map(square, items)) == list(SerialExecutor().map(square, items))
    assert list(local.map(square, [])) == []


@pytest.mark.parametrize("make", [SerialExecutor, lambda: LocalExecutor(2, min_batch_seconds=0)])
def test_task_error_names_the_index(make):
    with make() as ex:
        got = []
        with pytest.raises(TaskError, match="task 7 failed: ZeroDivisionError: bad item 7") as ei:
            got.extend(i for i, _ in ex.map(fail_on, range(20)))
    assert ei.value.index == 7
    assert "Traceback" in ei.value.remote_traceback
    assert 7 not in got


def test_local_reusable_after_a_task_error(local):
    with pytest.raises(TaskError):
        list(local.map(fail_on, range(10)))
    assert sorted(v for _, v in local.map(tiny, range(5))) == [1, 2, 3, 4, 5]


def test_unpicklable_function_task_or_result_is_a_clear_error(local):
    with pytest.raises(ExecutorError, match="cannot be sent to worker processes"):
        list(local.map(lambda x: x, [1, 2]))
    with pytest.raises(TaskError, match=r"task 1 failed: .*the task cannot be pickled"):
        list(LocalExecutor(2, min_batch_seconds=0).map(tiny, [1, lambda: 0]))
    with pytest.raises(TaskError, match=r"task 2 failed: .*result cannot be pickled"):
        list(local.map(make_unpicklable, [0, 0, 1]))
    assert sorted(v for _, v in local.map(tiny, range(3))) == [1, 2, 3]  # the pool still works


def test_batching_groups_small_tasks(local):
    n = 3000
    out = dict(local.map(pid_of, range(n)))
    assert sorted(out) == list(range(n))
    sizes = local.last_batch_sizes
    assert sum(sizes) == n
    assert len(sizes) < n / 20, f"{len(sizes)} batches for {n} tiny tasks"
    assert max(sizes) > 100
    # a batch runs in one worker: consecutive items of a large batch share a process id
    big_start = sum(sizes[: sizes.index(max(sizes))])
    assert len({out[i][1] for i in range(big_start, big_start + max(sizes))}) == 1


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_other_start_methods(method):
    with LocalExecutor(1, mp_context=method) as ex:
        assert sorted(ex.map(square, [2, 3])) == [(0, {"x": 2, "y": 4}), (1, {"x": 3, "y": 9})]


def test_unbatched_sends_one_task_per_batch():
    with LocalExecutor(2, min_batch_seconds=0) as ex:
        assert sorted(v for _, v in ex.map(tiny, range(40))) == list(range(1, 41))
        assert ex.last_batch_sizes == [1] * 40


def test_make_executor():
    assert isinstance(make_executor("serial"), SerialExecutor)
    ex = make_executor("local", workers=3, min_batch_seconds=0.5)
    assert isinstance(ex, LocalExecutor) and ex.workers == 3 and ex.min_batch_seconds == 0.5


@pytest.mark.parametrize(("args", "kwargs", "match"), [
    (("threads",), {}, "unknown executor 'threads'; allowed: local, serial, dask"),
    (("local",), {"address": "tcp://h:8786"}, "needs the dask executor"),
    (("local",), {"workers": 0}, "workers must be a positive integer"),
    (("serial",), {"workers": 4}, "one task at a time"),
    (("local",), {"min_batch_seconds": -1}, "min_batch_seconds must be"),
    (("local",), {"colour": "red"}, "bad option for the local executor"),
])
def test_make_executor_errors(args, kwargs, match):
    with pytest.raises(ExecutorError, match=match):
        make_executor(*args, **kwargs)


def test_task_error_pickles():
    import pickle

    err = pickle.loads(pickle.dumps(TaskError(3, "task 3 failed: X: y", remote_traceback="tb")))
    assert (err.index, str(err), err.remote_traceback) == (3, "task 3 failed: X: y", "tb")


def test_pool_workers_die_quietly_on_sigterm(tmp_path):
    """run_tasks turns SIGTERM into KeyboardInterrupt in the parent; forked workers must not keep
    that handler (terminating the pool after a failure printed their tracebacks)."""
    from tests.runtime.runtime_tasks import sigterm_disposition

    from alignlab.runtime import run_tasks, sorted_records

    with LocalExecutor(2, min_batch_seconds=0) as ex:
        run_tasks(sigterm_disposition, range(6), key=str, out=tmp_path / "r.jsonl", executor=ex,
                  progress=False)
    assert all(r["default"] for r in sorted_records(tmp_path / "r.jsonl"))


FAILING_RUN = """
import sys
from alignlab.runtime import LocalExecutor, TaskError, run_tasks
from tests.runtime.runtime_tasks import fail_record
try:
    run_tasks(fail_record, list(range(200)), key=str, out=sys.argv[1], progress=False,
              executor=LocalExecutor(2, min_batch_seconds=0))
except TaskError as exc:
    print("task error:", exc)
"""


def test_a_failed_pool_run_exits_cleanly(tmp_path):
    """After a task fails the pool is shut down on every path: no hang at exit, no worker
    tracebacks (this failed about 1 run in 10 with KeyboardInterrupt tracebacks in most)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(repo / "src"), str(repo)])}
    for i in range(4):
        p = subprocess.run([sys.executable, "-c", FAILING_RUN, str(tmp_path / f"r{i}.jsonl")],
                           capture_output=True, text=True, timeout=120, env=env, cwd=repo)
        assert p.returncode == 0 and "task error: task 7" in p.stdout, p
        assert "Traceback" not in p.stderr and "KeyboardInterrupt" not in p.stderr, p.stderr
