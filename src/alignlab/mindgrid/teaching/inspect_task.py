"""The teaching benchmark as an Inspect task (UK AISI ``inspect-ai``; ``pip install 'alignlab[inspect]'``).

Each instance becomes a sample whose input is the teacher prompt (:mod:`alignlab.mindgrid.teaching.prompt`);
the model's completion is read by the simulated human and the sample is scored by the gap
(lower is better), so the benchmark runs with any model Inspect supports::

    inspect eval src/alignlab/mindgrid/teaching/inspect_task.py@mindgrid -T games=games.jsonl -T shots=5 \\
        --model openai/gpt-4o-mini
    inspect eval src/alignlab/mindgrid/teaching/inspect_task.py@mindgrid -T games=games.jsonl \\
        -T teacher=gold --model mockllm/model    # any registered alignlab teacher as the solver

Importing :mod:`alignlab.mindgrid` does not import Inspect; this module does.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

try:
    from inspect_ai import Task, task
    from inspect_ai.dataset import MemoryDataset, Sample
    from inspect_ai.model import ChatMessageSystem, ChatMessageUser, GenerateConfig, ModelOutput
    from inspect_ai.scorer import Score, Target, mean, scorer, stderr
    from inspect_ai.solver import Generate, TaskState, generate, solver
except ImportError:  # pragma: no cover - depends on the environment
    from alignlab.extras import require
    from alignlab.mindgrid.errors import MindgridError

    require("inspect", error=MindgridError)  # raises with the install hint
    raise

from alignlab.mindgrid.teaching.evaluate import evaluate_instance
from alignlab.mindgrid.teaching.instances import Instance, load_instances
from alignlab.mindgrid.teaching.prompt import MAX_TOKENS, TEMPERATURE, build_messages
from alignlab.mindgrid.teaching.teachers import make_teacher, teach


def games_path(games: str) -> Path:
    """``games`` as the user meant it: Inspect runs a task from the task file's folder, so a
    relative path is taken from the shell's working directory ($PWD) when the file is there."""
    p = Path(games)
    shell_cwd = os.environ.get("PWD")
    if not p.is_absolute() and shell_cwd and (Path(shell_cwd) / p).exists():
        return Path(shell_cwd) / p
    return p


def instances(games: str) -> dict[str, Instance]:
    """The instances of ``games`` by id, read and validated once per file version."""
    p = games_path(games)
    st = p.stat() if p.exists() else None
    return _instances(str(p), st.st_mtime_ns if st else 0, st.st_size if st else 0)


@lru_cache(maxsize=4)
def _instances(path: str, mtime_ns: int, size: int) -> dict[str, Instance]:
    return {i.id: i for i in load_instances(path)}


def samples(games: str, shots: int = 0, observation: str = "reference") -> list[Any]:
    """One Inspect sample per instance (input: the teacher prompt; metadata: the instance record)."""
    out = []
    for inst in instances(games).values():
        msgs = build_messages(inst, shots, observation)
        inp = [ChatMessageSystem(content=m["content"]) if m["role"] == "system"
               else ChatMessageUser(content=m["content"]) for m in msgs]
        out.append(Sample(input=inp, target="\n".join(inst.sentences), id=inst.id,
                          metadata={"instance": inst.to_json()}))
    return out


@solver
def teacher_solver(teacher: str = "gold", games: str = "games.jsonl",
                   options: dict[str, Any] | None = None, on_death: str = "stop") -> Any:
    """One of alignlab's registered teachers (``none``, ``gold``, ``scripted``, ``llm``, …) as an
    Inspect solver: its answer becomes the sample's output (no model is called unless the teacher
    calls one). ``on_death``: the scorer's replay rule, which the teacher's view states."""
    t = make_teacher(teacher, **(options or {}))

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        ans = teach(t, instances(games)[str(state.sample_id)], on_death)
        state.output = ModelOutput.from_content(model=f"alignlab/{t.name}", content=ans.text or "",
                                                error=ans.error)
        return state

    return solve


@scorer(metrics=[mean(), stderr()])
def gap_scorer(games: str = "games.jsonl", execution: str = "skills", on_death: str = "stop") -> Any:
    """Score = the practical alignment gap of π1 in the real world (``execution`` mode); the
    metadata carries the full result record (both modes, the parse of each sentence)."""

    async def score(state: TaskState, target: Target) -> Score:
        inst = instances(games)[str(state.sample_id)]
        answer = state.output.completion if state.output is not None else ""
        rec = evaluate_instance(inst, answer, teacher="inspect", on_death=on_death)
        rec.pop("instance")
        return Score(value=rec["gap"][execution], answer=answer,
                     explanation=f"gap skills {rec['gap']['skills']}, actions {rec['gap']['actions']}; "
                                 f"{rec['n_parsed']}/{rec['n_sentences']} sentences parsed",
                     metadata=rec)

    return score


@task
def mindgrid(games: str = "games.jsonl", shots: int = 0, execution: str = "skills",
             teacher: str = "model", options: dict[str, Any] | None = None,
             on_death: str = "stop", observation: str = "reference") -> Task:
    """The mindgrid teaching benchmark on ``games`` (a JSONL instances file). ``teacher="model"``:
    Inspect's model answers the prompt; any other name runs that registered alignlab teacher
    (``options``: its options, e.g. ``{"answers": "answers.jsonl"}``). ``on_death`` and
    ``observation`` as in ``alignlab mindgrid evaluate`` and :func:`.prompt.build_messages`."""
    games = str(games_path(games))
    solve = [generate()] if teacher == "model" else [teacher_solver(teacher, games, options, on_death)]
    return Task(dataset=MemoryDataset(samples(games, shots, observation), name="mindgrid"),
                solver=solve, scorer=gap_scorer(games, execution, on_death),
                config=GenerateConfig(temperature=TEMPERATURE, max_tokens=MAX_TOKENS))
