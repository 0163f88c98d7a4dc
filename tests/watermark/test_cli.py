"""`alignlab watermark ...` as a user runs it (subprocesses)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_generate_then_detect_roundtrip(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gen = cli("watermark", "generate", "--model", "tiny-random", "--key", "s3cret", "--prompt", "1 2 3 4 5",
              "--tokens", "40", "--temperature", "0.9", "--top-k", "50", "--json")
    assert gen.returncode == 0, gen.stderr
    out = json.loads(gen.stdout)
    assert set(out) == {"tokens", "text"}
    assert len(out["tokens"]) == 40 and out["text"] == " ".join(map(str, out["tokens"]))
    f = tmp_path / "toks.json"
    f.write_text(json.dumps(out["tokens"]))
    det = cli("watermark", "detect", "--key", "s3cret", "--tokens-file", f, "--json")
    assert det.returncode == 0, det.stderr
    res = json.loads(det.stdout)
    assert set(res) == {"score", "n_scored", "log10_p", "detected"}
    assert res["detected"] and res["n_scored"] >= 20
    g = tmp_path / "toks.txt"
    g.write_text(" ".join(map(str, out["tokens"])) + "\n")
    other = cli("watermark", "detect", "--key", "wrong", "--tokens-file", g, "--json", "--window", "16")
    body = json.loads(other.stdout)
    assert not body["detected"] and "windows" in body


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("", (), "empty"),
        ("[]", (), "empty"),
        ("1 2 3", (), "not enough tokens"),
        ("1 2 3 4 5 300", ("--vocab-size", "256"), "outside the vocabulary"),
        ("1 2 x 4", (), "not an integer"),
        ("1 2 3 4 5 6", ("--k", "0"), "k must be an integer >= 1"),
    ],
)
def test_detect_bad_input(cli, tmp_path: Path, content: str, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "t.txt"
    f.write_text(content)
    res = cli("watermark", "detect", "--key", "k", "--tokens-file", f, *args)
    assert res.returncode == 2
    assert message in res.stderr and "Traceback" not in res.stderr


def test_generate_needs_ids_for_tiny_random(cli) -> None:  # type: ignore[no-untyped-def]
    res = cli("watermark", "generate", "--key", "k", "--prompt", "hello world")
    assert res.returncode == 2 and "token ids" in res.stderr


def test_evaluate_json_and_plots(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg = tmp_path / "small.yaml"
    cfg.write_text("calibration_texts: 600\npower_lengths: [16, 64]\npower_entropies: [1.0, 2.0]\n"
                   "power_texts: 40\ndistortion_keys: 2000\nrobustness_rates: [0.0, 0.3]\n"
                   "robustness_texts: 20\nrobustness_length: 64\noverhead_tokens: 20\n")
    res = cli("watermark", "evaluate", "--config", cfg, "--json", "-o", tmp_path)
    assert res.returncode == 0, res.stderr
    body = json.loads(res.stdout)
    assert body["distortion"]["p_value"]["gumbel"] > 1e-3
    assert all(Path(p).stat().st_size > 1000 for p in body["plots"].values())
    assert all(all(c["within_interval"]) for c in body["calibration"][:2])
