"""The Inspect command documented in docs/mindgrid.md runs from the repository root, offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from alignlab.mindgrid.teaching.instances import generate_instances, write_instances

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_documented_offline_inspect_command(tmp_path):
    pytest.importorskip("inspect_ai")
    inspect = Path(sys.executable).parent / "inspect"
    if not inspect.exists():
        pytest.skip("the inspect command is not installed next to this Python")
    doc = (ROOT / "docs" / "mindgrid.md").read_text(encoding="utf-8")
    cmd = "inspect eval src/alignlab/mindgrid/teaching/inspect_task.py@mindgrid -T games=games.jsonl -T teacher=gold --model mockllm/model"
    assert cmd in doc.replace("\\\n    ", "")
    # The command exactly as documented, from a folder laid out like the repository root (its
    # src/ and a games.jsonl beside it), through a shell so that the relative games path is the
    # user's: Inspect itself runs the task from the task file's folder.
    write_instances(generate_instances("eval-reference", 3, 0), tmp_path / "games.jsonl")
    (tmp_path / "src").symlink_to(ROOT / "src")
    # no network: any download (e.g. a tokenizer) fails at once through a dead proxy
    env = {**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
           "PATH": os.pathsep.join([str(inspect.parent), os.environ.get("PATH", "")])}
    r = subprocess.run(["bash", "-c", f'cd "{tmp_path}" && {cmd} --log-dir logs --display none '
                        "--log-format json"], capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    [log] = list((tmp_path / "logs").glob("*.json"))
    data = json.loads(log.read_text())
    assert data["status"] == "success" and len(data["samples"]) == 3
    assert all(s["scores"]["gap_scorer"]["value"] == 0 for s in data["samples"])
