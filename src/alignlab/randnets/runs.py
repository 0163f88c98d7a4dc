"""Running a Monte Carlo study (``alignlab randnets run``): tasks → resumable JSONL.

Each task runs :func:`~alignlab.randnets.montecarlo.monte_carlo` with a seed derived from the
study seed and the task's parameters, so results do not depend on the executor or the order, and
an interrupted run resumes where it stopped (``alignlab.runtime.run_tasks``). Records carry the
seed and the config hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alignlab.randnets.config import load_study


def task_key(task: Mapping[str, Any]) -> str:
    """The record key of a task (unique within a study)."""
    return f"{task['activation']}|n={task['width']}|L={task['depth']}"


def run_task(task: Mapping[str, Any]) -> dict[str, Any]:
    """One Monte Carlo estimate (module-level so process and Dask executors can pickle it)."""
    from alignlab.randnets.montecarlo import monte_carlo
    from alignlab.runtime import derive_seed

    seed = derive_seed(task["seed"], task_key(task))
    r = monte_carlo(task["activation"], width=task["width"], depth=task["depth"], nets=task["nets"],
                    rho=task["rho"], seed=seed, method=task["method"])
    return {**r.to_dict(), "task_seed": seed, "study_seed": task["seed"],
            "config_hash": task["config_hash"]}


@dataclass(frozen=True)
class StudyRun:
    """A finished (or resumed) study: its counts and every record, in study order."""

    out: Path
    total: int
    done_before: int
    run_now: int
    records: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"out": str(self.out), "total": self.total, "done_before": self.done_before,
                "run_now": self.run_now, "records": list(self.records)}


def run_study(config: str | Path, out: str | Path, *, executor: str = "local",
              address: str | None = None, workers: int | None = None,
              progress: bool = True) -> StudyRun:
    """Run (or resume) the study in ``config`` into the JSONL file ``out``; records are returned
    sorted by activation (in the config's order), depth, then width."""
    from alignlab.runtime import make_executor, run_tasks, sorted_records

    study = load_study(config)
    with make_executor(executor, address, workers) as ex:  # type: ignore[arg-type]
        s = run_tasks(run_task, study.tasks(), key=task_key, out=out, executor=ex,
                      progress=progress, description="randnets study")
    order = {a: i for i, a in enumerate(study.activations)}
    records = sorted(sorted_records(out),
                     key=lambda r: (order.get(r["activation"], len(order)), r["depth"], r["width"]))
    return StudyRun(Path(out), s.total, s.done_before, s.run_now, tuple(records))
