"""LLM provider clients: one ``complete(messages, *, temperature, max_tokens) -> str`` interface.

Backends: :class:`OpenAIChat` (any OpenAI-compatible Chat Completions endpoint; httpx, imported
only when a request is made) and :class:`ScriptedLLM` (answers from a file, for replays and tests).
"""

from alignlab.llm.base import LLM, check_messages, last_user_message, prompt_hash
from alignlab.llm.cache import ResponseCache, request_key
from alignlab.llm.errors import (
    LLMCacheMiss,
    LLMConnectionError,
    LLMError,
    LLMHTTPError,
    LLMResponseError,
    ScriptError,
)
from alignlab.llm.openai import OpenAIChat
from alignlab.llm.scripted import ScriptedLLM

__all__ = [
    "LLM",
    "LLMCacheMiss",
    "LLMConnectionError",
    "LLMError",
    "LLMHTTPError",
    "LLMResponseError",
    "OpenAIChat",
    "ResponseCache",
    "ScriptError",
    "ScriptedLLM",
    "check_messages",
    "last_user_message",
    "prompt_hash",
    "request_key",
]
