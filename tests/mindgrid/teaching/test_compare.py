"""``alignlab mindgrid compare``: paired statistics of two results files on the same instances."""

from __future__ import annotations

import json

import pytest

from alignlab.mindgrid.errors import InstanceError
from alignlab.mindgrid.teaching.compare import compare_files
from alignlab.mindgrid.teaching.evaluate import evaluate_file
from alignlab.mindgrid.teaching.instances import generate_instances, write_instances
from alignlab.mindgrid.teaching.teachers import make_teacher


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    d = tmp_path_factory.mktemp("cmp")
    write_instances(generate_instances("eval-reference", 12, 4), d / "games.jsonl")
    write_instances(generate_instances("eval-reference", 3, 5), d / "other.jsonl")
    for t in ("none", "gold"):
        evaluate_file(d / "games.jsonl", make_teacher(t), d / f"{t}.jsonl", executor="serial",
                      progress=False)
    evaluate_file(d / "other.jsonl", make_teacher("none"), d / "other_none.jsonl",
                  executor="serial", progress=False)
    return d


def test_gold_vs_none_is_the_negative_no_teaching_gap(results):
    none = [json.loads(x) for x in (results / "none.jsonl").read_text().splitlines()]
    r = compare_files(results / "gold.jsonl", results / "none.jsonl", execution="actions")
    gaps = [x["gap"]["actions"] for x in none]
    assert r["n"] == 12 and r["only_a"] == r["only_b"] == 0
    assert r["mean_a"] == 0 and r["diff_mean"] == pytest.approx(-sum(gaps) / 12)
    assert r["ties"] == sum(g == 0 for g in gaps) and r["b_better"] == 0
    assert r["ci"][0] <= r["diff_mean"] <= r["ci"][1]
    assert r == compare_files(results / "gold.jsonl", results / "none.jsonl", execution="actions")


def test_other_instances_are_refused(results):
    with pytest.raises(InstanceError, match="share no instance id"):
        compare_files(results / "gold.jsonl", results / "other_none.jsonl")


def test_cli_prints_difference_ci_and_pvalues(cli, results):
    r = cli("mindgrid", "compare", results / "gold.jsonl", results / "none.jsonl")
    assert r.returncode == 0, r.stderr
    assert "A − B:" in r.stdout and "bootstrap CI [" in r.stdout and "Wilcoxon" in r.stdout
    r = cli("mindgrid", "compare", results / "gold.jsonl", results / "none.jsonl", "--json")
    assert json.loads(r.stdout)["n"] == 12
    r = cli("mindgrid", "compare", results / "gold.jsonl", results / "none.jsonl", "--execution", "x")
    assert r.returncode == 2 and "--execution must be one of" in r.stderr
