"""YAML-configured Monte Carlo studies: validation, resumable JSONL, seeds independent of order."""

import json

import pytest

from alignlab.randnets.config import load_study
from alignlab.randnets.errors import RandnetsError
from alignlab.randnets.runs import run_task, task_key
from alignlab.runtime import SerialExecutor, read_records, run_tasks

GOOD = """
activations: [relu-center, tanh]
widths: [16, 32]
depths: [4]
nets: 50
seed: 3
"""


def _write(tmp_path, text):
    p = tmp_path / "study.yaml"
    p.write_text(text)
    return p


def test_study_runs_and_resumes(tmp_path):
    study = load_study(_write(tmp_path, GOOD))
    tasks = study.tasks()
    assert len(tasks) == 4 and len({task_key(t) for t in tasks}) == 4
    out = tmp_path / "r.jsonl"
    first = run_tasks(run_task, tasks[:2], key=task_key, out=out, executor=SerialExecutor(), progress=False)
    assert first.run_now == 2
    again = run_tasks(run_task, tasks, key=task_key, out=out, executor=SerialExecutor(), progress=False)
    assert again.done_before == 2 and again.run_now == 2
    recs = read_records(out, sort_by_key=True)
    assert len(recs) == 4
    assert {r["config_hash"] for r in recs} == {tasks[0]["config_hash"]}
    # a task's result depends only on its own parameters and the study seed
    solo = run_task(tasks[3])
    match = next(r for r in recs if r["key"] == task_key(tasks[3]))
    assert solo["mean"] == match["mean"] and solo["task_seed"] == match["task_seed"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("activations: [tanh]\nwidths: [16]\n", "missing required field 'depths'"),
        (GOOD + "widht: 3\n", "unknown field 'widht'"),
        ("activations: [tanh(]\nwidths: [16]\ndepths: [2]\n", "does not parse"),
        ("activations: [tanh]\nwidths: [1]\ndepths: [2]\n", "'widths' must be in"),
        ("activations: [tanh]\nwidths: [16.5]\ndepths: [2]\n", "integers"),
        ("activations: [tanh]\nwidths: [16]\ndepths: [2]\nrho: 3\n", "'rho' must be in"),
        ("activations: tanh\nwidths: [16]\ndepths: [2]\n", "list of strings"),
        ("- just\n- a list\n", "expected a mapping"),
        ("activations: [tanh\n", "YAML syntax error"),
    ],
)
def test_bad_configs(tmp_path, text, fragment):
    with pytest.raises(RandnetsError) as info:
        load_study(_write(tmp_path, text))
    assert fragment in str(info.value)


def test_cli_run(cli, tmp_path):
    cfg = _write(tmp_path, GOOD)
    out = tmp_path / "o.jsonl"
    r = cli("randnets", "run", cfg, "-o", out, "--executor", "serial", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["run_now"] == 4 and [x["width"] for x in obj["records"]] == [16, 32, 16, 32]
    r = cli("randnets", "run", tmp_path / "missing.yaml")
    assert r.returncode == 2 and "no such file" in r.stderr
