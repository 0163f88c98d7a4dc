"""`alignlab watermark`: generate marked text, detect the mark, run the evaluation suite.

Token convention without a tokenizer (``--model tiny-random`` or a folder without one): the prompt
is given as integer token ids ("1 2 3" or "1,2,3") and the output text is the ids joined by spaces.
"""

from __future__ import annotations

from pathlib import Path

import typer

from alignlab.cli_common import JsonOpt, emit_json, examples, int_range, out_option, seed_option
from alignlab.progress import quiet
from alignlab.watermark.errors import WatermarkError

app = typer.Typer(
    no_args_is_help=True,
    help="Distortion-free (Gumbel) LLM watermarking and detection.",
    epilog=examples(
        "alignlab watermark generate --key secret --prompt '1 2 3' --tokens 64 --json > marked.json"
        "   # needs the \\[hf] extra",
        "alignlab watermark detect --key secret --tokens-file marked.json",
        "alignlab watermark detect --key wrong --tokens-file marked.json   # not detected",
        "alignlab watermark evaluate --quick -o watermark-eval",
    ),
)


def _prompt_ids(prompt: str, tokenizer: object) -> list[int]:
    from alignlab.watermark.tokens import parse_tokens

    if tokenizer is None:
        try:
            return parse_tokens(prompt, where="--prompt").tolist()
        except WatermarkError as exc:
            raise WatermarkError(
                f"{exc}; this model has no tokenizer, so give the prompt as token ids, e.g. --prompt '1 2 3'"
            ) from None
    ids = tokenizer(prompt)["input_ids"]  # type: ignore[operator]
    if not ids:
        raise WatermarkError("--prompt tokenizes to no tokens")
    return list(ids)


@app.command()
def generate(
    key: str = typer.Option(..., "--key", help="Secret watermark key (a string)."),
    prompt: str = typer.Option(..., "--prompt", help="Prompt text, or token ids for models without a tokenizer."),
    model: str = typer.Option("tiny-random", "--model", help="'tiny-random' or a local model folder (never downloads)."),
    tokens: int = typer.Option(32, "--tokens", callback=int_range("--tokens", 1), help="Number of new tokens."),
    k: int = typer.Option(4, "--k", help="Context width k of the PRF."),
    temperature: float = typer.Option(1.0, help="Sampling temperature (applied before the watermark)."),
    top_k: int = typer.Option(0, "--top-k", help="Top-k filter (0 = off), applied before the watermark."),
    top_p: float = typer.Option(1.0, "--top-p", help="Top-p filter (1 = off), applied before the watermark."),
    skip_repeated: bool = typer.Option(True, "--skip-repeated/--no-skip-repeated", help="Plain sampling at repeated contexts."),
    seed: int = seed_option(0, "Seed (≥ 0) for the tiny model's weights and for plain-sampling steps."),
    as_json: JsonOpt = False,
) -> None:
    """Generate watermarked tokens with a Hugging Face causal LM (needs the \\[hf] extra)."""
    from alignlab import limits
    from alignlab.watermark.hf import hf_generate, load_model
    from alignlab.watermark.prf import check_k

    check_k(k)
    limits.check_count(tokens, "--tokens", limits.TOKENS, error=WatermarkError)
    if not key:
        raise WatermarkError("--key must not be empty")
    if model == "tiny-random":  # no tokenizer: check the ids before building the model
        ids = _prompt_ids(prompt, None)
    lm, tok = load_model(model, seed=seed)
    ids = _prompt_ids(prompt, tok)
    with quiet(as_json):
        new = hf_generate(lm, key, ids, tokens, k=k, temperature=temperature, top_k=top_k or None,
                          top_p=top_p, skip_repeated=skip_repeated, seed=seed)[0].tolist()
    text = " ".join(map(str, new)) if tok is None else tok.decode(new)
    if as_json:
        emit_json({"tokens": new, "text": text})
    else:
        typer.echo(text)


@app.command()
def detect(
    key: str = typer.Option(..., "--key", help="Secret watermark key."),
    tokens_file: Path = typer.Option(..., "--tokens-file", help="Token ids: whitespace-separated integers or a JSON list."),
    k: int = typer.Option(4, "--k", help="Context width k used at generation."),
    alpha: float = typer.Option(1e-3, help="Significance level of the verdict."),
    vocab_size: int = typer.Option(0, "--vocab-size", help="Reject ids >= this (0 = no check)."),
    window: int = typer.Option(0, "--window", help="Also scan sliding windows of this many tokens (0 = off)."),
    skip_repeated: bool = typer.Option(True, "--skip-repeated/--no-skip-repeated", help="Skip repeated (context, token) pairs (keep on: the p-value needs it)."),
    as_json: JsonOpt = False,
) -> None:
    """Score a token list: S, scored tokens n, log10 P(Gamma(n,1) ≥ S) and the verdict at α."""
    from alignlab.watermark.detect import detect as run_detect
    from alignlab.watermark.detect import detect_windows
    from alignlab.watermark.tokens import read_tokens

    ids = read_tokens(tokens_file)
    vs = vocab_size if vocab_size > 0 else None
    res = run_detect(ids, key, k=k, vocab_size=vs, alpha=alpha, skip_repeated=skip_repeated)
    out: dict[str, object] = res.summary()
    if window:
        win = detect_windows(ids, key, window=window, k=k, vocab_size=vs, alpha=alpha, skip_repeated=skip_repeated)
        out["windows"] = {"best_start": win.best_start, "log10_p_corrected": win.log10_p_corrected,
                          "detected": win.detected, "n_windows": len(win.starts)}
    if as_json:
        emit_json(out)
        return
    verdict = "WATERMARKED" if res.detected else "not detected"
    typer.echo(f"score S = {res.score:.3f} over n = {res.n_scored} scored tokens; "
               f"log10 p = {res.log10_p:.3f}; {verdict} at alpha = {alpha:g}")
    if window:
        w = out["windows"]
        typer.echo(f"best of {w['n_windows']} windows starts at token {w['best_start']}; "  # type: ignore[index]
                   f"Bonferroni log10 p = {w['log10_p_corrected']:.3f}")  # type: ignore[index]


@app.command()
def evaluate(
    out: Path = out_option(Path("watermark-eval"), "Folder for the plots."),
    seed: int = seed_option(),
    quick: bool = typer.Option(False, "--quick", help="Fewer texts and keys (about 4x faster)."),
    config: Path = typer.Option(None, "--config", help="YAML settings (see examples/watermark/evaluate.yaml)."),
    as_json: JsonOpt = False,
) -> None:
    """Calibration, power vs length/entropy, chi-square distortion, robustness and overhead (synthetic)."""
    from alignlab.outputs import check_output_dir
    from alignlab.watermark.config import EvalConfig, load_eval_config
    from alignlab.watermark.evaluate import run_all
    from alignlab.watermark.plots import plot_calibration, plot_power, plot_robustness

    if config is not None and quick:
        raise WatermarkError("give either --config or --quick, not both")
    check_output_dir(out)
    cfg = load_eval_config(config) if config is not None else EvalConfig.quick() if quick else EvalConfig()
    with quiet(as_json):
        ev = run_all(seed=seed, config=cfg)
    plots = {
        "power": str(plot_power(ev.power, out / "watermark-power.png")),
        "calibration": str(plot_calibration(ev.calibration, out / "watermark-calibration.png")),
        "robustness": str(plot_robustness(ev.robustness, out / "watermark-robustness.png")),
    }
    if as_json:
        emit_json({**ev.to_json(), "plots": plots})
        return
    from rich.console import Console
    from rich.table import Table

    con = Console()
    t = Table(title="False-positive rate on unmarked text [99% range expected at the nominal α]",
              caption="✗: outside the expected range")
    for col in ("text", "repeated pairs", *(f"α={a:g}" for a in ev.calibration[0].alphas)):
        t.add_column(col)
    for c in ev.calibration:
        t.add_row(c.kind, "skip" if c.skip_repeated else "count",
                  *(f"{f:.4f}{'' if lo <= f <= hi else ' ✗'} [{lo:.4f}, {hi:.4f}]"
                    for f, (lo, hi) in zip(c.fpr, c.interval, strict=True)))
    con.print(t)
    t = Table(title=f"Distortion: χ² over {ev.distortion.n_keys} keys")
    t.add_column("rule")
    t.add_column("p-value")
    for name, pv in ev.distortion.p_value.items():
        t.add_row(name, f"{pv:.3g}")
    con.print(t)
    t = Table(title=f"Power at α = {ev.power.alpha:g}: rows H (nats/token), columns tokens")
    t.add_column("H")
    for n in ev.power.lengths:
        t.add_column(str(n))
    for h, row in zip(ev.power.entropies, ev.power.rate, strict=True):
        t.add_row(f"{h:g}", *(f"{x:.2f}" for x in row))
    con.print(t)
    if ev.overhead is not None:
        o = ev.overhead
        typer.echo(f"overhead (V = {o.vocab_size}): plain {o.plain_us:.0f} µs/token, "
                   f"marked {o.marked_us:.0f} µs/token, ratio {o.ratio:.2f}")
    typer.echo("plots: " + ", ".join(plots.values()))
