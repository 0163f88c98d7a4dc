"""Observation text and the tolerant sentence parser."""

from __future__ import annotations

import pytest

from alignlab.mindgrid.edits import Edit
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.observation import rich_text as observation_text
from alignlab.mindgrid.text import parse_sentence, split_sentences


def test_observation_text_format() -> None:
    t = observation_text(generate("treasure_island", 3))
    assert t.startswith("You are at column 7 and row 5. You are facing south. "
                        "You are not carrying any object. You see 4 objects: ")
    assert "a grey hammer at column 3 and row 4" in t
    assert "an intact bridge at column 6 and row 6" in t
    assert "There are lava pools: from column 3 and row 6 to column 5 and row 6" in t
    assert "There are walls: at column 9 and row 2." in t


@pytest.mark.parametrize(("text", "expected"), [
    ("A new LOCKED door has been installed at column 5 row 7.",
     Edit.make("add_opening", opening="door", state="locked", col=5, row=7)),
    ("3. a new locked door has been installed at row 7 and column 5",
     Edit.make("add_opening", opening="door", state="locked", col=5, row=7)),
    ("Step 2: There is a walkable passage at column 12 and row 10!",
     Edit.make("add_passage", col=12, row=10)),
    ("- the bridge at row 6, column 4 is no longer in the original state",
     Edit.make("toggle_opening", opening="bridge", col=4, row=6)),
    ("The colour of the target object has been changed to Purple.",
     Edit.make("change_target_color", color="purple")),
    ("the agent’s starting location has been moved to column 8 row 9",
     Edit.make("put_agent_inside_section", col=8, row=9)),
    ("The grey hammer has disappeared.", Edit.make("remove_tool", color="grey", tool="hammer")),
    ("there is a pair of fireproof shoes at column 2 row 3",
     Edit.make("add_fireproof_shoes", col=2, row=3)),
])
def test_parser_is_tolerant(text: str, expected: Edit) -> None:
    assert parse_sentence(text) == expected


def test_unparsable_sentences_raise_not_dropped() -> None:
    with pytest.raises(EditError, match="matches none of the 12 edit templates"):
        parse_sentence("the door is made of cheese")


def test_split_sentences() -> None:
    ans = "1. The lava is safe to walk on. 2. The grey hammer has disappeared.\nthe grid has been flipped along the vertical axis"
    assert len(split_sentences(ans)) == 3
