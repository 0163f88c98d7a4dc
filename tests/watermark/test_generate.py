"""Framework-free generation: determinism, repeated-context fallback, validation."""

from __future__ import annotations

import numpy as np
import pytest

from alignlab.watermark import WatermarkError, generate, generate_batch, generate_plain
from alignlab.watermark.synthetic import SyntheticLM


def test_deterministic_and_key_dependent() -> None:
    lm = SyntheticLM.make(64, 2.0, seed=0)
    a = generate(lm, "k1", 50, prompt=[1, 2], seed=0)
    assert a == generate(lm, "k1", 50, prompt=[1, 2], seed=0)
    assert a.tokens != generate(lm, "k2", 50, prompt=[1, 2], seed=0).tokens
    assert len(a.tokens) == 50


def test_batch_equals_single_text_generation() -> None:
    lm = SyntheticLM.make(64, 1.5, seed=4)
    prompts = np.array([[1, 2, 3], [4, 5, 6]])
    batch = generate_batch(lm, ["a", "b"], prompts, 30, seed=0)
    for row, key, prompt in zip(batch, ["a", "b"], prompts, strict=True):
        single = generate(lm, key, 30, prompt=prompt, seed=0, skip_repeated=False)
        # identical while no context has repeated (the fallback draws differ between the two paths)
        assert row[:5].tolist() == list(single.tokens[:5])


def test_repeated_contexts_fall_back_to_plain_sampling() -> None:
    # A model that always says the same thing: contexts repeat, so after the first few steps the
    # watermark would copy its earlier choice; the fallback samples plainly instead.
    p = np.array([0.5, 0.5])
    g = generate(lambda ids: p, "k", 200, k=1, seed=0)
    assert g.n_plain == 200 - 3  # contexts (-1), (0), (1) are new once each
    frozen = generate(lambda ids: p, "k", 200, k=1, seed=0, skip_repeated=False)
    assert frozen.n_plain == 0
    t = frozen.tokens  # without fallback x_{t+1} = f(x_t): a deterministic cycle of period <= 2
    assert t[4:] == t[2:-2]


def test_plain_sampling_matches_p() -> None:
    p = np.array([0.1, 0.2, 0.7])
    toks = generate_plain(lambda ids: p, 3000, seed=1).tokens
    freq = np.bincount(toks, minlength=3) / 3000
    assert freq == pytest.approx(p, abs=0.04)


@pytest.mark.parametrize(
    ("probs", "match"),
    [(np.array([0.5, 0.6]), "sum to 1"), (np.array([1.5, -0.5]), ">= 0"), (np.array([np.nan, 1.0]), "finite")],
)
def test_bad_distributions(probs: np.ndarray, match: str) -> None:
    with pytest.raises(WatermarkError, match=match):
        generate(lambda ids: probs, "k", 2)


def test_bad_arguments() -> None:
    f = lambda ids: np.full(4, 0.25)  # noqa: E731
    with pytest.raises(WatermarkError, match="number of tokens"):
        generate(f, "k", 0)
    with pytest.raises(WatermarkError, match="k must be"):
        generate(f, "k", 3, k=0)
    with pytest.raises(WatermarkError, match="prompt"):
        generate(f, "k", 3, prompt=[-1])
    with pytest.raises(WatermarkError, match="keys for"):
        generate_batch(lambda ids: np.full((2, 4), 0.25), ["a"], np.zeros((2, 1), int), 2)
