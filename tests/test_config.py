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


# ----- the one loader: limits, unique keys, YAML 1.2 numbers, the JSON reader ---------------
def test_yaml_uses_the_c_loader_when_pyyaml_has_it():
    import yaml

    from alignlab import config

    if getattr(yaml, "__with_libyaml__", False):
        assert issubclass(config._Loader, yaml.CSafeLoader)


@pytest.mark.parametrize(("text", "value"), [
    ("theta: 1e-12", 1e-12), ("x: 1E5", 1e5), ("x: 2.5e3", 2500.0), ("x: -3e-2", -0.03),
    ("x: .5e-3", 5e-4), ("x: 1.5", 1.5), ("x: 12", 12), ("x: 1e5x", "1e5x"),
])
def test_yaml_1_2_numbers(text, value):
    from alignlab.config import parse_yaml

    got = parse_yaml(text)[text.split(":")[0]]
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(("text", "message"), [
    ("a: 1\nb: 2\na: 3\n", r"line 3.*duplicate key 'a' \(first on line 1\)"),
    ("{a: 1, a: 2}", "duplicate key 'a'"),
    ("? [1, 2]\n: 3\n", "mapping key must be a plain value"),
    ("a: &a [1, *a]\n", "recursive structure"),
    ("a: " + "[" * 100 + "]" * 100, "nested too deeply"),
    ("a: 9" + "9" * 5000, "more than 4300 digits"),
    ("a: 2020-13-45", "a value cannot be read"),
    ("!!python/object/apply:os.system ['true']", "could not determine a constructor"),
])
def test_yaml_refusals_are_one_line(text, message):
    from alignlab.config import parse_yaml

    with pytest.raises(ConfigError, match=message) as info:
        parse_yaml(text, "f.yaml")
    assert "\n" not in str(info.value)


def test_alias_bomb_is_refused_before_expansion():
    import time

    from alignlab.config import parse_yaml

    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    text = "\n".join(lines)
    assert len(text) < 700
    with pytest.raises(ConfigError, match="ALIGNLAB_MAX_NODES"):
        parse_yaml(text)
    # shared subtrees within the limit are fine (merge keys included)
    assert parse_yaml("b: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n")["c"] == {"x": 1, "y": 2}
    assert time.perf_counter() > 0


def test_limits_are_raised_through_the_environment(monkeypatch):
    from alignlab.config import parse_yaml

    deep = "a: " + "[" * 80 + "]" * 80
    with pytest.raises(ConfigError, match="set ALIGNLAB_MAX_DEPTH to raise it"):
        parse_yaml(deep)
    monkeypatch.setenv("ALIGNLAB_MAX_DEPTH", "200")
    assert parse_yaml(deep)["a"] is not None
    monkeypatch.setenv("ALIGNLAB_MAX_DEPTH", "nonsense")
    with pytest.raises(Exception, match="ALIGNLAB_MAX_DEPTH must be a positive number"):
        parse_yaml(deep)


def test_read_text_refuses_folders_devices_binary_and_oversize(tmp_path, monkeypatch):
    from alignlab.config import read_text

    with pytest.raises(ConfigError, match="is a directory"):
        read_text(tmp_path)
    (tmp_path / "bin").write_bytes(b"ok \xff\xfe")
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        read_text(tmp_path / "bin")
    monkeypatch.setenv("ALIGNLAB_MAX_INPUT_BYTES", "100")
    (tmp_path / "big").write_text("x" * 101)
    with pytest.raises(ConfigError, match="larger than the input limit"):
        read_text(tmp_path / "big")
    with pytest.raises(ConfigError, match="larger than the input limit"):
        read_text("/dev/zero")  # endless input: read up to the limit, then refused
    (tmp_path / "bom").write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_text(tmp_path / "bom") == "a: 1\n"


@pytest.mark.parametrize(("text", "message"), [
    ("[" * 100_000, "nested too deeply"), ('{"a":' * 70 + "1" + "}" * 70, "nested too deeply"),
    ("9" * 5000, "more than 4300 digits"), ('{"a": 1, "a": 2}', "duplicate key"),
    ("[NaN]", "NaN is not a JSON number"), ("[1,", "not JSON"), (b"\xff", "not UTF-8"),
])
def test_json_reader_limits(text, message):
    from alignlab.config import parse_json

    with pytest.raises(ConfigError, match=message):
        parse_json(text, "r.json")


def test_read_jsonl_reports_limits_per_line(tmp_path):
    from alignlab.config import read_jsonl

    p = tmp_path / "r.jsonl"
    p.write_text('{"a": 1}\n' + "[" * 5000 + "\n" + '{"b": 99' + "9" * 5000 + "}\n")
    rows = read_jsonl(p, keep_bad=True)
    assert rows[0] == (1, {"a": 1})
    assert "r.jsonl:2: nested too deeply" in str(rows[1][1])
    assert "r.jsonl:3" in str(rows[2][1]) and "4300 digits" in str(rows[2][1])
