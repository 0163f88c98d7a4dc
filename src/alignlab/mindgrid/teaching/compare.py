"""Paired comparison of two results files on the same instances (``alignlab mindgrid compare``).

Records are matched by instance id; a pair counts only when both records hold the same instance
(else the comparison would not be paired and is refused). The compared value is the gap of π1 in
one execution mode, or, with ``what="no_teaching"``, the no-teaching gap (e.g. to compare two
execution rules on the same games).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alignlab.mindgrid.errors import InstanceError
from alignlab.mindgrid.teaching.metrics import load_results
from alignlab.mindgrid.teaching.stats import LEVEL, N_BOOT, paired
from alignlab.runtime import canonical_json

WHAT = ("gap", "no_teaching")


def _records(path: str | Path) -> dict[str, dict[str, Any]]:
    return {str(r["id"]): r for r in load_results(path)}


def value(rec: dict[str, Any], execution: str, what: str = "gap") -> float:
    """The compared number of one record."""
    if what == "gap":
        return float(rec["gap"][execution])
    return float(rec["no_teaching"][execution]["gap"])


def compare_files(a: str | Path, b: str | Path, *, execution: str = "skills", what: str = "gap",
                  level: float = LEVEL, n_boot: int = N_BOOT, seed: int = 0) -> dict[str, Any]:
    """Paired statistics of A − B over the instances both files hold (lower gap = better)."""
    from alignlab.mindgrid.plans import EXEC_MODES

    if execution not in EXEC_MODES:
        raise InstanceError(f"--execution must be one of {', '.join(EXEC_MODES)}, got {execution!r}")
    if what not in WHAT:
        raise InstanceError(f"--what must be one of {', '.join(WHAT)}, got {what!r}")
    if not 0 < level < 1:
        raise InstanceError(f"--level must be between 0 and 1, got {level}")
    from alignlab.mindgrid.teaching.report import malformed

    with malformed(f"{a} or {b}", "a record"):  # hand-edited results: one line, not a traceback
        ra, rb = _records(a), _records(b)
        common = [i for i in ra if i in rb]
        if not common:
            raise InstanceError(f"{a} and {b} share no instance id; a paired comparison needs the "
                                "same instances")
        for i in common:
            if canonical_json(ra[i]["instance"]) != canonical_json(rb[i]["instance"]):
                raise InstanceError(f"instance {i!r} differs between {a} and {b}; a paired "
                                    "comparison needs the same instances (were they generated "
                                    "with other options?)")
        va = [value(ra[i], execution, what) for i in common]
        vb = [value(rb[i], execution, what) for i in common]
        p = paired(va, vb, level=level, n_boot=n_boot, seed=seed)

    def teacher(r: dict[str, Any]) -> Any:
        return r.get("teacher_config") or {"teacher": r.get("teacher")}

    return {"a": str(a), "b": str(b), "execution": execution, "what": what,
            "teacher_a": teacher(ra[common[0]]), "teacher_b": teacher(rb[common[0]]),
            "only_a": len(ra) - len(common), "only_b": len(rb) - len(common),
            "n_boot": n_boot, **p.to_json()}


__all__ = ["compare_files", "value"]
