"""``make_llm(backend, **options)``: the backend named by a ``--llm`` flag or a config field."""

from __future__ import annotations

import inspect
from typing import Any

from alignlab.llm.base import LLM
from alignlab.llm.errors import LLMError

BACKENDS: tuple[str, ...] = ("openai", "scripted")


def make_llm(backend: str, **options: Any) -> LLM:
    """``openai`` → :class:`OpenAIChat` (``model=`` required), ``scripted`` → :class:`ScriptedLLM`
    (``script=`` a path or a list). Unknown options are an :class:`LLMError` naming the allowed ones.
    """
    if backend == "openai":
        from alignlab.llm.openai import OpenAIChat as cls
    elif backend == "scripted":
        from alignlab.llm.scripted import ScriptedLLM as cls
    else:
        raise LLMError(f"unknown LLM backend {backend!r}; allowed: {', '.join(BACKENDS)}")
    params = inspect.signature(cls).parameters
    unknown = sorted(set(options) - set(params))
    missing = sorted(n for n, p in params.items()
                     if p.default is inspect.Parameter.empty and n not in options)
    if unknown or missing:
        what = (f"unknown option(s) {', '.join(unknown)}" if unknown
                else f"missing option(s) {', '.join(missing)}")
        raise LLMError(f"{backend} backend: {what}; allowed: {', '.join(params)}")
    return cls(**options)
