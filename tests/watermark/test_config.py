"""Evaluation settings from YAML: the shipped examples load, typos and bad values are clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignlab.watermark.config import EvalConfig, load_eval_config
from alignlab.watermark.errors import WatermarkError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "watermark"


def test_examples_load() -> None:
    assert load_eval_config(EXAMPLES / "evaluate.yaml") == EvalConfig()
    quick = load_eval_config(EXAMPLES / "evaluate-quick.yaml")
    assert quick.calibration_texts == 1000 and quick.power_lengths == (16, 64)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("colibration_texts: 10\n", "unknown field 'colibration_texts'"),
        ("k: 0\n", "'k' must be an integer >= 1"),
        ("alphas: [0.05, 1.5]\n", "'alphas' must be in"),
        ("power_lengths: []\n", "non-empty list"),
        ("robustness_entropy: yes\n", "must be a number"),
        ("- 1\n", "expected a mapping"),
    ],
)
def test_bad_configs(tmp_path: Path, text: str, match: str) -> None:
    f = tmp_path / "c.yaml"
    f.write_text(text)
    with pytest.raises(WatermarkError, match=match):
        load_eval_config(f)
