"""A run to be killed by the tests: ``python killable_run.py OUT MARKERS N SECONDS EXECUTOR``."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from runtime_tasks import MarkedSleep  # this script's folder is sys.path[0]

from alignlab.runtime import make_executor, run_tasks

if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if our parent ignores SIGINT
    out, markers, n, seconds, kind = sys.argv[1:6]
    workers = None if kind == "serial" else 2
    opts = {"min_batch_seconds": 0.05} if kind == "local" else {}
    with make_executor(kind, workers=workers, **opts) as ex:
        s = run_tasks(MarkedSleep(markers, float(seconds)), range(int(n)), key=str, out=Path(out),
                      executor=ex, progress=False)
    print(f"done_before={s.done_before} run_now={s.run_now} total={s.total}")
