"""config_hash: stable, order-free, refuses what has no stable JSON form."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from alignlab.runtime import RunError, canonical_json, config_hash


@dataclass(frozen=True)
class Cfg:
    M: int
    eps: float
    names: tuple[str, ...]


def test_pinned_value():  # the hash must not drift between versions or machines
    assert canonical_json({"b": [1, 2.5], "a": "ε"}) == '{"a":"ε","b":[1,2.5]}'
    assert config_hash({"b": [1, 2.5], "a": "ε"}) == \
        __import__("hashlib").sha256('{"a":"ε","b":[1,2.5]}'.encode()).hexdigest()[:16]


def test_equal_configs_equal_hashes():
    assert config_hash({"a": 1, "b": 2}) == config_hash({"b": 2, "a": 1})
    assert config_hash(Cfg(2, 0.1, ("x",))) == config_hash({"M": 2, "eps": 0.1, "names": ["x"]})
    assert config_hash({"v": np.float64(0.1)}) == config_hash({"v": 0.1})
    assert config_hash({"s": {3, 1, 2}}) == config_hash({"s": [1, 2, 3]})
    assert config_hash({"a": 1}) != config_hash({"a": 2})
    assert len(config_hash({}, length=64)) == 64


@pytest.mark.parametrize(("obj", "match"), [
    ({"x": float("nan")}, r"config\.x: nan has no stable JSON form"),
    ({"x": [1, float("inf")]}, r"config\.x\[1\]"),
    ({1: "a"}, "JSON keys must be strings"),
    ({"f": print}, "cannot serialise"),
])
def test_refused(obj, match):
    with pytest.raises(RunError, match=match):
        config_hash(obj)


def test_bad_length():
    with pytest.raises(RunError, match="length must be in"):
        config_hash({}, length=0)
