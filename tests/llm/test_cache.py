"""ResponseCache: an entry written is read back; anything else at its path is a miss, not a crash."""

from __future__ import annotations

from alignlab.llm.cache import ResponseCache, request_key

KEY = request_key("m", [{"role": "user", "content": "hi"}], 0.0, 16)


def test_put_then_get(tmp_path):
    cache = ResponseCache(tmp_path)
    assert cache.get(KEY) is None  # missing
    cache.put(KEY, "hello", {"model": "m"})
    assert cache.get(KEY) == "hello"
    assert len(cache) == 1


def test_unreadable_entries_are_misses(tmp_path):
    cache = ResponseCache(tmp_path)
    path = cache.path(KEY)
    path.parent.mkdir(parents=True)
    for text in ("not json", '{"key": "other", "answer": "x"}', f'{{"answer": 3, "key": "{KEY}"}}',
                 "[1, 2]", "\xff"):
        path.write_text(text, encoding="latin-1")
        assert cache.get(KEY) is None, text
    path.unlink()
    path.mkdir()  # a folder where the entry should be
    assert cache.get(KEY) is None
