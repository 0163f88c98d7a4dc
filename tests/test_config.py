"""YAML loading and field validation produce one clear line naming the field."""

import pytest

from alignlab.config import as_number, check_keys, load_yaml
from alignlab.errors import ConfigError


def test_yaml_syntax_error_names_line(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("a: 1\nb: [1, 2\n")
    with pytest.raises(ConfigError, match=r"bad.yaml: line \d+, column \d+: YAML syntax error"):
        load_yaml(p)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_yaml(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "must be a number"), (True, "must be a number"), (float("nan"), "finite"),
     (0.0, r"must be in \(0, 1\]"), (1.5, r"must be in \(0, 1\]")],
)
def test_as_number_rejects(value, message):
    with pytest.raises(ConfigError, match=message):
        as_number(value, "c", where="s.yaml", lo=0, hi=1, lo_open=True)


def test_as_number_accepts_bounds():
    assert as_number(1, "c", where="s", lo=0, hi=1, lo_open=True) == 1.0


def test_check_keys():
    with pytest.raises(ConfigError, match="missing required field 'x'"):
        check_keys({}, required=("x",), where="s")
    with pytest.raises(ConfigError, match="unknown field 'y'"):
        check_keys({"x": 1, "y": 2}, required=("x",), where="s")


def test_read_jsonl(tmp_path):
    from alignlab.config import read_jsonl

    p = tmp_path / "r.jsonl"
    p.write_text('{"a": 1}\n\n[2]\n{bad\n')
    with pytest.raises(ConfigError, match=r"r.jsonl:4: not JSON"):
        read_jsonl(p)
    rows = read_jsonl(p, keep_bad=True)
    assert [n for n, _ in rows] == [1, 3, 4]
    assert rows[0][1] == {"a": 1} and rows[1][1] == [2]
    assert isinstance(rows[2][1], ConfigError) and "r.jsonl:4: not JSON" in str(rows[2][1])
    with pytest.raises(ConfigError, match="no such file"):
        read_jsonl(tmp_path / "none.jsonl")
