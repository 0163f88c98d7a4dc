"""Executor overhead on many small tasks: serial vs local (one task per submission) vs local batched.

    .venv/bin/python benchmarks/runtime_executors.py [--tasks 20000] [--work-us 50] [--workers 2]
                                                     [--dask]

Each task burns about ``--work-us`` microseconds of CPU. Prints wall times and ratios against the
serial baseline; batching should bring the local pool close to ``workers``× faster than serial,
while one-task-per-submission pays the pickling/IPC round trip on every task.
"""

from __future__ import annotations

import argparse
import time

from alignlab.runtime import DaskExecutor, Executor, LocalExecutor, SerialExecutor


def busy(spec: tuple[int, float]) -> int:
    """Spin for ``seconds`` of CPU; return a checksum so the work cannot be skipped."""
    i, seconds = spec
    end = time.perf_counter() + seconds
    acc = i
    while time.perf_counter() < end:
        acc = (acc * 1103515245 + 12345) & 0xFFFF
    return acc


def timed(name: str, ex: Executor, items: list) -> float:
    t0 = time.perf_counter()
    n = sum(1 for _ in ex.map(busy, items))
    dt = time.perf_counter() - t0
    assert n == len(items)
    sizes = getattr(ex, "last_batch_sizes", None)
    extra = f"  ({len(sizes)} batches)" if sizes else ""
    print(f"{name:<26} {dt:8.3f} s{extra}")
    return dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=20000)
    ap.add_argument("--work-us", type=float, default=50.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dask", action="store_true", help="also time a local Dask cluster")
    args = ap.parse_args()
    items = [(i, args.work_us * 1e-6) for i in range(args.tasks)]
    print(f"{args.tasks} tasks of ~{args.work_us:g} µs, {args.workers} workers")
    times = {"serial": timed("serial", SerialExecutor(), items)}
    with LocalExecutor(args.workers, min_batch_seconds=0) as ex:
        list(ex.map(busy, items[: args.workers * 4]))  # start the pool outside the timing
        times["local unbatched"] = timed("local unbatched", ex, items)
    with LocalExecutor(args.workers) as ex:
        list(ex.map(busy, items[: args.workers * 4]))
        times["local batched"] = timed("local batched (0.2 s)", ex, items)
    if args.dask:
        dask_items = items[: max(1, len(items) // 10)]
        with DaskExecutor(workers=args.workers, min_batch_seconds=0) as ex:
            d0 = timed("dask unbatched (1/10 tasks)", ex, dask_items) * 10
        with DaskExecutor(workers=args.workers) as ex:
            times["dask batched"] = timed("dask batched", ex, items)
        times["dask unbatched (x10)"] = d0
    base = times["serial"]
    print("speed-up vs serial:", ", ".join(f"{k} {base / v:.2f}x" for k, v in times.items()))
    print(f"batched / unbatched local speed-up: "
          f"{times['local unbatched'] / times['local batched']:.1f}x")


if __name__ == "__main__":
    main()
