"""Algorithm 1 (§5): for each task, refine until a common prior exists, then run the ⟨ε,δ⟩ protocol.

Phase ``prior`` (lines 2–11, a repeat–until): every agent in the speaking cycle sends its message
(each on its own prior) and the listeners refine (lines 5–8); *after each full round*
ConstructCommonPrior (Algorithm 2) is tried on the current partitions and posteriors (line 9), and
the loop ends when it is feasible (line 11). So the first check comes after one full round, even
when the priors already have a common prior. A round in which every message is stale (would refine
nobody) without a common prior is a fixed point: ``stalled`` — the agents agree to disagree, their
disagreement is common knowledge. Phase ``agreement`` (lines 12–13): every agent (and F) is
conditioned on the common prior and the protocol continues until eq. 2 holds (``stop="criterion"``,
checked before every message) or until a full cycle refines nobody (``stop="fixed_point"``, the
classic dialogues). ``max_messages`` caps the transcript of a task (``cap_reached``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from alignlab.agreement import registry
from alignlab.agreement.arith import fmt
from alignlab.agreement.bounds import theorem1_messages
from alignlab.agreement.common_prior import construct_common_prior
from alignlab.agreement.criterion import agreement, prior_distance
from alignlab.agreement.dialogue import Dialogue, Entry, exchange
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.model import Instance
from alignlab.agreement.partitions import cells
from alignlab.agreement.settings import Settings
from alignlab.agreement.topology import schedule_for


@dataclass(frozen=True, eq=False)
class TaskRecord:
    """Everything measured for one task (JSON-ready via :meth:`as_dict`)."""

    task: str
    N: int
    D: int
    eps: float
    delta: float
    protocol: str
    delivery: str
    reference: str
    outcome: str
    messages: dict
    messages_by_kind: dict
    bits: int
    refinements: int
    transcript: tuple[Entry, ...]
    expectations: list  # per agent: value at the true state, or per state (small D), or None
    agreement_matrix: list
    global_agreement: float
    criterion_holds: bool
    common_prior: dict
    nu: float
    bound_messages: float | None  # Theorem 1 with M = 1, constants 1 (None when ε = 0)
    cells: list
    disagreement: dict | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self, names: Sequence[str] | None = None) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k not in ("transcript", "extra")}
        d["transcript"] = [
            {"speaker": e.speaker + 1, "receivers": [r + 1 for r in e.receivers], "value": e.value,
             "refined": None if e.refined is None else [r + 1 for r in e.refined], "bits": e.bits, "phase": e.phase}
            for e in self.transcript]
        d.update(self.extra)
        return d


def _reference_measures(ref, priors, common):
    if isinstance(ref, str):
        if ref == "each":
            return list(priors), "each"
        if common is None:
            return list(priors), "common unavailable (no common prior): each"
        return [common], "common"
    return [np.asarray(ref)], "explicit"


def run_task(inst: Instance, j: int, settings: Settings) -> TaskRecord:
    """Algorithm 1 on task j of ``inst``."""
    task = inst.tasks[j]
    N = inst.N
    if not isinstance(settings, Settings):
        raise AgreementError(f"Algorithm 1 runs with Settings, got {type(settings).__name__} "
                             "(noisy protocols: alignlab.agreement.noisy.run_noisy_task)")
    proto = registry.get(settings.protocol)
    if not proto.deterministic:
        raise AgreementError(f"protocol {proto.name!r} is noisy: use alignlab.agreement.noisy.run_noisy_task "
                             "(Monte Carlo over state and noise)")
    sched = schedule_for(settings, N)
    priors = [a.priors[j] for a in inst.agents]
    dlg = Dialogue([a.partitions[j] for a in inst.agents], priors,
                   [task.objective_of(i) for i in range(N)], exact=inst.exact, eps=task.eps,
                   intermediary_prior=settings.intermediary_prior, true_state=task.true_state,
                   broadcast=settings.delivery == "broadcast", track_refined=settings.track_refined)
    names = task.state_names
    transcript: list[Entry] = []

    def find_prior():
        return construct_common_prior(dlg.labels, dlg.priors, method=settings.prior_method,
                                      exact=inst.exact, state_names=names)

    def signature() -> tuple:
        return (*dlg.version, dlg.public_version)  # any change of anyone's information

    state: dict = {"version": None, "cp": None}

    def prior_found() -> bool:  # ConstructCommonPrior (line 9), recomputed only when someone learnt
        if state["cp"] is None or signature() != state["version"]:
            state["cp"] = find_prior()
            state["version"] = signature()  # after find_prior, which brings partitions up to date
        return state["cp"].feasible

    memo: dict = {}
    end1 = exchange(dlg, proto, sched, stop=prior_found, max_messages=settings.max_messages,
                    phase="prior", transcript=transcript, check="round", memo=memo)
    n1 = len(transcript)
    if state["cp"] is None or signature() != state["version"]:  # the cap came first
        prior_found()
    cp = state["cp"]
    common = cp.prior if cp.feasible else None
    if end1 == "stopped":
        dlg.set_priors(common)

        def criterion_now() -> bool:
            E = [dlg.expectation(i) for i in range(N)]
            meas, _ = _reference_measures(task.reference, dlg.priors, common)
            return agreement(E, meas, task.eps, task.delta, exact=inst.exact).holds

        stop = criterion_now if settings.stop == "criterion" else (lambda: False)
        end2 = exchange(dlg, proto, sched, stop=stop, max_messages=settings.max_messages,
                        phase="agreement", transcript=transcript, memo=memo)
    else:
        end2 = end1
    E = [dlg.expectation(i) for i in range(N)]
    meas, refname = _reference_measures(task.reference, dlg.priors, common)
    ag = agreement(E, meas, task.eps, task.delta, exact=inst.exact)
    if end2 == "cap":
        outcome = "cap_reached"
    elif end1 == "fixed_point" or not ag.holds:
        outcome = "stalled"
    else:
        outcome = "agreed"
    disagreement = None
    if outcome == "stalled":
        ts = task.true_state
        disagreement = {
            "common_knowledge": end2 == "fixed_point",
            "probability_pairs_disagree": 1 - float(ag.matrix.min()),
            "at_true_state": None if ts is None else {str(i + 1): fmt(E[i][ts]) for i in range(N)},
            "no_common_prior_witness": cp.witness,
        }
    small = task.D <= 64
    ts = task.true_state
    expectations = [fmt(e[ts]) if ts is not None else ([fmt(x) for x in e.tolist()] if small else None)
                    for e in E]
    kinds = {"human": 0, "ai": 0}
    for e in transcript:
        kinds[inst.agents[e.speaker].kind] += 1
    nu, _ = prior_distance(priors)
    return TaskRecord(
        task=task.name, N=N, D=task.D, eps=task.eps, delta=task.delta, protocol=proto.name,
        delivery=settings.delivery, reference=refname, outcome=outcome,
        messages={"prior": n1, "agreement": len(transcript) - n1, "total": len(transcript)},
        messages_by_kind=kinds, bits=int(sum(e.bits for e in transcript)),
        refinements=dlg.refinements, transcript=tuple(transcript), expectations=expectations,
        agreement_matrix=ag.matrix.round(12).tolist(), global_agreement=ag.global_prob,
        criterion_holds=ag.holds,
        common_prior={"feasible": cp.feasible, "method": cp.method, "components": cp.n_components,
                      "eq10_excess": cp.eq10_excess,
                      "prior": [fmt(x) for x in cp.prior.tolist()] if cp.feasible and small else None,
                      "witness": cp.witness},
        nu=nu,
        bound_messages=(theorem1_messages(1, N, task.D, task.eps, task.delta) if task.eps > 0
                        else None),
        cells=[[[names[s] if names else int(s) for s in c] for c in cells(lab)] for lab in dlg.labels]
        if small else [],
        disagreement=disagreement)


@dataclass(frozen=True, eq=False)
class RunResult:
    """All tasks, in sequence (Algorithm 1's outer loop over M tasks)."""

    tasks: tuple[TaskRecord, ...]

    @property
    def outcome(self) -> str:
        for r in self.tasks:
            if r.outcome != "agreed":
                return r.outcome
        return "agreed"

    @property
    def messages(self) -> int:
        return sum(r.messages["total"] for r in self.tasks)


def run(inst: Instance, settings: Settings | None = None) -> RunResult:
    """Run Algorithm 1 over every task of ``inst`` in order."""
    s = settings or Settings()
    return RunResult(tuple(run_task(inst, j, s) for j in range(inst.M)))
