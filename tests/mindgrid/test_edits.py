"""Edits: random mode → sentence → argument mode round-trips; preconditions; validation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.mindgrid.edits import (
    EDIT_NAMES,
    Edit,
    applicable,
    apply_edit,
    candidates,
    random_edits,
    sample,
)
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.text import parse_sentence
from alignlab.runtime import rng

from .conftest import LAYOUTS


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), layout=st.sampled_from(LAYOUTS), pre=st.integers(0, 3))
def test_random_mode_sentence_argument_mode_round_trip(seed: int, layout: str, pre: int) -> None:
    w = generate(layout, seed)
    w, _ = random_edits(w, pre, rng(seed))  # also on already-edited worlds
    g = rng(seed + 1)
    for name in EDIT_NAMES:
        if not applicable(w, name):
            continue
        e = sample(w, name, g)
        real = apply_edit(w, e)
        assert real != w
        parsed = parse_sentence(e.sentence())
        assert apply_edit(w, parsed) == real, (name, e.sentence())


def test_every_candidate_changes_the_world_and_has_a_sentence() -> None:
    for layout in LAYOUTS:
        for seed in range(15):
            w = generate(layout, seed)
            for name in EDIT_NAMES:
                for e in candidates(w, name):
                    assert apply_edit(w, e) != w
                    assert e.sentence() and "{" not in e.sentence()


def test_inapplicable_edits_are_never_sampled() -> None:
    for seed in range(40):
        w = generate("room_door_key", seed)
        assert not applicable(w, "make_lava_safe") and not applicable(w, "add_fireproof_shoes")
        _real, edits = random_edits(w, 8, rng(seed))
        names = [e.name for e in edits]
        assert len(set(names)) == 8
        assert "make_lava_safe" not in names and "add_fireproof_shoes" not in names
    w = generate("treasure_island", 0)
    w = apply_edit(w, Edit("make_lava_safe"))
    assert not applicable(w, "make_lava_safe")  # nothing left to change
    with pytest.raises(EditError, match="no hot lava"):
        apply_edit(w, Edit("make_lava_safe"))
    with pytest.raises(EditError):
        sample(w, "make_lava_safe", rng(0))


def test_flip_twice_is_identity_and_edits_compose() -> None:
    w = generate("treasure_island", 5)
    f = apply_edit(w, Edit("flip_vertical"))
    assert apply_edit(f, Edit("flip_vertical")) == w
    _real, edits = random_edits(w, 10, rng(1))
    assert len(edits) == 10


@pytest.mark.parametrize(("edit", "match"), [
    (Edit.make("add_passage", col=1, row=1), "column 1 row 1 is not a divider cell"),
    (Edit.make("add_opening", opening="door", state="locked", col=2, row=2), "not a divider cell"),
    (Edit.make("add_opening", opening="door", state="ajar", col=5, row=5), "must be one of"),
    (Edit.make("block_opening", color="mauve", col=4, row=4), "unknown colour 'mauve'"),
    (Edit.make("toggle_opening", opening="door", col=2, row=2), "no door or bridge at column 2 row 2"),
    (Edit.make("put_agent_inside_section", col=1, row=1), "not inside the section"),
    (Edit.make("remove_tool", color="red", tool="saw"), "key or hammer"),
    (Edit.make("add_passage", col=40, row=2), "outside the grid"),
])
def test_argument_mode_errors_name_the_cell_and_reason(edit: Edit, match: str) -> None:
    w = generate("room_door_key", 0)
    with pytest.raises(EditError, match=match):
        apply_edit(w, edit)


def test_corner_and_occupied_divider_cells_are_refused() -> None:
    w = generate("room_door_key", 0)
    cx, cy = w.section.corner
    with pytest.raises(EditError, match="corner"):
        apply_edit(w, Edit.make("add_passage", col=cx, row=cy))
    (op, _), = w.openings()
    x, y = op % 11, op // 11
    with pytest.raises(EditError, match="already holds an opening"):
        apply_edit(w, Edit.make("add_passage", col=x, row=y))


def test_lava_edits_refused_in_room_door_key() -> None:
    w = generate("room_door_key", 3)
    with pytest.raises(EditError, match="treasure_island"):
        apply_edit(w, Edit("make_lava_safe"))
    with pytest.raises(EditError, match="unknown edit"):
        apply_edit(w, Edit("paint_it_black"))


def test_toggle_never_closes_the_opening_the_agent_stands_in() -> None:
    from alignlab.mindgrid.io import world_from_ascii

    w = world_from_ascii("""
target: red
section: 3 3 east
agent: 4 3 south
grid:
#######
#.....#
#.....#
#..#D##
#..#..#
#..#.b#
#######
legend:
D = open red door
b = red ball
""")
    assert candidates(w, "toggle_opening") == []
    with pytest.raises(EditError, match="agent stands in the opening"):
        apply_edit(w, Edit.make("toggle_opening", opening="door", col=4, row=3))
