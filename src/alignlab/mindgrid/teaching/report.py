"""The benchmark report: one self-contained HTML file (``alignlab.report``) from a results file —
the summary next to the paper's no-teaching gap, per-edit recall/precision, every unparsed sentence,
and per instance the worlds with the plans drawn on them next to the answer and its parse."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alignlab.errors import AlignlabError
from alignlab.mindgrid.errors import InstanceError
from alignlab.mindgrid.render import Panel, draw_panels
from alignlab.mindgrid.teaching.instances import instance_from_json
from alignlab.mindgrid.teaching.metrics import (
    ANSWER_CLASSES,
    OUTCOMES,
    PAPER_NO_TEACHING_GAP,
    load_results,
    mean_text,
    summarize,
)


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def summary_html(s: dict[str, Any]) -> str:
    """Headline table: both execution modes, taught vs no teaching vs the paper's 65.91."""
    from alignlab.report import html_table

    rows = []
    for mode, label in (("skills", "skills (closed-loop, default)"),
                        ("actions", "actions (open-loop replay, the paper's protocol)")):
        g = s[f"gap_{mode}"]
        rows.append((label, mean_text(g["mean"], g["se"], g.get("ci")),
                     mean_text(g["no_teaching_mean"], g["no_teaching_se"], g.get("no_teaching_ci")),
                     _pct(g["success_rate"]), f"{PAPER_NO_TEACHING_GAP:.2f}"))
    t1 = html_table(("execution mode", "gap (this teacher)", "gap (no teaching)", "success rate",
                     "paper, no teaching"), rows)
    oc = s["gap_skills"]["outcomes"], s["gap_actions"]["outcomes"]
    t2 = html_table(("outcome class", "skills", "actions"),
                    [(c, oc[0].get(c, 0), oc[1].get(c, 0)) for c in OUTCOMES])
    t3 = html_table(("answer class", "instances"),
                    [(c, s["answer_classes"].get(c, 0)) for c in ANSWER_CLASSES])
    pe = html_table(("edit", "gold", "understood", "recall", "precision"),
                    [(k, v["gold"], v["understood"], _pct(v["recall"]), _pct(v["precision"]))
                     for k, v in s["per_edit"].items() if v["gold"] or v["understood"]])
    info = (f"<p>{s['n']} instances; {s['sentences']} answer sentences, parse rate "
            f"{_pct(s['parse_rate'])}, applied {_pct(s['applied_rate'])}; "
            f"{s['degenerate']} degenerate instances (real = imagined, or π0 already optimal); "
            f"{s['teacher_errors']} teacher errors. Gap = R(π*; θ*) − R(π1; θ*), mean ± s.e. "
            "(ddof 1) [95% percentile bootstrap CI]; open-loop replay "
            f"{'stops at death' if s.get('on_death', 'stop') == 'stop' else 'continues after death'}. "
            "The paper reports 65.91 for no teaching (open-loop replay of the reference's "
            "own 100 games, with its planner mix-up; see docs/mindgrid.md).</p>")
    return info + t1 + t2 + t3 + "<h3>Per-edit recall and precision</h3>" + pe


def _unparsed_html(s: dict[str, Any]) -> str:
    from alignlab.report.html import esc

    if not s["unparsed"]:
        return "<p>Every answer sentence matched a template.</p>"
    items = "".join(f"<li><code>{esc(u['id'])}</code>: {esc(u['text'])}</li>" for u in s["unparsed"])
    return f"<p>{len(s['unparsed'])} sentence(s) matched no template:</p><ul>{items}</ul>"


def instance_section(rec: dict[str, Any], outdir: Path) -> Any:
    """One instance: imagined world with π0, real world with π*, real world with π1 as executed."""
    from alignlab.report import Figure, Section, html_table
    from alignlab.report.html import esc

    inst = instance_from_json(rec["instance"], f"result {rec['id']}")
    pstar = inst.optimal_real()
    ex = rec["executions"]["skills"]
    png = outdir / f"mindgrid-instance-{_safe(rec['id'])}.png"
    draw_panels([
        Panel(inst.imagined, f"imagined θH: π0 ({inst.plan_human.reward})", inst.plan_human.actions),
        Panel(inst.real, f"real θ*: π* ({pstar.reward})", pstar.actions),
        Panel(inst.real, f"real: π1 as skills → {ex['reward']}", tuple(ex["actions"])),
    ], png)
    rows = [(r["text"], r["status"], r["edit"]["edit"] if r["edit"] else "", r["reason"])
            for r in rec["sentences"]]
    gold = "".join(f"<li>{esc(s)}</li>" for s in inst.sentences) or "<li>(none given)</li>"
    body = (
        f"<p>layout <code>{esc(rec['layout'])}</code>, preset <code>{esc(rec['preset'])}</code>; "
        f"gap skills <b>{rec['gap']['skills']}</b> (no teaching {rec['no_teaching']['skills']['gap']}), "
        f"actions <b>{rec['gap']['actions']}</b> (no teaching {rec['no_teaching']['actions']['gap']}); "
        f"outcome {esc(rec['outcome']['skills'])} / {esc(rec['outcome']['actions'])}; answer "
        f"{esc(rec['answer_class'])}.</p>"
        f"<p>Gold edits:</p><ol>{gold}</ol>"
        f"<p>Answer{' (teacher error: ' + esc(rec['teacher_error']) + ')' if rec.get('teacher_error') else ''}:</p>"
        f"<pre>{esc(rec['answer'] if rec['answer'] is not None else '(no teaching)')}</pre>"
        + (html_table(("sentence", "status", "edit", "reason"), rows) if rows else "")
        + f"<p>π0:</p><pre>{esc(rec['plan_human'])}</pre><p>π1:</p><pre>{esc(rec['plan_final_text'])}</pre>"
    )
    return Section(f"instance {rec['id']}", body, (Figure(png, f"instance {rec['id']}"),),
                   in_nav=False)


def _safe(s: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in str(s))


@contextlib.contextmanager
def malformed(results: str | Path, what: str) -> Iterator[None]:
    """A results file is input like any other: a record with a missing or mistyped field (edited
    by hand, or from another version) is one :class:`InstanceError`, not a traceback."""
    try:
        yield
    except AlignlabError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, ArithmeticError) as exc:
        detail = f"missing field {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
        raise InstanceError(f"{results}: {what} is not a valid mindgrid result ({detail})") from None


def _drawing(items: list[Any], show: bool) -> Any:
    """``items``, with a progress bar on stderr while they are drawn (only on a terminal)."""
    import sys

    if not (show and items and sys.stderr.isatty()):
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("mindgrid report: drawing"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("draw", total=len(items))
        for it in items:
            yield it
            bar.advance(task)


def write_benchmark_report(results: str | Path, out: str | Path, *, max_instances: int | None = None,
                           execution: str = "skills", progress: bool = False) -> Path:
    """Write the HTML report for ``results``; pictures for the first ``max_instances`` (all by
    default) are written beside it (``<out stem>-img/``) and inlined; ``progress`` shows a bar on
    a terminal while they are drawn."""
    from alignlab.report import Section, write_report
    from alignlab.report.html import esc

    if max_instances is not None and (isinstance(max_instances, bool) or
                                      not isinstance(max_instances, int) or max_instances < 0):
        raise InstanceError(f"--max-instances must be a whole number >= 0, got {max_instances!r}")
    recs = load_results(results)
    from alignlab.outputs import check_output, make_dir

    out = Path(out)
    check_output(out, "html")
    with malformed(results, "a record"):
        s = summarize(recs, execution)
        teacher = recs[0].get("teacher_config") or {"teacher": recs[0].get("teacher")}
        teacher_text = ", ".join(f"{k}={v}" for k, v in dict(teacher).items())
        sections = [Section("summary", summary_html(s)),
                    Section("unparsed sentences", _unparsed_html(s))]
    imgdir = make_dir(out.with_name(out.stem + "-img"))
    shown = recs if max_instances is None else recs[:max_instances]
    for r in _drawing(shown, progress):
        with malformed(results, f"record {r['key']!r}"):
            sections.append(instance_section(r, imgdir))
    intro = (f"Teacher: <code>{esc(teacher_text)}</code>; "
             f"results: <code>{esc(Path(results).name)}</code>; {len(shown)} of {len(recs)} instances drawn.")
    return write_report("mindgrid teaching benchmark", sections, out, intro=intro)
