"""The teaching benchmark as an Inspect task (UK AISI ``inspect-ai``; ``pip install 'alignlab[inspect]'``).

Each instance becomes a sample whose input is the teacher prompt (:mod:`alignlab.mindgrid.teaching.prompt`);
the model's completion is read by the simulated human and the sample is scored by the gap
(lower is better), so the benchmark runs with any model Inspect supports::

    inspect eval src/alignlab/mindgrid/teaching/inspect_task.py@mindgrid -T games=games.jsonl -T shots=5 \\
        --model openai/gpt-4o-mini

Importing :mod:`alignlab.mindgrid` does not import Inspect; this module does.
"""

from __future__ import annotations

from typing import Any

try:
    from inspect_ai import Task, task
    from inspect_ai.dataset import MemoryDataset, Sample
    from inspect_ai.model import ChatMessageSystem, ChatMessageUser, GenerateConfig
    from inspect_ai.scorer import Score, Target, mean, scorer, stderr
    from inspect_ai.solver import TaskState, generate
except ImportError as exc:  # pragma: no cover - depends on the environment
    from alignlab.mindgrid.errors import MindgridError

    raise MindgridError("the Inspect task needs inspect-ai: pip install 'alignlab[inspect]'") from exc

from alignlab.mindgrid.teaching.evaluate import evaluate_instance
from alignlab.mindgrid.teaching.instances import instance_from_json, load_instances
from alignlab.mindgrid.teaching.prompt import MAX_TOKENS, TEMPERATURE, build_messages


def samples(games: str, shots: int = 0, observation: str = "reference") -> list[Any]:
    """One Inspect sample per instance (metadata: the instance record)."""
    out = []
    for inst in load_instances(games):
        msgs = build_messages(inst, shots, observation)
        inp = [ChatMessageSystem(content=m["content"]) if m["role"] == "system"
               else ChatMessageUser(content=m["content"]) for m in msgs]
        out.append(Sample(input=inp, target="\n".join(inst.sentences), id=inst.id,
                          metadata={"instance": inst.to_json()}))
    return out


@scorer(metrics=[mean(), stderr()])
def gap_scorer(execution: str = "skills", on_death: str = "stop") -> Any:
    """Score = the practical alignment gap of π1 in the real world (``execution`` mode); the
    metadata carries the full result record (both modes, the parse of each sentence)."""

    async def score(state: TaskState, target: Target) -> Score:
        inst = instance_from_json(state.metadata["instance"], f"sample {state.sample_id}")
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
             on_death: str = "stop", observation: str = "reference") -> Task:
    """The mindgrid teaching benchmark on ``games`` (a JSONL instances file); ``execution``,
    ``on_death`` and ``observation`` as in ``alignlab mindgrid evaluate`` and the prompt."""
    return Task(dataset=MemoryDataset(samples(games, shots, observation), name="mindgrid"),
                solver=[generate()], scorer=gap_scorer(execution, on_death),
                config=GenerateConfig(temperature=TEMPERATURE, max_tokens=MAX_TOKENS))
