"""Task executors: ``map(fn, items)`` yields ``(index, fn(items[index]))`` as tasks complete.

Three backends share one protocol: :class:`SerialExecutor` (in-process, for debugging and small
runs), :class:`LocalExecutor` (a process pool) and :class:`DaskExecutor` (a Dask cluster, remote
or local). The pool backends batch small tasks adaptively: each batch is sized from the measured
time per task so that it carries at least ``min_batch_seconds`` of work, which keeps the per-task
overhead (pickling, IPC, scheduling) small against the work itself. ``fn`` and the items must be
picklable (module-level functions, not lambdas). A task that raises stops the map with a
:class:`TaskError` naming the task's index; tasks already yielded stay yielded.
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import multiprocessing
import os
import pickle
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

from alignlab.progress import quiet
from alignlab.runtime.errors import ExecutorError, TaskError

T = TypeVar("T")
R = TypeVar("R")


@runtime_checkable
class Executor(Protocol):
    """Runs independent tasks; results come back as they complete, tagged with their index."""

    workers: int

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        """Yield ``(i, fn(items[i]))`` for every item, in completion order."""
        ...

    def close(self) -> None:
        """Release processes, clusters and connections."""
        ...


def _task_error(index: int, name: str, message: str, tb: str = "") -> TaskError:
    return TaskError(index, f"task {index} failed: {name}: {message}", remote_traceback=tb)


def run_batch(fn: Callable[[Any], Any], batch: list[tuple[int, Any]]
              ) -> tuple[list[tuple[int, bool, Any]], float]:
    """Run ``fn`` over ``(index, item)`` pairs in a worker; stop at the first error.

    Returns ``[(index, ok, result_or_error)], seconds``; an error is ``(type, message, traceback)``
    so that the parent can name the failing task even when the exception does not pickle.
    """
    out: list[tuple[int, bool, Any]] = []
    t0 = time.perf_counter()
    for index, item in batch:
        try:
            out.append((index, True, fn(item)))
        except Exception as exc:
            out.append((index, False, (type(exc).__name__, str(exc), traceback.format_exc())))
            break
    return out, time.perf_counter() - t0


def run_pickled_batch(payload: bytes) -> bytes:
    """:func:`run_batch` on a pickled ``(fn, batch)``; returns the pickled outcome.

    Pickling on both sides is done here, inside the task, not by the pool's feeder threads or
    Dask's comms, so that an object that does not (un)pickle becomes an error naming its task
    instead of breaking the pool or hanging the cluster.
    """
    fn, batch = pickle.loads(payload)
    with quiet():  # a worker shares the terminal: only the parent draws progress
        results, seconds = run_batch(fn, batch)
    try:
        return pickle.dumps((results, seconds), pickle.HIGHEST_PROTOCOL)
    except Exception:
        safe: list[tuple[int, bool, Any]] = []
        for index, ok, value in results:
            try:
                pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            except Exception as exc:
                safe.append((index, False, (type(exc).__name__,
                                            f"the task's result cannot be pickled: {exc}", "")))
                break
            safe.append((index, ok, value))
        return pickle.dumps((safe, seconds), pickle.HIGHEST_PROTOCOL)


def _pickle_batch(fn: Callable[[Any], Any], batch: list[tuple[int, Any]],
                  dumps: Callable[..., bytes] = pickle.dumps) -> bytes:
    try:
        return dumps((fn, batch), pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        try:
            dumps(fn, pickle.HIGHEST_PROTOCOL)
        except Exception:
            raise ExecutorError(
                f"the task function {getattr(fn, '__qualname__', fn)!r} cannot be sent to worker "
                f"processes ({type(exc).__name__}: {exc}); use a module-level function or a "
                "picklable callable object") from None
        for index, item in batch:
            try:
                dumps(item, pickle.HIGHEST_PROTOCOL)
            except Exception as item_exc:
                raise _task_error(index, type(item_exc).__name__,
                                  f"the task cannot be pickled: {item_exc}") from None
        raise


class _Base:
    workers: int = 1

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        raise NotImplementedError

    def close(self) -> None:
        """Nothing to release by default."""

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SerialExecutor(_Base):
    """Runs the tasks one by one in this process, in order (debugging, tiny runs, profiling)."""

    workers = 1

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        for index, item in enumerate(items):
            try:
                result = fn(item)
            except Exception as exc:
                raise _task_error(index, type(exc).__name__, str(exc),
                                  traceback.format_exc()) from exc
            yield index, result

    def __repr__(self) -> str:
        return "SerialExecutor()"


def _check_workers(workers: int | None, default: int) -> int:
    if workers is None:
        return default
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ExecutorError(f"workers must be a positive integer, got {workers!r}")
    return workers


def _check_batch_seconds(min_batch_seconds: float) -> float:
    if not isinstance(min_batch_seconds, int | float) or not min_batch_seconds >= 0:
        raise ExecutorError(f"min_batch_seconds must be a number >= 0, got {min_batch_seconds!r}")
    return float(min_batch_seconds)


class _BatchPlanner:
    """Sizes batches from the running mean seconds per task measured in the workers.

    Until a first batch returns, batches hold one task (a probe). Then a batch holds
    ``ceil(min_batch_seconds / seconds_per_task)`` tasks, but never more than an even share of
    the remaining tasks across the workers, so that the tail of a run stays parallel.
    """

    def __init__(self, n: int, workers: int, min_batch_seconds: float, max_batch_size: int) -> None:
        self.n, self.workers = n, workers
        self.min_batch_seconds, self.max_batch_size = min_batch_seconds, max_batch_size
        self.tasks_timed = 0
        self.seconds = 0.0
        self.sizes: list[int] = []

    def observe(self, tasks: int, seconds: float) -> None:
        self.tasks_timed += tasks
        self.seconds += seconds

    def next_size(self, remaining: int) -> int:
        if self.min_batch_seconds <= 0 or self.tasks_timed == 0:
            size = 1
        else:
            per_task = max(self.seconds / self.tasks_timed, 1e-7)
            size = math.ceil(self.min_batch_seconds / per_task)
            size = min(size, math.ceil(remaining / self.workers), self.max_batch_size)
        size = max(1, min(size, remaining))
        self.sizes.append(size)
        return size


class _PoolExecutor(_Base):
    """Shared adaptive batching over a futures backend (process pool or Dask)."""

    min_batch_seconds: float = 0.2
    max_batch_size: int = 10_000
    max_in_flight: int = 4  # batches submitted ahead, per worker (hides the round-trip latency)
    last_batch_sizes: list[int]

    def _submit(self, fn: Callable[[Any], Any], batch: list[tuple[int, Any]]) -> Any:
        raise NotImplementedError

    def _outcome(self, value: Any) -> tuple[list[tuple[int, bool, Any]], float]:
        if isinstance(value, BaseException):
            raise value
        return value

    def _tracker(self) -> _Tracker:
        raise NotImplementedError

    def _abort(self, pending: set[Any]) -> None:
        raise NotImplementedError

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[int, Any]]:
        todo = list(items)
        planner = _BatchPlanner(len(todo), self.workers, self.min_batch_seconds,
                                self.max_batch_size)
        self.last_batch_sizes = planner.sizes
        next_i = 0
        pending: dict[Any, list[int]] = {}
        tracker = self._tracker()
        finished = False
        try:
            while next_i < len(todo) or pending:
                while next_i < len(todo) and len(pending) < self.max_in_flight * self.workers:
                    size = planner.next_size(len(todo) - next_i)
                    batch = [(i, todo[i]) for i in range(next_i, next_i + size)]
                    fut = self._submit(fn, batch)
                    pending[fut] = [i for i, _ in batch]
                    tracker.add(fut)
                    next_i += size
                fut, value = tracker.next()
                indices = pending.pop(fut)
                try:
                    results, seconds = self._outcome(value)
                except Exception as exc:  # the batch itself failed (dead worker, lost data)
                    raise _task_error(indices[0], type(exc).__name__,
                                      f"{exc} (in a batch of tasks {indices[0]}..{indices[-1]})"
                                      ) from exc
                planner.observe(len(results), seconds)
                for index, ok, value in results:
                    if not ok:
                        raise _task_error(index, *value)
                    yield index, value
            finished = True
        finally:
            if not finished and pending:
                self._abort(set(pending))


class _Tracker(Protocol):
    def add(self, fut: Any) -> None: ...

    def next(self) -> tuple[Any, Any]:
        """A completed future and its value (the exception it raised, if it failed)."""
        ...


class _FuturesTracker:
    """Completion order for ``concurrent.futures`` futures."""

    def __init__(self) -> None:
        self.pending: set[cf.Future] = set()
        self.ready: list[cf.Future] = []

    def add(self, fut: cf.Future) -> None:
        self.pending.add(fut)

    def next(self) -> tuple[cf.Future, Any]:
        if not self.ready:
            done, self.pending = cf.wait(self.pending, return_when=cf.FIRST_COMPLETED)
            self.ready.extend(done)
        fut = self.ready.pop()
        exc = fut.exception()
        return fut, exc if exc is not None else fut.result()


def _worker_init(parent_pid: int | None) -> None:
    """Make a pool worker die with its parent (a SIGKILLed run must not leave orphans)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except Exception:  # pragma: no cover - exotic libc
            pass
    if parent_pid is not None and os.getppid() != parent_pid:  # died before prctl took effect
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    # A fork copies the parent's Python-level handlers: run_tasks turns SIGTERM into
    # KeyboardInterrupt, which would make a worker print a traceback when the pool terminates it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class LocalExecutor(_PoolExecutor):
    """A local process pool (``workers`` processes, default: the CPU count) with batching.

    ``min_batch_seconds=0`` turns batching off (one task per submission). ``mp_context`` picks
    the multiprocessing start method (default: the platform's). The pool starts on the first
    ``map`` and is reused until :meth:`close`; an interrupted or failed map terminates it.
    """

    def __init__(self, workers: int | None = None, min_batch_seconds: float = 0.2, *,
                 max_batch_size: int = 10_000, mp_context: str | None = None) -> None:
        self.workers = _check_workers(workers, os.cpu_count() or 1)
        self.min_batch_seconds = _check_batch_seconds(min_batch_seconds)
        self.max_batch_size = _check_workers(max_batch_size, 10_000)
        if mp_context is not None and mp_context not in multiprocessing.get_all_start_methods():
            raise ExecutorError(f"mp_context must be one of "
                                f"{multiprocessing.get_all_start_methods()}, got {mp_context!r}")
        self.mp_context = mp_context
        self._pool: cf.ProcessPoolExecutor | None = None
        self.last_batch_sizes = []

    def _get_pool(self) -> cf.ProcessPoolExecutor:
        if self._pool is None:
            ctx = multiprocessing.get_context(self.mp_context)
            # a forkserver's workers are children of the server (which dies with us), not ours
            parent = None if ctx.get_start_method() == "forkserver" else os.getpid()
            self._pool = cf.ProcessPoolExecutor(self.workers, mp_context=ctx,
                                                initializer=_worker_init, initargs=(parent,))
        return self._pool

    def _submit(self, fn: Callable[[Any], Any], batch: list[tuple[int, Any]]) -> cf.Future:
        payload = _pickle_batch(fn, batch)
        try:
            return self._get_pool().submit(run_pickled_batch, payload)
        except cf.process.BrokenProcessPool as exc:
            self._pool = None
            raise ExecutorError(f"the local process pool broke ({exc})") from None

    def _outcome(self, value: Any) -> tuple[list[tuple[int, bool, Any]], float]:
        return pickle.loads(super()._outcome(value))

    def _tracker(self) -> _FuturesTracker:
        return _FuturesTracker()

    def _abort(self, pending: set[Any]) -> None:
        self._terminate()

    def _terminate(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        procs = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():  # pragma: no cover - a worker stuck in uninterruptible code
                p.kill()
                p.join(timeout=5)
        # The pool's manager thread notices the dead workers and ends; wait for it here, so that
        # nothing is left for the interpreter's exit to wait on.
        manager = getattr(pool, "_executor_manager_thread", None)
        if manager is not None:
            manager.join(timeout=10)

    def close(self) -> None:
        """Shut the pool down after the running tasks (there are none outside a map)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __repr__(self) -> str:
        return f"LocalExecutor(workers={self.workers}, min_batch_seconds={self.min_batch_seconds})"


class DaskExecutor(_PoolExecutor):
    """Tasks on a Dask cluster: the scheduler at ``address`` (``tcp://host:8786``) or, without an
    address, a ``distributed.LocalCluster`` of ``workers`` single-threaded worker processes started
    here and closed by :meth:`close`. Batching works as in :class:`LocalExecutor`.
    """

    def __init__(self, address: str | None = None, workers: int | None = None, *,
                 min_batch_seconds: float = 0.2, max_batch_size: int = 10_000,
                 processes: bool = True, connect_timeout: float = 10.0) -> None:
        from alignlab.extras import require

        (distributed, _) = require("dask", error=ExecutorError)
        self.min_batch_seconds = _check_batch_seconds(min_batch_seconds)
        self.max_batch_size = _check_workers(max_batch_size, 10_000)
        self.address = address
        self.last_batch_sizes = []
        self._cluster = None
        n = _check_workers(workers, os.cpu_count() or 1)
        if address is not None:
            if not isinstance(address, str) or not address.strip():
                raise ExecutorError(f"a Dask address looks like tcp://host:8786, got {address!r}")
            try:
                self._client = distributed.Client(address, timeout=connect_timeout)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ExecutorError(f"cannot connect to the Dask scheduler at {address} "
                                    f"({type(exc).__name__}: {exc})") from None
        else:
            self._cluster = distributed.LocalCluster(
                n_workers=n, threads_per_worker=1, processes=processes, dashboard_address=None)
            self._client = distributed.Client(self._cluster)
        threads = sum(self._client.nthreads().values())
        self.workers = max(1, threads) if address is not None else n

    def _submit(self, fn: Callable[[Any], Any], batch: list[tuple[int, Any]]) -> Any:
        import cloudpickle  # Dask's own pickler: lambdas and closures travel too

        payload = _pickle_batch(fn, batch, cloudpickle.dumps)
        return self._client.submit(run_pickled_batch, payload, pure=False)

    def _outcome(self, value: Any) -> tuple[list[tuple[int, bool, Any]], float]:
        return pickle.loads(super()._outcome(value))

    def _tracker(self) -> Any:
        import distributed

        class _DaskTracker:
            def __init__(self) -> None:
                # results come with the futures, gathered in bulk (no round trip per batch)
                self.ac = distributed.as_completed(with_results=True, raise_errors=False)

            def add(self, fut: Any) -> None:
                self.ac.add(fut)

            def next(self) -> tuple[Any, Any]:
                fut, value = next(self.ac)
                if fut.status == "error":  # value is (type, exception, traceback)
                    value = value[1]
                return fut, value

        return _DaskTracker()

    def _abort(self, pending: set[Any]) -> None:
        self._client.cancel(list(pending))

    def close(self) -> None:
        """Disconnect; a local cluster started here is shut down."""
        client, self._client = getattr(self, "_client", None), None
        if client is not None:
            client.close()
        cluster, self._cluster = self._cluster, None
        if cluster is not None:
            cluster.close()

    def __repr__(self) -> str:
        where = self.address or "local cluster"
        return f"DaskExecutor({where!r}, workers={self.workers})"


ExecutorKind = Literal["local", "serial", "dask"]
EXECUTOR_KINDS: tuple[str, ...] = ("local", "serial", "dask")


def make_executor(kind: ExecutorKind = "local", address: str | None = None,
                  workers: int | None = None, **kwargs: Any) -> Executor:
    """The executor for a ``--executor`` flag: ``local`` (default), ``serial`` or ``dask``.

    ``address`` is only meaningful for ``dask`` (without it a local Dask cluster is started).
    """
    if kind not in EXECUTOR_KINDS:
        raise ExecutorError(f"unknown executor {kind!r}; allowed: {', '.join(EXECUTOR_KINDS)}")
    if address is not None and kind != "dask":
        raise ExecutorError(f"an address ({address}) needs the dask executor, not {kind!r}")
    try:
        if kind == "serial":
            if workers not in (None, 1):
                raise ExecutorError(f"the serial executor runs one task at a time, got workers={workers}")
            return SerialExecutor(**kwargs)
        if kind == "local":
            return LocalExecutor(workers, **kwargs)
        return DaskExecutor(address, workers, **kwargs)
    except TypeError as exc:
        raise ExecutorError(f"bad option for the {kind} executor: {exc}") from None
