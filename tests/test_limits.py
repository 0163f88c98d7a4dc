"""The stated limits: checked before allocating, the message names the limit and how to raise it."""

from __future__ import annotations

import pytest

from alignlab import limits
from alignlab.errors import AlignlabError


def test_check_count_accepts_and_refuses():
    assert limits.check_count(5, "n", limits.SAMPLES) == 5
    assert limits.check_count(5.0, "n", limits.SAMPLES) == 5
    for bad, msg in ((0, "at least 1"), (-5, "at least 1"), (True, "whole number"),
                     (2.5, "whole number"), ("7", "whole number"), (float("nan"), "whole number"),
                     (10**30, "ALIGNLAB_MAX_SAMPLES")):
        with pytest.raises(AlignlabError, match=msg):
            limits.check_count(bad, "--samples", limits.SAMPLES)


def test_limit_from_the_environment(monkeypatch):
    monkeypatch.setenv("ALIGNLAB_MAX_SAMPLES", "1e3")
    assert limits.SAMPLES.value == 1000
    with pytest.raises(AlignlabError, match="the limit is 1,000 Monte Carlo draws; set "
                                           "ALIGNLAB_MAX_SAMPLES to raise it"):
        limits.check_count(1001, "--samples", limits.SAMPLES)
    monkeypatch.setenv("ALIGNLAB_MAX_SAMPLES", "-1")
    with pytest.raises(AlignlabError, match="must be a positive number"):
        limits.SAMPLES.value  # noqa: B018


def test_every_limit_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "inputs-and-outputs.md").read_text()
    names = [v.name for v in vars(limits).values() if isinstance(v, limits.Limit)]
    assert len(names) >= 12
    for name in names:
        assert f"`{name}`" in doc, name
