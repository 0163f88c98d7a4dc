"""alignlab.progress: bars on a terminal only, never with --json, never in workers; shared display."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from alignlab import progress

pty = pytest.importorskip("pty")  # POSIX only

SWEEP = """family: staircase
grid:
  D: [8, 16, 32, 64]
  N: [2, 3]
  protocol: [expectation]
replicates: 1
"""


class _FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_with_tty_stderr(args: list[str], cwd: Path, env: dict[str, str] | None = None,
                        timeout: float = 120) -> tuple[int, str, str]:
    """Run ``alignlab ARGS`` with stderr on a pseudo-terminal and stdout on a pipe."""
    master, slave = os.openpty()
    full_env = {k: v for k, v in os.environ.items() if k != progress.ENV}
    full_env.update(MPLBACKEND="Agg", TERM="xterm-256color", COLUMNS="120", **(env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "alignlab", *args], cwd=cwd, env=full_env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    err = bytearray()
    out = bytearray()
    streams = {master: err, proc.stdout.fileno(): out}
    while streams:
        ready, _, _ = select.select(list(streams), [], [], timeout)
        if not ready:
            proc.kill()
            raise AssertionError(f"alignlab {' '.join(args)} produced nothing for {timeout} s")
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the pty's other side is closed
                chunk = b""
            if chunk:
                streams[fd].extend(chunk)
            else:
                del streams[fd]
    os.close(master)
    proc.stdout.close()
    return proc.wait(timeout), out.decode(), err.decode(errors="replace")


@pytest.fixture
def sweep_config(tmp_path: Path) -> Path:
    path = tmp_path / "sweep.yaml"
    path.write_text(SWEEP)
    return path


def test_sweep_on_a_terminal_shows_a_bar(tmp_path: Path, sweep_config: Path) -> None:
    code, out, err = run_with_tty_stderr(
        ["agree", "sweep", str(sweep_config), "-o", "s.jsonl", "--executor", "serial"], tmp_path)
    assert code == 0, err
    assert "agreement sweep" in err  # the bar's row (rich draws it on the terminal)
    assert "8/8" in err or "/8" in err
    assert "━" in err  # the bar itself
    assert "8 run now" in out and "━" not in out


def test_json_output_stays_clean_on_a_terminal(tmp_path: Path, sweep_config: Path) -> None:
    code, out, err = run_with_tty_stderr(
        ["agree", "sweep", str(sweep_config), "-o", "s.jsonl", "--executor", "serial", "--json"],
        tmp_path)
    assert code == 0, err
    assert json.loads(out)["run_now"] == 8
    assert err == ""


def test_env_var_turns_bars_off(tmp_path: Path, sweep_config: Path) -> None:
    code, out, err = run_with_tty_stderr(
        ["agree", "sweep", str(sweep_config), "-o", "s.jsonl", "--executor", "serial"], tmp_path,
        env={progress.ENV: "0"})
    assert code == 0, err
    assert err == "" and "8 run now" in out


def test_pap_theorems_shows_its_stages(tmp_path: Path) -> None:
    code, out, err = run_with_tty_stderr(["pap", "theorems", "--n", "50"], tmp_path)
    assert code == 0, err
    assert "pap theorems" in err and "checks hold" in out


def test_enabled_needs_a_terminal_and_no_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(progress.ENV, raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not progress.enabled()
    monkeypatch.setattr(sys, "stderr", _FakeTTY())
    assert progress.enabled()
    with progress.quiet():
        assert not progress.enabled()
        with progress.bar("x", 3) as b:
            assert b is progress.NULL_BAR
    with progress.quiet(False):
        assert progress.enabled()
    for off in ("0", "off", "no", "FALSE"):
        monkeypatch.setenv(progress.ENV, off)
        assert not progress.enabled()


def test_nested_bars_share_one_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(progress.ENV, raising=False)
    fake = _FakeTTY()
    monkeypatch.setattr(sys, "stderr", fake)
    with progress.bar("outer", 2) as outer:
        display = progress._display
        assert display is not None and outer is not progress.NULL_BAR
        for _ in progress.track(range(3), "inner"):
            assert progress._display is display and len(display.tasks) == 2
        assert len(display.tasks) == 1  # the finished inner row is gone
        progress.echo("a line above the bars")
        outer.advance(2)
        assert display.tasks[0].completed == 2
    assert progress._display is None
    assert "a line above the bars" in fake.getvalue()


def test_workers_are_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool worker shares the terminal: run_pickled_batch runs the task inside quiet()."""
    import pickle

    from alignlab.runtime.executors import run_pickled_batch

    monkeypatch.delenv(progress.ENV, raising=False)
    monkeypatch.setattr(sys, "stderr", _FakeTTY())
    results, _ = pickle.loads(run_pickled_batch(pickle.dumps((_is_enabled, [(0, None)]))))
    assert results == [(0, True, False)]
    assert progress.enabled()


def _is_enabled(_: object) -> bool:
    return progress.enabled()
