"""A scripted backend: answers from a file or a list, for replays and tests (no network).

Two kinds of script. *Sequential*: a list of answers given in order, one per call (an error when
it runs out). *Keyed*: a mapping from a prompt hash (:func:`alignlab.llm.base.prompt_hash`, 64 hex
digits) or from the text of the last user message to the answer.

Files: ``.yaml``/``.yml``/``.json`` hold a list (sequential) or a mapping (keyed). ``.jsonl``
holds one entry per line: a string or ``{"answer": ...}`` (sequential), or ``{"answer": ...,
"user": ...}`` / ``{"answer": ..., "prompt_hash": ...}`` (keyed); one file is one kind.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from alignlab.llm.base import check_messages, check_params, last_user_message, prompt_hash
from alignlab.llm.errors import ScriptError

_HASH = re.compile(r"^[0-9a-f]{64}$")


def _answer(value: Any, where: str) -> str:
    if isinstance(value, Mapping) and set(value) == {"answer"}:
        value = value["answer"]
    if not isinstance(value, str):
        raise ScriptError(f"{where}: an answer must be a string, got {type(value).__name__}")
    return value


def load_script(source: str | Path | Sequence[Any] | Mapping[str, Any]
                ) -> tuple[list[str] | None, dict[str, str] | None, str]:
    """``(sequential answers, keyed answers, name)``; exactly one of the two is not ``None``."""
    if isinstance(source, str | Path):
        path = Path(source)
        name = str(path)
        if path.suffix == ".jsonl":
            source = _read_jsonl(path)
        elif path.suffix in (".yaml", ".yml", ".json"):
            from alignlab.config import load_yaml

            source = load_yaml(path, error=ScriptError)
        else:
            raise ScriptError(f"{path}: a script is a .jsonl, .yaml, .yml or .json file")
    else:
        name = "<script>"
    if isinstance(source, Mapping):
        return None, {str(k): _answer(v, f"{name}: entry {k!r}") for k, v in source.items()}, name
    if isinstance(source, Sequence) and not isinstance(source, str | bytes):
        return [_answer(v, f"{name}: answer {i + 1}") for i, v in enumerate(source)], None, name
    raise ScriptError(f"{name}: a script is a list of answers or a mapping from prompt to answer, "
                      f"got {type(source).__name__}")


def _read_jsonl(path: Path) -> list[Any] | dict[str, Any]:
    from alignlab.config import read_jsonl

    seq: list[Any] = []
    keyed: dict[str, Any] = {}
    for n, entry in read_jsonl(path, error=ScriptError):
        if isinstance(entry, dict) and ({"user", "prompt_hash"} & set(entry)):
            k = entry.get("prompt_hash", entry.get("user"))
            if not isinstance(k, str) or "answer" not in entry:
                raise ScriptError(f"{path}:{n}: a keyed entry is "
                                  '{"answer": str, "user": str} or {"answer": str, "prompt_hash": hex}')
            keyed[k] = entry["answer"]
        else:
            seq.append(entry)
    if seq and keyed:
        raise ScriptError(f"{path}: mixes sequential answers and keyed answers; use one kind")
    return keyed if keyed else seq


class ScriptedLLM:
    """Answers from a script (see the module docstring); records every call in ``calls``."""

    def __init__(self, script: str | Path | Sequence[Any] | Mapping[str, Any]) -> None:
        self._seq, self._keyed, self.name = load_script(script)
        self._next = 0
        self._lock = threading.Lock()
        self.calls: list[list[dict[str, Any]]] = []

    @property
    def remaining(self) -> int | None:
        """Answers left in a sequential script (``None`` for a keyed one)."""
        return None if self._seq is None else len(self._seq) - self._next

    def complete(self, messages: list[dict[str, Any]], *, temperature: float = 0.0,
                 max_tokens: int = 512) -> str:
        """The next scripted answer, or the one keyed by this prompt."""
        msgs = check_messages(messages)
        check_params(temperature, max_tokens)
        user = last_user_message(msgs)
        with self._lock:
            self.calls.append(msgs)
            if self._seq is not None:
                if self._next >= len(self._seq):
                    raise ScriptError(
                        f"script {self.name} ran out: it has {len(self._seq)} answer(s) and this "
                        f"is call {len(self.calls)} (last user message: {_short(user)})")
                self._next += 1
                return self._seq[self._next - 1]
        assert self._keyed is not None
        h = prompt_hash(msgs)
        if h in self._keyed:
            return self._keyed[h]
        if user is not None and user in self._keyed:
            return self._keyed[user]
        raise ScriptError(f"script {self.name} has no answer for prompt hash {h} "
                          f"(last user message: {_short(user)}); it knows "
                          f"{len(self._keyed)} prompt(s)")

    def __repr__(self) -> str:
        kind = f"{len(self._seq)} answers" if self._seq is not None else \
            f"{len(self._keyed or {})} keyed answers"
        return f"ScriptedLLM({self.name!r}, {kind})"


def _short(text: str | None, n: int = 80) -> str:
    if text is None:
        return "none"
    return repr(text if len(text) <= n else text[:n] + "…")
