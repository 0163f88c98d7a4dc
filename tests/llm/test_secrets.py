"""Secrets never leave the request: one test per path a key or a credential could leak through.

- the server echoes the key in an error longer than the cut (the key straddles the cut);
- credentials in ``--base-url`` (``user:pass@`` and ``?api-key=``): the request still reaches the
  right path with its query string, and nothing written (error messages, ``repr``, the cache, the
  mindgrid results and HTML report) holds them;
- two endpoints serving a model of the same name never share cached answers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.llm.chat_server import ChatServer, Reply

from alignlab.llm import LLMHTTPError, OpenAIChat
from alignlab.llm.secrets import MIN_PIECE, Endpoint, mask, public_url

KEY = "sk-live-0123456789abcdefghijklmnopqrstuvwxyzABCDEF"
PASSWORD = "hZ7q-Pw9xK-r4Tm2vQ"
QUERY_KEY = "AKIAQUERYSECRET998877"
MSGS = [{"role": "user", "content": "hi"}]


def _pieces(secret: str) -> list[str]:
    return [secret[i:i + MIN_PIECE] for i in range(len(secret) - MIN_PIECE + 1)]


def _leaks(text: str, *secrets: str) -> list[str]:
    return [p for s in secrets for p in _pieces(s) if p in text]


def test_key_split_across_the_cut_is_masked(chat_server):
    """The server's message is cut to 300 characters; the key sits across character 300."""
    padding = "x" * (300 - len(KEY) // 2)
    body = json.dumps({"error": {"message": f"{padding}{KEY} is not a valid key"}}).encode()
    chat_server.push(Reply(401, body, {"Content-Type": "application/json"}))
    llm = OpenAIChat("m", base_url=chat_server.url, api_key=KEY, max_retries=0)
    with pytest.raises(LLMHTTPError) as info:
        llm.complete(MSGS)
    message = str(info.value)
    assert "HTTP 401" in message and "***" in message
    assert not _leaks(message, KEY), message
    # the same for a plain-text body and for a retried status (the "last:" message)
    chat_server.push(Reply(503, (padding + KEY).encode(), {"Content-Type": "text/plain"}))
    with pytest.raises(LLMHTTPError) as info:
        llm.complete(MSGS)
    assert not _leaks(str(info.value), KEY)


def test_a_piece_of_the_key_echoed_back_is_masked_too():
    assert mask(f"your key {KEY[:12]}… is wrong", [KEY]) == "your key ***… is wrong"
    assert mask("nothing secret here", [KEY]) == "nothing secret here"


def _secret_url(server: ChatServer) -> str:
    host = server.url.split("//", 1)[1]
    return f"http://alice:{PASSWORD}@{host}?api-key={QUERY_KEY}&api-version=2024-06"


def test_credentials_in_the_base_url_are_sent_never_written(chat_server, tmp_path):
    url = _secret_url(chat_server)
    chat_server.push_answer("fine")
    llm = OpenAIChat("m", base_url=url, api_key=KEY, cache_dir=tmp_path / "cache")
    assert llm.complete(MSGS) == "fine"
    req = chat_server.requests[0]
    # built with a URL library: the path is extended, the query string kept as a query string
    assert req.path == f"/v1/chat/completions?api-key={QUERY_KEY}&api-version=2024-06"
    assert req.headers["authorization"] == f"Bearer {KEY}"  # the key wins over user:pass@
    shown = repr(llm) + llm.base_url
    assert not _leaks(shown, PASSWORD, QUERY_KEY, KEY)
    assert "api-version=2024-06" in llm.base_url and "api-key=***" in llm.base_url
    for p in (tmp_path / "cache").rglob("*.json"):
        assert not _leaks(p.read_text(), PASSWORD, QUERY_KEY, KEY)
    # without a key, the URL's user:pass@ is sent as basic auth
    chat_server.push_answer("basic")
    assert OpenAIChat("m", base_url=url, api_key="").complete(MSGS) == "basic"
    assert chat_server.requests[-1].headers["authorization"].startswith("Basic ")
    # an error that quotes the request URL back
    chat_server.push_status(400, f"bad request to {url}")
    with pytest.raises(LLMHTTPError) as info:
        llm.complete([{"role": "user", "content": "other"}])
    assert not _leaks(str(info.value), PASSWORD, QUERY_KEY, KEY), str(info.value)


def test_credentials_never_reach_mindgrid_results_or_report(chat_server, tmp_path, monkeypatch):
    from tests.fuzz.harness import run_inprocess

    from alignlab.mindgrid.teaching.instances import generate_instances, write_instances

    monkeypatch.setenv("ALIGNLAB_LLM_API_KEY", KEY)
    games = write_instances(generate_instances("eval", 2, 3), tmp_path / "games.jsonl")
    url = _secret_url(chat_server)
    r = run_inprocess(["mindgrid", "evaluate", str(games), "--teacher", "llm", "--model", "m",
                       "--base-url", url, "--executor", "serial", "-o",
                       str(tmp_path / "res.jsonl"), "--json"],
                      env={"ALIGNLAB_LLM_API_KEY": KEY})
    assert r.code == 0, r
    r2 = run_inprocess(["mindgrid", "report", str(tmp_path / "res.jsonl"), "-o",
                        str(tmp_path / "report.html"), "--max-instances", "1"])
    assert r2.code == 0, r2
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "games.jsonl"]
    assert any(p.suffix == ".html" for p in written) and any("llm-cache" in str(p) for p in written)
    for p in written:
        text = p.read_bytes().decode("utf-8", "replace")
        assert not _leaks(text, PASSWORD, QUERY_KEY, KEY), p
    assert not _leaks(r.stdout + r.stderr, PASSWORD, QUERY_KEY, KEY)
    assert "127.0.0.1" in (tmp_path / "res.jsonl").read_text()  # the endpoint itself is recorded


def test_two_endpoints_with_the_same_model_do_not_share_answers(tmp_path):
    with ChatServer() as a, ChatServer() as b:
        a.push_answer("from A")
        b.push_answer("from B")
        cache = tmp_path / "cache"
        assert OpenAIChat("same-model", base_url=a.url, cache_dir=cache).complete(MSGS) == "from A"
        assert OpenAIChat("same-model", base_url=b.url, cache_dir=cache).complete(MSGS) == "from B"
        assert len(a.requests) == 1 and len(b.requests) == 1
        # and each is answered from its own entry afterwards
        assert OpenAIChat("same-model", base_url=a.url, cache_dir=cache,
                          offline=True).complete(MSGS) == "from A"
        assert OpenAIChat("same-model", base_url=b.url, cache_dir=cache,
                          offline=True).complete(MSGS) == "from B"


@pytest.mark.parametrize(("url", "public"), [
    ("https://u:p4ssword@h.example/v1", "https://h.example/v1"),
    ("https://h.example/v1/?key=abc123&x=1", "https://h.example/v1?key=***&x=1"),
    ("https://h.example:8443/openai?api-version=1&token=t0k3n", "https://h.example:8443/openai?api-version=1&token=***"),
    ("http://[::1]:8000/v1", "http://[::1]:8000/v1"),
])
def test_public_url(url, public):
    assert public_url(url) == public
    assert Endpoint.parse(url).join("chat/completions").split("?")[0].endswith("/chat/completions")


def test_bad_base_urls_are_one_line_without_the_secret():
    from alignlab.llm import LLMError

    for url in ("ftp://u:secretpw@h/v1", "https://u:secretpw@h:99999/v1", "https:///v1"):
        with pytest.raises(LLMError) as info:
            OpenAIChat("m", base_url=url)
        assert "secretpw" not in str(info.value)
    assert Path(__file__).is_file()
