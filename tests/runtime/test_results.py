"""ResultFile: atomic appends, torn-tail repair, unique keys, canonical bytes, one writer."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.runtime import (
    DuplicateKeyError,
    ResultFile,
    ResultFileError,
    read_records,
    sorted_records,
)


def test_append_read_and_done_keys(tmp_path):
    path = tmp_path / "sub" / "r.jsonl"
    with ResultFile(path) as rf:
        rf.append({"key": "b", "v": 1})
        rf.append({"v": 2.5, "key": "a", "nested": {"z": 1, "a": [1, 2]}})
        assert rf.done_keys() == {"a", "b"} and len(rf) == 2 and "a" in rf
        assert [r["key"] for r in rf.records()] == ["b", "a"]
        assert [r["key"] for r in rf.sorted_records()] == ["a", "b"]
    assert path.read_text() == ('{"key":"b","v":1}\n'
                                '{"key":"a","nested":{"a":[1,2],"z":1},"v":2.5}\n')
    with ResultFile(path) as rf:  # reopening remembers the keys
        assert rf.done_keys() == {"a", "b"}
        assert rf.repaired_bytes == 0


def test_duplicate_key_raises_and_writes_nothing(tmp_path):
    path = tmp_path / "r.jsonl"
    with ResultFile(path) as rf:
        rf.append({"key": "a", "v": 1})
        with pytest.raises(DuplicateKeyError, match="key 'a' is already written"):
            rf.append({"key": "a", "v": 2})
    assert read_records(path) == [{"key": "a", "v": 1}]


@pytest.mark.parametrize(("record", "match"), [
    ({"v": 1}, "non-empty string 'key'"),
    ({"key": 3}, "non-empty string 'key'"),
    ({"key": ""}, "non-empty string 'key'"),
    (["key", "a"], "must be a dict"),
    ({"key": "a", "v": object()}, "cannot serialise a value of type object"),
    ({"key": "a", "v": {1: 2}}, "JSON keys must be strings"),
])
def test_bad_records(tmp_path, record, match):
    with ResultFile(tmp_path / "r.jsonl") as rf, pytest.raises(ResultFileError, match=match):
        rf.append(record)
    assert (tmp_path / "r.jsonl").read_bytes() == b""


def test_torn_tail_is_dropped_on_open(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"key":"a","v":1}\n{"key":"b","v":2}\n{"key":"c","v"')
    assert [r["key"] for r in read_records(path)] == ["a", "b"]  # readers ignore the tail...
    assert path.read_bytes().endswith(b'"v"')  # ...without touching the file
    with ResultFile(path) as rf:
        assert rf.repaired_bytes == len(b'{"key":"c","v"')
        assert rf.done_keys() == {"a", "b"}
        rf.append({"key": "c", "v": 3})
    assert path.read_bytes() == b'{"key":"a","v":1}\n{"key":"b","v":2}\n{"key":"c","v":3}\n'


def test_corruption_inside_the_file_is_an_error(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"key":"a"}\n{oops\n{"key":"b"}\n')
    with pytest.raises(ResultFileError, match=r"r\.jsonl:2: not a JSON record"):
        ResultFile(path)
    path.write_bytes(b'{"key":"a"}\n[1]\n')
    with pytest.raises(ResultFileError, match=r":2: a record must be a JSON object"):
        ResultFile(path)
    path.write_bytes(b'{"key":"a"}\n{"key":"a"}\n')
    with pytest.raises(ResultFileError, match=r":2: duplicate key 'a'"):
        ResultFile(path)


def test_one_writer_at_a_time(tmp_path):
    path = tmp_path / "r.jsonl"
    first = ResultFile(path)
    with pytest.raises(ResultFileError, match="locked by another writer"):
        ResultFile(path)
    first.close()
    with ResultFile(path) as again:
        again.append({"key": "x"})
    with pytest.raises(ResultFileError, match="closed"):
        again.append({"key": "y"})


def test_missing_file_for_readers(tmp_path):
    with pytest.raises(ResultFileError, match="no such result file"):
        read_records(tmp_path / "nope.jsonl")


@dataclass(frozen=True)
class Point:
    x: float
    label: str


def test_numpy_dataclass_and_unicode_values(tmp_path):
    path = tmp_path / "r.jsonl"
    with ResultFile(path) as rf:
        rf.append({"key": "k", "a": np.arange(3), "f": np.float64(0.5), "i": np.int32(4),
                   "p": Point(1.0, "ε\u2028δ\nline"), "t": (1, 2)})
    (rec,) = read_records(path)
    assert rec == {"key": "k", "a": [0, 1, 2], "f": 0.5, "i": 4,
                   "p": {"x": 1.0, "label": "ε\u2028δ\nline"}, "t": [1, 2]}
    assert path.read_bytes().count(b"\n") == 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                 max_size=3),
    max_leaves=8,
)


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=6), st.dictionaries(
    st.text(max_size=5).filter(lambda k: k != "key"), json_values, max_size=4), max_size=6))
def test_roundtrip_and_canonical_bytes(tmp_path_factory, records):
    d = tmp_path_factory.mktemp("h")
    with ResultFile(d / "a.jsonl") as a, ResultFile(d / "b.jsonl") as b:
        for k, rec in records.items():
            a.append({"key": k, **rec})
        for k, rec in reversed(list(records.items())):  # other order, reversed field order
            b.append(dict(reversed(list({"key": k, **rec}.items()))))
    got = sorted_records(d / "a.jsonl")
    assert got == sorted(({"key": k, **json.loads(json.dumps(r))} for k, r in records.items()),
                         key=lambda r: r["key"])
    lines_a = sorted((d / "a.jsonl").read_bytes().splitlines(keepends=True))
    lines_b = sorted((d / "b.jsonl").read_bytes().splitlines(keepends=True))
    assert lines_a == lines_b
