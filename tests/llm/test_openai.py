"""OpenAIChat against a real local Chat Completions server: answers, retries, errors, cache, key."""

from __future__ import annotations

import json
import pickle

import pytest
from tests.llm.chat_server import ChatServer

from alignlab.llm import (
    LLMCacheMiss,
    LLMConnectionError,
    LLMError,
    LLMHTTPError,
    LLMResponseError,
    OpenAIChat,
)

KEY = "sk-test-SECRET-0123456789"
MSGS = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]


def client(server: ChatServer, **kw) -> OpenAIChat:
    opts = {"api_key": KEY, "timeout": 2.0, "max_retries": 3, "backoff_base": 0.01,
            "backoff_max": 0.05, **kw}
    return OpenAIChat("test-model", base_url=server.url, **opts)


def test_normal_answer_and_request_shape(chat_server):
    chat_server.push_answer("hello there")
    llm = client(chat_server, params={"seed": 3})
    assert llm.complete(MSGS, temperature=0.5, max_tokens=7) == "hello there"
    (req,) = chat_server.requests
    assert req.path == "/v1/chat/completions"
    assert req.headers["authorization"] == f"Bearer {KEY}"
    assert req.body == {"model": "test-model", "messages": MSGS, "temperature": 0.5,
                        "max_tokens": 7, "seed": 3}


def test_429_then_200_retries_once(chat_server):
    chat_server.push_status(429, "slow down", retry_after=0)
    chat_server.push_answer("ok")
    llm = client(chat_server)
    assert llm.complete(MSGS) == "ok"
    assert len(chat_server.requests) == 2
    assert llm.http_requests == 2


def test_500_then_200(chat_server):
    chat_server.push_status(500, "boom")
    chat_server.push_answer("recovered")
    assert client(chat_server).complete(MSGS) == "recovered"
    assert len(chat_server.requests) == 2


def test_retries_exhausted_reports_last_status(chat_server):
    for _ in range(3):
        chat_server.push_status(503, "overloaded")
    with pytest.raises(LLMHTTPError, match=r"gave up after 3 attempt\(s\).*HTTP 503: overloaded") as ei:
        client(chat_server, max_retries=2).complete(MSGS)
    assert ei.value.status == 503
    assert len(chat_server.requests) == 3


def test_hanging_response_times_out_then_retries(chat_server):
    chat_server.push_hang(5.0)
    chat_server.push_answer("after the hang")
    llm = client(chat_server, timeout=0.3)
    assert llm.complete(MSGS) == "after the hang"
    assert len(chat_server.requests) == 2


def test_hanging_every_time_gives_a_bounded_error(chat_server):
    chat_server.push_hang(5.0)
    chat_server.push_hang(5.0)
    with pytest.raises(LLMConnectionError, match=r"gave up after 2 attempt\(s\).*0.2 s timeout"):
        client(chat_server, timeout=0.2, max_retries=1).complete(MSGS)


@pytest.mark.parametrize("body", ["{not json", json.dumps({"choices": []}),
                                  json.dumps({"choices": [{"message": {"content": None}}]})])
def test_malformed_answers(chat_server, body):
    chat_server.push_raw(body)
    with pytest.raises(LLMResponseError):
        client(chat_server).complete(MSGS)
    assert len(chat_server.requests) == 1


def test_401_is_immediate_and_clear(chat_server):
    chat_server.push_status(401, f"Incorrect API key provided: {KEY}")
    with pytest.raises(LLMHTTPError, match="HTTP 401: Incorrect API key provided") as ei:
        client(chat_server).complete(MSGS)
    assert ei.value.status == 401
    assert len(chat_server.requests) == 1  # no retry
    assert KEY not in str(ei.value)  # even when the server echoes the key back


def test_connection_refused_is_retried_then_reported():
    with ChatServer() as server:
        url = server.url
    llm = OpenAIChat("m", base_url=url, max_retries=1, backoff_base=0.01, timeout=1)
    with pytest.raises(LLMConnectionError, match="connection error"):
        llm.complete(MSGS)
    assert llm.http_requests == 2


def test_cache_hit_makes_no_request_and_key_never_written(chat_server, tmp_path):
    chat_server.push_answer("cached answer")
    llm = client(chat_server, cache_dir=tmp_path / "cache")
    assert llm.complete(MSGS) == "cached answer"
    again = client(chat_server, cache_dir=tmp_path / "cache")
    assert again.complete(MSGS) == "cached answer"
    assert len(chat_server.requests) == 1 and again.http_requests == 0
    # different parameters are a different entry
    assert again.complete(MSGS, max_tokens=9) == "echo: hi"
    assert len(chat_server.requests) == 2
    files = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert len(files) == 2
    for p in files:
        assert KEY not in p.read_text()
        assert json.loads(p.read_text())["answer"] in ("cached answer", "echo: hi")
    assert KEY not in repr(llm)


def test_offline_answers_from_cache_only(chat_server, tmp_path):
    client(chat_server, cache_dir=tmp_path).complete(MSGS)
    off = client(chat_server, cache_dir=tmp_path, offline=True)
    assert off.complete(MSGS) == "echo: hi"
    with pytest.raises(LLMCacheMiss, match="offline"):
        off.complete([{"role": "user", "content": "new"}])
    assert len(chat_server.requests) == 1


def test_key_and_base_url_from_environment(chat_server, monkeypatch):
    monkeypatch.setenv("ALIGNLAB_LLM_BASE_URL", chat_server.url)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/nowhere")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-openai-env")
    monkeypatch.delenv("ALIGNLAB_LLM_API_KEY", raising=False)
    llm = OpenAIChat("m")
    assert llm.complete(MSGS) == "echo: hi"
    assert chat_server.requests[0].headers["authorization"] == "Bearer sk-from-openai-env"
    monkeypatch.setenv("ALIGNLAB_LLM_API_KEY", "sk-alignlab")
    OpenAIChat("m").complete(MSGS)
    assert chat_server.requests[1].headers["authorization"] == "Bearer sk-alignlab"


def test_no_key_sends_no_authorization(chat_server, monkeypatch):
    for name in ("ALIGNLAB_LLM_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    llm = OpenAIChat("local", base_url=chat_server.url)
    assert not llm.has_api_key
    llm.complete(MSGS)
    assert "authorization" not in chat_server.requests[0].headers


def test_client_pickles_for_workers(chat_server):
    llm = client(chat_server)
    llm.complete(MSGS)
    copy = pickle.loads(pickle.dumps(llm))
    assert copy.complete(MSGS) == "echo: hi"
    assert KEY not in repr(copy)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"model": ""}, "model must be"),
    ({"model": "m", "base_url": "ftp://x"}, "base_url must start"),
    ({"model": "m", "timeout": 0}, "timeout must be"),
    ({"model": "m", "max_retries": -1}, "max_retries"),
    ({"model": "m", "offline": True}, "needs a cache_dir"),
    ({"model": "m", "extra_headers": {"Authorization": "x"}}, "api_key"),
    ({"model": "m", "params": {"temperature": 1}}, "params may not set temperature"),
])
def test_bad_options(kwargs, match):
    with pytest.raises(LLMError, match=match):
        OpenAIChat(**kwargs)


@pytest.mark.parametrize(("messages", "match"), [
    ([], "non-empty list"),
    ("hi", "non-empty list"),
    ([{"role": "robot", "content": "x"}], r"messages\[0\]\['role'\]"),
    ([{"role": "user", "content": 3}], r"messages\[0\]\['content'\] must be a string"),
])
def test_bad_messages(chat_server, messages, match):
    with pytest.raises(LLMError, match=match):
        client(chat_server).complete(messages)
    assert chat_server.requests == []


def test_bad_parameters(chat_server):
    with pytest.raises(LLMError, match="temperature must be"):
        client(chat_server).complete(MSGS, temperature=3)
    with pytest.raises(LLMError, match="max_tokens must be"):
        client(chat_server).complete(MSGS, max_tokens=0)


def test_backoff_is_deterministic_and_honours_retry_after():
    a, b = OpenAIChat("m", seed=1, backoff_base=1, backoff_max=8), OpenAIChat("m", seed=1,
                                                                             backoff_base=1,
                                                                             backoff_max=8)
    delays = [a._delay(k, None) for k in range(5)]
    assert delays == [b._delay(k, None) for k in range(5)]
    assert all(0.5 * min(8, 2**k) <= d < min(8, 2**k) for k, d in enumerate(delays))
    assert a._delay(0, "3") == 3.0
    assert a._delay(0, "100") == 8.0  # capped at backoff_max
    assert a._delay(0, "Thu, 01 Jan 1970 00:00:00 GMT") == 0.0  # a date in the past
    assert 0.5 <= a._delay(1, "soon") < 2  # unreadable: the usual backoff


def test_http_error_pickles():
    err = pickle.loads(pickle.dumps(LLMHTTPError("HTTP 404: nope", 404)))
    assert (str(err), err.status) == ("HTTP 404: nope", 404)


def test_missing_httpx_gives_the_extra_hint(monkeypatch):
    """Without the [llm] extra the first request stops with the one-line hint, not a bare import error."""
    import sys

    monkeypatch.setitem(sys.modules, "httpx", None)  # `import httpx` now raises ImportError
    llm = OpenAIChat("m", base_url="http://127.0.0.1:9/v1", max_retries=0)
    with pytest.raises(LLMError, match=r"\[llm\] extra"):
        llm.complete(MSGS)
