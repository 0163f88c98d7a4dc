"""The teacher prompt (the paper's structure): layout rules, the task, the 12 templates, k-shot examples.

The text is a documented template (``SYSTEM``, ``RULES``, ``USER``, ``EXAMPLE``): placeholders in
braces are filled from the instance; few-shot examples are drawn from the ``fewshot`` preset with a
fixed seed (:data:`FEWSHOT_SEED`) for the instance's layout, so the prompt of an instance is a pure
function of (instance, shots). ``tests/mindgrid/teaching/golden/`` holds the rendered prompt.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from alignlab.mindgrid.edits import TEMPLATES
from alignlab.mindgrid.errors import MindgridError
from alignlab.mindgrid.observation import observation_text
from alignlab.mindgrid.plans import Plan
from alignlab.mindgrid.teaching.instances import Instance, generate_instances
from alignlab.mindgrid.text import task_text
from alignlab.mindgrid.world import World

SHOTS = (0, 1, 5)
FEWSHOT_SEED = 20240
TEMPERATURE = 0.0
MAX_TOKENS = 250

SYSTEM = (
    "You are an AI assistant helping a human in a grid world. You see the real grid; the human "
    "holds an outdated picture of it. From the human's plan, work out what the human believes "
    "wrongly and tell them how the real grid differs, so that they can make a better plan."
)

RULES = {
    "room_door_key": (
        "The grid is 11 by 11 cells; the outer border is wall, columns and rows of the inner cells "
        "are numbered 1 to 9, column first. A wall shaped like an L separates a room in the "
        "bottom-right corner from the rest of the grid. The room is entered through a door in that "
        "wall or through a walkable passage. A door can be open, closed (toggle it to open it) or "
        "locked (it opens only when the agent carries a key of the door's colour). Boxes can be "
        "opened and then reveal what they contain. Balls, keys and boxes can be picked up; the "
        "agent carries at most one object and must drop it before picking up another. Each action "
        "(turn left, turn right, move forward, pick up, drop, toggle) costs 1 point; picking up the "
        "target ball earns 100 points and ends the episode."
    ),
    "treasure_island": (
        "The grid is 11 by 11 cells; the outer border is wall, columns and rows of the inner cells "
        "are numbered 1 to 9, column first. A river of lava shaped like an L separates an island in "
        "the bottom-right corner from the rest of the grid. Stepping on hot lava kills the agent "
        "unless it carries fire-proof shoes; cool lava is safe. The island is reached over a bridge "
        "or through a walkable passage. A damaged bridge kills whoever steps on it; the hammer "
        "repairs it (toggle the bridge while carrying the hammer). Boxes can be opened and then "
        "reveal what they contain. Balls, hammers, shoes and boxes can be picked up; the agent "
        "carries at most one object. Each action (turn left, turn right, move forward, pick up, "
        "drop, toggle) costs 1 point; picking up the target ball earns 100 points and ends the "
        "episode."
    ),
}

USER = (
    "{rules}\n\n"
    "{task}\n\n"
    "Describe each difference between the real grid and the human's picture with one of these "
    "sentences, filling in the braces (colours, states, column and row numbers), one sentence per "
    "line and nothing else:\n{templates}\n\n"
    "{examples}"
    "Real grid: {observation}\n"
    "The human's plan:\n{plan}\n"
    "Differences:"
)

EXAMPLE = (
    "Example {k}.\n"
    "Real grid: {observation}\n"
    "The human's plan:\n{plan}\n"
    "Differences:\n{answer}\n\n"
)


def template_lines() -> str:
    """The 12 templates (14 lines: add_opening and toggle_opening have a door and a bridge form)."""
    return "\n".join(f"- {t}" for t in TEMPLATES.values())


@lru_cache(maxsize=8)
def fewshot_examples(layout: str, shots: int) -> tuple[Instance, ...]:
    """``shots`` instances of the ``fewshot`` preset for ``layout`` (fixed seed)."""
    if shots == 0:
        return ()
    return tuple(generate_instances("fewshot", shots, FEWSHOT_SEED, (layout,)))


def rules_layout(layout: str, world: World) -> str:
    """The layout whose rules and examples the prompt uses (a custom world: read off its divider)."""
    if layout in RULES:
        return layout
    return "treasure_island" if world.divider_kind() != 1 else "room_door_key"


def layout_rules(layout: str, world: World) -> str:
    """The rules paragraph of the prompt for ``layout`` (see :func:`rules_layout`)."""
    return RULES[rules_layout(layout, world)]


class Seen(Protocol):
    """What the prompt is built from: a :class:`~.teacher.TeacherView` (or an :class:`Instance`)."""

    @property
    def layout(self) -> str: ...

    @property
    def real(self) -> World: ...

    @property
    def plan_human(self) -> Plan: ...


def build_messages(view: Seen, shots: int = 0, observation: str = "reference") -> list[dict[str, str]]:
    """The Chat Completions messages for one instance with ``shots`` ∈ {0, 1, 5} examples; uses only
    what a teacher may see (θ*, π0, the layout). Grids are described in the paper's observation
    text (``observation="rich"``: ours, which also shows what boxes contain — information the
    paper's teachers did not get)."""
    if shots not in SHOTS:
        raise MindgridError(f"shots must be one of {', '.join(map(str, SHOTS))}, got {shots}")
    layout = rules_layout(view.layout, view.real)
    examples = "".join(
        EXAMPLE.format(k=k, observation=observation_text(ex.real, observation), plan=ex.plan_human.text(),
                       answer="\n".join(ex.sentences))
        for k, ex in enumerate(fewshot_examples(layout, shots), 1))
    user = USER.format(rules=RULES[layout], task=task_text(view.real), templates=template_lines(),
                       examples=examples, observation=observation_text(view.real, observation),
                       plan=view.plan_human.text())
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def render_messages(messages: list[dict[str, str]]) -> str:
    """A readable dump of the messages (what the golden file holds)."""
    return "".join(f"=== {m['role']} ===\n{m['content']}\n" for m in messages)
