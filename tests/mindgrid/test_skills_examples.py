"""Skills fail cleanly on any arguments; the shipped examples load and plan."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.mindgrid.engine import Runner
from alignlab.mindgrid.io import load_world
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.plans import Plan, execute, optimal_plan
from alignlab.mindgrid.skills import SKILL_NAMES, ObjRef, Skill, run_skill

from .conftest import LAYOUTS

EXAMPLES = Path(__file__).parents[2] / "examples" / "mindgrid"

coords = st.integers(-2, 12)
refs = st.builds(ObjRef, st.sampled_from(["key", "ball", "box", "door", "bridge", "hammer", "shoes"]),
                 st.sampled_from(["red", "green", "blue", "purple", "grey", ""]), coords, coords)


def _skill(name: str, ref: ObjRef, x: int, y: int, n: int, d: str) -> Skill:
    args = {"primitive": ("forward",), "go_to": (x, y), "rotate_towards_object": (ref,),
            "rotate_towards_direction": (d,), "go_adjacent_to_object": (ref,),
            "go_adjacent_to_position": (x, y), "drop_at": (x, y), "empty_inventory": (),
            "get_object": (ref,), "move_object": (ref, x, y), "go_dir_n_steps": (n, d),
            "unblock": (x, y), "open_box": (ref,), "open_door": (ref,), "fix_bridge": (ref,)}
    return Skill(name, args[name])


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 500), layout=st.sampled_from(LAYOUTS), name=st.sampled_from(SKILL_NAMES),
       ref=refs, x=st.integers(1, 9), y=st.integers(1, 9), n=st.integers(0, 12),
       d=st.sampled_from(["east", "south", "west", "north", "up"]))
def test_any_skill_runs_or_fails_cleanly(seed, layout, name, ref, x, y, n, d) -> None:
    w = generate(layout, seed)
    r = Runner(w)
    before = len(r.actions)
    ok = run_skill(r, _skill(name, ref, x, y, n, d))
    assert isinstance(ok, bool) and len(r.actions) >= before
    assert Skill.from_json(_skill(name, ref, x, y, n, d).to_json()) == _skill(name, ref, x, y, n, d)


def test_failed_skills_are_recorded_and_skipped() -> None:
    w = generate("room_door_key", 6)
    p = optimal_plan(w)
    ghost = Skill("get_object", (ObjRef("ball", "green", 1, 1),))
    bad = Plan((ghost, *p.skills), p.actions, p.reward)
    ex = execute(w, bad, "skills")
    assert ex.failed_skills == (0,) and ex.reward == p.reward


def test_examples_load_and_plan() -> None:
    files = sorted(f for f in EXAMPLES.glob("*") if f.suffix != ".jsonl")  # .jsonl: instances, answers
    assert len(files) >= 3
    for f in files:
        p = optimal_plan(load_world(f))
        assert p.solvable and p.reward > 0
    assert "key" not in optimal_plan(load_world(EXAMPLES / "door_or_passage.txt")).text()


def test_plan_and_edit_json_round_trip() -> None:
    import json

    from alignlab.mindgrid.edits import Edit, random_edits
    from alignlab.mindgrid.errors import MindgridError
    from alignlab.runtime import rng

    w, edits = random_edits(generate("treasure_island", 4), 5, rng(4))
    p = optimal_plan(w)
    assert Plan.from_json(json.loads(json.dumps(p.to_json()))) == p
    assert [Edit.from_json(json.loads(json.dumps(e.to_json()))) for e in edits] == edits
    import pytest

    with pytest.raises(MindgridError):
        Skill.from_json({"skill": "get_object", "args": [{"kind": "ball", "colour": "red"}]})
    with pytest.raises(MindgridError):
        Edit.from_json({"edit": "teleport"})
