"""``agree run --out`` goes through the runtime's resumable writer with the one config hash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alignlab.agreement.runs import append_records, common_priors, run_dialogues
from alignlab.config import load_yaml
from alignlab.runtime import ResultFile, config_hash

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "agreement"


def test_records_carry_the_one_config_hash_and_no_fake_seed():
    run = run_dialogues(EXAMPLES / "aumann.yaml")
    (rec,) = run.records
    assert rec["config_hash"] == config_hash(load_yaml(EXAMPLES / "aumann.yaml"))
    assert rec["seed"] is None  # the exact path draws nothing at random (was 0 in every record)
    noisy = run_dialogues(EXAMPLES / "aumann_bbf.yaml")
    assert all(isinstance(r["seed"], int) for r in noisy.records)  # the Monte Carlo's real seed


def test_the_hash_is_of_the_document_not_its_bytes(tmp_path):
    text = (EXAMPLES / "aumann.yaml").read_text()
    p = tmp_path / "same.yaml"
    p.write_text("# a comment and other spacing change nothing\n" + text.replace(": ", ":  "))
    assert run_dialogues(p).records[0]["config_hash"] == \
        run_dialogues(EXAMPLES / "aumann.yaml").records[0]["config_hash"]


def test_out_is_resumable_keyed_and_never_torn(tmp_path):
    out = tmp_path / "runs.jsonl"
    run = run_dialogues(EXAMPLES / "two_tasks.yaml")
    assert append_records(run, out) == (2, 0)
    assert append_records(run, out) == (0, 2)  # a rerun keeps the records, adds no duplicate
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(recs) == 2 and all(r["key"].startswith("agree:") for r in recs)
    # a torn last line (a full disk, a kill) is repaired, not appended to
    with out.open("ab") as f:
        f.write(b'{"key": "agree:torn", "par')
    other = run_dialogues(EXAMPLES / "aumann.yaml")
    assert append_records(other, out) == (1, 0)
    lines = out.read_text().splitlines()
    assert len(lines) == 3 and all(json.loads(line)["key"] for line in lines)
    with ResultFile(out) as rf:
        assert len(rf) == 3


def test_common_priors_is_the_prior_command_as_a_call():
    bad = common_priors(EXAMPLES / "no_common_prior.yaml", method="lp")
    assert bad["feasible"] is False and bad["prior"] is None
    assert bad["witness"]["product"] == "2" and bad["tasks"][0]["method"] == "lp"
    assert bad["witness"]["cycle"][0] == bad["witness"]["cycle"][-1]  # a closed cycle
    ok = common_priors(EXAMPLES / "aumann.yaml")
    assert ok["feasible"] is True and ok["witness"] is None and ok["prior"] == ok["tasks"][0]["prior"]


@pytest.mark.parametrize("target", ["-", "dev"])
def test_out_refuses_streams_and_devices(tmp_path, target):
    import os
    import stat

    from alignlab.runtime import ResultFileError

    run = run_dialogues(EXAMPLES / "aumann.yaml")
    path: str | Path = target
    if target == "dev":
        path = tmp_path / "fifo"
        os.mkfifo(path)
    with pytest.raises(ResultFileError):
        append_records(run, path)
    if target == "dev":
        assert stat.S_ISFIFO(os.stat(path).st_mode)
