"""JSON Lines result records, appended atomically (one whole line per write)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path


def append_jsonl(path: str | Path, records: Iterable[dict]) -> None:
    """Append each record as one line with a single ``write`` on an O_APPEND descriptor."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(json.dumps(r, sort_keys=True) + "\n" for r in records).encode()
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
