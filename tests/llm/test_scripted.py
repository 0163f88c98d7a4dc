"""ScriptedLLM: sequential and keyed scripts from lists, mappings and files."""

from __future__ import annotations

import json

import pytest

from alignlab.llm import LLM, ScriptedLLM, ScriptError, prompt_hash


def user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


def test_sequential_list_then_runs_out():
    llm = ScriptedLLM(["a", "b"])
    assert isinstance(llm, LLM)
    assert [llm.complete(user("x")), llm.complete(user("y"))] == ["a", "b"]
    assert llm.remaining == 0
    with pytest.raises(ScriptError, match=r"ran out: it has 2 answer\(s\) and this is call 3 "
                                          r"\(last user message: 'z'\)"):
        llm.complete(user("z"))
    assert len(llm.calls) == 3


def test_keyed_by_user_message_and_hash():
    msgs = [{"role": "system", "content": "s"}, {"role": "user", "content": "q"}]
    llm = ScriptedLLM({"hello": "hi!", prompt_hash(msgs): "by hash"})
    assert llm.complete(user("hello")) == "hi!"
    assert llm.complete(msgs) == "by hash"
    assert llm.complete(user("hello")) == "hi!"  # keyed answers do not run out
    with pytest.raises(ScriptError, match=r"no answer for prompt hash [0-9a-f]{64}.*'other'"):
        llm.complete(user("other"))


def test_jsonl_files(tmp_path):
    seq = tmp_path / "seq.jsonl"
    seq.write_text('"one"\n{"answer": "two"}\n\n')
    llm = ScriptedLLM(seq)
    assert [llm.complete(user("a")), llm.complete(user("b"))] == ["one", "two"]
    keyed = tmp_path / "keyed.jsonl"
    keyed.write_text(json.dumps({"user": "ping", "answer": "pong"}) + "\n")
    assert ScriptedLLM(keyed).complete(user("ping")) == "pong"
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('"one"\n{"user": "ping", "answer": "pong"}\n')
    with pytest.raises(ScriptError, match="mixes sequential"):
        ScriptedLLM(mixed)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('"ok"\n{oops\n')
    with pytest.raises(ScriptError, match=r"bad\.jsonl:2: not JSON"):
        ScriptedLLM(bad)


def test_yaml_files(tmp_path):
    (tmp_path / "s.yaml").write_text("- first\n- second\n")
    assert ScriptedLLM(tmp_path / "s.yaml").complete(user("x")) == "first"
    (tmp_path / "m.yml").write_text("'what is 2+2?': '4'\n")
    assert ScriptedLLM(tmp_path / "m.yml").complete(user("what is 2+2?")) == "4"
    (tmp_path / "n.yaml").write_text("- 3\n")
    with pytest.raises(ScriptError, match="answer 1: an answer must be a string, got int"):
        ScriptedLLM(tmp_path / "n.yaml")
    (tmp_path / "e.yaml").write_text("a: [\n")
    with pytest.raises(ScriptError, match="YAML syntax error"):
        ScriptedLLM(tmp_path / "e.yaml")
    with pytest.raises(ScriptError, match="no such file"):
        ScriptedLLM(tmp_path / "missing.yaml")
    with pytest.raises(ScriptError, match=r"is a \.jsonl, \.yaml"):
        ScriptedLLM(tmp_path / "s.txt")
    (tmp_path / "empty.yaml").write_text("")
    with pytest.raises(ScriptError, match="a script is a list"):
        ScriptedLLM(tmp_path / "empty.yaml")


def test_prompt_hash_is_stable():
    a = [{"role": "user", "content": "x"}]
    assert prompt_hash(a) == prompt_hash([{"content": "x", "role": "user"}])
    assert prompt_hash(a) != prompt_hash([{"role": "user", "content": "y"}])
