"""A real run killed mid-way by a signal resumes: no duplicate, no torn record, no recomputation."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.runtime.runtime_tasks import marker_counts

from alignlab.runtime import read_records

SCRIPT = Path(__file__).with_name("killable_run.py")
N = 100


def start(out: Path, markers: Path, kind: str, seconds: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(SCRIPT), str(out), str(markers), str(N),
                             str(seconds), kind], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def lines(out: Path) -> int:
    return out.read_bytes().count(b"\n") if out.exists() else 0


def check_file(out: Path) -> list[dict]:
    data = out.read_bytes()
    assert data.endswith(b"\n")
    recs = [json.loads(line) for line in data.split(b"\n")[:-1]]
    keys = [r["key"] for r in recs]
    assert len(keys) == len(set(keys)), "duplicate keys"
    return recs


@pytest.mark.parametrize(("kind", "sig"), [
    ("serial", signal.SIGKILL),
    ("local", signal.SIGKILL),
    ("local", signal.SIGTERM),
    ("local", signal.SIGINT),
])
def test_kill_midway_then_resume(tmp_path, kind, sig):
    out, markers = tmp_path / "run" / "results.jsonl", tmp_path / "markers"
    markers.mkdir()
    proc = start(out, markers, kind, 0.03)
    deadline = time.monotonic() + 30
    while lines(out) < 10:
        assert proc.poll() is None, f"run ended early: {proc.communicate()}"
        assert time.monotonic() < deadline, "run made no progress"
        time.sleep(0.01)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode != 0
    if sig != signal.SIGKILL:
        assert "KeyboardInterrupt" in err  # stopped through run_tasks' clean path
    first = check_file(out)
    assert 10 <= len(first) < N, "the kill did not land mid-way"
    finished_first = {r["key"] for r in first}
    # The workers died with the run: no task keeps running after it was killed.
    settled = sum(marker_counts(markers).values())
    time.sleep(0.2)
    assert sum(marker_counts(markers).values()) == settled

    rerun = start(out, markers, kind, 0.0)
    stdout, err = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, err
    assert f"done_before={len(first)} run_now={N - len(first)} total={N}" in stdout
    final = check_file(out)
    assert sorted(int(r["key"]) for r in final) == list(range(N))
    assert final[: len(first)] == first  # old records untouched
    counts = marker_counts(markers)
    assert all(counts[k] == 1 for k in finished_first), "a finished task was recomputed"
    assert set(counts) == {str(i) for i in range(N)}
    assert {r["key"]: r["value"] for r in read_records(out)} == {str(i): 3 * i for i in range(N)}


def test_no_orphan_workers_after_sigkill(tmp_path):
    out, markers = tmp_path / "results.jsonl", tmp_path / "markers"
    markers.mkdir()
    proc = start(out, markers, "local", 0.05)
    while lines(out) < 4:
        assert proc.poll() is None
        time.sleep(0.01)
    children = _children(proc.pid)
    assert children, "expected pool worker processes"
    proc.kill()
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not any(_alive(c) for c in children)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    if not path.exists():
        pytest.skip("needs /proc/<pid>/task/<pid>/children (Linux)")
    return [int(c) for c in path.read_text().split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie waits for its (dead) parent's reaper: not running
