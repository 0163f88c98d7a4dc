"""The simulated human: read the AI's answer, update the imagined world, replan, act in the real world.

The answer is split into sentences (:func:`~alignlab.mindgrid.text.split_sentences`); each sentence
is parsed against the 12 templates (tolerant, :func:`~alignlab.mindgrid.text.parse_sentence`) and
the parsed edits are applied to θ^H in order. A sentence that matches no template is ``unparsed``;
one that parses but does not apply to the (updated) imagined world is ``not_applicable``; both are
recorded with the reason, never dropped. The human then replans π1 = π_opt(θ^H + understood edits)
and π1 is executed in θ* in both execution modes.
"""

from __future__ import annotations

from dataclasses import dataclass

from alignlab.mindgrid.edits import Edit, apply_edit
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.plans import EXEC_MODES, Execution, Plan, execute, optimal_plan
from alignlab.mindgrid.text import parse_sentence, split_sentences
from alignlab.mindgrid.world import World

SENTENCE_STATUS = ("applied", "unparsed", "not_applicable")


@dataclass(frozen=True)
class SentenceReading:
    """One answer sentence as the human read it: ``status`` ∈ applied / unparsed / not_applicable."""

    text: str
    status: str
    edit: Edit | None = None
    reason: str = ""

    def to_json(self) -> dict:
        return {"text": self.text, "status": self.status,
                "edit": self.edit.to_json() if self.edit is not None else None,
                "reason": self.reason}


@dataclass(frozen=True)
class Understanding:
    """What the human understood: the sentence readings and the updated imagined world."""

    readings: tuple[SentenceReading, ...]
    world: World

    @property
    def edits(self) -> tuple[Edit, ...]:
        """The edits actually applied, in order."""
        return tuple(r.edit for r in self.readings if r.status == "applied" and r.edit is not None)

    @property
    def parsed(self) -> int:
        return sum(r.status != "unparsed" for r in self.readings)


def understand(imagined: World, answer: str) -> Understanding:
    """Parse ``answer`` sentence by sentence and apply the edits to ``imagined`` in order."""
    w = imagined
    out = []
    for s in split_sentences(answer or ""):
        try:
            e = parse_sentence(s)
        except EditError as exc:
            out.append(SentenceReading(s, "unparsed", None, str(exc)))
            continue
        try:
            w = apply_edit(w, e)
        except EditError as exc:
            out.append(SentenceReading(s, "not_applicable", e, str(exc)))
            continue
        out.append(SentenceReading(s, "applied", e))
    return Understanding(tuple(out), w)


@dataclass(frozen=True)
class HumanResult:
    """π1 and its executions in the real world (one per mode)."""

    understanding: Understanding
    plan: Plan
    executions: dict[str, Execution]


def act(imagined: World, real: World, plan_human: Plan, answer: str | None, *,
        on_death: str = "stop") -> HumanResult:
    """Understand ``answer`` (None = no teaching), replan if anything was understood, execute π1
    in the real world in every execution mode (``on_death``: what open-loop replay does at a
    terminating step, see :data:`alignlab.mindgrid.engine.ON_DEATH`). With nothing understood the
    human keeps π0."""
    u = understand(imagined, answer or "")
    plan = optimal_plan(u.world) if u.world != imagined else plan_human
    return HumanResult(u, plan, {m: execute(real, plan, m, on_death=on_death) for m in EXEC_MODES})
