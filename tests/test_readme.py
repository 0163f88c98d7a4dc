"""The README's tour and the docs are literally true: their ``$ alignlab …`` blocks are re-run and
every output line shown must be what the command prints.

Rules for an excerpt (what a reader may assume): lines after a ``$`` command are its stdout, in
order and adjacent; a line that is only ``…`` stands for any number of left-out lines; ``…``
inside a line stands for left-out text; runs of spaces count as one (tables are re-padded by
width). A command that prints something must show at least one line of it (or ``…``).

Commands that need the network, a model server or a cluster are not run (``NOT_RUN``: each says
why and the README says so in the command's comment). The commands of one block run in order in
one temporary folder (later ones read what earlier ones wrote), with ``examples/`` beside them.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
ELLIPSIS = "…"

# Substring of a command → why the test does not run it (the page's comment says the same).
NOT_RUN = {
    "--executor dask": "needs [dask] and a running Dask scheduler",
    "--teacher llm": "needs [llm] and an OpenAI-compatible server",
    "guardrails figure1": "45 configurations × 10,000 episodes: minutes",
    "guardrails figure2": "10,000 episodes × 3 tie rules: minutes",
}
# Blocks (by their first command) that take more than a few seconds: marked slow.
SLOW = {
    "alignlab mindgrid generate": "generates, evaluates and renders a report (~15 s)",
    "alignlab watermark generate": "loads torch for generation and runs the evaluation (~25 s)",
    "alignlab guardrails run": "4000 bandit episodes (~5 s)",
}


@dataclass
class Command:
    line: str  # as written, without the ``$ ``, continuation lines joined
    expected: list[str] = field(default_factory=list)


def _fenced(text: str) -> list[tuple[str, list[str]]]:
    """Every fenced block of a Markdown text as (info string, lines)."""
    out, info, body = [], None, []
    for ln in text.splitlines():
        if ln.startswith("```"):
            if info is None:
                info, body = ln[3:].strip(), []
            else:
                out.append((info, body))
                info = None
        elif info is not None:
            body.append(ln)
    return out


def console_blocks(text: str) -> list[list[Command]]:
    """The commands (``$ …`` lines) of every shell-like fenced block of ``text``, block by block."""
    blocks = []
    for info, lines in _fenced(text):
        if info not in ("", "console", "text", "sh", "bash"):
            continue
        cmds: list[Command] = []
        i = 0
        while i < len(lines):
            ln = lines[i]
            if ln.startswith("$ "):
                cmd = ln[2:]
                while cmd.rstrip().endswith("\\") and i + 1 < len(lines):
                    i += 1
                    cmd = cmd.rstrip()[:-1].rstrip() + " " + lines[i].strip()
                cmds.append(Command(cmd))
            elif cmds:
                cmds[-1].expected.append(ln)
            i += 1
        if cmds:
            blocks.append(cmds)
    return blocks


def _norm(s: str) -> str:
    return " ".join(s.split())


def _line_matches(pattern: str, line: str) -> bool:
    """``pattern`` equals ``line`` up to runs of spaces; ``…`` inside it matches any text."""
    parts = [_norm(p) for p in pattern.split(ELLIPSIS)]
    line = _norm(line)
    if len(parts) == 1:
        return parts[0] == line
    if not (line.startswith(parts[0]) and line.endswith(parts[-1])):
        return False
    pos = len(parts[0])
    for p in parts[1:-1]:
        k = line.find(p, pos)
        if k < 0:
            return False
        pos = k + len(p)
    return pos <= len(line) - len(parts[-1])


def excerpt_matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` (all output lines) is ``expected`` with ``…`` lines standing for any lines."""
    exp = [e for e in expected if e.strip()]
    act = [a for a in actual if a.strip()]

    def go(i: int, j: int) -> bool:
        if i == len(exp):
            return j == len(act)
        if exp[i].strip() == ELLIPSIS:
            return any(go(i + 1, k) for k in range(j, len(act) + 1))
        return j < len(act) and _line_matches(exp[i], act[j]) and go(i + 1, j + 1)

    return go(0, 0)


def _not_run(cmd: str) -> str | None:
    return next((why for key, why in NOT_RUN.items() if key in cmd), None)


def _run_block(cmds: list[Command], tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "80", "NO_COLOR": "1",
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    env.pop("FORCE_COLOR", None)
    for c in cmds:
        if _not_run(c.line):
            continue
        argv = shlex.split(c.line, comments=True)
        assert argv and argv[0] in ("alignlab", "python"), c.line
        p = subprocess.run(c.line, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True,
                           timeout=300)
        assert p.returncode == 0, f"$ {c.line}\nexit {p.returncode}\n{p.stderr[-2000:]}"
        out = p.stdout.splitlines()
        if any(x.strip() for x in out):
            assert c.expected, f"$ {c.line} prints output the page does not show (show it or '…')"
        assert excerpt_matches(c.expected, out), (
            f"$ {c.line}\nthe page shows:\n" + "\n".join(c.expected) + "\n\nthe command prints:\n" + p.stdout)


PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
BLOCKS = {page.relative_to(ROOT).as_posix(): console_blocks(page.read_text(encoding="utf-8"))
          for page in PAGES}


def _params():
    for page, blocks in BLOCKS.items():
        for cmds in blocks:
            first = cmds[0].line
            slow = next((why for key, why in SLOW.items() if first.startswith(key)), None)
            # The README's cheap blocks run by default; the docs pages' blocks only with the slow
            # tests (they repeat the README's kinds of commands and add ~30 s).
            marks = [pytest.mark.slow] if slow or page != "README.md" else []
            yield pytest.param(cmds, id=f"{page}: " + " ".join(first.split()[:3]), marks=marks)


@pytest.mark.parametrize("cmds", list(_params()))
def test_readme_block(cmds: list[Command], tmp_path: Path) -> None:
    _run_block(cmds, tmp_path)


def test_every_tour_command_is_run_or_says_why_not() -> None:
    cmds = [c for blocks in BLOCKS.values() for b in blocks for c in b]
    assert sum(c.line.startswith("alignlab ") for b in BLOCKS["README.md"] for c in b) >= 20
    for c in cmds:
        why = _not_run(c.line)
        if why is not None:
            comment = c.line.split("#", 1)[1] if "#" in c.line else ""
            assert comment.strip(), f"the page must say why this is not run here: $ {c.line}"


def test_excerpt_rules() -> None:
    assert excerpt_matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert excerpt_matches(["a  b", "c…e"], ["a b", "cde"])
    assert not excerpt_matches(["a", "d"], ["a", "b", "d"])  # adjacency without …
    assert not excerpt_matches(["a"], ["a", "b"])  # an unmarked omission at the end
    assert not excerpt_matches(["x…y"], ["xy z"])
    assert excerpt_matches(["…"], ["anything", "at all"])
