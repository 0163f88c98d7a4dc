"""Hugging Face integration with a tiny random GPT-2: the hook order, χ² over keys, equivalence."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from alignlab.watermark import WatermarkError, detect, generate  # noqa: E402
from alignlab.watermark.evaluate import chi_square  # noqa: E402
from alignlab.watermark.hf import (  # noqa: E402
    _LINE,
    GumbelLogitsProcessor,
    _live_ids,
    final_distribution,
    gumbel_choice_torch,
    hf_generate,
    tiny_random_model,
    watermarking_config,
)

PROMPT = [5, 17, 42, 8, 99]
N_KEYS = 3000


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return tiny_random_model(seed=0)


def test_chi_square_through_generate_at_temperature_and_top_k(model) -> None:  # type: ignore[no-untyped-def]
    p = final_distribution(model, PROMPT, temperature=0.7, top_k=12)
    keys = [f"key-{i}" for i in range(N_KEYS)]
    out = hf_generate(model, keys, PROMPT, 1, temperature=0.7, top_k=12, batch=N_KEYS, seed=0)
    counts = np.bincount(out[:, 0], minlength=p.size)
    assert counts[p == 0].sum() == 0
    _, pval = chi_square(counts, p)
    assert pval > 1e-3
    # the same marked tokens are rejected against the untempered distribution
    _, wrong = chi_square(counts, final_distribution(model, PROMPT, top_k=12))
    assert wrong < 1e-6


def test_plain_logits_processor_is_the_wrong_hook(model) -> None:  # type: ignore[no-untyped-def]
    from transformers import LogitsProcessorList

    keys = [f"key-{i}" for i in range(N_KEYS)]
    proc = GumbelLogitsProcessor(keys, 4, True)
    inputs = torch.tensor([PROMPT] * N_KEYS)
    with torch.no_grad():
        out = model.generate(inputs, attention_mask=torch.ones_like(inputs), do_sample=True,
                             temperature=0.7, top_k=12, max_new_tokens=1,
                             logits_processor=LogitsProcessorList([proc]), pad_token_id=0)
    counts = np.bincount(out[:, -1].numpy(), minlength=256)
    _, pval = chi_square(counts, final_distribution(model, PROMPT, temperature=0.7, top_k=12))
    assert pval < 1e-6  # temperature and top-k were silently bypassed


def test_hf_equals_numpy_api_on_the_final_distribution(model) -> None:  # type: ignore[no-untyped-def]
    def next_probs(ids: np.ndarray) -> np.ndarray:
        return final_distribution(model, ids.tolist(), temperature=0.8, top_k=40)

    ours = generate(next_probs, "shared", 12, prompt=PROMPT, seed=0)
    theirs = hf_generate(model, "shared", PROMPT, 12, temperature=0.8, top_k=40, seed=0)[0]
    n = ours.n_plain
    assert n == 0 and list(ours.tokens) == theirs.tolist()
    assert detect(PROMPT + theirs.tolist(), "shared").log10_p < -3


def test_config_validation() -> None:
    with pytest.raises(WatermarkError, match="str"):
        watermarking_config(123)  # type: ignore[arg-type]
    with pytest.raises(WatermarkError, match="k must be"):
        watermarking_config("a", k=0)
    cfg = watermarking_config(["a", "b"], k=2)
    assert cfg.keys == ("a", "b") and cfg.k == 2


def test_numpy_core_does_not_import_torch() -> None:
    code = ("import sys, alignlab.watermark, alignlab.watermark.evaluate, alignlab.watermark.cli;"
            "bad = [m for m in ('torch', 'transformers') if m in sys.modules]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_token_zero_in_the_text_gives_no_padding_notice() -> None:
    """0 is a real token of the tiny model, not padding: transformers must not warn about it."""
    code = ("from alignlab.watermark.hf import hf_generate, tiny_random_model;"
            "hf_generate(tiny_random_model(0), 'k', [0, 5, 0], 4)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "attention_mask" not in run.stderr, run.stderr


def test_wrong_rule_through_generate_is_rejected(model, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import alignlab.watermark.hf as hf_mod

    def r_times_p(scores, uniforms):  # type: ignore[no-untyped-def]  # WRONG_RULES["argmax r*p"]
        r = torch.from_numpy(np.stack([uniforms(i, None) for i in range(scores.shape[0])]))
        return (r * torch.softmax(scores.double(), dim=-1)).argmax(dim=-1)

    monkeypatch.setattr(hf_mod, "gumbel_choice_torch", r_times_p)
    p = final_distribution(model, PROMPT, temperature=0.7, top_k=12)
    keys = [f"key-{i}" for i in range(N_KEYS)]
    out = hf_generate(model, keys, PROMPT, 1, temperature=0.7, top_k=12, batch=N_KEYS, seed=0)
    _, pval = chi_square(np.bincount(out[:, 0], minlength=p.size), p)
    assert pval < 1e-6


def test_local_model_folder_loads_without_download(model, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alignlab.watermark.hf import load_model

    model.save_pretrained(tmp_path / "tiny")
    loaded, tok = load_model(str(tmp_path / "tiny"))
    assert tok is None  # no tokenizer saved: the CLI then takes token ids
    a = hf_generate(model, "k", PROMPT, 6, seed=1)
    b = hf_generate(loaded, "k", PROMPT, 6, seed=1)
    assert np.array_equal(a, b)
    with pytest.raises(WatermarkError, match="local model folder"):
        load_model(str(tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(WatermarkError, match="cannot load"):
        load_model(str(tmp_path / "empty"))


def test_cli_generate_with_a_local_tokenizer(model, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast
    from typer.testing import CliRunner

    from alignlab.watermark.cli import app

    vocab = {f"w{i}": i for i in range(256)}
    raw = Tokenizer(models.WordLevel(vocab=vocab, unk_token="w0"))
    raw.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    folder = tmp_path / "with-tok"
    model.save_pretrained(folder)
    PreTrainedTokenizerFast(tokenizer_object=raw, unk_token="w0").save_pretrained(folder)
    res = CliRunner().invoke(app, ["generate", "--model", str(folder), "--key", "k", "--prompt",
                                   "w5 w17 w42 w8 w99", "--tokens", "8", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["text"].split() == [f"w{i}" for i in out["tokens"]]
    assert out["tokens"] == hf_generate(model, "k", PROMPT, 8, seed=0)[0].tolist()


def _reference_choice(z: np.ndarray, r: np.ndarray) -> np.ndarray:
    """The NumPy path: float64 softmax of the scores, then sampling.gumbel_choice."""
    from alignlab.watermark.sampling import gumbel_choice

    zd = z.astype(np.float64)
    e = np.exp(zd - zd.max(axis=-1, keepdims=True))
    return gumbel_choice(e / e.sum(axis=-1, keepdims=True), r)


@pytest.mark.parametrize(("vocab", "rows", "cases"), [(2, 200, 3), (256, 300, 6), (256, 1, 200),
                                                      (50_257, 1, 40), (50_257, 3, 4)])
def test_torch_rule_chooses_what_the_numpy_rule_chooses(vocab: int, rows: int, cases: int) -> None:
    """Same r, same scores → the same token, on flat, peaked and top-k-truncated rows (float32)."""
    rng = np.random.default_rng(vocab + rows)
    for case in range(cases):
        scale = rng.choice([0.1, 1.0, 3.0, 10.0, 40.0], size=(rows, 1))
        z = (rng.standard_normal((rows, vocab)) * scale).astype(np.float32)
        if case % 2:  # top-k: everything else is -inf, as transformers' warper leaves it
            kth = np.sort(z, axis=1)[:, -min(int(rng.integers(1, 100)), vocab)][:, None]
            z = np.where(z < kth, -np.inf, z).astype(np.float32)
        r = rng.random((rows, vocab)) + 2.0**-54
        before = z.copy()
        scores = torch.from_numpy(z)
        got = gumbel_choice_torch(scores, lambda i, ids, r=r: (r[i] if ids is None else r[i, ids]).copy())
        assert got.tolist() == _reference_choice(z, r).tolist()
        assert np.array_equal(scores.numpy(), before, equal_nan=True)  # scores left untouched


@pytest.mark.parametrize("dtype", ["float32", "float64", "bfloat16"])  # NumPy view / torch
def test_live_ids_are_every_token_above_the_line(dtype: str) -> None:
    rng = np.random.default_rng(7)
    z = rng.standard_normal(9000) * 30.0
    z[rng.integers(0, 9000, 4000)] = -np.inf
    row = torch.from_numpy(z).to(getattr(torch, dtype))
    zz = row.double().numpy()
    want = [i for i in range(zz.size) if zz[i] > zz.max() - _LINE]
    assert 0 < len(want) < zz.size and _live_ids(row) == want


def test_transformers_reads_the_two_argument_signature() -> None:
    import inspect

    proc = GumbelLogitsProcessor(["a"], 2, True)
    assert list(inspect.signature(proc.__call__).parameters) == ["input_ids", "scores"]
    out = proc(torch.tensor([[1, 2]]), torch.zeros(1, 5))  # the call goes to the class's __call__
    assert int((out == 0).sum()) == 1


def test_processor_one_hot_and_repeated_contexts() -> None:
    from alignlab.watermark.prf import key_bytes, uniforms

    proc = GumbelLogitsProcessor(["a", "b"], 2, True)
    ids = torch.tensor([[3, 1, 2], [4, 1, 2]])
    scores = torch.randn(2, 300, generator=torch.Generator().manual_seed(0))
    first = proc(ids, scores)
    assert torch.equal((first == 0).sum(dim=1), torch.tensor([1, 1]))
    assert torch.isinf(first).sum() == 2 * 299
    for row, key in enumerate("ab"):
        r = uniforms(key_bytes(key), (1, 2), 300)[None]
        assert int(first[row].argmax()) == int(_reference_choice(scores[row : row + 1].numpy(), r)[0])
    ids2 = torch.tensor([[3, 1, 2], [4, 2, 5]])  # row 0 repeats its context (1, 2): plain sampling
    second = proc(ids2, scores)
    assert torch.equal(second[0], scores[0])
    assert int((second[1] == 0).sum()) == 1 and torch.isinf(second[1]).sum() == 299
    assert proc(ids, scores) is scores  # every row repeated: scores pass through
