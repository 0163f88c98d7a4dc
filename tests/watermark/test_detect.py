"""Detection: marked vs unmarked, scored positions, the trace, windows, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from alignlab.watermark import (
    NotEnoughTokens,
    WatermarkError,
    detect,
    detect_many,
    detect_windows,
    generate,
)
from alignlab.watermark.detect import scored_positions
from alignlab.watermark.synthetic import SyntheticLM


@pytest.fixture(scope="module")
def lm() -> SyntheticLM:
    return SyntheticLM.make(vocab_size=128, entropy=2.0, seed=1)


def test_marked_text_detected_only_with_the_key(lm: SyntheticLM) -> None:
    toks = generate(lm, "alpha", 120, seed=1).tokens
    hit = detect(toks, "alpha")
    assert hit.detected and hit.log10_p < -10
    assert hit.n_scored == len(scored_positions(np.asarray(toks), 4))
    miss = detect(toks, "beta")
    assert not miss.detected and miss.log10_p > -3
    assert not detect(toks, "alpha", k=3).detected  # the context width is part of the key


def test_trace_sums_to_score_and_marks_unscored(lm: SyntheticLM) -> None:
    toks = list(generate(lm, "alpha", 40, seed=2).tokens)
    d = detect(toks + toks[:8], "alpha")  # the copied prefix repeats (context, token) pairs
    trace = np.asarray(d.trace)
    assert np.all(np.isnan(trace[:4]))
    assert np.nansum(trace) == pytest.approx(d.score)
    assert np.count_nonzero(~np.isnan(trace)) == d.n_scored == 36 + 4  # 4 new pairs at the seam


def test_repeated_pairs_are_skipped() -> None:
    text = [1, 2, 3, 4, 5] * 20
    pos = scored_positions(np.asarray(text), 4)
    assert pos.tolist() == [4, 5, 6, 7, 8]
    assert scored_positions(np.asarray(text), 4, skip_repeated=False).size == 96


def test_detect_many_equals_detect(lm: SyntheticLM) -> None:
    texts = [np.asarray(generate(lm, "alpha", n, seed=n).tokens) for n in (10, 30, 50)]
    s, n, lp = detect_many(texts, "alpha")
    for i, t in enumerate(texts):
        d = detect(t, "alpha")
        assert (s[i], n[i]) == pytest.approx((d.score, d.n_scored))
        assert lp[i] == pytest.approx(d.log10_p, rel=1e-9)


def test_windows_find_a_marked_middle(lm: SyntheticLM) -> None:
    gen = np.random.default_rng(0)
    marked = list(generate(lm, "alpha", 80, prompt=[9, 9, 9, 9], seed=3).tokens)
    text = [*gen.integers(0, 128, 300).tolist(), 9, 9, 9, 9, *marked, *gen.integers(0, 128, 300).tolist()]
    win = detect_windows(text, "alpha", window=64, stride=16)
    assert win.detected
    assert 300 - 64 <= win.best_start <= 300 + 84
    assert win.log10_p_corrected >= min(win.log10_p)
    assert not detect_windows(gen.integers(0, 128, 600).tolist(), "alpha", window=64).detected


def test_not_enough_tokens() -> None:
    with pytest.raises(NotEnoughTokens, match="not enough tokens"):
        detect([1, 2, 3, 4], "k")
    assert detect([1, 2, 3, 4, 5], "k").n_scored == 1
    with pytest.raises(NotEnoughTokens, match="not enough tokens"):
        detect([7], "k", k=1)


@pytest.mark.parametrize(
    ("tokens", "kwargs", "match"),
    [
        ([], {}, "empty"),
        ([1, 2, -3, 4, 5], {}, "negative"),
        ([1, 2, 3, 4, 500], {"vocab_size": 100}, "outside the vocabulary"),
        ([1.5, 2, 3, 4, 5], {}, "integers"),
        ("1 2 3", {}, "string"),
        ([[1, 2], [3, 4]], {}, "flat"),
        ([1, 2, 3, 4, 5], {"k": 0}, "k must be"),
        ([1, 2, 3, 4, 5], {"alpha": 1.5}, "alpha"),
    ],
)
def test_bad_input(tokens: object, kwargs: dict, match: str) -> None:
    with pytest.raises(WatermarkError, match=match):
        detect(tokens, "k", **kwargs)  # type: ignore[arg-type]


def test_key_of_wrong_type() -> None:
    with pytest.raises(WatermarkError, match="key must be a str or bytes"):
        detect([1, 2, 3, 4, 5], 1234)  # type: ignore[arg-type]
    with pytest.raises(WatermarkError, match="key must be a str or bytes"):
        generate(lambda ids: np.full(4, 0.25), None, 3)  # type: ignore[arg-type]
