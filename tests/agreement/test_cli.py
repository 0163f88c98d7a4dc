import json
from pathlib import Path

import pytest
import yaml

from alignlab.agreement.config import load_config
from alignlab.agreement.errors import AgreementError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "agreement"

BASE = {"states": 4, "prior": "uniform", "partitions": [[[1, 2], [3, 4]], [[1, 2, 3], [4]]],
        "objective": {"indicator": [1, 4]}, "true_state": 1, "order": [1, 2], "exact": True}


def _write(tmp_path, **changes):
    cfg = dict(BASE, **changes)
    cfg = {k: v for k, v in cfg.items() if v is not None}
    p = tmp_path / "c.yaml"
    p.write_text(yaml.safe_dump(cfg))
    return p


def test_run_json_aumann(cli):
    r = cli("agree", "run", EXAMPLES / "aumann.yaml", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert [e["value"] for e in obj["transcript"]] == ["1/2", "1/3", "1/2", "1/2"]
    assert [e["speaker"] for e in obj["transcript"]] == [1, 2, 1, 2]
    assert obj["transcript"][0]["receivers"] == [2]
    assert obj["outcome"] == "agreed"


def test_run_writes_jsonl_and_text(cli, tmp_path):
    out = tmp_path / "runs.jsonl"
    r = cli("agree", "run", EXAMPLES / "geanakoplos_polemarchakis.yaml", "--out", out)
    assert r.returncode == 0, r.stderr
    assert "agreed" in r.stdout and "1/3" in r.stdout
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(recs) == 1 and recs[0]["outcome"] == "agreed" and recs[0]["config_hash"]
    assert [e["value"] for e in recs[0]["transcript"]] == ["1/3", "1/2", "1/3", "1/3"]


def test_run_stall_and_multitask(cli):
    r = cli("agree", "run", EXAMPLES / "agree_to_disagree.yaml", "--json")
    obj = json.loads(r.stdout)
    assert obj["outcome"] == "stalled"
    assert obj["tasks"][0]["disagreement"]["at_true_state"] == {"1": "1/3", "2": "1/2"}
    r = cli("agree", "run", EXAMPLES / "two_tasks.yaml", "--json")
    obj = json.loads(r.stdout)
    assert [t["task"] for t in obj["tasks"]] == ["safety", "helpfulness"]
    assert obj["tasks"][0]["messages_by_kind"]["human"] >= 1


def test_prior_json(cli):
    r = cli("agree", "prior", EXAMPLES / "no_common_prior.yaml", "--json")
    obj = json.loads(r.stdout)
    assert obj["feasible"] is False and obj["prior"] is None
    assert obj["witness"]["product"] == "2"
    assert obj["eq10_excess"] == 1  # Π1 = {12|34}, Π2 = {13|24}: (N−1)D + |C| − Σ|Π^i| = 4 + 1 − 4


def test_bounds_json_reproduces_the_worked_example(cli):
    """§5.2's example: N = 2, M = 1, ε = δ = ρ = 1/2, α = 1/100, common prior: 10^(10^13.27979)."""
    r = cli("agree", "bounds", "--M", "1", "--N", "2", "--D", "1000", "--eps", "0.5", "--delta", "0.5",
            "--rho", "0.5", "--alpha", "0.01", "--common-prior", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert round(obj["corollary1_log10log10"], 5) == 13.27979
    assert obj["theorem1_messages"] == 4 * 1000 + 128 / 0.0625
    for k in ("bbf_messages", "theorem2_log10log10", "prop5_log10"):
        assert isinstance(obj[k], float)
    assert len(obj["rows"]) == 19


def test_bounds_table_flags_and_warnings(cli):
    r = cli("agree", "bounds", "--D", "1000", "--theta", "0.1", "--q", "2", "--t-sample-h", "10")
    assert r.returncode == 0, r.stderr
    for want in ("Corollary 1", "App. F", "594,220.7", "not BBF(3)", "needs 1 ≤ q < N", "Lemma 10"):
        assert want in r.stdout, want
    bad = cli("agree", "bounds", "--theta", "0.6")
    assert bad.returncode == 2 and "theta" in bad.stderr


BAD = [
    ({"prior": [1, 0, 1, 1]}, "task 1, agent 1: prior weight for state 2 is 0"),
    ({"priors": [[1, 1, 1, 1], [1, -2, 1, 1]], "prior": None}, "task 1, agent 2: prior weight for state 2 is -2"),
    ({"priors": [[1, 1, "x", 1], [1, 1, 1, 1]], "prior": None}, "agent 1: prior weight for state 3 is 'x', not a number"),
    ({"prior": [1, 1, 1]}, "prior has 3 weights but the task has 4 states"),
    ({"partitions": [[[1, 2], [2, 3, 4]], [[1, 2, 3], [4]]]}, "agent 1: not a partition: state 2 is in cells 1 and 2"),
    ({"partitions": [[[1, 2], [3, 4]], [[1, 2, 3]]]}, "agent 2: not a partition: state(s) 4 in no cell"),
    ({"objective": [0, 0.5, 1.5, 0]}, "objective at state 3 is 1.5, outside [0, 1]"),
    ({"protocol": "telepathy"}, "unknown protocol 'telepathy'"),
    ({"partitions": [[[1, 2], [3, 4]], [[1, 2, 3], [4]], [[1], [2, 3, 4]]], "order": None,
      "topology": [[1, 2], [2, 1], [3, 1]]}, "agent 3 is unreachable from agent 1"),
]


@pytest.mark.parametrize("changes,message", BAD)
def test_bad_input_message(tmp_path, changes, message):
    """Every bad input is one AgreementError naming the task/agent/state (checked in-process)."""
    with pytest.raises(AgreementError) as exc:
        load_config(_write(tmp_path, **changes))
    assert message in str(exc.value)


@pytest.mark.parametrize("k", [0, 4, 8])
def test_bad_input_exits_2_without_traceback(cli, tmp_path, k):
    changes, message = BAD[k]
    r = cli("agree", "run", _write(tmp_path, **changes))
    assert r.returncode == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1


def test_run_noisy_protocol_json(cli, tmp_path):
    out = tmp_path / "n.jsonl"
    r = cli("agree", "run", EXAMPLES / "aumann_bbf.yaml", "--json", "--out", out)
    assert r.returncode == 0, r.stderr
    t = json.loads(r.stdout)["tasks"][0]
    assert t["protocol"] == "bbf" and t["params"] == {"theta": 0.15} and t["runs"] == 1000
    lo, hi = t["agreement"]["ci"]
    assert lo < t["agreement"]["p"] < hi
    assert json.loads(out.read_text().splitlines()[0])["agreement"] == t["agreement"]


def test_noisy_config_errors(tmp_path):
    with pytest.raises(AgreementError, match="theta"):
        load_config(_write(tmp_path, protocol="bbf", theta=0.5))
    with pytest.raises(AgreementError, match="runs must be an integer"):
        load_config(_write(tmp_path, protocol="bbf", runs=0))


def test_stop_rule_is_explicit(tmp_path):
    """eps used to switch the default stop rule silently; now a config with eps must say it."""
    with pytest.raises(AgreementError, match="eps is given but stop is not"):
        load_config(_write(tmp_path, eps=0.1))
    _, s = load_config(_write(tmp_path, eps=0.1, stop="criterion"))
    assert s.stop == "criterion"
    _, s = load_config(_write(tmp_path))
    assert s.stop == "fixed_point"


def test_noisy_fields_only_with_noisy_protocols(tmp_path):
    from alignlab.agreement.settings import NoisySettings, Settings

    with pytest.raises(AgreementError, match="theta only applies to the noisy protocols"):
        load_config(_write(tmp_path, theta=0.2))
    _, s = load_config(_write(tmp_path, protocol="bbf", theta=0.2, runs=7))
    assert isinstance(s, NoisySettings) and s.theta == 0.2 and s.runs == 7 and s.protocol == "bbf"
    _, s = load_config(_write(tmp_path))
    assert type(s) is Settings and not hasattr(s, "theta")


@pytest.mark.parametrize("name", ["aumann.yaml", "aumann_bbf.yaml", "agree_to_disagree.yaml",
                                  "two_tasks.yaml", "no_common_prior.yaml"])
def test_human_output_has_no_python_reprs(cli, name):
    """What a reader sees is text: no dicts, quoted lists or key=value dumps (issue 16)."""
    cmd = "prior" if name == "no_common_prior.yaml" else "run"
    r = cli("agree", cmd, EXAMPLES / name)
    assert r.returncode == 0, r.stderr
    for bad in ("{'", "['", "': ", "done_before="):
        assert bad not in r.stdout, (bad, r.stdout)
    if name == "agree_to_disagree.yaml":
        assert "at the true state: agent 1 says 1/3, agent 2 says 1/2" in r.stdout
