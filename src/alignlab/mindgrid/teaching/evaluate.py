"""Resumable evaluation: one result record per instance, appended atomically (``alignlab.runtime``).

For each instance: the teacher answers, the simulated human understands and replans
(:mod:`alignlab.mindgrid.teaching.human`), π1 is executed in θ* in *both* modes (``skills`` closed-loop and
``actions`` open-loop replay), and the record keeps the gap of each next to the no-teaching gap.
A killed evaluation resumes: finished instances are in the JSONL file (skipped), and LLM answers are
in the on-disk cache (not re-queried).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alignlab.mindgrid.errors import InstanceError, MindgridError
from alignlab.mindgrid.plans import EXEC_MODES, execute
from alignlab.mindgrid.teaching.human import act
from alignlab.mindgrid.teaching.instances import Instance, instance_from_json, load_instances
from alignlab.mindgrid.teaching.metrics import answer_class, outcome_class, summarize
from alignlab.mindgrid.teaching.teachers import TeacherSpec, gold_answer, llm_answer, load_answers
from alignlab.runtime import config_hash, read_records, run_tasks

RESULT_SCHEMA = "alignlab.mindgrid.result/1"


def evaluate_instance(inst: Instance, answer: str | None, *, teacher: str = "none",
                      teacher_error: str | None = None, llm_requests: int = 0,
                      on_death: str = "stop") -> dict[str, Any]:
    """The result record of one instance taught with ``answer`` (None = no teaching);
    ``on_death`` is the open-loop replay rule of the ``actions`` mode (``stop`` or ``continue``)."""
    pstar = inst.optimal_real()
    r_star = pstar.reward
    res = act(inst.imagined, inst.real, inst.plan_human, answer, on_death=on_death)
    base = {m: execute(inst.real, inst.plan_human, m, on_death=on_death) for m in EXEC_MODES}
    gaps = {m: r_star - res.executions[m].reward for m in EXEC_MODES}
    gaps0 = {m: r_star - base[m].reward for m in EXEC_MODES}
    gold = [e.to_json() for e in inst.edits]
    und = [e.to_json() for e in res.understanding.edits]
    readings = [r.to_json() for r in res.understanding.readings]
    return {
        "schema": RESULT_SCHEMA, "id": inst.id, "layout": inst.layout, "preset": inst.preset,
        "teacher": teacher, "answer": answer, "teacher_error": teacher_error,
        "llm_requests": llm_requests,
        "sentences": readings, "n_sentences": len(readings),
        "n_parsed": res.understanding.parsed,
        "n_applied": sum(r["status"] == "applied" for r in readings),
        "gold_edits": gold, "understood_edits": und,
        "answer_class": answer_class(gold, und, gold_known=bool(gold) or inst.imagined == inst.real,
                                     reaches_real=res.understanding.world == inst.real),
        "on_death": on_death,
        "reward_optimal": r_star, "plan_optimal": pstar.text(),
        "plan_human": inst.plan_human.text(), "plan_final": res.plan.to_json(),
        "plan_final_text": res.plan.text(), "replanned": res.plan is not inst.plan_human,
        "executions": {m: {**res.executions[m].to_json(),
                           "actions": [int(a) for a in res.executions[m].actions]}
                       for m in EXEC_MODES},
        "gap": gaps,
        "no_teaching": {m: {"reward": base[m].reward, "gap": gaps0[m], "success": base[m].success}
                        for m in EXEC_MODES},
        "outcome": {m: outcome_class(gaps[m], gaps0[m]) for m in EXEC_MODES},
        "degenerate": inst.degenerate(),
        "instance": inst.to_json(),
    }


def _task(task: dict[str, Any]) -> dict[str, Any]:
    """Module-level so process pools can run it."""
    inst = instance_from_json(task["instance"], "instance")
    spec: TeacherSpec = task["spec"]
    err, calls = None, 0
    if spec.kind == "llm":
        answer, err, calls = llm_answer(spec, inst)
    else:
        answer = task["answer"]
    rec = evaluate_instance(inst, answer, teacher=spec.kind, teacher_error=err, llm_requests=calls,
                            on_death=task.get("on_death", "stop"))
    rec["config"] = task["config"]
    rec["teacher_config"] = spec.config()
    return rec


def _check_results_config(out: Path, cfg: str) -> None:
    if not out.exists():
        return
    for r in read_records(out):
        if r.get("config") != cfg:
            raise MindgridError(
                f"{out} holds results of a different evaluation (teacher/model/shots/games/"
                f"on-death rule differ: "
                f"config {r.get('config')} ≠ {cfg}); use another -o file or delete it")
        return


def evaluate_file(games: str | Path, spec: TeacherSpec, out: str | Path, *, execution: str = "skills",
                  answers: str | Path | None = None, executor: str = "auto", workers: int | None = None,
                  drop_degenerate: bool = False, progress: bool = True,
                  on_death: str = "stop") -> dict[str, Any]:
    """Evaluate every instance of ``games`` with the teacher ``spec`` into ``out`` (resumable);
    returns :func:`~alignlab.mindgrid.teaching.metrics.summarize` of all records plus run information.
    ``on_death``: open-loop replay (``actions`` mode) stops at a terminating step (``stop``) or
    replays every action (``continue``, the reference eval.py's rule)."""
    from alignlab.mindgrid.engine import ON_DEATH
    from alignlab.runtime import make_executor

    if execution not in EXEC_MODES:
        raise MindgridError(f"--execution must be one of {', '.join(EXEC_MODES)}, got {execution!r}")
    if on_death not in ON_DEATH:
        raise MindgridError(f"--on-death must be one of {', '.join(ON_DEATH)}, got {on_death!r}")
    instances = load_instances(games)
    dropped = 0
    if drop_degenerate:
        keep = [i for i in instances if not i.is_degenerate]
        dropped = len(instances) - len(keep)
        instances = keep
    answer_of: dict[str, str | None] = {}
    if spec.kind == "scripted":
        if answers is None:
            raise MindgridError("the scripted teacher needs --answers FILE (JSONL of id, answer)")
        table = load_answers(answers)
        missing = [i.id for i in instances if i.id not in table]
        if missing:
            raise InstanceError(f"{answers}: no answer for {len(missing)} instance(s), e.g. "
                                f"{', '.join(missing[:5])}")
        answer_of = {i.id: table[i.id] for i in instances}
    elif spec.kind == "gold":
        answer_of = {i.id: gold_answer(i) for i in instances}
    elif answers is not None:
        raise MindgridError("--answers is only for --teacher scripted")
    cfg_in: dict[str, Any] = {"teacher": spec.config(), "instances": [i.to_json() for i in instances],
                              "answers": answer_of, "schema": RESULT_SCHEMA}
    if on_death != "stop":  # (stop-at-death results keep the hashes they always had)
        cfg_in["on_death"] = on_death
    cfg = config_hash(cfg_in)
    out = Path(out)
    _check_results_config(out, cfg)
    tasks = [{"instance": i.to_json(), "spec": spec, "answer": answer_of.get(i.id), "config": cfg,
              "on_death": on_death} for i in instances]
    kind = executor if executor != "auto" else ("serial" if spec.kind == "llm" or len(tasks) < 200
                                                else "local")
    with make_executor(kind, workers=workers) as ex:
        run = run_tasks(_task, tasks, key=lambda t: str(t["instance"]["id"]), out=out, executor=ex,
                        progress=progress, description=f"mindgrid {spec.kind}")
    ids = {i.id for i in instances}
    records = [r for r in read_records(out, sort_by_key=True) if r["id"] in ids]
    summary = summarize(records, execution)
    summary.update(teacher=spec.config(), results=str(out), done_before=run.done_before,
                   run_now=run.run_now, dropped_degenerate=dropped, config=cfg)
    return summary


def summary_from_results(path: str | Path, execution: str = "skills") -> dict[str, Any]:
    """Recompute the summary from a results file."""
    records = read_records(path, sort_by_key=True)
    if not records:
        raise InstanceError(f"{path}: no result records")
    bad = [r.get("key") for r in records if r.get("schema") != RESULT_SCHEMA]
    if bad:
        raise InstanceError(f"{path}: record {bad[0]!r} is not a mindgrid result ({RESULT_SCHEMA})")
    s = summarize(records, execution)
    s["teacher"] = records[0].get("teacher_config")
    return s


__all__ = ["RESULT_SCHEMA", "evaluate_file", "evaluate_instance", "summary_from_results"]
