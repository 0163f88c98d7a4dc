"""Resumable evaluation: one result record per instance, appended atomically (``alignlab.runtime``).

For each instance: the teacher answers, the simulated human understands and replans
(:mod:`alignlab.mindgrid.teaching.human`), π1 is executed in θ* in *both* modes (``skills`` closed-loop and
``actions`` open-loop replay), and the record keeps the gap of each next to the no-teaching gap.
A killed evaluation resumes: finished instances are in the JSONL file (skipped), and LLM answers are
in the on-disk cache (not re-queried).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from alignlab.mindgrid.errors import InstanceError, MindgridError
from alignlab.mindgrid.plans import EXEC_MODES, execute
from alignlab.mindgrid.teaching.human import act
from alignlab.mindgrid.teaching.instances import Instance, load_instances
from alignlab.mindgrid.teaching.metrics import (
    RESULT_SCHEMA,
    answer_class,
    load_results,
    outcome_class,
    summarize,
)
from alignlab.mindgrid.teaching.teacher import Answer, Teacher
from alignlab.mindgrid.teaching.teachers import TEACHERS, teach, teacher_kind
from alignlab.runtime import config_hash, read_records, run_tasks


def evaluate_instance(inst: Instance, answer: str | None, *, teacher: str = "none",
                      teacher_error: str | None = None, llm_requests: int = 0,
                      on_death: str = "stop", teacher_info: Any = None) -> dict[str, Any]:
    """The result record of one instance taught with ``answer`` (None = no teaching);
    ``on_death`` is the open-loop replay rule of the ``actions`` mode (``stop`` or ``continue``);
    ``teacher_info``: the teacher's diagnostics (:attr:`Answer.info`), kept as is."""
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
        "llm_requests": llm_requests, "teacher_info": teacher_info,
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
    """One instance (module-level so process pools can run it). The instance travels as the frozen
    dataclass it is; a fixed teacher's answer was computed before the run."""
    inst: Instance = task["instance"]
    on_death = task["on_death"]
    ans: Answer = task["answer"] if task["answer"] is not None else teach(task["teacher"], inst, on_death)
    rec = evaluate_instance(inst, ans.text, teacher=task["name"], teacher_error=ans.error,
                            llm_requests=ans.llm_requests, on_death=on_death,
                            teacher_info=None if ans.info is None else dict(ans.info))
    rec["config"] = task["config"]
    rec["teacher_config"] = task["teacher_config"]
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


def fixed_answers(teacher: Teacher, instances: list[Instance], on_death: str = "stop") -> dict[str, Answer]:
    """Every answer of a ``fixed`` teacher, before anything runs; all instances it cannot teach
    are reported in one error."""
    out: dict[str, Answer] = {}
    errors: list[InstanceError] = []
    for i in instances:
        try:
            out[i.id] = teach(teacher, i, on_death)
        except InstanceError as exc:
            errors.append(exc)
    if errors:
        more = f" (and {len(errors) - 1} more instance(s))" if len(errors) > 1 else ""
        raise InstanceError(f"{errors[0]}{more}")
    return out


def evaluate_file(games: str | Path, teacher: Teacher, out: str | Path, *, execution: str = "skills",
                  executor: str = "auto", workers: int | None = None, address: str | None = None,
                  drop_degenerate: bool = False, progress: bool = True,
                  on_death: str = "stop") -> dict[str, Any]:
    """Evaluate every instance of ``games`` with ``teacher`` (from
    :func:`~alignlab.mindgrid.teaching.teachers.make_teacher`) into ``out`` (resumable). ``auto``
    runs serially, or on a local process pool from 200 instances on for teachers worth one, or on
    Dask when an ``address`` is given. ``on_death``: open-loop replay (``actions`` mode) stops at a
    terminating step (``stop``) or replays every action (``continue``, the reference eval.py's
    rule). Returns :func:`~alignlab.mindgrid.teaching.metrics.summarize` of all records plus run
    information."""
    from alignlab.mindgrid.engine import ON_DEATH

    if on_death not in ON_DEATH:
        raise MindgridError(f"--on-death must be one of {', '.join(ON_DEATH)}, got {on_death!r}")
    from alignlab.runtime import make_executor

    if execution not in EXEC_MODES:
        raise MindgridError(f"--execution must be one of {', '.join(EXEC_MODES)}, got {execution!r}")
    kind = teacher_kind(teacher.name)
    instances = load_instances(games)
    dropped = 0
    if drop_degenerate:
        keep = [i for i in instances if not i.is_degenerate]
        dropped = len(instances) - len(keep)
        instances = keep
    fixed = fixed_answers(teacher, instances, on_death) if kind.fixed else {}
    said = {k: a.text for k, a in fixed.items() if a.text is not None}
    cfg_in: dict[str, Any] = {"teacher": teacher.config(), "instances": [i.to_json() for i in instances],
                              "answers": said, "schema": RESULT_SCHEMA}
    if on_death != "stop":  # (stop-at-death results keep the hashes they always had)
        cfg_in["on_death"] = on_death
    cfg = config_hash(cfg_in)
    out = Path(out)
    _check_results_config(out, cfg)
    tasks = [{"instance": i, "answer": fixed.get(i.id), "teacher": None if kind.fixed else teacher,
              "name": teacher.name, "teacher_config": teacher.config(), "config": cfg,
              "on_death": on_death}
             for i in instances]
    ex_kind = executor if executor != "auto" else (
        "dask" if address else "local" if kind.parallel and len(tasks) >= 200 else "serial")
    t0 = time.perf_counter()
    with make_executor(ex_kind, address=address, workers=workers) as ex:
        run = run_tasks(_task, tasks, key=lambda t: t["instance"].id, out=out, executor=ex,
                        progress=progress, description=f"mindgrid {teacher.name}")
    seconds = time.perf_counter() - t0
    ids = {i.id for i in instances}
    records = [r for r in read_records(out, sort_by_key=True) if r["id"] in ids]
    summary = summarize(records, execution)
    summary.update(teacher=teacher.config(), results=str(out), done_before=run.done_before,
                   run_now=run.run_now, dropped_degenerate=dropped, config=cfg,
                   seconds=round(seconds, 3), executor=ex_kind,
                   seconds_per_instance=round(seconds / run.run_now, 4) if run.run_now else None)
    return summary


def summary_lines(s: dict[str, Any], execution: str = "skills") -> list[str]:
    """The summary of :func:`evaluate_file` as the CLI prints it: both gaps next to the paper's
    no-teaching gap, the parse rate and counts, the first 20 unparsed sentences."""
    from alignlab.mindgrid.teaching.metrics import PAPER_NO_TEACHING_GAP, mean_text

    def pm(g: dict, k: str = "") -> str:
        return mean_text(g[f"{k}mean"], g[f"{k}se"], g.get(f"{k}ci"))

    per = s.get("seconds_per_instance")
    name = (s.get("teacher") or {}).get("teacher")
    costly = name in TEACHERS and not teacher_kind(name).fixed  # fixed answers take no time
    timing = f" in {s['seconds']:.1f} s, {per:.3f} s per instance" if costly and per is not None else ""
    out = [f"{s['n']} instances, teacher {s['teacher']['teacher']} ({s['done_before']} already "
           f"done, {s['run_now']} run now{timing}) → {s['results']}",
           "  gap = mean ± s.e. [95% bootstrap CI]; actions = open-loop replay, "
           + ("continuing after death" if s.get("on_death") == "continue" else "stop at death")]
    for mode in EXEC_MODES:
        g = s[f"gap_{mode}"]
        star = " (headline)" if mode == execution else ""
        out.append(f"  gap [{mode}]{star}: {pm(g)}   no teaching: {pm(g, 'no_teaching_')}   "
                   f"success {100 * g['success_rate']:.1f}%")
    out.append(f"  paper, no teaching (open-loop replay): {PAPER_NO_TEACHING_GAP}")
    pr = s["parse_rate"]
    per_inst = f" ({s['sentences_per_instance']:.2f} per instance)" if s["sentences"] else ""
    out.append(f"  sentences {s['sentences']}{per_inst}, parse rate {'—' if pr is None else f'{100 * pr:.1f}%'}, "
               f"unparsed {len(s['unparsed'])}, not applicable {s['not_applicable']}, "
               f"teacher errors {s['teacher_errors']}, degenerate {s['degenerate']}")
    out.extend(f"  unparsed [{u['id']}]: {u['text']}" for u in s["unparsed"][:20])
    return out


def summary_from_results(path: str | Path, execution: str = "skills") -> dict[str, Any]:
    """Recompute the summary from a results file."""
    records = load_results(path)
    s = summarize(records, execution)
    s["teacher"] = records[0].get("teacher_config")
    return s


__all__ = ["RESULT_SCHEMA", "evaluate_file", "evaluate_instance", "fixed_answers", "summary_from_results",
           "summary_lines"]
