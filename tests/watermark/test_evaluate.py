"""Evaluation pieces: power grows with length and entropy, robustness, attacks, overhead, JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from alignlab.watermark.evaluate import ATTACKS, attack, overhead, power, robustness
from alignlab.watermark.synthetic import (
    SyntheticLM,
    distributions_with_entropy,
    entropy,
    repetitive_texts,
)


def test_synthetic_distributions_have_the_requested_entropy() -> None:
    p = distributions_with_entropy(20, 50, 1.3, np.random.default_rng(0))
    assert entropy(p) == pytest.approx(np.full(20, 1.3), abs=1e-8)
    assert SyntheticLM.make(32, 0.5, seed=1)(np.zeros((3, 2), np.int64)).shape == (3, 32)


def test_power_grows_with_length_and_entropy() -> None:
    pw = power(lengths=(8, 64), entropies=(0.5, 2.0), n_texts=60, seed=1)
    rate = np.asarray(pw.rate)
    assert rate[1, 1] >= 0.95  # 64 tokens at 2 nats/token
    assert rate[1, 0] < rate[1, 1] and rate[0, 1] < rate[1, 1]


def test_attacks() -> None:
    gen = np.random.default_rng(0)
    text = np.arange(1000) % 50
    assert np.array_equal(attack(text[None], "substitute", 0.0, 50, gen)[0], text)
    assert attack(text[None], "delete", 0.3, 50, gen)[0].size == pytest.approx(700, abs=60)
    ins = attack(text[None], "insert", 0.3, 50, gen)[0]
    assert ins.size == pytest.approx(1300, abs=60)
    with pytest.raises(ValueError, match="unknown attack"):
        attack(text[None], "shuffle", 0.1, 50, gen)


def test_robustness_small_k_is_more_robust() -> None:
    rob = robustness(ks=(1, 8), rates=(0.0, 0.3), n_texts=40, length=96, seed=2)
    for kind in ATTACKS:
        assert rob.detection[kind][1][0] > 0.9 and rob.detection[kind][8][0] > 0.9
        assert rob.detection[kind][1][1] > rob.detection[kind][8][1]


def test_repetitive_texts_shape() -> None:
    t = repetitive_texts(5, 40, 30, np.random.default_rng(0))
    assert t.shape == (5, 40) and t.max() < 30


def test_overhead_runs() -> None:
    o = overhead(vocab_size=1000, n_tokens=20)
    assert o.plain_us > 0 and o.marked_us > 0
    json.dumps({"ratio": o.ratio})
