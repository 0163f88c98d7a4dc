"""Conformance suite every registered skill passes: one parametrised test per property over every
entry of ``SKILLS``. A new skill = its run function, one ``SkillKind`` entry, and (if it has an
argument name not in ``EXAMPLE_ARGS``) one example value below."""

from __future__ import annotations

import pytest

from alignlab.mindgrid.engine import Runner
from alignlab.mindgrid.errors import MindgridError
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.plans import optimal_plan
from alignlab.mindgrid.skills import SKILL_NAMES, SKILLS, ObjRef, Skill, SkillKind, run_skill
from alignlab.mindgrid.world import World

from .conftest import LAYOUTS

#: one example value per argument name (objects are taken from the world when it has one)
EXAMPLE_ARGS = {"x": 3, "y": 4, "direction": "north", "steps": 2, "action": "forward"}
WORLDS = [generate(lay, s) for s in range(3) for lay in LAYOUTS]
NAMES = sorted(SKILLS)


def example(kind: SkillKind, w: World) -> Skill:
    """A call of ``kind`` with plausible arguments in ``w`` (the first object on the grid)."""
    i, o = next(iter(w.placed()))
    ref = ObjRef.of(o, i, w.size)
    return Skill(kind.name, tuple(ref if a == "object" else EXAMPLE_ARGS[a] for a in kind.args))


def test_the_registry_is_the_one_list_of_skills():
    assert tuple(SKILLS) == SKILL_NAMES and len(SKILLS) == 15
    used = {s.name for w in WORLDS for s in optimal_plan(w).skills}
    assert used and used <= set(SKILLS)


@pytest.mark.parametrize("name", NAMES)
def test_entry_is_well_formed(name):
    k = SKILLS[name]
    assert k.name == name and isinstance(k, SkillKind)
    assert set(k.args) <= set(EXAMPLE_ARGS) | {"object"}, f"add an example for {k.args}"
    if isinstance(k.text, str):
        assert k.text.count("{") == len(k.args)


@pytest.mark.parametrize("name", NAMES)
def test_text_and_json_round_trip(name):
    for w in WORLDS:
        s = example(SKILLS[name], w)
        t = s.text()
        assert t and t == s.text() and t == SKILLS[name].render(s.args)
        assert "{" not in t and "ObjRef" not in t
        assert Skill.from_json(s.to_json()) == s
    with pytest.raises(MindgridError, match=f"skill {name} takes {len(SKILLS[name].args)}"):
        Skill.from_json({"skill": name, "args": [1] * (len(SKILLS[name].args) + 1)})


@pytest.mark.parametrize("name", NAMES)
def test_running_is_closed_loop_and_clean(name):
    """A skill returns a bool, never raises, acts only through the runner, and does nothing once
    the episode is over."""
    for w in WORLDS:
        r = Runner(w)
        ok = run_skill(r, example(SKILLS[name], w))
        assert isinstance(ok, bool) and len(r.actions) <= 1000
        assert SKILLS[name].run(Runner(w), example(SKILLS[name], w).args) == ok  # deterministic
        r.dead = True
        before = len(r.actions)
        assert run_skill(r, example(SKILLS[name], w)) is False and len(r.actions) == before


def test_unknown_skills_fail_cleanly():
    w = WORLDS[0]
    assert run_skill(Runner(w), Skill("teleport", ())) is False
    with pytest.raises(MindgridError, match="unknown skill 'teleport'"):
        Skill("teleport", ()).text()
    with pytest.raises(MindgridError, match="skill must be one of"):
        Skill.from_json({"skill": "teleport", "args": []})
    with pytest.raises(MindgridError, match="unknown primitive action 'jump'"):
        Skill("primitive", ("jump",)).text()
