"""Inverse edits: every undo candidate is exactly inverted by its forward edit, and the true
previous world of every generated edit is among the candidates."""

from __future__ import annotations

import pytest

from alignlab.mindgrid.edits import EDIT_NAMES, Edit, apply_edit
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.teaching.instances import draw_worlds
from alignlab.mindgrid.undo import PROPOSERS, UndoHints, undo
from alignlab.mindgrid.world import LAYOUTS, Obj, validate


def _hints(w):
    return UndoHints(agent_origins=(w.agent,),
                     tools=tuple((i, o) for i, o in w.placed() if o.kind in ("key", "hammer", "box")))


def test_every_generated_edit_is_undone_exactly():
    """120 eval-reference instances: for every edit θ_j → θ_{j+1}, undo(θ_{j+1}) contains (θ_j, e)."""
    seen = set()
    for s in range(120):
        _, imagined, _real, _, ek, _ = draw_worlds("eval-reference", LAYOUTS[s % 2], s)
        w = imagined
        for e in ek:
            nxt = apply_edit(w, e)
            assert (w, e) in undo(nxt, e.name, _hints(w)), (s, e)
            seen.add(e.name)
            w = nxt
    assert seen == set(EDIT_NAMES)


def test_undo_candidates_are_valid_and_invert_exactly():
    for s in range(30):
        _, _, real, _, _, _ = draw_worlds("eval-reference", LAYOUTS[s % 2], s)
        hints = UndoHints(agent_origins=(12, 13, 23), tools=((23, Obj("key", "yellow")),
                                                             (24, Obj("hammer", "grey"))))
        for name in EDIT_NAMES:
            for prev, e in undo(real, name, hints):
                assert e.name == name and prev != real
                validate(prev)
                assert apply_edit(prev, e) == real


def test_flip_and_colour_undos_need_no_hints_and_unknown_kinds_are_refused():
    w = generate("treasure_island", 3, split="test")
    [(prev, e)] = undo(w, "flip_vertical")
    assert e == Edit("flip_vertical") and apply_edit(prev, e) == w
    assert len(undo(w, "change_target_color")) == len(w.palette) - 1
    assert undo(w, "put_agent_inside_section") == [] and undo(w, "remove_tool") == []
    with pytest.raises(EditError, match=r"unknown edit 'teleport' \(or an edit without an inverse"):
        undo(w, "teleport")
    assert set(PROPOSERS) == set(EDIT_NAMES)
