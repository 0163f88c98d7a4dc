"""``alignlab agree run`` and ``agree prior`` as library calls, on every task of a dialogue config.

``run``: a deterministic protocol runs Algorithm 1 once per task (transcript, outcome, agreement
matrix); a noisy one (``bbf``, ``triangular``) runs its Monte Carlo over (true state, channel
noise) per task. Either way the result is one JSON-ready record per task, tagged with the config
file and its hash. ``prior``: Algorithm 2 / Lemma 7 on each task's initial partitions and priors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class DialogueRun:
    """The records of one ``agree run``; ``noisy`` says which of the two record shapes they have."""

    protocol: str
    noisy: bool
    records: tuple[dict[str, Any], ...]
    outcome: str | None = None  # exact path only: agreed / stalled / … over all tasks
    messages: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` object: the whole transcript and the per-task records."""
        if self.noisy:
            return {"protocol": self.protocol, "tasks": list(self.records)}
        transcript = [dict(e, task=r["task"]) for r in self.records for e in r["transcript"]]
        return {"outcome": self.outcome, "messages": self.messages,
                "bits": sum(r["bits"] for r in self.records), "transcript": transcript,
                "tasks": list(self.records)}


def run_dialogues(config: str | Path) -> DialogueRun:
    """Read a dialogue config and run each of its tasks (exact or noisy, by its protocol)."""
    from alignlab.agreement.config import parse_config
    from alignlab.agreement.errors import AgreementError
    from alignlab.agreement.settings import NoisySettings
    from alignlab.config import load_yaml
    from alignlab.runtime import config_hash

    doc = load_yaml(config, error=AgreementError)
    inst, settings = parse_config(doc, where=str(config))
    # the one config hash of alignlab: the canonical JSON of the parsed document, not its bytes
    tag = {"config": str(config), "config_hash": config_hash(doc)}
    if isinstance(settings, NoisySettings):
        from alignlab.agreement.noisy import run_noisy_task

        recs = tuple(dict(run_noisy_task(inst, j, settings).as_dict(), **tag) for j in range(inst.M))
        return DialogueRun(settings.protocol, True, recs)
    from alignlab.agreement.algorithm import run

    res = run(inst, settings)
    # the exact path draws nothing at random: there is no seed to record (null, not 0)
    recs = tuple(dict(r.as_dict(), **tag, seed=None, exact=inst.exact) for r in res.tasks)
    return DialogueRun(settings.protocol, False, recs, res.outcome, res.messages)


def append_records(run: DialogueRun, out: str | Path) -> tuple[int, int]:
    """Add the run's records to the resumable result file ``out`` through the runtime's one JSONL
    writer (key ``agree:<config hash>:<task>``; a record already there is kept, not duplicated).
    Returns ``(written, already there)``."""
    from alignlab.runtime import append_new

    return append_new(out, [{**r, "key": f"agree:{r['config_hash']}:{r['task']}"}
                            for r in run.records])


def common_priors(config: str | Path, *, method: str = "direct") -> dict[str, Any]:
    """Is there a common prior for each task's initial partitions and priors (Lemma 7)? The
    ``agree prior --json`` object: one entry per task (prior, or witness cycle if none) and, at the
    top level, ``feasible`` over all tasks with the first infeasible task's prior/witness."""
    from alignlab.agreement.arith import fmt
    from alignlab.agreement.common_prior import construct_common_prior
    from alignlab.agreement.config import load_config

    inst, _ = load_config(config)
    results = []
    for j, task in enumerate(inst.tasks):
        cp = construct_common_prior([a.partitions[j] for a in inst.agents], [a.priors[j] for a in inst.agents],
                                    method=method, exact=inst.exact, state_names=task.state_names)
        results.append({"task": task.name, "feasible": cp.feasible,
                        "prior": [fmt(x) for x in cp.prior.tolist()] if cp.feasible else None,
                        "witness": cp.witness, "method": cp.method, "components": cp.n_components,
                        "eq10_excess": cp.eq10_excess})
    first_bad = next((r for r in results if not r["feasible"]), results[0])
    return {"feasible": all(r["feasible"] for r in results), "prior": first_bad["prior"],
            "witness": first_bad["witness"], "eq10_excess": first_bad["eq10_excess"], "tasks": results}
