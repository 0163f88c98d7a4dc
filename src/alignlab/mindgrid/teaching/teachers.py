"""Teachers: who writes the answer the simulated human reads.

``none`` (no answer: the human keeps π0), ``gold`` (the true template sentences, in order),
``scripted`` (answers from a JSONL file keyed by instance id) and ``llm`` (the paper's prompt,
:mod:`alignlab.mindgrid.teaching.prompt`, sent through :mod:`alignlab.llm` at temperature 0 with at most
250 tokens; responses are cached on disk so a rerun re-queries nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alignlab.mindgrid.errors import InstanceError, MindgridError
from alignlab.mindgrid.teaching.instances import Instance

TEACHERS = ("none", "gold", "scripted", "llm")
ANSWERS_SCHEMA = "alignlab.mindgrid.answers/1"


@dataclass(frozen=True)
class TeacherSpec:
    """A teacher and its options (picklable; the API key is never part of it — it comes from
    ``$ALIGNLAB_LLM_API_KEY`` / ``$OPENAI_API_KEY``)."""

    kind: str
    shots: int = 0
    model: str = ""
    base_url: str = ""
    cache_dir: str = ""
    offline: bool = False
    max_retries: int = 5
    backoff_base: float = 0.5
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.kind not in TEACHERS:
            raise MindgridError(f"unknown teacher {self.kind!r}; allowed: {', '.join(TEACHERS)}")
        if self.kind == "llm" and not self.model:
            raise MindgridError("the llm teacher needs --model (e.g. gpt-4o-mini)")

    def config(self) -> dict[str, Any]:
        """What identifies the teacher in result files (no key, no cache location)."""
        d: dict[str, Any] = {"teacher": self.kind}
        if self.kind == "llm":
            d.update(model=self.model, shots=self.shots, base_url=self.base_url or None)
        return d


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


def gold_answer(inst: Instance) -> str:
    """The true sentences, one per line ('' when the worlds are equal: nothing to teach)."""
    if not inst.sentences and inst.imagined != inst.real:
        raise InstanceError(f"instance {inst.id}: the worlds differ but the record has no edits or "
                            "sentences, so there is no gold answer")
    return "\n".join(inst.sentences)


_LLMS: dict[TeacherSpec, Any] = {}


def llm_client(spec: TeacherSpec) -> Any:
    """One :class:`~alignlab.llm.OpenAIChat` per spec and process."""
    if spec not in _LLMS:
        from alignlab.llm import OpenAIChat

        _LLMS[spec] = OpenAIChat(spec.model, base_url=spec.base_url or None,
                                 cache_dir=spec.cache_dir or None, offline=spec.offline,
                                 max_retries=spec.max_retries, backoff_base=spec.backoff_base,
                                 timeout=spec.timeout)
    return _LLMS[spec]


def llm_answer(spec: TeacherSpec, inst: Instance) -> tuple[str | None, str | None, int]:
    """(answer, error, HTTP requests made). A malformed response is recorded as the error (the
    human then hears nothing); HTTP and connection failures after all retries stop the run."""
    from alignlab.llm import LLMResponseError
    from alignlab.mindgrid.teaching.prompt import MAX_TOKENS, TEMPERATURE, build_messages

    client = llm_client(spec)
    before = client.http_requests
    try:
        ans = client.complete(build_messages(inst, spec.shots), temperature=TEMPERATURE,
                              max_tokens=MAX_TOKENS)
    except LLMResponseError as exc:
        return None, str(exc), client.http_requests - before
    return ans, None, client.http_requests - before
