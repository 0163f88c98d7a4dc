"""The inverse-planning teacher: what it may see, what it infers, what it says, and where it runs
(Python API, CLI, Inspect solver)."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from alignlab.mindgrid.edits import EDIT_NAMES, Edit, apply_edit, apply_edits
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.plans import optimal_plan
from alignlab.mindgrid.teaching.evaluate import evaluate_file, evaluate_instance
from alignlab.mindgrid.teaching.human import understand
from alignlab.mindgrid.teaching.instances import generate_instances, write_instances
from alignlab.mindgrid.teaching.inverse.evidence import Evidence, flipped, frames, replay
from alignlab.mindgrid.teaching.inverse.identify import single_edit
from alignlab.mindgrid.teaching.inverse.posterior import posterior
from alignlab.mindgrid.teaching.inverse.prior import Prior, log_prior, required_kinds
from alignlab.mindgrid.teaching.inverse.teacher import InverseTeacher, plausible_differences
from alignlab.mindgrid.teaching.teacher import TeacherView
from alignlab.mindgrid.teaching.teachers import make_teacher, teach
from alignlab.runtime import read_records


@pytest.fixture(scope="module")
def ref():
    """24 eval-reference instances (seed 0): both layouts, k from 0 to 7."""
    return generate_instances("eval-reference", 24, 0)


# ----- what it may see ------------------------------------------------------------------------
def test_the_teacher_reads_only_the_view(ref):
    """Another imagined world, no edits, junk gold sentences: the same answer (θ* and π0 alone)."""
    t = InverseTeacher()
    other = generate("treasure_island", 999)
    for inst in ref[:8]:
        swapped = dataclasses.replace(inst, imagined=other, edits=(), sentences=("junk",),
                                      base=None, edits_imagined=(), plan_real=None)
        a = teach(t, inst)
        assert teach(t, swapped) == a
        assert t.teach(TeacherView("x", "custom", inst.real, inst.plan_human)) == a


def test_the_teacher_scores_gaps_with_the_runs_replay_rule(ref):
    """--on-death continue: the teacher's gaps are the benchmark's continue-after-death gaps."""
    from alignlab.mindgrid.plans import execute

    inst = ref[11]  # its plan dies in θ*: stop and continue give different rewards
    r_star = optimal_plan(inst.real).reward
    gaps = {rule: {m: r_star - execute(inst.real, inst.plan_human, m, on_death=rule).reward
                   for m in ("skills", "actions")} for rule in ("stop", "continue")}
    assert gaps["stop"] != gaps["continue"]
    for rule in ("stop", "continue"):
        assert teach(InverseTeacher(), inst, rule).info["gap_plan"] == gaps[rule]


# ----- what it infers -------------------------------------------------------------------------
@pytest.mark.parametrize("kind", EDIT_NAMES)
def test_a_single_edit_is_the_top_hypothesis_whenever_the_plan_distinguishes_it(kind):
    """θ* = θ^H + e with one edit of each kind: when θ^H is the only one-step explanation in which
    π0 is optimal, the posterior's most probable hypothesis is exactly e; when π0 is optimal in θ*
    too, the edit does not matter and the teacher says nothing."""
    distinguished = 0
    for seed in range(1000, 1040):
        case = single_edit(kind, seed)
        if case is None:
            continue
        if case.distinguished:
            post = posterior(case.real, Evidence.of(case.plan))
            assert post.hypotheses[0].edits == (case.edit,), (seed, case.edit)
            assert post.hypotheses[0].world == case.imagined or kind == "remove_tool"
            distinguished += 1
        elif case.irrelevant:
            assert InverseTeacher().answer(case.real, case.plan)[0] == ""
        if distinguished == 2:
            break
    assert distinguished >= 1, f"no seed where a plan reveals {kind}"


def test_every_registered_edit_can_be_hypothesised():
    from alignlab.mindgrid.edits import EDITS
    from alignlab.mindgrid.teaching.inverse.posterior import UNDO_ORDER
    from alignlab.mindgrid.undo import PROPOSERS

    assert set(EDITS) == set(UNDO_ORDER) == set(PROPOSERS)


def test_the_flip_is_read_off_the_plan_and_mirrored_replays_agree(ref):
    for inst in ref:
        ev = Evidence.of(inst.plan_human)
        flip = any(e.name == "flip_vertical" for e in inst.edits)
        fr = frames(inst.real, ev)
        if inst.plan_human.solvable:
            assert any(f.flipped == flip for f in fr)
        for w in (inst.real, inst.imagined):
            assert replay(flipped(w), ev).ok == replay(w, ev.mirrored(w.size)).ok
        assert replay(inst.imagined, ev).ok == inst.plan_human.solvable


def test_prior_follows_the_benchmark_draw():
    base = generate("treasure_island", 3, split="test")
    assert required_kinds(base) == frozenset()
    w = apply_edits(base, [Edit("make_lava_safe"), Edit("flip_vertical")])
    assert required_kinds(w) == {"make_lava_safe", "flip_vertical"}
    p = Prior()
    assert log_prior(p, "treasure_island", w, frozenset(), 1) is not None  # both in the human's h = 2
    assert log_prior(Prior(h=1), "treasure_island", w, frozenset(), 1) is None
    assert log_prior(p, "treasure_island", w, frozenset({"make_lava_safe"}), 1) is None
    # fewer differences are more probable per hypothesis (k uniform, kinds uniform given k)
    one = log_prior(p, "treasure_island", base, frozenset({"add_passage"}), 1)
    two = log_prior(p, "treasure_island", base, frozenset({"add_passage", "toggle_opening"}), 1)
    assert one > two and math.isclose(sum(p.p_k("room_door_key", k) for k in range(12)), 1)


def _up_to_tools(w):
    """θ^H without its keys and hammers: where a removed tool lay is often not in the plan."""
    return w.with_objects({i: None for i, o in w.placed() if o.kind in ("key", "hammer") or (
        o.kind == "box" and o.content is not None and o.content.kind in ("key", "hammer"))})


def test_the_true_world_is_usually_the_most_probable(ref):
    top = found = 0
    for inst in ref:
        post = posterior(inst.real, Evidence.of(inst.plan_human))
        assert math.isclose(sum(h.prob for h in post.hypotheses), 1) or not post.hypotheses
        worlds = [_up_to_tools(h.world) for h in post.hypotheses]
        truth = _up_to_tools(inst.imagined)
        found += truth in worlds
        top += bool(worlds) and worlds[0] == truth
        for h in post.hypotheses[:3]:  # every hypothesis explains θ* with its edits
            assert apply_edits(h.world, h.edits) == inst.real
    assert found >= 20 and top >= 10


# ----- what it says ---------------------------------------------------------------------------
def test_gap_far_below_no_teaching(ref):
    t = InverseTeacher()
    gaps, none = [], []
    for inst in ref:
        text = teach(t, inst).text
        rec = evaluate_instance(inst, text, teacher="inverse")
        assert rec["n_parsed"] == rec["n_sentences"]  # template sentences only
        gaps.append(rec["gap"]["actions"])
        none.append(rec["no_teaching"]["actions"]["gap"])
        if rec["degenerate"]["pi0_optimal"] and rec["no_teaching"]["actions"]["gap"] == 0:
            assert text == ""  # nothing to teach: nothing said
    assert sum(none) > 20 * sum(gaps) and sum(gaps) / len(gaps) <= 5


def test_answers_are_read_back_as_their_edits(ref):
    t = InverseTeacher()
    for inst in ref[:10]:
        text, edits, info = t.answer(inst.real, inst.plan_human)
        u = understand(inst.imagined, text)
        assert [r.edit for r in u.readings] == list(edits)
        assert json.loads(json.dumps(info)) == info


def test_sentence_budget_and_choice_rules(ref):
    many = [i for i in ref if len(i.edits) >= 4]
    assert many
    for inst in many[:2]:
        for b in (0, 1, 2):
            text, edits, _ = InverseTeacher(max_sentences=b).answer(inst.real, inst.plan_human)
            assert len(edits) <= b and len(text.splitlines()) == len(edits)
        for rule in ("greedy", "map"):
            _, edits, info = InverseTeacher(choice=rule, max_sentences=2).answer(inst.real, inst.plan_human)
            assert len(edits) <= 2 and info["reason"] in ("posterior", "plan already optimal")


def test_likelihood_off_says_every_plausible_difference(ref):
    inst = next(i for i in ref if len(i.edits) >= 3)
    text, edits, info = InverseTeacher(likelihood=False).answer(inst.real, inst.plan_human)
    assert edits == plausible_differences(inst.real) and edits[0] == Edit("flip_vertical")
    assert text.splitlines()[0] == "the grid has been flipped along the vertical axis"
    assert info["reason"] == "every plausible difference"
    for e in edits:  # each one step back from θ*
        assert any(apply_edit(p, e) == inst.real for p in [_undo_one(inst.real, e)] if p is not None)


def _undo_one(real, e):
    from alignlab.mindgrid.undo import UndoHints, undo

    for prev, e2 in undo(real, e.name, UndoHints(agent_origins=tuple(range(12, 100)),
                                                 tools=_tool_hints(real))):
        if e2 == e:
            return prev
    return None


def _tool_hints(real):
    from alignlab.mindgrid.teaching.inverse.evidence import Frame, tool_hints

    th = tool_hints(real, Evidence((), (), False), Frame(False, None), representatives=1)
    return th.observed + tuple((c[0], t) for t, c in th.unobserved)


def test_options_are_checked():
    from alignlab.mindgrid.errors import MindgridError

    with pytest.raises(MindgridError, match="--choice must be one of expected, greedy, map"):
        make_teacher("inverse", choice="random")
    with pytest.raises(MindgridError, match="--max-sentences must be at least 0"):
        make_teacher("inverse", max_sentences=-1)
    with pytest.raises(MindgridError, match="--rationality must be positive"):
        make_teacher("inverse", rationality=0.0)
    with pytest.raises(MindgridError, match="--max-sentences is only for --teacher inverse"):
        make_teacher("gold", max_sentences=2)
    assert make_teacher("inverse", max_sentences=None) == InverseTeacher()


def test_boltzmann_rationality_keeps_suboptimal_explanations(ref):
    inst = next(i for i in ref if len(i.edits) >= 2 and not i.is_degenerate)
    exact = posterior(inst.real, Evidence.of(inst.plan_human))
    soft = posterior(inst.real, Evidence.of(inst.plan_human), beta=0.5)
    assert all(h.regret == 0 for h in exact.hypotheses)
    assert len(soft.hypotheses) >= len(exact.hypotheses)
    assert any(h.regret for h in soft.hypotheses) or len(soft.hypotheses) == len(exact.hypotheses)


# ----- where it runs --------------------------------------------------------------------------
def test_evaluate_file_and_cli(cli, tmp_path, ref):
    games = write_instances(ref[:6], tmp_path / "g.jsonl")
    s = evaluate_file(games, InverseTeacher(max_sentences=2), tmp_path / "r.jsonl", progress=False,
                      execution="actions")
    recs = read_records(tmp_path / "r.jsonl")
    assert s["n"] == 6 and s["seconds_per_instance"] > 0
    assert all(r["teacher_info"]["gap_plan"] for r in recs) and all(r["n_sentences"] <= 2 for r in recs)
    r = cli("mindgrid", "evaluate", games, "--teacher", "inverse", "--max-sentences", "2",
            "--execution", "actions", "-o", tmp_path / "cli.jsonl", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["gap_mean"] == s["gap_mean"]
    r = cli("mindgrid", "evaluate", games, "--teacher", "inverse", "-o", tmp_path / "h.jsonl")
    assert r.returncode == 0 and "s per instance" in r.stdout
    r = cli("mindgrid", "evaluate", games, "--teacher", "none", "--max-sentences", "1",
            "-o", tmp_path / "x.jsonl")
    assert r.returncode == 2 and "error: --max-sentences is only for --teacher inverse" in r.stderr
    r = cli("mindgrid", "evaluate", games, "--teacher", "inverse", "--choice", "oracle",
            "-o", tmp_path / "y.jsonl")
    assert r.returncode == 2 and "error: --choice must be one of" in r.stderr


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside inspect-ai (tenacity arguments)
def test_inverse_teacher_as_an_inspect_solver(tmp_path, ref):
    pytest.importorskip("inspect_ai")
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import get_model

    from alignlab.mindgrid.teaching.inspect_task import mindgrid

    games = write_instances(ref[:4], tmp_path / "g.jsonl")
    [log] = inspect_eval(mindgrid(games=str(games), teacher="inverse", execution="actions",
                                  options={"max_sentences": 3}),
                         model=get_model("mockllm/model"), display="none", log_dir=str(tmp_path / "logs"))
    assert log.status == "success"
    t = InverseTeacher(max_sentences=3)
    for sample in log.samples:
        inst = next(i for i in ref if i.id == sample.id)
        assert sample.output.completion == teach(t, inst).text
        assert sample.scores["gap_scorer"].value == evaluate_instance(inst, teach(t, inst).text)["gap"]["actions"]


def test_plan_already_optimal_means_silence():
    w = generate("room_door_key", 5, split="test")
    plan = optimal_plan(w)
    text, edits, info = InverseTeacher().answer(w, plan)
    assert text == "" and edits == () and info["reason"] == "plan already optimal"
