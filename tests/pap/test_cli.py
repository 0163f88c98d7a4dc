"""``alignlab pap`` as a user runs it; bad input exits 2 with one error line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pap"

GOOD = """
gamma: 0.5
s0: 0
rewards: {r: [[1, 0], [0, 1]]}
worlds: {w: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], v: [[[0.5, 0.5], [0.5, 0.5]], [[0, 1], [0, 1]]]}
desire: {r: 1}
world: {w: 1}
human_belief: {w: {w: 0.5, v: 0.5}}
ai_belief: {w: {w: 1}}
"""


def test_run_example_json(cli):
    out = cli("pap", "run", EXAMPLES / "diamond_lava.yaml", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    by = {r["protocol"]: r for r in doc["results"]}
    assert by["ola/ostensible/solver"]["J"] == 0.0
    assert by["truthful/ostensible/solver"]["gap"] == pytest.approx(0.0, abs=1e-12)
    assert all(r["theorem_4_1"]["holds"] and r["theorem_5_1"]["holds"] for r in doc["results"])


def run_main(capsys, *args) -> tuple[int, str, str]:
    """In-process ``alignlab ARGS`` through the root entry point (same error handling)."""
    from alignlab.cli import main

    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_run_text_every_example(capsys):
    for path in sorted(EXAMPLES.glob("*.yaml")):
        code, out, err = run_main(capsys, "pap", "run", path)
        assert code == 0, (path, err)
        assert "ΔJ" in out and "outcomes" in out and "FAIL" not in out


def test_run_sampled(capsys, tmp_path):
    cfg = tmp_path / "ok.yaml"
    cfg.write_text(GOOD)
    code, out, err = run_main(capsys, "pap", "run", cfg, "--json", "--samples", "200", "--seed", "4")
    assert code == 0, err
    assert json.loads(out)["samples"] == 200


def test_theorems_command(cli):
    out = cli("pap", "theorems")
    assert out.returncode == 0, out.stderr
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith(("PASS", "FAIL", "N/A"))]
    assert len(lines) >= 20 and not any(ln.startswith("FAIL") for ln in lines)
    # no vacuous row passes: Theorem 5.3 with δ = 0 is N/A
    assert all(ln.startswith("N/A") for ln in lines if "δ = 0;" in ln)
    assert any(ln.startswith("N/A") for ln in lines)
    for want in ("Lemma A.1", "Lemma A.4 (optimum)", "Theorem 4.1", "Theorem 5.1", "Theorem 5.2",
                 "Theorem 5.3", "Figure 2 (OLA + RLHF)", "Figure 2 (truthful)"):
        assert any(want in ln for ln in lines), want
    assert "≤" in out.stdout and "≥" in out.stdout


def test_theorems_json(capsys):
    code, out, err = run_main(capsys, "pap", "theorems", "--json", "--seed", "1", "--n", "300")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["all_hold"] and all({"lhs", "rhs", "rel", "holds", "status"} <= set(c) for c in doc["checks"])
    t52 = [c for c in doc["checks"] if c["name"] == "Theorem 5.2 (ΔJ)"]
    assert [round(c["lhs"], 9) for c in t52] == [2, 10, 100] and all(c["status"] == "PASS" for c in t52)
    assert [round(c["rhs"], 9) for c in t52] == [2, 10, 100]
    # a row whose hypothesis fails never counts as holding
    assert all(not c["holds"] for c in doc["checks"] if c["status"] == "hypothesis not met")
    assert doc["hypothesis_not_met"] >= 1


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (("[[[1, 0], [0, 1]], [[1, 0], [0, 1]]]", "[[[1, 0.5], [0, 1]], [[1, 0], [0, 1]]]"),
         r"worlds\[w\]\[0\]\[0\]: transition row .* must sum to 1"),
        (("rewards: {r: [[1, 0]", "rewards: {r: [[1.2, 0]"), r"rewards\[r\]\[0\]\[0\]: reward must be in \[0, 1\]"),
        (("gamma: 0.5", "gamma: 1.0"), r"discount must be in \[0, 1\)"),
        (("{w: 0.5, v: 0.5}", "{w: 1.0, v: 0.0}"), r"human_belief\[w\]\[v\]: probability must be > 0"),
        (("desire: {r: 1}", "desire: {r: 0.4}"), r"desire: probabilities must sum to 1"),
        (("world: {w: 1}", "world: {w: 1}\nbogus: 3"), r"unknown field 'bogus'"),
    ],
)
def test_bad_config_exits_2(capsys, tmp_path, replace, message):
    import re

    cfg = tmp_path / "bad.yaml"
    cfg.write_text(GOOD.replace(*replace))
    code, out, err = run_main(capsys, "pap", "run", cfg)
    assert code == 2, out
    assert err.startswith("error: ") and "Traceback" not in err
    assert re.search(message, err), err
    assert str(cfg) in err


def test_bad_input_exits_2_in_a_subprocess(cli, tmp_path):
    """Row sums, zero-mass supports and a missing file, through the real console entry point."""
    rows = tmp_path / "rows.yaml"
    rows.write_text(GOOD.replace("[[[1, 0], [0, 1]], [[1, 0], [0, 1]]]", "[[[1, 0], [0, 1]], [[0.3, 0], [0, 1]]]"))
    mass = tmp_path / "mass.yaml"
    mass.write_text(GOOD.replace("{w: 0.5, v: 0.5}", "{w: 1, v: 0}"))
    for cfg, message in ((rows, "worlds[w][1][0]: transition row (state 1, action 0) must sum to 1, sums to 0.3"),
                         (mass, "human_belief[w][v]: probability must be > 0"),
                         (tmp_path / "nope.yaml", "no such file")):
        out = cli("pap", "run", cfg)
        assert out.returncode == 2, out.stdout
        assert out.stderr.startswith("error: ") and message in out.stderr, out.stderr
        assert "Traceback" not in out.stderr


def test_bad_options_exit_2(capsys, tmp_path):
    bad = tmp_path / "b.yaml"
    bad.write_text("builtin: diamond_lava\nprotocols: [{teaching: lie}]\n")
    code, _, err = run_main(capsys, "pap", "run", bad)
    assert code == 2 and "protocols[0]" in err and "teaching" in err
    bad.write_text("builtin: atlantis\n")
    code, _, err = run_main(capsys, "pap", "run", bad)
    assert code == 2 and "builtin" in err
    bad.write_text("builtin: theorem_5_2\ngamma: 1\n")
    code, _, err = run_main(capsys, "pap", "run", bad)
    assert code == 2 and "gamma" in err
    code, _, err = run_main(capsys, "pap", "theorems", "--n", "0")
    assert code == 2 and "--n" in err


def test_run_appends_jsonl_records_once(capsys, tmp_path):
    from alignlab.runtime import read_records

    out = tmp_path / "res.jsonl"
    for _ in range(2):  # a rerun keeps the existing records (resumable, no duplicates)
        code, _, err = run_main(capsys, "pap", "run", EXAMPLES / "theorem_5_2.yaml", "--out", out)
        assert code == 0, err
    recs = read_records(out)
    assert len(recs) == 2
    assert {r["protocol"] for r in recs} == {"none/ostensible/solver", "truthful/ostensible/solver"}
    assert all(r["seed"] == 0 and len(r["config_hash"]) == 16 for r in recs)
    paper = next(r for r in recs if r["protocol"].startswith("none"))
    assert paper["gap"] == pytest.approx(10.0)  # Theorem 5.2 at γ = 0.9: 1/(1−γ)
    assert paper["theorem_4_1_H"]["holds"] and paper["theorem_4_1"]["holds"]
