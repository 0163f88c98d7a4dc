"""Token lists: validation and the file format of ``alignlab watermark detect --tokens-file``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from alignlab.watermark.errors import WatermarkError


def check_tokens(
    tokens: Sequence[int] | np.ndarray, vocab_size: int | None = None, where: str = "tokens"
) -> np.ndarray:
    """A non-empty 1-D int64 array of ids in [0, vocab_size)."""
    if isinstance(tokens, str | bytes):
        raise WatermarkError(f"{where}: expected a list of integer token ids, got a string")
    arr = np.asarray(tokens)
    if arr.ndim != 1:
        raise WatermarkError(f"{where}: expected a flat list of token ids, got shape {arr.shape}")
    if arr.size == 0:
        raise WatermarkError(f"{where}: the token list is empty")
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        items = arr.tolist()
        bad = next((x for x in items if isinstance(x, bool) or not isinstance(x, int)), None)
        if bad is None:  # Python ints too large for int64
            raise WatermarkError(f"{where}: token id {max(items)} is outside the vocabulary (too large)")
        raise WatermarkError(f"{where}: token ids must be integers, got {bad!r}")
    arr = arr.astype(np.int64)
    low = int(arr.min())
    if low < 0:
        raise WatermarkError(f"{where}: token id {low} at position {int(arr.argmin())} is negative")
    if vocab_size is not None:
        high = int(arr.max())
        if high >= vocab_size:
            raise WatermarkError(
                f"{where}: token id {high} at position {int(arr.argmax())} is outside the "
                f"vocabulary (allowed 0..{vocab_size - 1})"
            )
    return arr


def parse_tokens(text: str, where: str = "tokens") -> np.ndarray:
    """Ids from a JSON list, a JSON object with a ``tokens`` list (what ``watermark generate
    --json`` prints), or whitespace/comma-separated integers."""
    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise WatermarkError(f"{where}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
        if isinstance(data, dict):
            if "tokens" not in data:
                raise WatermarkError(f"{where}: a JSON object needs a 'tokens' list")
            data = data["tokens"]
        if not isinstance(data, list) or any(isinstance(x, bool) or not isinstance(x, int) for x in data):
            raise WatermarkError(f"{where}: the JSON list must hold integers only")
        return check_tokens(np.asarray(data, dtype=np.int64), where=where) if data else check_tokens([], where=where)
    parts = stripped.replace(",", " ").split()
    ids = []
    for i, part in enumerate(parts):
        try:
            ids.append(int(part))
        except ValueError:
            raise WatermarkError(f"{where}: item {i + 1} ({part!r:.30}) is not an integer token id") from None
    return check_tokens(np.asarray(ids, dtype=np.int64), where=where)


def read_tokens(path: Path) -> np.ndarray:
    """Token ids from a file (whitespace-separated integers or a JSON list)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise WatermarkError(f"cannot read tokens file {path}: {exc.strerror}") from exc
    return parse_tokens(text, where=str(path))
