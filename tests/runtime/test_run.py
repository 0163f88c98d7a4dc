"""run_tasks: resume, records, errors, determinism across executors."""

from __future__ import annotations

import io
import sys

import pytest
from tests.runtime.runtime_tasks import square

from alignlab.runtime import (
    LocalExecutor,
    RunError,
    SerialExecutor,
    TaskError,
    read_records,
    run_tasks,
    sorted_records,
)


def test_resume_skips_done_tasks(tmp_path):
    out = tmp_path / "r.jsonl"
    calls: list[int] = []

    def fn(t: int) -> dict:
        calls.append(t)
        return {"t": t}

    s1 = run_tasks(fn, range(10), key=str, out=out, executor=SerialExecutor(), progress=False)
    assert (s1.total, s1.done_before, s1.run_now, s1.complete) == (10, 0, 10, True)
    s2 = run_tasks(fn, range(15), key=str, out=out, executor=SerialExecutor(), progress=False)
    assert (s2.total, s2.done_before, s2.run_now) == (15, 10, 5)
    assert calls == list(range(10)) + list(range(10, 15))
    s3 = run_tasks(fn, range(15), key=str, out=out, executor=SerialExecutor(), progress=False)
    assert (s3.done_before, s3.run_now) == (15, 0)
    assert [r["key"] for r in read_records(out)] == [str(i) for i in range(15)]


def test_failed_task_keeps_earlier_records_and_resumes(tmp_path):
    out = tmp_path / "r.jsonl"
    broken = {"on": True}

    def fn(t: int) -> dict:
        if t == 4 and broken["on"]:
            raise ValueError("flaky")
        return {"t": t}

    with pytest.raises(TaskError, match=r"task 4 \(key 't4'\) failed: ValueError: flaky") as ei:
        run_tasks(fn, range(8), key=lambda t: f"t{t}", out=out, executor=SerialExecutor(),
                  progress=False)
    assert ei.value.index == 4
    assert [r["t"] for r in read_records(out)] == [0, 1, 2, 3]
    broken["on"] = False
    s = run_tasks(fn, range(8), key=lambda t: f"t{t}", out=out, executor=SerialExecutor(),
                  progress=False)
    assert (s.done_before, s.run_now) == (4, 4)


def test_error_index_maps_back_to_the_full_task_list(tmp_path):
    out = tmp_path / "r.jsonl"
    run_tasks(square, [0, 1, 2], key=str, out=out, executor=SerialExecutor(), progress=False)

    def fn(t: int) -> dict:
        if t == 5:
            raise KeyError("x")
        return {}

    with pytest.raises(TaskError, match=r"task 5 \(key '5'\)"):
        run_tasks(fn, range(8), key=str, out=out, executor=SerialExecutor(), progress=False)


@pytest.mark.parametrize(("fn", "key", "match"), [
    (lambda t: {}, lambda t: "same", "tasks 0 and 1 have the same key 'same'"),
    (lambda t: {}, lambda t: t, "key\\(task 0\\) must be a non-empty string"),
    (lambda t: t, str, r"task 0 \(key '0'\) returned int; a task must return a dict"),
    (lambda t: {"key": "other"}, str, "returned key 'other' but its key is '0'"),
])
def test_bad_runs(tmp_path, fn, key, match):
    with pytest.raises(RunError, match=match):
        run_tasks(fn, [0, 1], key=key, out=tmp_path / "r.jsonl", executor=SerialExecutor(),
                  progress=False)


def test_local_and_serial_give_the_same_sorted_records(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    run_tasks(square, range(40), key=lambda t: f"{t:03d}", out=a, executor=SerialExecutor(),
              progress=False)
    with LocalExecutor(2, min_batch_seconds=0) as ex:
        run_tasks(square, range(40), key=lambda t: f"{t:03d}", out=b, executor=ex,
                  progress=False)
    assert sorted_records(a) == sorted_records(b)
    assert sorted(a.read_bytes().splitlines()) == sorted(b.read_bytes().splitlines())


def test_default_executor_and_progress_bar(tmp_path, capfd, monkeypatch):
    s = run_tasks(square, range(6), key=str, out=tmp_path / "r.jsonl", description="squares")
    assert s.run_now == 6
    captured = capfd.readouterr()
    assert captured == ("", "")  # stderr is not a terminal here: no bar, nothing written

    class FakeTTY(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("ALIGNLAB_PROGRESS", raising=False)
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    s = run_tasks(square, range(6), key=str, out=tmp_path / "r2.jsonl", description="squares",
                  executor=SerialExecutor())
    assert s.run_now == 6
    assert "squares" in sys.stderr.getvalue()  # on a terminal the bar is drawn (on stderr)
    assert capfd.readouterr().out == ""
