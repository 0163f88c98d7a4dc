"""Run many CLI calls in one memory-limited process: ``python -m tests.fuzz.batch CASES.json``.

Each case is ``{"argv": [...], "cwd": "..."}``; the results (exit status, stdout, stderr) are
printed as one JSON list. The parent sets the memory limit (``preexec_fn``), so a case that leaks
or allocates without a limit ends in a MemoryError inside that case (or kills the batch).
"""

from __future__ import annotations

import json
import sys

from tests.fuzz.harness import chdir, run_inprocess


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)
    out = []
    for case in cases:
        with chdir(case["cwd"]):
            r = run_inprocess(case["argv"], guard=False)
        out.append({"code": r.code, "stdout": r.stdout[-2000:], "stderr": r.stderr[-2000:]})
    sys.stdout.write(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
