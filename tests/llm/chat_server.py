"""A real Chat Completions server on 127.0.0.1 for tests (stdlib ``http.server`` in a thread).

Use it as a context manager; queue canned replies, point a client at ``server.url``, then look at
``server.requests``::

    from tests.llm.chat_server import ChatServer   # pytest puts the repo root on sys.path

    with ChatServer() as server:
        server.push_status(429, retry_after=0)    # first request: rate limited
        server.push_answer("hello")               # second request: a normal answer
        llm = OpenAIChat("test-model", base_url=server.url, api_key="sk-test")
        assert llm.complete([{"role": "user", "content": "hi"}]) == "hello"
        assert len(server.requests) == 2

With the queue empty, the server answers ``default(request)`` — by default ``"echo: <last user
message>"``. Every request is recorded (method, path, headers, parsed JSON body), whatever the reply.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Reply:
    """A canned reply: ``status``, raw ``body`` bytes, extra ``headers``, and a ``delay`` before
    anything is sent (longer than the client's timeout = a hanging server)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class Request:
    """One request as the server saw it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any  # parsed JSON, or the raw text if it was not JSON


def completion_body(content: str, model: str = "test-model") -> bytes:
    """A minimal, valid Chat Completions response body."""
    return json.dumps({
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }).encode()


def echo(request: Request) -> Reply:
    """The default reply: ``echo: <last user message>``."""
    msgs = request.body.get("messages", []) if isinstance(request.body, dict) else []
    user = next((m.get("content") for m in reversed(msgs) if m.get("role") == "user"), "")
    return Reply(200, completion_body(f"echo: {user}"), {"Content-Type": "application/json"})


class ChatServer:
    """Speaks ``POST /v1/chat/completions`` (any path ending in ``/chat/completions``)."""

    def __init__(self, default: Callable[[Request], Reply] = echo) -> None:
        self.default = default
        self.requests: list[Request] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- queueing -------------------------------------------------------------------------------
    def push(self, reply: Reply) -> None:
        with self._lock:
            self._queue.append(reply)

    def push_answer(self, content: str, *, delay: float = 0.0) -> None:
        self.push(Reply(200, completion_body(content), {"Content-Type": "application/json"}, delay))

    def push_status(self, status: int, message: str = "", *, retry_after: float | str | None = None
                    ) -> None:
        body = json.dumps({"error": {"message": message or f"status {status}",
                                     "type": "test_error"}}).encode()
        headers = {"Content-Type": "application/json"}
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        self.push(Reply(status, body, headers))

    def push_raw(self, body: bytes | str, status: int = 200,
                 content_type: str = "application/json") -> None:
        data = body.encode() if isinstance(body, str) else body
        self.push(Reply(status, data, {"Content-Type": content_type}))

    def push_hang(self, seconds: float) -> None:
        """Accept the request, then say nothing for ``seconds`` (then a normal answer)."""
        self.push(Reply(200, completion_body("late"), {"Content-Type": "application/json"},
                        seconds))

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    # -- lifecycle ------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._httpd is not None, "start the server first"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> ChatServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8", "replace")
                try:
                    body = json.loads(raw)
                except json.JSONDecodeError:
                    body = raw
                req = Request("POST", self.path, {k.lower(): v for k, v in self.headers.items()},
                              body)
                with server._lock:
                    server.requests.append(req)
                    reply = server._queue.popleft() if server._queue else None
                if not urlsplit(self.path).path.rstrip("/").endswith("/chat/completions"):
                    reply = Reply(404, b'{"error": {"message": "no such route"}}',
                                  {"Content-Type": "application/json"})
                elif reply is None:
                    reply = server.default(req)
                if reply.delay and server._stop.wait(reply.delay):
                    return  # shutting down
                try:
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout) before we answered

            do_GET = do_POST

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="chat-server",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> ChatServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds pass (for asynchronous checks)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()
