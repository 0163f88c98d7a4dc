"""YAML loading and field validation produce one clear line naming the field."""

from functools import partial
from pathlib import Path

import pytest

from alignlab.config import (
    as_bool,
    as_choice,
    as_int,
    as_list,
    as_number,
    as_path,
    as_str,
    check_fields,
    check_keys,
    load_yaml,
)
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


@pytest.mark.parametrize(
    ("value", "message"),
    [(True, "must be an integer >= 1, got True"), (1.0, "must be an integer >= 1, got 1.0"),
     ("3", "must be an integer >= 1"), (0, "must be an integer >= 1, got 0")],
)
def test_as_int_rejects(value, message):
    with pytest.raises(ConfigError, match=f"s.yaml: field 'n' {message}"):
        as_int(value, "n", where="s.yaml", lo=1)


def test_as_int_accepts_numpy_and_names_arguments():
    import numpy as np

    v = as_int(np.int64(3), "n", where="", lo=1, hi=3)
    assert v == 3 and type(v) is int
    with pytest.raises(ConfigError, match=r"^k must be an integer in \[1, 3\], got 4$"):
        as_int(4, "k", where="", lo=1, hi=3)


def test_as_bool_str_choice_path_list(tmp_path):
    assert as_bool(False, "b", where="s") is False
    with pytest.raises(ConfigError, match="field 'b' must be true or false, got 1"):
        as_bool(1, "b", where="s")
    assert as_str("x", "s", where="s") == "x"
    with pytest.raises(ConfigError, match="must be a non-empty string"):
        as_str("  ", "s", where="s")
    assert as_choice("lp", "m", ("direct", "lp"), where="s") == "lp"
    with pytest.raises(ConfigError, match="field 'm' must be one of direct, lp, got 'x'"):
        as_choice("x", "m", ("direct", "lp"), where="s")
    with pytest.raises(ConfigError, match="must be one of 0, 1, got True"):
        as_choice(True, "m", (0, 1), where="s")  # True == 1, but a bool is not a choice
    assert as_path("a.txt", "p", where="s", base=tmp_path) == tmp_path / "a.txt"
    assert as_path("/x/a.txt", "p", where="s", base=tmp_path) == Path("/x/a.txt")
    assert as_list([1, 2], "l", where="s", item=partial(as_int, lo=1)) == [1, 2]
    with pytest.raises(ConfigError, match="field 'l' must be an integer >= 1, got 0"):
        as_list([1, 0], "l", where="s", item=partial(as_int, lo=1))
    with pytest.raises(ConfigError, match="must be a non-empty list"):
        as_list([], "l", where="s")


def test_check_fields_is_a_table_of_rules():
    rules = {"n": partial(as_int, lo=0), "mode": partial(as_choice, choices=("a", "b")),
             "x": partial(as_number, lo=0.0, hi=1.0)}
    assert check_fields({"n": 2, "mode": "b"}, rules, where="s", required=("n",)) == {"n": 2, "mode": "b"}
    with pytest.raises(ConfigError, match="missing required field 'n'"):
        check_fields({}, rules, where="s", required=("n",))
    with pytest.raises(ConfigError, match="unknown field 'y'"):
        check_fields({"n": 1, "y": 0}, rules, where="s")
    with pytest.raises(ConfigError, match=r"field 'x' must be in \[0, 1\], got 2"):
        check_fields({"x": 2}, rules, where="s")
