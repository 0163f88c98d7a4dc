"""Teachers: who writes the answer the simulated human reads — one registry, resolved once.

``none`` (no answer: the human keeps π0), ``gold`` (the true template sentences, in order; the one
privileged teacher), ``scripted`` (answers from a JSONL file keyed by instance id), ``llm`` (the
paper's prompt, :mod:`alignlab.mindgrid.teaching.prompt`, sent through :mod:`alignlab.llm` at
temperature 0 with at most 250 tokens; responses are cached on disk so a rerun re-queries nothing)
and ``inverse`` (Bayesian inverse planning without an LLM, :mod:`alignlab.mindgrid.teaching.inverse`).

Each teacher is a frozen dataclass (its fields are its options) implementing
:class:`~alignlab.mindgrid.teaching.teacher.Teacher`; :data:`TEACHERS` holds one
:class:`TeacherKind` per name, and :func:`make_teacher` turns ``--teacher NAME`` and its options into
a teacher once. Adding a teacher = one class, one entry in :data:`TEACHERS`, one test (the
conformance suite in ``tests/mindgrid/teaching/test_teachers.py`` runs every entry).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from alignlab.mindgrid.errors import InstanceError, MindgridError
from alignlab.mindgrid.teaching.instances import Instance
from alignlab.mindgrid.teaching.inverse.teacher import InverseTeacher
from alignlab.mindgrid.teaching.prompt import MAX_TOKENS, SHOTS, TEMPERATURE, build_messages
from alignlab.mindgrid.teaching.teacher import Answer, GoldView, Teacher, TeacherView

ANSWERS_SCHEMA = "alignlab.mindgrid.answers/1"


# ----- the four teachers --------------------------------------------------------------------
@dataclass(frozen=True)
class NoTeacher:
    """Says nothing: the human executes π0 (the no-teaching baseline)."""

    name: ClassVar[str] = "none"

    def config(self) -> dict[str, Any]:
        return {"teacher": self.name}

    def teach(self, view: TeacherView) -> Answer:
        return Answer(None)


@dataclass(frozen=True)
class GoldTeacher:
    """Privileged: says the true template sentences, one per line ('' when the worlds are equal).
    Measures what the parser and the simulated human lose."""

    name: ClassVar[str] = "gold"

    def config(self) -> dict[str, Any]:
        return {"teacher": self.name}

    def teach(self, view: TeacherView) -> Answer:
        if not isinstance(view, GoldView):
            raise MindgridError("the gold teacher needs the privileged view (teachers.view_for)")
        if not view.sentences and view.imagined != view.real:
            raise InstanceError(f"instance {view.id}: the worlds differ but the record has no edits "
                                "or sentences, so there is no gold answer")
        return Answer("\n".join(view.sentences))


def load_answers(path: str | Path) -> dict[str, str]:
    """Answers file: JSON Lines ``{"schema": "alignlab.mindgrid.answers/1", "id": …, "answer": …}``
    (the schema field may be omitted on all lines but must be right where present)."""
    from alignlab.config import read_jsonl

    p = Path(path)
    out: dict[str, str] = {}
    for k, d in read_jsonl(p, error=InstanceError):
        if not isinstance(d, dict) or "id" not in d or not isinstance(d.get("answer"), str):
            raise InstanceError(f"{p}:{k}: an answer record needs 'id' and a string 'answer'")
        if d.get("schema", ANSWERS_SCHEMA) != ANSWERS_SCHEMA:
            raise InstanceError(f"{p}:{k}: schema must be {ANSWERS_SCHEMA!r}, got {d['schema']!r}")
        iid = str(d["id"])
        if iid in out:
            raise InstanceError(f"{p}:{k}: a second answer for id {iid!r}")
        out[iid] = d["answer"]
    return out


@dataclass(frozen=True)
class ScriptedTeacher:
    """Answers from a JSONL file (``--answers``), read once when the teacher is made."""

    name: ClassVar[str] = "scripted"
    answers: str | Path = ""
    table: Mapping[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.answers:
            raise MindgridError("the scripted teacher needs --answers FILE (JSONL of id, answer)")
        object.__setattr__(self, "answers", str(self.answers))
        object.__setattr__(self, "table", load_answers(self.answers))

    def config(self) -> dict[str, Any]:
        return {"teacher": self.name}

    def teach(self, view: TeacherView) -> Answer:
        if view.id not in self.table:
            raise InstanceError(f"{self.answers}: no answer for instance {view.id!r}")
        return Answer(self.table[view.id])


_LLMS: dict[Any, Any] = {}


@dataclass(frozen=True)
class LLMTeacher:
    """The paper's prompt with ``shots`` few-shot examples, answered by ``model`` at an
    OpenAI-compatible endpoint. The API key is never an option: it comes from
    ``$ALIGNLAB_LLM_API_KEY`` / ``$OPENAI_API_KEY``."""

    name: ClassVar[str] = "llm"
    model: str = ""
    shots: int = 0
    base_url: str = field(default="", repr=False)  # may hold credentials: shown via config()
    cache_dir: str = ""
    offline: bool = False
    max_retries: int = 5
    backoff_base: float = 0.5
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if not self.model:
            raise MindgridError("the llm teacher needs --model (e.g. gpt-4o-mini)")
        if self.shots not in SHOTS:
            raise MindgridError(f"--shots must be one of {', '.join(map(str, SHOTS))}, got {self.shots}")
        if not self.offline:  # say it before any task starts, not as the first task's failure
            from alignlab.extras import require

            require("llm", error=MindgridError)

    def config(self) -> dict[str, Any]:
        from alignlab.llm.secrets import public_url

        return {"teacher": self.name, "model": self.model, "shots": self.shots,
                "base_url": public_url(self.base_url) or None}  # written: no credentials

    def client(self) -> Any:
        """One :class:`~alignlab.llm.OpenAIChat` per teacher and process."""
        if self not in _LLMS:
            from alignlab.llm import OpenAIChat

            _LLMS[self] = OpenAIChat(self.model, base_url=self.base_url or None,
                                     cache_dir=self.cache_dir or None, offline=self.offline,
                                     max_retries=self.max_retries, backoff_base=self.backoff_base,
                                     timeout=self.timeout)
        return _LLMS[self]

    def teach(self, view: TeacherView) -> Answer:
        """A malformed response is recorded as the error (the human then hears nothing); HTTP and
        connection failures after all retries raise and stop the run."""
        from alignlab.llm import LLMResponseError

        client = self.client()
        before = client.http_requests
        try:
            text = client.complete(build_messages(view, self.shots), temperature=TEMPERATURE,
                                   max_tokens=MAX_TOKENS)
        except LLMResponseError as exc:
            return Answer(None, str(exc), client.http_requests - before)
        return Answer(text, None, client.http_requests - before)


# ----- the registry -------------------------------------------------------------------------
@dataclass(frozen=True)
class TeacherKind:
    """One registry entry: the teacher class and how the evaluation treats it.

    ``privileged``: sees the teaching target (a :class:`GoldView`); only ``gold``.
    ``fixed``: its answers are data (cheap, deterministic): computed once before the run and part
    of the run's identity (config hash), so results of different answer files never mix.
    ``parallel``: worth a process pool (False for teachers that wait on a rate-limited service).
    """

    make: Callable[..., Teacher]
    summary: str
    privileged: bool = False
    fixed: bool = False
    parallel: bool = True

    @property
    def name(self) -> str:
        return self.make.name  # type: ignore[attr-defined]

    @property
    def options(self) -> tuple[str, ...]:
        """The option names the teacher takes (its dataclass init fields)."""
        return tuple(f.name for f in dataclasses.fields(self.make) if f.init)  # type: ignore[arg-type]


TEACHERS: dict[str, TeacherKind] = {k.name: k for k in (
    TeacherKind(NoTeacher, "no message: the human executes π0", fixed=True),
    TeacherKind(GoldTeacher, "the true template sentences, in order", privileged=True, fixed=True),
    TeacherKind(ScriptedTeacher, "answers from a JSONL file (--answers)", fixed=True),
    TeacherKind(LLMTeacher, "the paper's prompt through an OpenAI-compatible model",
                parallel=False),
    TeacherKind(InverseTeacher, "Bayesian inverse planning: infers the human's world from its plan, "
                "says what minimises the expected gap"),
)}


def teacher_kind(name: str) -> TeacherKind:
    """The registry entry ``name`` (an unknown name is a :class:`MindgridError` listing the known)."""
    if name not in TEACHERS:
        raise MindgridError(f"unknown teacher {name!r}; allowed: {', '.join(TEACHERS)}")
    return TEACHERS[name]


def make_teacher(name: str, **options: Any) -> Teacher:
    """``--teacher NAME`` and its options → a teacher, once. Options given as None count as not
    given; an option the teacher does not take is an error naming the teachers that do."""
    kind = teacher_kind(name)
    given = {k: v for k, v in options.items() if v is not None}
    for opt in given:
        if opt not in kind.options:
            owners = [n for n, k in TEACHERS.items() if opt in k.options]
            flag = "--" + opt.replace("_", "-")
            raise MindgridError(f"{flag} is only for --teacher {' or '.join(owners)}" if owners
                                else f"no teacher takes the option {opt!r}")
    return kind.make(**given)


def view_for(teacher: Teacher, inst: Instance, on_death: str = "stop") -> TeacherView:
    """What ``teacher`` may see of ``inst``: the privileged :class:`GoldView` for privileged
    registry entries, else a :class:`TeacherView` (θ*, π0, the layout, the replay rule)."""
    if teacher_kind(teacher.name).privileged:
        return GoldView(inst.id, inst.layout, inst.real, inst.plan_human, on_death,
                        imagined=inst.imagined, edits=inst.edits, sentences=inst.sentences)
    return TeacherView(inst.id, inst.layout, inst.real, inst.plan_human, on_death)


def teach(teacher: Teacher, inst: Instance, on_death: str = "stop") -> Answer:
    """``teacher``'s answer for ``inst`` (through :func:`view_for`), scored with ``on_death``."""
    return teacher.teach(view_for(teacher, inst, on_death))


__all__ = ["ANSWERS_SCHEMA", "TEACHERS", "Answer", "GoldTeacher", "GoldView", "InverseTeacher", "LLMTeacher",
           "NoTeacher", "ScriptedTeacher", "Teacher", "TeacherKind", "TeacherView", "load_answers",
           "make_teacher", "teach", "teacher_kind", "view_for"]
