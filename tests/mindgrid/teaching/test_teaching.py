"""The parser on generated gold sentences, the simulated human, the gold teacher and the metrics."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.mindgrid.edits import Edit, apply_edit, apply_edits
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.teaching.evaluate import evaluate_instance
from alignlab.mindgrid.teaching.human import understand
from alignlab.mindgrid.teaching.instances import PRESETS, draw_worlds
from alignlab.mindgrid.teaching.metrics import (
    answer_class,
    mean_se,
    outcome_class,
    per_edit,
    summarize,
)
from alignlab.mindgrid.text import parse_sentence, split_sentences
from alignlab.mindgrid.world import LAYOUTS


def test_every_gold_sentence_of_thousands_of_instances_reads_back():
    """2400 generated instances (all presets and layouts): each gold sentence parses to exactly its
    edit, and the gold answer as a whole turns the imagined world into the real one."""
    n_sent = 0
    for s in range(2400):
        preset = PRESETS[s % 3]
        lay = LAYOUTS[(s // 3) % 2]
        _, imagined, real, _, ek, _ = draw_worlds(preset, lay, s)
        for e in ek:
            assert parse_sentence(e.sentence()) == e, e.sentence()
        answer = "\n".join(e.sentence() for e in ek)
        u = understand(imagined, answer)
        assert u.edits == tuple(ek) and u.world == real
        n_sent += len(ek)
        if s % 8 == 0:  # a one-line answer ("... . ... .") reads the same
            assert understand(imagined, ". ".join(e.sentence() for e in ek) + ".").world == real
    assert n_sent > 7000


VARIANTS = [
    ("A new LOCKED door has been installed at column 5 row 7.",
     Edit.make("add_opening", opening="door", state="locked", col=5, row=7)),
    ("3. a new locked door has been installed at column 5 and row 7",
     Edit.make("add_opening", opening="door", state="locked", col=5, row=7)),
    ("Step 2: A new locked door has been installed at row 7, column 5!",
     Edit.make("add_opening", opening="door", state="locked", col=5, row=7)),
    ("- there is a walkable passage at row 10 column 12",
     Edit.make("add_passage", col=12, row=10)),
    ("* The colour of the target object has been changed to Teal.",
     Edit.make("change_target_color", color="teal")),
    ("The agent’s starting location has been moved to column 8, row 9",
     Edit.make("put_agent_inside_section", col=8, row=9)),
    ("there is a pair of fireproof shoes at column 3 row 9;",
     Edit.make("add_fireproof_shoes", col=3, row=9)),
    ("  The GREY hammer has disappeared  ", Edit.make("remove_tool", color="grey", tool="hammer")),
    ("1) the bridge at column 6 and row 4 is no longer in the original state",
     Edit.make("toggle_opening", opening="bridge", col=6, row=4)),
]


@pytest.mark.parametrize(("text", "edit"), VARIANTS)
def test_parser_tolerates_the_spec_variations(text, edit):
    assert parse_sentence(text) == edit


@settings(max_examples=60, deadline=None)
@given(col=st.integers(0, 999), row=st.integers(0, 999), order=st.booleans(),
       sep=st.sampled_from([" ", " and ", ", ", " , and "]), case=st.sampled_from([str.lower, str.upper, str.title]))
def test_parser_reads_any_coordinates_in_either_order(col, row, order, sep, case):
    pos = f"column {col}{sep}row {row}" if order else f"row {row}{sep}column {col}"
    e = parse_sentence(case(f"a red ball at {pos} is blocking a path to the target object."))
    assert e == Edit.make("block_opening", color="red", col=col, row=row)


def test_human_reports_every_sentence_it_could_not_use():
    w = generate("room_door_key", 1)
    answer = ("The lava is safe to walk on. The grid has been flipped along the vertical axis.\n"
              "I think the door moved somewhere.\n"
              "there is a walkable passage at column 12 row 3")
    u = understand(w, answer)
    st_ = [(r.status, r.text) for r in u.readings]
    assert [s for s, _ in st_] == ["not_applicable", "applied", "unparsed", "not_applicable"]
    assert "treasure_island" in u.readings[0].reason
    assert "matches none of the 12" in u.readings[2].reason
    assert "outside the grid interior" in u.readings[3].reason
    assert u.edits == (Edit("flip_vertical"),) and u.world == apply_edit(w, Edit("flip_vertical"))
    assert split_sentences("") == [] and understand(w, "").readings == ()


def test_gold_teacher_closes_the_gap_on_all_100_eval_instances(eval_games):
    """The gold answer restores θ* exactly, so π1 = π_opt(θ*) and the gap is 0 in both modes on
    every instance (there is no instance to explain away)."""
    _, insts = eval_games
    recs = [evaluate_instance(i, "\n".join(i.sentences), teacher="gold") for i in insts]
    assert all(r["gap"] == {"skills": 0, "actions": 0} for r in recs)
    assert all(r["n_parsed"] == r["n_applied"] == len(i.edits) for r, i in zip(recs, insts, strict=True))
    s = summarize(recs, "actions")
    assert s["gap_mean"] == 0 and s["parse_rate"] == 1.0 and s["success_rate"] == 1.0
    assert s["gap_ci"] == [0.0, 0.0] and s["on_death"] == "stop"
    assert s["answer_classes"] == {"exact": 100}
    assert all(v["recall"] in (None, 1.0) and v["precision"] in (None, 1.0) for v in s["per_edit"].values())
    none = [evaluate_instance(i, None) for i in insts]
    s0 = summarize(none, "skills")
    assert s0["gap_mean"] > 30 and s0["parse_rate"] is None
    lo, hi = s0["gap_ci"]
    assert lo < s0["gap_mean"] < hi and s0["gap_skills"]["no_teaching_ci"] == s0["gap_ci"]
    assert s0["gap_skills"]["no_teaching_mean"] == s0["gap_mean"]
    assert {r["outcome"]["skills"] for r in none} <= {"unchanged", "optimal"}


def test_metrics_by_hand():
    m, se = mean_se([1.0, 2.0, 3.0, 6.0])
    assert m == 3.0 and math.isclose(se, math.sqrt(((4 + 1 + 0 + 9) / 3) / 4))
    assert mean_se([]) == (None, None) and mean_se([5.0]) == (5.0, None)
    assert [outcome_class(g, 10) for g in (0, 4, 10, 12)] == ["optimal", "improved", "unchanged", "worse"]
    a = {"edit": "add_passage", "args": {"col": 5, "row": 3}}
    b = {"edit": "flip_vertical", "args": {}}
    c = {"edit": "add_passage", "args": {"col": 6, "row": 3}}
    assert answer_class([a, b], [a, b]) == "exact"
    assert answer_class([a, b], [b]) == "incomplete"
    assert answer_class([a, b], [c]) == "incorrect"
    assert answer_class([a], []) == "empty" and answer_class([], []) == "exact"
    # no gold edits although the worlds differ: judged by the world the answer leads to
    assert answer_class([], [a], gold_known=False, reaches_real=True) == "exact"
    assert answer_class([], [a], gold_known=False) == "unknown"
    assert answer_class([], [], gold_known=False) == "empty"
    pe = per_edit([{"gold_edits": [a, b], "understood_edits": [c, b]},
                   {"gold_edits": [a], "understood_edits": [a]}])
    assert pe["add_passage"] == {"gold": 2, "understood": 2, "recall": 0.5, "precision": 0.5}
    assert pe["flip_vertical"]["recall"] == 1.0 and pe["make_lava_safe"]["recall"] is None


def test_partial_teaching_is_scored_between_none_and_gold(eval_games):
    _, insts = eval_games
    inst = next(i for i in insts if i.layout == "treasure_island" and not i.is_degenerate)
    half = "\n".join(inst.sentences[: len(inst.sentences) // 2])
    rec = evaluate_instance(inst, half + "\nthe moon is made of cheese")
    assert rec["n_sentences"] == len(inst.sentences) // 2 + 1
    assert rec["sentences"][-1]["status"] == "unparsed"
    assert rec["answer_class"] == "incomplete"
    assert apply_edits(inst.imagined, [Edit.from_json(e) for e in rec["understood_edits"]]) != inst.real
    for m in ("skills", "actions"):
        assert rec["gap"][m] >= 0
        assert rec["executions"][m]["mode"] == m


def test_evaluation_through_a_process_pool_matches_serial(tmp_path, eval_games):
    from alignlab.mindgrid.teaching.evaluate import evaluate_file
    from alignlab.mindgrid.teaching.instances import write_instances
    from alignlab.mindgrid.teaching.teachers import make_teacher
    from alignlab.runtime import read_records

    _, insts = eval_games
    games = write_instances(insts[:8], tmp_path / "g.jsonl")
    outs = {}
    for ex in ("serial", "local"):
        s = evaluate_file(games, make_teacher("none"), tmp_path / f"{ex}.jsonl", executor=ex,
                          workers=None if ex == "serial" else 2, progress=False)
        assert s["n"] == 8 and s["run_now"] == 8
        outs[ex] = read_records(tmp_path / f"{ex}.jsonl", sort_by_key=True)
    assert outs["serial"] == outs["local"]
