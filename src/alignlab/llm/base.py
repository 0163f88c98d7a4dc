"""The one interface every backend speaks: ``complete(messages, *, temperature, max_tokens) -> str``.

``messages`` are Chat Completions messages: ``[{"role": "system"|"user"|"assistant", "content":
str}, ...]``. :func:`check_messages` validates them; :func:`prompt_hash` names a conversation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from alignlab.config import as_int, as_number
from alignlab.llm.errors import LLMError

ROLES: tuple[str, ...] = ("system", "user", "assistant", "tool", "developer")


@runtime_checkable
class LLM(Protocol):
    """A chat model: the answer text to a list of messages."""

    def complete(self, messages: list[dict[str, Any]], *, temperature: float = 0.0,
                 max_tokens: int = 512) -> str:
        """The assistant's reply to ``messages``."""
        ...


def check_messages(messages: Any) -> list[dict[str, Any]]:
    """Validate chat messages (a non-empty list of ``{"role", "content"}`` dicts) and copy them."""
    if isinstance(messages, str | bytes) or not isinstance(messages, Sequence) or not messages:
        raise LLMError("messages must be a non-empty list of {'role': ..., 'content': ...} dicts, "
                       f"got {type(messages).__name__}")
    out = []
    for i, m in enumerate(messages):
        if not isinstance(m, Mapping):
            raise LLMError(f"messages[{i}] must be a dict with 'role' and 'content', "
                           f"got {type(m).__name__}")
        if m.get("role") not in ROLES:
            raise LLMError(f"messages[{i}]['role'] must be one of {', '.join(ROLES)}, "
                           f"got {m.get('role')!r}")
        if not isinstance(m.get("content"), str):
            raise LLMError(f"messages[{i}]['content'] must be a string, "
                           f"got {type(m.get('content')).__name__}")
        out.append(dict(m))
    return out


def check_params(temperature: Any, max_tokens: Any) -> tuple[float, int]:
    """``temperature`` a number in [0, 2], ``max_tokens`` a positive integer."""
    return (as_number(temperature, "temperature", where="", lo=0, hi=2, error=LLMError),
            as_int(max_tokens, "max_tokens", where="", lo=1, error=LLMError))


def canonical(obj: Any) -> str:
    """Deterministic JSON for hashing (sorted keys, compact)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def prompt_hash(messages: list[dict[str, Any]]) -> str:
    """SHA-256 (hex) of the canonical JSON of the messages: a stable name for a conversation."""
    return hashlib.sha256(canonical(check_messages(messages)).encode("utf-8")).hexdigest()


def last_user_message(messages: list[dict[str, Any]]) -> str | None:
    """The content of the last ``user`` message, if any."""
    for m in reversed(messages):
        if m.get("role") == "user":
            return m.get("content")
    return None
