"""The LLM clients' exception family. Messages never contain an API key."""

from __future__ import annotations

from alignlab.errors import AlignlabError


class LLMError(AlignlabError):
    """Root of :mod:`alignlab.llm` errors: bad messages, failed requests, bad answers."""


class LLMHTTPError(LLMError):
    """The server answered with an error status (``status``), after retries where retryable."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    def __reduce__(self) -> tuple:
        return (type(self), (str(self), self.status))


class LLMConnectionError(LLMError):
    """The server could not be reached or did not answer in time, after all retries."""


class LLMResponseError(LLMError):
    """The server answered 200 but not with a Chat Completions body (malformed JSON, no content)."""


class LLMCacheMiss(LLMError):
    """``offline=True`` and the request is not in the cache."""


class ScriptError(LLMError):
    """A scripted backend that cannot be read, has no answer for a prompt, or ran out."""
