"""FPR at α = 0.05, 0.01, 1e-3 over 4000 unmarked texts stays inside its binomial interval."""

from __future__ import annotations

import pytest

from alignlab.watermark.evaluate import binomial_interval, calibration


@pytest.mark.parametrize("kind", ["sampled", "repetitive"])
def test_fpr_within_binomial_interval(kind: str) -> None:
    cal = calibration(kind=kind, n_texts=4000, length=64, seed=11)
    assert cal.alphas == (0.05, 0.01, 1e-3)
    assert all(cal.within), (cal.fpr, cal.interval)
    assert cal.mean_scored > 10


def test_counting_repeated_pairs_breaks_calibration() -> None:
    cal = calibration(kind="repetitive", n_texts=4000, length=64, skip_repeated=False, seed=11)
    assert all(f > hi for f, (_, hi) in zip(cal.fpr, cal.interval, strict=True)), cal.fpr


def test_binomial_interval_contains_alpha() -> None:
    lo, hi = binomial_interval(4000, 0.01)
    assert lo < 0.01 < hi
    assert binomial_interval(4000, 1e-3)[0] == 0.0
