"""The reference toolkit's exported games load as our worlds and instances, and agree with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alignlab.mindgrid.engine import ACTIONS, run_actions
from alignlab.mindgrid.errors import InstanceError, WorldError
from alignlab.mindgrid.plans import optimal_plan
from alignlab.mindgrid.refworld import world_from_reference
from alignlab.mindgrid.teaching.instances import load_instances
from alignlab.mindgrid.teaching.reference import instance_record

DATA = Path(__file__).parent.parent / "data" / "reference_fewshot.jsonl"
GAMES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("rec", GAMES, ids=[g["id"] for g in GAMES])
def test_replaying_the_reference_actions_gives_its_reward_and_our_optimum_is_never_worse(rec):
    real = world_from_reference(rec["worlds"]["real"], rec["layout"])
    acts = [ACTIONS.index(a) for a in rec["human_actions"]]
    assert run_actions(real, acts).reward == rec["r_human_openloop_stop_real"]
    # the reference eval.py's rule: every action replayed, even after death
    assert run_actions(real, acts, on_death="continue").reward == rec["r_human_openloop_real"]
    assert optimal_plan(real).reward >= rec["r_opt_real"]


def test_the_gold_sentences_lead_from_the_human_world_to_the_real_one():
    """Our edits reproduce the reference's: e.g. game 1's new door takes the colour of the
    section's first door (indigo), not the first key's in cell order (salmon)."""
    for g in GAMES:
        rec = instance_record(g)
        assert len(rec["edits"]) == len(g["gold_sentences"]), g["id"]
    assert instance_record(GAMES[1])["edits"][0]["edit"] == "add_opening"


def test_convert_cli_writes_valid_instances(cli, tmp_path):
    out = tmp_path / "ref.jsonl"
    r = cli("mindgrid", "convert-reference", DATA, "-o", out)
    assert r.returncode == 0, r.stderr and "wrote 5 instances" in r.stdout
    insts = load_instances(out)
    assert [i.id for i in insts] == [g["id"] for g in GAMES]
    assert all(i.sentences == tuple(g["gold_sentences"]) for i, g in zip(insts, GAMES, strict=True))
    r = cli("mindgrid", "validate", out)
    assert r.returncode == 0, r.stdout


def test_bad_exports_are_explained():
    rec = json.loads(json.dumps(GAMES[1]))
    rec["layout"] = "maze"
    with pytest.raises(InstanceError, match="layout must be one of"):
        instance_record(rec)
    cells = [c for c in GAMES[1]["worlds"]["real"]["cells"] if c["kind"] != "door"]
    with pytest.raises(WorldError, match="L-shaped divider"):
        world_from_reference({**GAMES[1]["worlds"]["real"], "cells": cells})
    bad = {**GAMES[1]["worlds"]["real"], "cells": [{"x": 1, "y": 1, "kind": "dragon"}]}
    with pytest.raises(WorldError, match="unknown kind 'dragon'"):
        world_from_reference(bad)


def test_continue_after_death_replays_every_action():
    rec = GAMES[4]  # the human dies on the damaged bridge at step 21 of 29
    real = world_from_reference(rec["worlds"]["real"], rec["layout"])
    acts = [ACTIONS.index(a) for a in rec["human_actions"]]
    stop, cont = run_actions(real, acts), run_actions(real, acts, on_death="continue")
    assert stop.dead and cont.dead and not cont.success
    assert (stop.steps, cont.steps) == (21, len(acts)) and cont.reward == -len(acts)


def test_converted_instances_without_gold_edits_are_classified_by_the_world(tmp_path):
    from alignlab.mindgrid.teaching.evaluate import evaluate_instance
    from alignlab.mindgrid.teaching.instances import instance_from_json

    rec = instance_record(GAMES[0])  # flip + lava made safe
    assert [e["edit"] for e in rec["edits"]] == ["flip_vertical", "make_lava_safe"]
    del rec["edits"]  # as a hand-written instance with sentences only
    inst = instance_from_json(rec)
    assert inst.edits == () and inst.imagined != inst.real
    gold = evaluate_instance(inst, GAMES[0]["gold_answer"])  # "The grid has … The lava is …"
    assert gold["answer_class"] == "exact" and gold["gap"] == {"skills": 0, "actions": 0}
    half = evaluate_instance(inst, inst.sentences[0])
    assert half["answer_class"] == "unknown"  # not "incorrect": there are no gold edits to compare
    assert evaluate_instance(inst, None)["answer_class"] == "empty"


def test_evaluate_on_death_continue_reproduces_the_reference_rewards(cli, tmp_path):
    games = tmp_path / "ref.jsonl"
    assert cli("mindgrid", "convert-reference", DATA, "-o", games).returncode == 0
    for rule, field in (("stop", "r_human_openloop_stop_real"), ("continue", "r_human_openloop_real")):
        out = tmp_path / f"{rule}.jsonl"
        r = cli("mindgrid", "evaluate", games, "--execution", "actions", "--on-death", rule, "-o", out)
        assert r.returncode == 0, r.stderr
        recs = {x["id"]: x for x in map(json.loads, out.read_text().splitlines())}
        for g in GAMES:
            assert recs[g["id"]]["no_teaching"]["actions"]["reward"] == g[field]
            assert recs[g["id"]]["on_death"] == rule
    r = cli("mindgrid", "evaluate", games, "--on-death", "maybe", "-o", tmp_path / "x.jsonl")
    assert r.returncode == 2 and "--on-death must be one of" in r.stderr
