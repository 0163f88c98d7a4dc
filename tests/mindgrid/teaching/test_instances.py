"""Instance generation (presets), the JSONL schema, hand-written instances and validation."""

from __future__ import annotations

import json

import pytest

from alignlab.mindgrid.edits import PAPER_N_EDITS, Edit, apply_edits
from alignlab.mindgrid.errors import InstanceError
from alignlab.mindgrid.io import world_to_json
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.plans import execute, optimal_plan
from alignlab.mindgrid.teaching.instances import (
    SCHEMA,
    draw_worlds,
    generate_instances,
    instance_from_json,
    load_instances,
    validate_file,
    write_instances,
)


def test_presets_have_the_documented_edit_counts():
    for lay in ("room_door_key", "treasure_island"):
        n = PAPER_N_EDITS[lay]
        for s in range(6):
            base, _imagined, real, eh, ek, _ = draw_worlds("eval", lay, s)
            assert len(eh) == 2 and len(ek) == n - 2
            assert len({e.name for e in eh + ek}) == n  # distinct kinds
            assert apply_edits(apply_edits(base, eh), ek) == real
            _, _, _, eh, ek, _ = draw_worlds("fewshot", lay, s)
            assert len(eh) == 0 and len(ek) == 2
    for lay, kmax in (("treasure_island", 9), ("room_door_key", 7)):
        draws = [draw_worlds("eval-reference", lay, s) for s in range(60)]
        ks = [len(d[4]) for d in draws]
        assert min(ks) == 0 and max(ks) == kmax and len(set(ks)) >= kmax - 1
        for d in draws:  # the human's 2 kinds, then k more drawn without replacement
            assert len(d[3]) == 2 and len({e.name for e in d[3] + d[4]}) == 2 + len(d[4])


def test_generation_is_deterministic_and_explicit(tmp_path, eval_games):
    path, insts = eval_games
    again = write_instances(generate_instances("eval", 100, 0), tmp_path / "g.jsonl")
    assert again.read_bytes() == path.read_bytes()
    rec = json.loads(path.read_text().splitlines()[0])
    assert rec["schema"] == SCHEMA
    for f in ("imagined", "real", "edits", "sentences", "plan_human", "plan_real", "base", "seed"):
        assert f in rec
    assert rec["plan_human"]["skills"] and rec["plan_human"]["actions"]
    assert [Edit.from_json(e).sentence() for e in rec["edits"]] == rec["sentences"]
    assert all(i.optimal_real().solvable for i in insts)  # the gap is always defined
    assert load_instances(path) == insts


def test_hand_written_instance_with_skills_or_actions_or_no_plan():
    imagined = generate("room_door_key", 5)
    real = apply_edits(imagined, [Edit("flip_vertical")])
    pi = optimal_plan(imagined)
    base = {"schema": SCHEMA, "id": "mine", "imagined": world_to_json(imagined),
            "real": world_to_json(real)}
    by_actions = instance_from_json({**base, "plan_human": {"actions": pi.to_json()["actions"]}})
    by_skills = instance_from_json({**base, "plan_human": {"skills": pi.to_json()["skills"]}})
    computed = instance_from_json(base)
    for inst in (by_actions, by_skills, computed):
        assert inst.plan_human.actions == pi.actions
        assert inst.plan_human.reward == pi.reward
    assert execute(real, by_skills.plan_human, "skills").reward == execute(real, pi, "skills").reward
    # primitive-action plans become one primitive skill per action
    assert all(s.name == "primitive" for s in by_actions.plan_human.skills)
    assert computed.edits == () and computed.sentences == ()
    with_edits = instance_from_json({**base, "edits": [{"edit": "flip_vertical"}]})
    assert with_edits.sentences == ("the grid has been flipped along the vertical axis",)


@pytest.mark.parametrize(("patch", "needle"), [
    ({"schema": "v0"}, "schema must be"),
    ({"id": None}, "'id' must be"),
    ({"real": None}, "real"),
    ({"edits": [{"edit": "teleport"}]}, "teleport"),
    ({"edits": [{"edit": "make_lava_safe"}]}, "do not apply"),
    ({"edits": [{"edit": "change_target_color", "args": {"color": "blue"}}]}, "differs from the real"),
    ({"plan_human": {"actions": ["jump"]}}, "unknown action 'jump'"),
    ({"plan_human": {"skills": [{"skill": "fly"}]}}, "skill must be one of"),
    ({"plan_human": {}}, "give 'skills'"),
])
def test_bad_records_name_the_field(patch, needle):
    imagined = generate("room_door_key", 5)
    real = apply_edits(imagined, [Edit("flip_vertical")])
    rec = {"schema": SCHEMA, "id": "x", "imagined": world_to_json(imagined),
           "real": world_to_json(real), **patch}
    with pytest.raises(InstanceError, match=needle):
        instance_from_json(rec)


def test_validate_explains_every_problem(tmp_path, eval_games):
    path, _ = eval_games
    lines = path.read_text().splitlines()[:4]
    r1 = json.loads(lines[1])
    r1["sentences"][0] = "the grid was painted green"
    r2 = json.loads(lines[2])
    r2["plan_real"]["reward"] = 1
    r2["colour"] = "extra"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], json.dumps(r1), json.dumps(r2), "{not json", lines[0]]) + "\n")
    ok, problems = validate_file(bad)
    text = "\n".join(problems)
    assert ok == 1
    assert "bad.jsonl:2" in text and "sentences[0]" in text and "painted green" in text
    assert "bad.jsonl:3" in text and "plan_real: reward 1" in text and "unknown field(s) colour" in text
    assert "bad.jsonl:4: not JSON" in text
    assert "bad.jsonl:5" in text and "already used on line 1" in text
    assert validate_file(path)[1] == []


def test_example_hand_written_instances_validate_and_evaluate(tmp_path):
    from pathlib import Path

    from alignlab.mindgrid.teaching.evaluate import evaluate_file
    from alignlab.mindgrid.teaching.teachers import make_teacher

    ex = Path(__file__).parents[3] / "examples" / "mindgrid"
    assert validate_file(ex / "instances.jsonl") == (2, [])
    s = evaluate_file(ex / "instances.jsonl", make_teacher("scripted", answers=ex / "answers.jsonl"),
                      tmp_path / "r.jsonl", progress=False, executor="serial")
    assert s["n"] == 2 and s["unparsed"] == [{"id": "flipped-no-hammer", "text": "The hammer is gone."}]
    assert s["gap_skills"]["no_teaching_mean"] > 0 and s["gap_mean"] == 0


def test_degenerate_instances_are_counted_and_can_be_dropped(tmp_path, cli):
    from alignlab.mindgrid.teaching.evaluate import evaluate_file
    from alignlab.mindgrid.teaching.teachers import make_teacher

    insts = generate_instances("eval-reference", 30, 2)
    degenerate = [i for i in insts if i.is_degenerate]
    assert degenerate and len(degenerate) < len(insts)
    for i in degenerate:
        d = i.degenerate()
        assert d["same_world"] or d["pi0_optimal"]
        if d["same_world"]:
            assert i.edits == () and i.sentences == ()
    games = write_instances(insts, tmp_path / "g.jsonl")
    s = evaluate_file(games, make_teacher("none"), tmp_path / "r.jsonl", drop_degenerate=True,
                      progress=False, executor="serial")
    assert s["n"] == len(insts) - len(degenerate) and s["dropped_degenerate"] == len(degenerate)
    assert s["degenerate"] == 0 and s["gap_skills"]["outcomes"].get("optimal", 0) == 0
    r = cli("mindgrid", "generate", "--preset", "eval-reference", "-n", "30", "--seed", "2",
            "--drop-degenerate", "-o", tmp_path / "kept.jsonl", "--json")
    info = json.loads(r.stdout)
    assert info["n"] == len(insts) - len(degenerate) and info["dropped"] == len(degenerate)


def test_validate_lists_several_problems_of_one_record(tmp_path, eval_games):
    path, _ = eval_games
    rec = json.loads(path.read_text().splitlines()[0])
    rec["schema"] = "v2"
    rec["edits"][1] = {"edit": "paint"}
    rec["plan_human"] = {"actions": ["forward", "jump"]}
    del rec["real"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(rec) + "\n")
    ok, problems = validate_file(bad)
    assert ok == 0 and len(problems) == 4
    text = "\n".join(problems)
    for needle in ("schema must be", "missing field 'real'", "edits[1]", "unknown action 'jump'"):
        assert needle in text
