"""``alignlab guardrails`` run as a user would (subprocess): JSON, text, figures, errors."""

import json

import pytest

KEYS = {"reward_mean", "reward_se", "death_rate", "death_se", "stop_rate", "pulls_mean",
        "episodes"}


def test_run_json_has_the_metrics_and_is_reproducible(cli):
    args = ("guardrails", "run", "--guardrail", "non-iid", "--threshold", "0.1", "--alpha",
            "1e-4", "--ties", "index", "--episodes", "300", "--seed", "4", "--json")
    r = cli(*args)
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj.keys() >= KEYS and obj["episodes"] == 300 and obj["alpha"] == 1e-4
    assert obj["death_rule"] == "all" and obj["ties"] == "index"
    assert obj["exact_stop_first_rate"] == pytest.approx(0.5698, abs=1e-4)
    assert r.stderr == ""  # no progress bar with --json
    assert cli(*args).stdout == r.stdout  # same seed → byte-identical output
    ref = json.loads(cli(*args[:-1], "--death-rule", "reference", "--json").stdout)
    assert ref["death_rate"] <= obj["death_rate"] and ref["reward_mean"] == obj["reward_mean"]


def test_run_text(cli):
    r = cli("guardrails", "run", "-g", "cheating", "-C", "0.01", "-n", "200")
    assert r.returncode == 0, r.stderr
    assert "cheating, C = 0.01" in r.stdout and "death rate" in r.stdout
    assert "exact stop rate (closed form): 0.2013" in r.stdout


@pytest.mark.parametrize(("args", "fragment"), [
    (("-g", "oracle", "-C", "0.1"), "unknown guardrail 'oracle'"),
    (("-g", "non-iid", "-C", "0.1"), "needs alpha"),
    (("-g", "iid", "-C", "0.1", "--alpha", "0.1"), "alpha only applies to the non-iid"),
    (("-g", "iid", "-C", "2"), "threshold C must be in [0, 1]"),
    (("-g", "non-iid", "-C", "0.1", "--alpha", "0.1", "--ties", "sorted"), "unknown tie rule"),
    (("-g", "iid", "-C", "0.1", "--death-rule", "authors"), "unknown death rule"),
    (("-g", "iid", "-C", "0.1", "--episodes", "0"), "episodes must be an integer"),
])
def test_bad_input_is_one_error_line_and_exit_2(cli, args, fragment):
    r = cli("guardrails", "run", *args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0]
    assert r.stdout == ""


def test_figure_commands_write_pngs_and_resume(cli, tmp_path):
    f1 = tmp_path / "fig1.png"
    args = ("guardrails", "figure1", "-o", f1, "--episodes", "40", "--thresholds", "0.01,0.1",
            "--alphas", "1e-4,1", "--ties", "groups,index", "--executor", "serial")
    r = cli(*args, "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert f1.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(obj["points"]) == 2 * (4 + 2 * 2)
    assert (tmp_path / "fig1.jsonl").is_file()
    r2 = cli(*args)  # resumes: every block is already in fig1.jsonl
    assert r2.returncode == 0 and "Prop 4.6" in r2.stdout and "wrote" in r2.stdout
    f2 = tmp_path / "fig2.png"
    r = cli("guardrails", "figure2", "-o", f2, "--episodes", "30", "--alphas", "1e-4,0.1,1",
            "--executor", "serial", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert f2.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(obj["ties"]) == {"groups", "random", "index"}
    assert obj["bound"][0] == pytest.approx(1 - 1024e-4)
    r = cli("guardrails", "figure1", "-o", tmp_path / "x.png", "--alphas", "0.1,abc")
    assert r.returncode == 2 and r.stderr.startswith("error: --alphas")
