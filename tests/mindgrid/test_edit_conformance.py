"""Conformance suite every registered edit passes (like scikit-learn's ``check_estimator``): one
parametrised test per property over every entry of ``EDITS``, on generated worlds of both layouts.

Adding an edit = its candidates and apply functions, one ``EditKind`` entry, and (if it needs a
world the generator does not make) nothing else: this suite runs it."""

from __future__ import annotations

import re
import string
from dataclasses import replace

import pytest

from alignlab.mindgrid.edits import (
    EDIT_NAMES,
    EDITS,
    TEMPLATES,
    Edit,
    EditKind,
    applicable,
    apply_edit,
    candidates,
    random_edits,
    sample,
)
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.text import parse_sentence
from alignlab.mindgrid.world import DIR_NAMES, World, validate
from alignlab.runtime import rng

from .conftest import LAYOUTS


def _worlds() -> list[World]:
    out = []
    for s in range(6):
        for lay in LAYOUTS:
            w = generate(lay, s)
            out.append(w)
            out.append(random_edits(w, 2, rng(s + 100))[0])
    return out


WORLDS = _worlds()
NAMES = sorted(EDITS)


def test_the_registry_is_the_one_list_of_edits():
    assert tuple(EDITS) == EDIT_NAMES and len(EDITS) == 12
    assert list(TEMPLATES) == [f"{n}:{v}" if v else n for n, k in EDITS.items() for v in k.templates]


@pytest.mark.parametrize("name", NAMES)
def test_entry_is_well_formed(name):
    k = EDITS[name]
    assert k.name == name and isinstance(k, EditKind)
    assert (k.variant == "") == (list(k.templates) == [""]) and (not k.variant or k.variant in k.args)
    for v, t in k.templates.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(t) if f}
        assert fields <= set(k.args), f"{name}: template uses {fields - set(k.args)}"
        assert set(k.args) - {k.variant} <= fields, f"{name}: an argument is not said in the sentence"
        if {"col", "row"} <= fields:
            assert "column {col} row {row}" in t
        for f in fields - {"col", "row"}:
            assert k.vocabulary(f, v), f"{name}: {{{f}}} has no words"


@pytest.mark.parametrize("name", NAMES)
def test_precondition_random_mode_and_argument_mode_agree(name):
    k = EDITS[name]
    seen_applicable = False
    for w in WORLDS:
        cands = candidates(w, name)
        assert applicable(w, name) == bool(cands)
        if not cands:
            with pytest.raises(EditError, match=name):
                sample(w, name, rng(0))
            continue
        seen_applicable = True
        assert sample(w, name, rng(1)) in cands
        for e in cands[:: max(1, len(cands) // 6)]:
            assert e.name == name and {a for a, _ in e.args} == set(k.args)
            out = apply_edit(w, e)                      # argument mode accepts every candidate,
            assert out != w and validate(out) == out    # changes the world and keeps it valid
            assert k.apply(w, e) == out                 # the entry's apply is what runs
    assert seen_applicable, f"{name} never applies to the test worlds"


@pytest.mark.parametrize("name", NAMES)
def test_sentence_parses_back_to_the_same_edit(name):
    for w in WORLDS:
        for e in candidates(w, name)[:8]:
            s = e.sentence()
            assert s == EDITS[name].template(e).format(**dict(e.args))
            assert parse_sentence(s) == e
            # the tolerant forms the simulated human also reads
            assert parse_sentence(f"2. {s[0].upper()}{s[1:]}.") == e
            if "column" in s:
                swapped = re.sub(r"column (\d+) row (\d+)", r"row \2 and column \1", s)
                assert parse_sentence(swapped) == e
            assert Edit.from_json(e.to_json()) == e


@pytest.mark.parametrize("name", NAMES)
def test_the_inverse_recovers_the_world_before_every_candidate(name):
    """Inverse planning (``--teacher inverse``) undoes edits: ``alignlab.mindgrid.undo`` has an
    inverse for every edit, and it lists the world before the edit (given the agent cell and the
    tools, which a world after ``put_agent_inside_section`` / ``remove_tool`` no longer shows)."""
    from alignlab.mindgrid.undo import PROPOSERS, UndoHints, undo

    assert name in PROPOSERS
    for w in WORLDS:
        hints = UndoHints(agent_origins=(w.agent,),
                          tools=tuple((i, o) for i, o in w.placed() if o.kind in ("key", "hammer", "box")))
        for e in candidates(w, name)[::4]:
            assert (w, e) in undo(apply_edit(w, e), name, hints), e


@pytest.mark.parametrize("name", NAMES)
def test_bad_arguments_are_refused_with_a_reason(name):
    k = EDITS[name]
    w = next(w for w in WORLDS if candidates(w, name))
    e = candidates(w, name)[0]
    if "col" in k.args:
        with pytest.raises(EditError, match=r"column 42 row"):
            apply_edit(w, replace(e, args=tuple((a, 42 if a == "col" else v) for a, v in e.args)))
    if "color" in k.args:
        with pytest.raises(EditError, match="unknown colour 'chartreuse'"):
            apply_edit(w, replace(e, args=tuple((a, "chartreuse" if a == "color" else v)
                                                for a, v in e.args)))
    with pytest.raises(EditError, match="unknown edit"):
        apply_edit(w, Edit("no_such_edit"))


def _c_turn(w: World) -> list[Edit]:
    return [Edit.make("turn_agent", direction=d) for i, d in enumerate(DIR_NAMES) if i != w.agent_dir]


def _a_turn(w: World, e: Edit) -> World:
    d = e.get("direction")
    if d not in DIR_NAMES:
        raise EditError(f"turn_agent: unknown direction {d!r}")
    return replace(w, agent_dir=DIR_NAMES.index(str(d)))


def test_a_thirteenth_edit_is_one_entry(monkeypatch):
    """Registering one entry is all it takes: sampling, applying, the sentence and the parser."""
    k = EditKind("turn_agent", ("direction",), {"": "the agent starts facing {direction}"},
                 _c_turn, _a_turn, words={"direction": DIR_NAMES})
    monkeypatch.setitem(EDITS, "turn_agent", k)
    w = generate("room_door_key", 0)
    e = sample(w, "turn_agent", rng(0))
    assert apply_edit(w, e).agent_dir == DIR_NAMES.index(e.get("direction"))
    assert parse_sentence(f"The agent starts facing {e.get('direction')}.") == e
    assert Edit.from_json(e.to_json()) == e
    with pytest.raises(EditError, match="cannot parse"):
        parse_sentence("the agent starts facing upwards")
