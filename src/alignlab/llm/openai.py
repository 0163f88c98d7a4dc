"""A client for any OpenAI-compatible Chat Completions endpoint (OpenAI, vLLM, llama.cpp, Ollama…).

``POST {base_url}/chat/completions`` with httpx. Retries with exponential backoff and jitter (or
the server's ``Retry-After``) on 429, 408, 5xx, timeouts and connection errors; any other 4xx is
an immediate :class:`LLMHTTPError` with the status and the server's message. The API key comes
from the argument or the environment and is only ever sent in the ``Authorization`` header: it is
kept out of ``repr``, error messages and the on-disk cache.
"""

from __future__ import annotations

import email.utils
import os
import random
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alignlab.config import as_int
from alignlab.llm.base import check_messages, check_params
from alignlab.llm.cache import ResponseCache, request_key
from alignlab.llm.errors import (
    LLMCacheMiss,
    LLMConnectionError,
    LLMError,
    LLMHTTPError,
    LLMResponseError,
)
from alignlab.llm.secrets import Endpoint, mask, public_url

DEFAULT_BASE_URL = "https://api.openai.com/v1"
BASE_URL_ENV = ("ALIGNLAB_LLM_BASE_URL", "OPENAI_BASE_URL")
API_KEY_ENV = ("ALIGNLAB_LLM_API_KEY", "OPENAI_API_KEY")
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504}) | frozenset(range(500, 600))


def _from_env(names: tuple[str, ...]) -> str | None:
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


def _positive(name: str, value: Any, *, allow_zero: bool = False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and (
        value >= 0 if allow_zero else value > 0)
    if not ok:
        raise LLMError(f"{name} must be a number {'>= 0' if allow_zero else '> 0'}, got {value!r}")
    return float(value)


class OpenAIChat:
    """Chat Completions over HTTP, with retries, timeouts and an optional on-disk cache.

    ``timeout`` bounds each network step (connect, each read) in seconds. ``max_retries`` extra
    attempts follow a retryable failure, waiting ``min(backoff_max, backoff_base·2^k)`` seconds
    scaled by a jitter in [0.5, 1) drawn from ``random.Random(seed)`` (so reruns wait the same), or
    the server's ``Retry-After`` (capped at ``backoff_max``). With ``cache_dir`` a repeated request
    is answered from disk without any HTTP call; ``offline=True`` makes a cache miss an error
    instead of a request. ``params`` are extra body fields (``top_p``, ``seed``, ``stop``…).
    """

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 5,
        backoff_base: float = 0.5,
        backoff_max: float = 20.0,
        cache_dir: str | Path | None = None,
        extra_headers: Mapping[str, str] | None = None,
        offline: bool = False,
        params: Mapping[str, Any] | None = None,
        seed: int = 0,
    ) -> None:
        if not isinstance(model, str) or not model.strip():
            raise LLMError(f"model must be a non-empty string (e.g. 'gpt-4o-mini'), got {model!r}")
        self.model = model
        url = base_url or _from_env(BASE_URL_ENV) or DEFAULT_BASE_URL
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise LLMError(f"base_url must start with http:// or https://, got {public_url(url)!r}")
        try:
            self.__endpoint = Endpoint.parse(url)
        except ValueError as exc:
            raise LLMError(str(exc)) from None
        self.base_url = self.__endpoint.public  # credentials in the URL are never shown or written
        key = api_key if api_key is not None else _from_env(API_KEY_ENV)
        self.__key = key.strip() if isinstance(key, str) and key.strip() else None
        self.__secrets = tuple(s for s in (self.__key, *self.__endpoint.secrets) if s)
        self.timeout = _positive("timeout", timeout)
        self.max_retries = as_int(max_retries, "max_retries", where="", lo=0, error=LLMError)
        self.backoff_base = _positive("backoff_base", backoff_base, allow_zero=True)
        self.backoff_max = _positive("backoff_max", backoff_max, allow_zero=True)
        self.cache = ResponseCache(cache_dir) if cache_dir is not None else None
        self.offline = bool(offline)
        if self.offline and self.cache is None:
            raise LLMError("offline=True needs a cache_dir to answer from")
        self.extra_headers = dict(extra_headers or {})
        for name in self.extra_headers:
            if name.lower() == "authorization":
                raise LLMError("pass the key as api_key (or the environment), not in extra_headers")
        self.params = dict(params or {})
        reserved = {"model", "messages", "temperature", "max_tokens", "stream"} & set(self.params)
        if reserved:
            raise LLMError(f"params may not set {', '.join(sorted(reserved))} "
                           "(they are arguments of complete or not supported)")
        self._rng = random.Random(seed)
        self._client: Any = None
        self.http_requests = 0  # HTTP attempts made by this client (cache hits make none)

    @property
    def has_api_key(self) -> bool:
        return self.__key is not None

    def __repr__(self) -> str:
        key = "set" if self.__key else "none"
        return (f"OpenAIChat(model={self.model!r}, base_url={self.base_url!r}, api_key=<{key}>, "
                f"cache_dir={str(self.cache.directory) if self.cache else None!r})")

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_client"] = None  # an open connection pool does not travel to worker processes
        return state

    def _http(self) -> Any:
        if self._client is None:
            from alignlab.extras import require

            (httpx,) = require("llm", error=LLMError)
            self._client = httpx.Client(timeout=httpx.Timeout(self.timeout))
        return self._client

    def close(self) -> None:
        """Close the connection pool."""
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def __enter__(self) -> OpenAIChat:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _clean(self, text: str, limit: int | None = None) -> str:
        """Never let the key or URL credentials into a message (a server might echo them back):
        masked first, then cut to ``limit`` characters (a cut could split a secret)."""
        text = mask(text, self.__secrets)
        return text if limit is None else text[:limit]

    def complete(self, messages: list[dict[str, Any]], *, temperature: float = 0.0,
                 max_tokens: int = 512) -> str:
        """The assistant's reply (``choices[0].message.content``), from the cache when possible."""
        msgs = check_messages(messages)
        temperature, max_tokens = check_params(temperature, max_tokens)
        key = request_key(self.model, msgs, temperature, max_tokens, self.params,
                          endpoint=self.base_url)
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                return hit
            if self.offline:
                raise LLMCacheMiss(f"offline: no cached answer for this request (key {key[:16]}…) "
                                   f"in {self.cache.directory}")
        body = {**self.params, "model": self.model, "messages": msgs,
                "temperature": temperature, "max_tokens": max_tokens}
        answer = self._post(body)
        if self.cache is not None:
            self.cache.put(key, answer, {"model": self.model, "messages": msgs,
                                         "temperature": temperature, "max_tokens": max_tokens,
                                         "params": self.params,
                                         "base_url": self.base_url})
        return answer

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            seconds = _parse_retry_after(retry_after)
            if seconds is not None:
                return min(self.backoff_max, seconds)
        base = min(self.backoff_max, self.backoff_base * 2.0**attempt)
        return base * (0.5 + 0.5 * self._rng.random())

    def _post(self, body: dict[str, Any]) -> str:
        client = self._http()  # first: without httpx it raises the one-line hint
        import httpx  # present: _http() checked the extra
        # the query string stays a query string; an API key (Bearer) takes precedence over user:pass@
        url = self.__endpoint.join("chat/completions", userinfo=self.__key is None)
        shown = self.__endpoint.join("chat/completions", public=True)
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   **self.extra_headers}
        if self.__key:
            headers["Authorization"] = f"Bearer {self.__key}"
        last, status = "", None
        attempts = self.max_retries + 1
        for attempt in range(attempts):
            retry_after = None
            self.http_requests += 1
            try:
                resp = client.post(url, json=body, headers=headers)
            except httpx.TimeoutException:
                last, status = f"no answer within the {self.timeout:g} s timeout", None
            except httpx.TransportError as exc:
                last = self._clean(f"connection error ({type(exc).__name__}: {exc})")
                status = None
            else:
                if 200 <= resp.status_code < 300:
                    return self._parse(resp, shown)
                status = resp.status_code
                message = f"HTTP {status}: {_server_message(resp, self._clean)}"
                if status not in RETRY_STATUS:
                    raise LLMHTTPError(f"{shown}: {message} (not retried)", status)
                last, retry_after = message, resp.headers.get("retry-after")
            if attempt + 1 < attempts:
                time.sleep(self._delay(attempt, retry_after))
        err = LLMConnectionError if status is None else LLMHTTPError
        msg = self._clean(f"{shown}: gave up after {attempts} attempt(s); last: {last}")
        raise err(msg, status) if err is LLMHTTPError else err(msg)

    def _parse(self, resp: Any, url: str) -> str:
        try:
            data = resp.json()
        except ValueError:
            raise LLMResponseError(
                f"{url}: the answer is not JSON (starts {self._clean(resp.text, 120)!r})") from None
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise LLMResponseError(
                f"{url}: the answer has no choices[0].message.content "
                f"(got {self._clean(str(data), 200)})") from None
        if not isinstance(content, str):
            raise LLMResponseError(f"{url}: choices[0].message.content is "
                                   f"{type(content).__name__}, not text (a refusal or tool call?)")
        return content


def _server_message(resp: Any, clean: Any) -> str:
    """The server's error message (``error.message`` of a JSON body, else the start of the text),
    passed through ``clean(text, limit)``: secrets masked in the whole text, then cut."""
    try:
        data = resp.json()
    except ValueError:
        return clean(resp.text.strip(), 300) or resp.reason_phrase
    if isinstance(data, dict):
        err = data.get("error", data.get("detail", data.get("message")))
        if isinstance(err, dict):
            err = err.get("message", err)
        if err is not None:
            return clean(str(err), 300)
    return clean(str(data), 300)


def _parse_retry_after(value: str) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); ``None`` if unreadable."""
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
