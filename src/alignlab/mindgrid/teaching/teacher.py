"""The teacher interface: what a teacher sees (:class:`TeacherView`), what it says (:class:`Answer`),
and the one method it implements (:class:`Teacher`).

The paper's AI (§6) sees the real world θ* and the human's plan π0, never the human's imagined world
θ^H or the edits between them — it must infer those. A :class:`TeacherView` therefore holds exactly
that: the instance id, the layout (its rules), θ*, π0 (as skills and as primitive actions) and, derived
from them, the observation and task texts. Only the ``gold`` teacher is privileged: it gets a
:class:`GoldView`, which adds θ^H, the edits and the gold sentences, and it is built in one place
(:func:`alignlab.mindgrid.teaching.teachers.view_for`) for registry entries marked ``privileged``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from alignlab.mindgrid.edits import Edit
from alignlab.mindgrid.observation import observation_text
from alignlab.mindgrid.plans import Plan
from alignlab.mindgrid.text import task_text
from alignlab.mindgrid.world import World


@dataclass(frozen=True)
class Answer:
    """A teacher's message. ``text`` None = no message (the human keeps π0); ``error`` records a
    response that could not be used (the human then hears nothing); ``llm_requests`` counts HTTP
    requests made for it; ``info``: deterministic diagnostics of how the answer was found (JSON,
    kept in the result record as ``teacher_info``)."""

    text: str | None
    error: str | None = None
    llm_requests: int = 0
    info: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class TeacherView:
    """What a (non-privileged) teacher may see: θ* and π0 — never θ^H, the edits or the gold answer."""

    id: str
    layout: str
    real: World
    plan_human: Plan
    #: how the benchmark scores an open-loop replay at a death (``stop`` or ``continue``; see
    #: :data:`~alignlab.mindgrid.plans.ON_DEATH`): a rule of the scoring, not of the instance
    on_death: str = "stop"

    @property
    def observation(self) -> str:
        """θ* as the paper's observation text."""
        return observation_text(self.real)

    @property
    def task(self) -> str:
        """The task sentence ("Your task is to pick up the … ball.")."""
        return task_text(self.real)

    @property
    def rules(self) -> str:
        """The layout's rules as the prompt states them."""
        from alignlab.mindgrid.teaching.prompt import layout_rules

        return layout_rules(self.layout, self.real)


@dataclass(frozen=True)
class GoldView(TeacherView):
    """The privileged view of the ``gold`` teacher: adds θ^H, the k edits and their gold sentences."""

    imagined: World | None = None
    edits: tuple[Edit, ...] = ()
    sentences: tuple[str, ...] = ()


class Teacher(Protocol):
    """A teacher: a frozen dataclass whose fields are its options, registered in
    :data:`alignlab.mindgrid.teaching.teachers.TEACHERS` under ``name``."""

    name: ClassVar[str]

    def config(self) -> dict[str, Any]:
        """What identifies the teacher in result files (no API key, no cache location)."""
        ...

    def teach(self, view: TeacherView) -> Answer:
        """The message for one instance, from what the view shows."""
        ...
