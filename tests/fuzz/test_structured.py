"""Structure-aware fuzzing with Hypothesis: valid inputs with one field broken, in every reader.

Each case starts from a valid input of a command (a YAML config, a grid-JSON world, a JSON Lines
instance, answer or result record, a token list), then Hypothesis picks a place in the document
and replaces the value there with a hostile one (a wrong type, a huge or negative number, Rich
markup, deep nesting…), deletes it, or adds an unknown field. The command must either accept the
document (exit 0) or refuse it cleanly (one ``error: …`` line, exit 2; ``mindgrid validate`` may
report with exit 1). Runs are derandomized, so the suite is deterministic.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.fuzz.harness import argv, chdir, commands, problems, run_inprocess, templates

HOSTILE_VALUES = [
    None, True, False, -1, 0, 1, 2**63, 10**12, -(10**12), 10**200, 1e-300, 1e308, -0.5,
    "", "x", "[/]", "[link=http://example.com]y[/link]", "1e-12", "ü" * 3, "a\u2028b",
    [], {}, [[]], [1, "a", None], {"a": {"b": [1]}}, [[[[[[[[[[[[1]]]]]]]]]]]],
]
hostile = st.sampled_from(HOSTILE_VALUES)

#: (command, input parameter, template variant, format of the fixture)
TARGETS = [
    ("deals analyze", "scenario", 0, "yaml"),
    ("agree run", "config", 0, "yaml"),
    ("agree prior", "config", 0, "yaml"),
    ("agree sweep", "config", 0, "yaml"),
    ("pap run", "config", 0, "yaml"),
    ("randnets run", "config", 0, "yaml"),
    ("watermark evaluate", "config", 0, "yaml"),
    ("mindgrid plan", "world", 1, "json"),
    ("mindgrid validate", "file", 0, "jsonl"),
    ("mindgrid show", "world", 2, "jsonl"),
    ("mindgrid evaluate", "answers", 0, "jsonl"),
    ("mindgrid report", "results", 0, "jsonl"),
    ("watermark detect", "tokens_file", 0, "tokens"),
    ("mindgrid compare", "a", 0, "jsonl"),
    ("mindgrid convert-reference", "export", 0, "jsonl"),
]
#: Examples per reader; ``ALIGNLAB_FUZZ_EXAMPLES=500`` explores deeper (and randomly) by hand.
EXAMPLES = int(os.environ.get("ALIGNLAB_FUZZ_EXAMPLES", "40"))
DEEP = "ALIGNLAB_FUZZ_EXAMPLES" in os.environ
#: Commands whose accepted documents take seconds to run: fewer examples.
SLOW = {"randnets run", "watermark evaluate", "mindgrid report", "agree sweep"}


@st.composite
def mutated(draw: Any, doc: Any) -> Any:
    """``doc`` (parsed JSON/YAML) with one place changed by a hostile edit."""
    doc = json.loads(json.dumps(doc))  # a deep copy
    parent, key, node = None, None, doc
    while isinstance(node, dict | list) and node and draw(st.integers(0, 3)) > 0:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        k = draw(st.sampled_from(keys))
        parent, key, node = node, k, node[k]
    op = draw(st.sampled_from(["replace", "replace", "delete", "unknown", "wrap"]))
    if parent is None:
        return draw(hostile) if op in ("replace", "delete") else (
            {**doc, "unknown_field": draw(hostile)} if isinstance(doc, dict) and op == "unknown"
            else [doc])
    if op == "delete" and isinstance(parent, dict):
        del parent[key]
    elif op == "unknown" and isinstance(parent, dict):
        parent[f"unknown_{key}"] = draw(hostile)
    elif op == "wrap":
        parent[key] = [node]
    else:
        parent[key] = draw(hostile)
    return doc


def _dump(doc: Any, fmt: str) -> str:
    if fmt == "yaml":
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    return json.dumps(doc, ensure_ascii=False)


def _load(text: str, fmt: str) -> list[Any]:
    if fmt == "yaml":
        return [yaml.safe_load(text)]
    if fmt == "tokens":
        return [[int(t) for t in text.split()]]
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return [json.loads(text)]


@pytest.mark.parametrize(("command", "param", "variant", "fmt"), TARGETS,
                         ids=[f"{c}:{p}".replace(" ", "-") for c, p, _, _ in TARGETS])
def test_one_broken_field_is_accepted_or_refused_cleanly(command, param, variant, fmt, fx,
                                                         tmp_path_factory):
    cmd = next(c for c in commands() if c.name == command)
    base = templates(cmd)[variant]
    source = fx[base[param][1:]]
    docs = _load(source.read_text(), fmt)
    work = tmp_path_factory.mktemp("structured")
    target = work / f"input{source.suffix}"
    seen: list[str] = []

    @settings(max_examples=max(1, EXAMPLES // (12 if command == "watermark evaluate" else 3))
              if command in SLOW else EXAMPLES, deadline=None,
              derandomize=not DEEP, database=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data: Any) -> None:
        line = data.draw(st.integers(0, len(docs) - 1))
        new = data.draw(mutated(docs[line]))
        if fmt == "jsonl":
            text = "\n".join(_dump(new if i == line else d, "json") for i, d in enumerate(docs))
        else:
            text = _dump(new, "json" if fmt == "tokens" else fmt)
        target.write_text(text + "\n", encoding="utf-8")
        with chdir(work):
            r = run_inprocess(argv(cmd, {**base, param: str(target)}, fx, work))
        seen.append("ok" if r.code == 0 else f"exit {r.code}")
        if r.code != 0:
            bad = problems(r, command)
            assert not bad, f"{bad}: {text[:300]!r} → {(r.stderr or r.stdout)[-300:]!r}"

    check()
    assert "exit 2" in seen or "exit 1" in seen  # hostile edits are refused, not all accepted
