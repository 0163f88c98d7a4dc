"""The deals CLI as a user runs it: JSON output, the map, and bad input (exit 2, one line)."""

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "deals"


def write(tmp_path, text):
    p = tmp_path / "s.yaml"
    p.write_text(text)
    return p


def test_analyze_json_worked(cli, tmp_path):
    p = write(tmp_path, "ai_reservation_price: 10\nour_willingness_to_pay: 100\n"
                        "credibility_us: 0.5\ncredibility_ai: 0.5\n")
    r = cli("deals", "analyze", p, "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["zopa"] == [20.0, 50.0] and d["surplus"] == 30.0 and d["price"] == 35.0
    assert d["barriers"] == []


def test_analyze_human_no_deal(cli):
    r = cli("deals", "analyze", EXAMPLES / "no_deal.yaml")
    assert r.returncode == 0, r.stderr
    assert "no ZOPA" in r.stdout and "w ≥ 360" in r.stdout and "r ≤ 25" in r.stdout


@pytest.mark.parametrize("name", ["minimal.yaml", "no_deal.yaml", "full.yaml"])
def test_examples_run(cli, name):
    r = cli("deals", "analyze", EXAMPLES / name, "--json", "--samples", "2000")
    assert r.returncode == 0, r.stderr
    json.loads(r.stdout)


def test_map_writes_deterministic_png(cli, tmp_path):
    outs = []
    for name in ("a.png", "b.png"):
        r = cli("deals", "map", EXAMPLES / "full.yaml", "--out", tmp_path / name, "--grid", "41")
        assert r.returncode == 0, r.stderr
        outs.append((tmp_path / name).read_bytes())
    assert outs[0][:4] == b"\x89PNG" and outs[0] == outs[1]


BASE = {"ai_reservation_price": "10", "our_willingness_to_pay": "100",
        "credibility_us": "0.5", "credibility_ai": "0.5"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"credibility_us": "0"}, r"field 'credibility_us' must be in \(0, 1\], got 0"),
        ({"credibility_ai": "1.5"}, r"field 'credibility_ai' must be in \(0, 1\], got 1.5"),
        ({"credibility_us": None}, "missing required field 'credibility_us'"),
        ({"our_willingness_to_pay": "lots"}, "field 'our_willingness_to_pay' must be a number"),
        ({"ai_reservation_price": "-5"}, r"field 'ai_reservation_price' must be in \[0, inf\)"),
        ({"credibilty_ai": "0.5"}, "unknown field 'credibilty_ai'"),
        ({"credibility_us": "{dist: uniform, low: 0.5, high: 2}"}, "must lie in"),
        ({"credibility_us": "{dist: gamma, k: 2}"}, "unknown distribution 'gamma'"),
    ],
)
def test_bad_input_one_clear_line(cli, tmp_path, change, message):
    import re

    doc = {**BASE, **change}
    text = "".join(f"{k}: {v}\n" for k, v in doc.items() if v is not None)
    r = cli("deals", "analyze", write(tmp_path, text))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert re.search(message, lines[0]), lines[0]
    assert "Traceback" not in r.stderr


def test_yaml_syntax_error(cli, tmp_path):
    r = cli("deals", "analyze", write(tmp_path, "ai_reservation_price: [10\n"))
    assert r.returncode == 2
    assert "YAML syntax error" in r.stderr and "line" in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_file(cli, tmp_path):
    r = cli("deals", "map", tmp_path / "nope.yaml")
    assert r.returncode == 2 and "no such file" in r.stderr
