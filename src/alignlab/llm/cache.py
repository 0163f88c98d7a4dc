"""On-disk response cache: one JSON file per request, named by the SHA-256 of the request.

The key covers the endpoint (its public URL), the model, the messages, ``temperature``,
``max_tokens`` and any extra body parameters, never the endpoint's credentials. Entries are written atomically (a temporary file in
the same folder, then ``os.replace``), so concurrent runs sharing a cache never see half an entry.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from alignlab.llm.base import canonical
from alignlab.llm.errors import LLMError


def request_key(model: str, messages: list[dict[str, Any]], temperature: float, max_tokens: int,
                params: dict[str, Any] | None = None, *, endpoint: str = "") -> str:
    """SHA-256 (hex) of the canonical request: same request, same key, on every machine.

    ``endpoint`` is the server's public URL (no credentials): two servers that happen to serve a
    model of the same name never share answers.
    """
    body = {"model": model, "messages": messages, "temperature": float(temperature),
            "max_tokens": int(max_tokens), "params": params or {}, "endpoint": endpoint}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


class ResponseCache:
    """A folder of cached answers: ``<dir>/<key[:2]>/<key>.json``."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> str | None:
        """The cached answer, or ``None`` (a missing or unreadable entry is a miss).

        Read through :func:`alignlab.config.load_json`, the shared reader (size, depth limits)."""
        from alignlab.config import load_json

        try:
            entry = load_json(self.path(key), error=LLMError)
        except LLMError:
            return None
        answer = entry.get("answer") if isinstance(entry, dict) else None
        return answer if isinstance(answer, str) and entry.get("key") == key else None

    def put(self, key: str, answer: str, request: dict[str, Any]) -> None:
        """Store ``answer`` (with the request, for inspection) atomically."""
        from alignlab.outputs import write_text  # the one writer: atomic, no temp file left

        text = json.dumps({"key": key, "answer": answer, "request": request},
                          sort_keys=True, ensure_ascii=False, indent=1)
        write_text(self.path(key), text, "json", error=LLMError)

    def __len__(self) -> int:
        return sum(1 for _ in self.directory.glob("??/*.json")) if self.directory.is_dir() else 0
