"""The tokens-file format: whitespace/comma-separated ids or a JSON list, same result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignlab.watermark.errors import WatermarkError
from alignlab.watermark.tokens import parse_tokens, read_tokens

IDS = st.lists(st.integers(0, 2**40), min_size=1, max_size=50)


@given(ids=IDS)
def test_formats_agree(ids: list[int]) -> None:
    as_json = parse_tokens(json.dumps(ids))
    as_text = parse_tokens("\n".join(" ".join(map(str, ids[i : i + 7])) for i in range(0, len(ids), 7)))
    assert as_json.tolist() == as_text.tolist() == ids
    assert parse_tokens(", ".join(map(str, ids))).tolist() == ids
    # the object `watermark generate --json` prints is accepted as is
    assert parse_tokens(json.dumps({"tokens": ids, "text": "…"})).tolist() == ids


@pytest.mark.parametrize(
    ("text", "match"),
    [("[1, 2", "not JSON"), ('[1, "2"]', "integers only"), ("[true]", "integers only"),
     ("{}", "needs a 'tokens' list"), ('{"tokens": ["a"]}', "integers only"), ("x 1", "not an integer"),
     ("   ", "empty")],
)
def test_bad_files(text: str, match: str) -> None:
    with pytest.raises(WatermarkError, match=match):
        parse_tokens(text)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WatermarkError, match="no such file"):
        read_tokens(tmp_path / "nope.txt")
