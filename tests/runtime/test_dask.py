"""DaskExecutor on a real local cluster: results, batching, task errors, run_tasks, bad address."""

from __future__ import annotations

import os
import socket

import pytest
from tests.runtime.runtime_tasks import fail_on, square, tiny

from alignlab.runtime import (
    DaskExecutor,
    ExecutorError,
    TaskError,
    make_executor,
    run_tasks,
    sorted_records,
)

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as c:
        yield c


def test_dask_executor_on_a_local_cluster(cluster, tmp_path):
    with make_executor("dask", address=cluster.scheduler_address) as ex:
        assert isinstance(ex, DaskExecutor) and ex.workers == 2
        assert sorted(v for _, v in ex.map(tiny, range(500))) == list(range(1, 501))
        assert len(ex.last_batch_sizes) < 100  # tiny tasks travel in batches
        assert sorted(ex.map(lambda x: 2 * x, [1, 2])) == [(0, 2), (1, 4)]  # cloudpickle
        with pytest.raises(TaskError, match="task 7 failed: ZeroDivisionError") as ei:
            list(ex.map(fail_on, range(10)))
        assert ei.value.index == 7
        s = run_tasks(square, range(30), key=str, out=tmp_path / "r.jsonl", executor=ex,
                      progress=False)
    assert s.run_now == 30
    assert [r["y"] for r in sorted_records(tmp_path / "r.jsonl")] == \
        [i * i for i in sorted(range(30), key=str)]


@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")
def test_dask_executor_starts_its_own_cluster():
    with DaskExecutor(workers=2, processes=False) as ex:
        assert sorted(ex.map(tiny, range(5))) == [(i, i + 1) for i in range(5)]


def test_unreachable_scheduler_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ExecutorError, match=f"cannot connect to the Dask scheduler at tcp://127.0.0.1:{port}"):
        DaskExecutor(f"tcp://127.0.0.1:{port}", connect_timeout=0.5)


def test_a_failed_batch_names_its_tasks(cluster):
    # the batch itself fails on the worker (here: the function cannot be unpickled there)
    with DaskExecutor(cluster.scheduler_address, min_batch_seconds=0) as ex:
        with pytest.raises(TaskError, match=r"task 0 failed: .*in a batch of tasks 0\.\.0"):
            list(ex.map(Unloadable(), [1]))
        assert sorted(ex.map(tiny, [1, 2])) == [(0, 2), (1, 3)]


class Unloadable:
    """Pickles fine here, fails to unpickle in a worker."""

    def __call__(self, x: int) -> int:
        return x

    def __reduce__(self):
        return (_load_in, (os.getpid(),))


def _load_in(pid: int) -> Unloadable:
    if os.getpid() != pid:
        raise RuntimeError("cannot be loaded in another process")
    return Unloadable()
