"""The benchmark CLI as a user runs it: generate → validate → evaluate (none, gold, scripted) →
report → show, plus clean errors for bad input."""

from __future__ import annotations

import json

from alignlab.mindgrid.teaching.instances import load_instances


def test_generate_validate_evaluate_report_show(cli, tmp_path):
    games = tmp_path / "games.jsonl"
    r = cli("mindgrid", "generate", "--preset", "eval", "-n", "6", "--seed", "3", "-o", games, "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["n"] == 6 and info["preset"] == "eval"
    r = cli("mindgrid", "validate", games)
    assert r.returncode == 0 and "6 valid instance(s), 0 problem(s)" in r.stdout

    res = {}
    for teacher, mode in (("none", "actions"), ("gold", "skills")):
        out = tmp_path / f"{teacher}.jsonl"
        r = cli("mindgrid", "evaluate", games, "--teacher", teacher, "--execution", mode, "-o", out, "--json")
        assert r.returncode == 0, r.stderr
        s = json.loads(r.stdout)
        for k in ("n", "gap_mean", "gap_se", "parse_rate", "success_rate", "execution"):
            assert k in s
        assert s["n"] == 6 and s["execution"] == mode
        assert s["gap_mean"] == s[f"gap_{mode}"]["mean"]
        rec = json.loads(out.read_text().splitlines()[0])
        assert set(rec["gap"]) == set(rec["executions"]) == {"skills", "actions"}
        res[teacher] = s
    assert res["gold"]["gap_mean"] == 0 and res["gold"]["parse_rate"] == 1.0
    assert res["none"]["gap_mean"] > 0 and res["none"]["parse_rate"] is None

    # scripted answers: one good, one garbled — every unparsed sentence is in the output
    insts = load_instances(games)
    answers = tmp_path / "answers.jsonl"
    lines = [{"id": i.id, "answer": "\n".join(i.sentences)} for i in insts[:5]]
    lines.append({"id": insts[5].id, "answer": "The door is now purple. " + insts[5].sentences[0]})
    answers.write_text("".join(json.dumps(x) + "\n" for x in lines))
    r = cli("mindgrid", "evaluate", games, "--teacher", "scripted", "--answers", answers, "-o",
            tmp_path / "scripted.jsonl")
    assert r.returncode == 0, r.stderr
    assert "unparsed [" + insts[5].id + "]: The door is now purple." in r.stdout
    assert "gap [skills] (headline)" in r.stdout and "65.91" in r.stdout

    html = tmp_path / "report.html"
    r = cli("mindgrid", "report", tmp_path / "scripted.jsonl", "-o", html, "--max-instances", "2")
    assert r.returncode == 0, r.stderr
    page = html.read_text()
    assert "The door is now purple." in page and "data:image/png;base64," in page
    assert page.count("<figure>") == 2 and "65.91" in page

    png = tmp_path / "g.png"
    r = cli("mindgrid", "show", games, "--id", insts[2].id, "-o", png)
    assert r.returncode == 0, r.stderr
    assert png.read_bytes()[:4] == b"\x89PNG" and insts[2].sentences[0] in r.stdout


def test_bad_input_is_one_clean_error(cli, tmp_path):
    games = tmp_path / "games.jsonl"
    assert cli("mindgrid", "generate", "--preset", "fewshot", "-n", "2", "-o", games).returncode == 0
    cases = [
        (("generate", "--preset", "hard", "-o", tmp_path / "x.jsonl"), "unknown preset 'hard'"),
        (("evaluate", games, "--teacher", "oracle"), "unknown teacher 'oracle'"),
        (("evaluate", games, "--teacher", "scripted"), "needs --answers"),
        (("evaluate", games, "--teacher", "llm"), "needs --model"),
        (("evaluate", games, "--execution", "teleport"), "--execution must be one of"),
        (("evaluate", games, "--teacher", "llm", "--model", "m", "--shots", "3"), "--shots must be one of"),
        (("evaluate", tmp_path / "missing.jsonl"), "no such file"),
        (("evaluate", games, "--teacher", "gold", "--shots", "5"), "--shots is only for --teacher llm"),
        (("evaluate", games, "--executor", "serial", "--address", "tcp://127.0.0.1:1"),
         "needs the dask executor"),
        (("export", "--format", "yaml"), "--format must be json or ascii"),
        (("generate", "-n", "0", "-o", tmp_path / "x.jsonl"), "-n must be an integer >= 1"),
        (("show", games, "--id", "nope"), "no instance with id 'nope'"),
        (("report", tmp_path / "missing.jsonl"), "missing.jsonl"),
    ]
    for args, needle in cases:
        r = cli("mindgrid", *args, cwd=tmp_path)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert needle in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
    # a results file is bound to its evaluation
    out = tmp_path / "res.jsonl"
    assert cli("mindgrid", "evaluate", games, "-o", out).returncode == 0
    r = cli("mindgrid", "evaluate", games, "--teacher", "gold", "-o", out)
    assert r.returncode == 2 and "different evaluation" in r.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"schema": "alignlab.mindgrid.instance/1", "id": 1}\n')
    r = cli("mindgrid", "validate", bad)
    assert r.returncode == 1 and "missing field 'imagined'" in r.stdout


def test_report_shows_progress_on_a_terminal_only(tmp_path):
    """On a pseudo-terminal the report draws a progress bar on stderr; piped, it stays silent."""
    import os
    import pty
    import select
    import subprocess
    import sys

    from alignlab.mindgrid.teaching.evaluate import evaluate_file
    from alignlab.mindgrid.teaching.instances import generate_instances, write_instances
    from alignlab.mindgrid.teaching.teachers import make_teacher

    games = write_instances(generate_instances("fewshot", 3, 1), tmp_path / "g.jsonl")
    evaluate_file(games, make_teacher("gold"), tmp_path / "r.jsonl", executor="serial", progress=False)
    args = [sys.executable, "-m", "alignlab", "mindgrid", "report", str(tmp_path / "r.jsonl"), "-o"]
    env = {**os.environ, "MPLBACKEND": "Agg", "COLUMNS": "100"}
    master, slave = pty.openpty()
    proc = subprocess.Popen([*args, str(tmp_path / "a.html")], stdout=subprocess.DEVNULL,
                            stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:  # read the terminal while the report runs (a full pty buffer would block it)
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            seen += chunk
            if not chunk and proc.poll() is not None:
                break
        elif proc.poll() is not None:
            break
    proc.wait(timeout=300)
    os.close(master)
    p = proc
    assert p.returncode == 0 and b"mindgrid report: drawing" in seen
    piped = subprocess.run([*args, str(tmp_path / "b.html")], capture_output=True, env=env, timeout=300)
    assert piped.returncode == 0 and piped.stderr == b""
