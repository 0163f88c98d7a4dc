"""Benchmark metrics over result records: gap mean ± s.e., parse rate, per-edit recall/precision,
success rate and outcome classes.

Gap(π) = R(π*; θ*) − R(π; θ*) (the paper's practical alignment gap); mean ± standard error with
ddof 1 over instances. Outcome classes (our reading of the paper's §5.3 analysis), per instance and
execution mode, compare the taught gap with the no-teaching gap of the same instance:
``optimal`` (gap 0), ``improved`` (0 < gap < no-teaching gap), ``unchanged`` (equal, > 0),
``worse`` (gap > no-teaching gap). Answer classes compare the understood edits with the gold
edits: ``exact`` (equal as multisets, also both empty), ``incomplete`` (a strict subset), ``incorrect`` (some understood edit is not
gold), ``empty`` (nothing understood). An instance without gold edits (hand-written or converted:
the worlds differ but only sentences are known) is classified against the world difference
instead: ``exact`` when the understood edits turn the human's world into the real one, ``empty``
when nothing was understood, else ``unknown`` (which edits were missed or wrong cannot be told).
Every gap mean comes with a percentile bootstrap CI (:mod:`.stats`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from alignlab.mindgrid.edits import EDIT_NAMES
from alignlab.mindgrid.teaching.stats import bootstrap_ci, mean_se

OUTCOMES = ("optimal", "improved", "unchanged", "worse")
ANSWER_CLASSES = ("exact", "incomplete", "incorrect", "empty", "unknown")
#: the paper's no-teaching gap (§6, Table 1, row "No teaching (perfect ostensible alignment)")
PAPER_NO_TEACHING_GAP = 65.91
RESULT_SCHEMA = "alignlab.mindgrid.result/1"


def mean_text(m: float | None, se: float | None, ci: list[float] | None = None) -> str:
    """'12.34 ± 5.67 [3.0, 21.0]' (mean ± s.e. [CI]; '—' without a mean), as the CLI and the
    report print a gap."""
    if m is None:
        return "—"
    out = f"{m:.2f} ± {se:.2f}" if se is not None else f"{m:.2f}"
    return out + (f" [{ci[0]:.1f}, {ci[1]:.1f}]" if ci else "")


def load_results(path: str | Path) -> list[dict[str, Any]]:
    """The records of a results file (``evaluate``'s output) in key order; an empty file or a
    record of another schema is an :class:`~alignlab.mindgrid.errors.InstanceError`."""
    from alignlab.mindgrid.errors import InstanceError
    from alignlab.runtime import read_records

    records = read_records(path, sort_by_key=True)
    if not records:
        raise InstanceError(f"{path}: no result records")
    bad = [r.get("id", r.get("key")) for r in records if r.get("schema") != RESULT_SCHEMA]
    if bad:
        raise InstanceError(f"{path}: record {bad[0]!r} is not a mindgrid result ({RESULT_SCHEMA})")
    return records


def outcome_class(gap: int, gap_none: int) -> str:
    if gap == 0:
        return "optimal"
    if gap < gap_none:
        return "improved"
    return "unchanged" if gap == gap_none else "worse"


def _key(e: dict) -> str:
    return f"{e['edit']}:{sorted(e.get('args', {}).items())}"


def answer_class(gold: list[dict], understood: list[dict], *, gold_known: bool = True,
                 reaches_real: bool = False) -> str:
    """The answer class (module doc). ``gold_known=False``: the record has no gold edits although
    the worlds differ; then only ``reaches_real`` (the understood world is the real one) decides."""
    if not gold_known:
        return "exact" if reaches_real else ("empty" if not understood else "unknown")
    if not understood:
        return "exact" if not gold else "empty"
    g, u = Counter(map(_key, gold)), Counter(map(_key, understood))
    if u == g:
        return "exact"
    return "incomplete" if not (u - g) else "incorrect"


def per_edit(records: Iterable[dict]) -> dict[str, dict[str, Any]]:
    """For each edit kind: gold count, understood count, recall (gold edits understood exactly) and
    precision (understood edits that are gold); None where the denominator is 0."""
    gold_n, und_n, hit_g, hit_u = Counter(), Counter(), Counter(), Counter()
    for r in records:
        g, u = Counter(map(_key, r["gold_edits"])), Counter(map(_key, r["understood_edits"]))
        for e in r["gold_edits"]:
            gold_n[e["edit"]] += 1
        for e in r["understood_edits"]:
            und_n[e["edit"]] += 1
        common = g & u
        for k, c in common.items():
            name = k.split(":", 1)[0]
            hit_g[name] += c
            hit_u[name] += c
    out = {}
    for name in EDIT_NAMES:
        out[name] = {"gold": gold_n[name], "understood": und_n[name],
                     "recall": hit_g[name] / gold_n[name] if gold_n[name] else None,
                     "precision": hit_u[name] / und_n[name] if und_n[name] else None}
    return out


def summarize(records: list[dict], execution: str = "skills") -> dict[str, Any]:
    """The summary of one evaluation (``execution`` names the mode the headline gap uses; the
    other mode's gap is reported too)."""
    n = len(records)
    out: dict[str, Any] = {"n": n, "execution": execution}
    deaths = {r.get("on_death", "stop") for r in records}
    out["on_death"] = deaths.pop() if len(deaths) == 1 else "mixed"
    for mode in ("skills", "actions"):
        gaps = [r["gap"][mode] for r in records]
        gaps0 = [r["no_teaching"][mode]["gap"] for r in records]
        m, se = mean_se(gaps)
        m0, se0 = mean_se(gaps0)
        ci, ci0 = bootstrap_ci(gaps), bootstrap_ci(gaps0)
        out[f"gap_{mode}"] = {"mean": m, "se": se, "ci": list(ci) if ci else None,
                              "no_teaching_mean": m0, "no_teaching_se": se0,
                              "no_teaching_ci": list(ci0) if ci0 else None,
                              "success_rate": (sum(r["executions"][mode]["success"] for r in records) / n
                                               if n else None),
                              "outcomes": dict(Counter(r["outcome"][mode] for r in records))}
    head = out[f"gap_{execution}"]
    out["gap_mean"], out["gap_se"], out["gap_ci"] = head["mean"], head["se"], head["ci"]
    out["success_rate"] = head["success_rate"]
    sents = sum(r["n_sentences"] for r in records)
    out["sentences"] = sents
    out["sentences_per_instance"] = sents / n if n else None
    out["parse_rate"] = (sum(r["n_parsed"] for r in records) / sents) if sents else None
    out["applied_rate"] = (sum(r["n_applied"] for r in records) / sents) if sents else None
    out["unparsed"] = [{"id": r["id"], "text": s["text"]} for r in records for s in r["sentences"]
                       if s["status"] == "unparsed"]
    out["not_applicable"] = sum(s["status"] == "not_applicable" for r in records for s in r["sentences"])
    out["per_edit"] = per_edit(records)
    out["answer_classes"] = dict(Counter(r["answer_class"] for r in records))
    out["outcomes"] = head["outcomes"]
    out["degenerate"] = sum(bool(r["degenerate"]["same_world"] or r["degenerate"]["pi0_optimal"])
                            for r in records)
    out["teacher_errors"] = sum(r.get("teacher_error") is not None for r in records)
    out["llm_requests"] = sum(r.get("llm_requests", 0) for r in records)
    out["paper_no_teaching_gap"] = PAPER_NO_TEACHING_GAP
    return out
