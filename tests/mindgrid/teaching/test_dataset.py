"""The frozen evaluation set and resumable generation.

``alignlab mindgrid generate --preset eval-reference -n 100 --seed 0`` is the citable evaluation set
(docs/mindgrid.md publishes its SHA-256 with the no-teaching and gold results on it). This test
fails if a change to generation, edits, planning or the file format changes its bytes: then the
docs' checksum and numbers must be updated on purpose (and the change announced).
"""

from __future__ import annotations

import hashlib

import pytest

from alignlab.mindgrid.errors import InstanceError
from alignlab.mindgrid.teaching.instances import (
    _make_task,
    generate_file,
    generate_instances,
    generation_tasks,
    write_instances,
)
from alignlab.runtime import run_tasks

FROZEN = {"preset": "eval-reference", "n": 100, "seed": 0,
          "sha256": "7e4c4f670110a34f4f47435515016766e51ef18dfa541ee18719053e63d14e6d"}


def test_the_frozen_evaluation_set_has_not_changed(tmp_path):
    out = write_instances(generate_instances(FROZEN["preset"], FROZEN["n"], FROZEN["seed"]),
                          tmp_path / "games.jsonl")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == FROZEN["sha256"]


def test_generate_file_writes_the_same_bytes_and_resumes(tmp_path):
    ref = write_instances(generate_instances("eval-reference", 8, 3), tmp_path / "ref.jsonl")
    out = tmp_path / "games.jsonl"
    info = generate_file("eval-reference", 8, 3, out, progress=False)
    assert out.read_bytes() == ref.read_bytes() and info["run_now"] == 8
    assert not (tmp_path / "games.jsonl.partial").exists()
    # an interrupted run left 3 instances in the partial file: the rerun makes only the other 5
    again = tmp_path / "again.jsonl"
    run_tasks(_make_task, generation_tasks("eval-reference", 8, 3)[:3], key=lambda t: t["id"],
              out=tmp_path / "again.jsonl.partial", progress=False)
    info = generate_file("eval-reference", 8, 3, again, progress=False)
    assert (info["done_before"], info["run_now"]) == (3, 5)
    assert again.read_bytes() == ref.read_bytes()


def test_a_partial_file_of_another_generation_is_refused(tmp_path):
    run_tasks(_make_task, generation_tasks("eval-reference", 4, 1)[:1], key=lambda t: t["id"],
              out=tmp_path / "g.jsonl.partial", progress=False)
    with pytest.raises(InstanceError, match="another generation"):
        generate_file("eval-reference", 4, 2, tmp_path / "g.jsonl", progress=False)
