"""Conformance suite every registered teacher passes (like scikit-learn's ``check_estimator``), plus
the information boundary: a non-privileged teacher sees θ* and π0 only.

Adding a teacher: one class, one entry in ``TEACHERS``, and its example options in ``EXAMPLES``
below (the suite fails for a registered teacher without one)."""

from __future__ import annotations

import dataclasses
import json
import pickle

import pytest

from alignlab.mindgrid.errors import InstanceError, MindgridError
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.teaching.evaluate import evaluate_file
from alignlab.mindgrid.teaching.instances import generate_instances, write_instances
from alignlab.mindgrid.teaching.teacher import Answer, GoldView, TeacherView
from alignlab.mindgrid.teaching.teachers import (
    TEACHERS,
    GoldTeacher,
    make_teacher,
    teach,
    teacher_kind,
    view_for,
)
from alignlab.runtime import read_records


@pytest.fixture(scope="module")
def insts():
    return generate_instances("eval", 3, 5)


def _answers_file(tmp_path, insts):
    p = tmp_path / "answers.jsonl"
    p.write_text("".join(json.dumps({"id": i.id, "answer": "\n".join(i.sentences[:1])}) + "\n"
                         for i in insts))
    return p


#: name → (tmp_path, chat server, instances) → options for make_teacher
EXAMPLES = {
    "none": lambda tmp, server, insts: {},
    "gold": lambda tmp, server, insts: {},
    "scripted": lambda tmp, server, insts: {"answers": _answers_file(tmp, insts)},
    "llm": lambda tmp, server, insts: {"model": "test-model", "base_url": server.url, "shots": 0,
                                       "cache_dir": str(tmp / "cache"), "backoff_base": 0.0},
    "inverse": lambda tmp, server, insts: {"max_sentences": 4},
}


@pytest.fixture
def make(tmp_path, chat_server, insts):
    def _make(name):
        return make_teacher(name, **EXAMPLES[name](tmp_path, chat_server, insts))
    return _make


def test_every_registered_teacher_has_an_example():
    assert set(TEACHERS) == set(EXAMPLES)
    assert {"none", "gold", "scripted", "llm"} <= set(TEACHERS)


@pytest.mark.parametrize("name", sorted(TEACHERS))
def test_teacher_conformance(name, make, insts):
    kind = TEACHERS[name]
    t = make(name)
    # a frozen dataclass under its registry name; its init fields are its options
    assert t.name == name == kind.name and teacher_kind(name) is kind
    assert dataclasses.is_dataclass(t) and type(t).__dataclass_params__.frozen
    assert kind.options == tuple(f.name for f in dataclasses.fields(t) if f.init)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.name_of_nothing = 1
    # picklable (it travels to worker processes) and hashable (one client per teacher)
    assert pickle.loads(pickle.dumps(t)) == t and hash(t) == hash(pickle.loads(pickle.dumps(t)))
    # config: JSON, names the teacher, never a key or a cache location
    cfg = t.config()
    assert json.loads(json.dumps(cfg)) == cfg and cfg["teacher"] == name
    assert not any("key" in k or "cache" in k for k in cfg)
    # teach: an Answer, deterministic
    for inst in insts:
        a, b = teach(t, inst), teach(t, inst)
        assert isinstance(a, Answer) and a == dataclasses.replace(b, llm_requests=a.llm_requests)
        assert a.text is None or isinstance(a.text, str)
    # the view: privileged only where the registry says so
    v = view_for(t, insts[0])
    assert isinstance(v, GoldView) == kind.privileged
    assert type(v) is (GoldView if kind.privileged else TeacherView)


@pytest.mark.parametrize("name", sorted(n for n, k in TEACHERS.items() if not k.privileged))
def test_non_privileged_teachers_cannot_see_the_imagined_world(name, make, insts):
    """Same θ*, π0 and id but another imagined world, other edits and gold sentences → same answer."""
    t = make(name)
    inst = insts[0]
    other = generate("room_door_key", 999)
    swapped = dataclasses.replace(inst, imagined=other, edits=(), sentences=("junk",),
                                  base=None, edits_imagined=())
    assert teach(t, swapped).text == teach(t, inst).text


def test_the_view_holds_only_what_a_teacher_may_see():
    seen = ["id", "layout", "real", "plan_human", "on_death"]  # on_death: the scoring rule
    assert [f.name for f in dataclasses.fields(TeacherView)] == seen
    assert {f.name for f in dataclasses.fields(GoldView)} - set(seen) == {"imagined", "edits", "sentences"}


def test_view_texts_are_the_prompts(insts):
    from alignlab.mindgrid.observation import observation_text
    from alignlab.mindgrid.teaching.prompt import RULES, build_messages

    v = view_for(make_teacher("none"), insts[1])
    assert v.observation == observation_text(insts[1].real) and v.rules == RULES[insts[1].layout]
    user = build_messages(v, 0)[-1]["content"]
    assert v.rules in user and v.task in user and v.observation in user
    assert build_messages(v, 1) == build_messages(insts[1], 1)


def test_gold_teacher_needs_the_privileged_view(insts):
    g = GoldTeacher()
    inst = insts[0]
    with pytest.raises(MindgridError, match="privileged view"):
        g.teach(TeacherView(inst.id, inst.layout, inst.real, inst.plan_human))
    assert teach(g, inst).text == "\n".join(inst.sentences)
    bare = dataclasses.replace(inst, edits=(), sentences=())
    with pytest.raises(InstanceError, match="no gold answer"):
        teach(g, bare)


def test_make_teacher_resolves_options_once_and_refuses_stray_ones(tmp_path, insts):
    with pytest.raises(MindgridError, match="unknown teacher 'oracle'; allowed: none, gold"):
        make_teacher("oracle")
    with pytest.raises(MindgridError, match="--answers is only for --teacher scripted"):
        make_teacher("llm", model="m", answers="a.jsonl")
    with pytest.raises(MindgridError, match="--shots is only for --teacher llm"):
        make_teacher("gold", shots=5)
    with pytest.raises(MindgridError, match="no teacher takes the option 'colour'"):
        make_teacher("none", colour="red")
    with pytest.raises(MindgridError, match="needs --model"):
        make_teacher("llm")
    with pytest.raises(MindgridError, match="--shots must be one of 0, 1, 5"):
        make_teacher("llm", model="m", shots=3)
    assert make_teacher("none", model=None) == make_teacher("none")  # None = not given


def test_scripted_answers_are_read_once_and_missing_ids_are_all_reported(tmp_path, insts):
    p = _answers_file(tmp_path, insts[:1])
    t = make_teacher("scripted", answers=p)
    p.unlink()  # read at construction: teaching needs no file any more
    assert teach(t, insts[0]).text == insts[0].sentences[0]
    games = write_instances(insts, tmp_path / "g.jsonl")
    with pytest.raises(InstanceError, match=r"no answer for instance .*\(and 1 more instance"):
        evaluate_file(games, t, tmp_path / "r.jsonl", progress=False)


@pytest.mark.parametrize("name", sorted(TEACHERS))
def test_every_teacher_runs_through_the_evaluation(name, make, insts, tmp_path):
    games = write_instances(insts[:2], tmp_path / "g.jsonl")
    t = make(name)
    s = evaluate_file(games, t, tmp_path / "r.jsonl", progress=False, executor="serial")
    recs = read_records(tmp_path / "r.jsonl")
    assert s["n"] == 2 and {r["teacher"] for r in recs} == {name}
    assert all(r["teacher_config"] == t.config() for r in recs)
    if name == "gold":
        assert s["gap_mean"] == 0


def test_instances_travel_to_workers_as_dataclasses(tmp_path, insts, monkeypatch):
    """No per-task re-validation: the worker gets the Instance object itself."""
    from alignlab.mindgrid.teaching import evaluate as ev

    games = write_instances(insts[:2], tmp_path / "g.jsonl")
    seen = []
    orig = ev._task
    monkeypatch.setattr(ev, "_task", lambda task: seen.append(task["instance"]) or orig(task))
    evaluate_file(games, make_teacher("none"), tmp_path / "r.jsonl", progress=False, executor="serial")
    assert [type(i).__name__ for i in seen] == ["Instance", "Instance"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside inspect-ai (tenacity arguments)
def test_a_registered_teacher_as_an_inspect_solver(tmp_path, insts):
    pytest.importorskip("inspect_ai")
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import get_model

    from alignlab.mindgrid.teaching.inspect_task import mindgrid

    games = write_instances(insts, tmp_path / "g.jsonl")
    for name, expect_zero in (("gold", True), ("none", False)):
        [log] = inspect_eval(mindgrid(games=str(games), teacher=name),
                             model=get_model("mockllm/model"), display="none",
                             log_dir=str(tmp_path / f"logs-{name}"))
        assert log.status == "success"
        gaps = [s.scores["gap_scorer"].value for s in log.samples]
        assert (max(gaps) == 0) == expect_zero
