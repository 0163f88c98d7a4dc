"""Token lists: validation and the file format of ``alignlab watermark detect --tokens-file``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from alignlab.watermark.errors import WatermarkError

_INT64 = 2**63


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
    from alignlab.config import parse_json

    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        data = parse_json(stripped, where, error=WatermarkError)
        if isinstance(data, dict):
            if "tokens" not in data:
                raise WatermarkError(f"{where}: a JSON object needs a 'tokens' list")
            data = data["tokens"]
        if not isinstance(data, list) or any(isinstance(x, bool) or not isinstance(x, int) for x in data):
            raise WatermarkError(f"{where}: the JSON list must hold integers only")
        ids = data
    else:
        ids = []
        for i, part in enumerate(stripped.replace(",", " ").split()):
            try:
                ids.append(int(part))
            except ValueError:
                raise WatermarkError(
                    f"{where}: item {i + 1} ({part!r:.30}) is not an integer token id") from None
    big = next((i for i, x in enumerate(ids) if not -_INT64 <= x < _INT64), None)
    if big is not None:  # before NumPy: an id past int64 would overflow the conversion
        raise WatermarkError(f"{where}: token id at position {big} ({str(ids[big])[:30]}…) is "
                             "outside the vocabulary (too large)")
    return check_tokens(np.asarray(ids, dtype=np.int64), where=where)


def read_tokens(path: Path) -> np.ndarray:
    """Token ids from a file (whitespace-separated integers or a JSON list)."""
    from alignlab.config import read_text

    return parse_tokens(read_text(path, error=WatermarkError), where=str(path))
