"""`alignlab demo` section: calibration, power vs length/entropy and robustness (NumPy only)."""

from __future__ import annotations

from pathlib import Path

from alignlab.report import Figure, Section, html_table


def section(outdir: Path, seed: int) -> Section:
    """Run the evaluation suite without timings (so the page is byte-reproducible) and plot it."""
    from alignlab.watermark.evaluate import run_all
    from alignlab.watermark.plots import plot_calibration, plot_power, plot_robustness

    outdir = Path(outdir)
    ev = run_all(seed=seed, with_overhead=False)  # full-size EvalConfig(): about 8 s
    cal_rows = [
        [c.kind, "skip" if c.skip_repeated else "count", c.n_texts, f"{c.mean_scored:.1f}",
         *(f"{f:.4f} {'✓' if ok else '✗'}" for f, ok in zip(c.fpr, c.within, strict=True))]
        for c in ev.calibration
    ]
    cal_head = ["unmarked text", "repeated pairs", "texts", "mean n", *(f"FPR @ α={a:g}" for a in ev.calibration[0].alphas)]
    d = ev.distortion
    dist_rows = [[name, f"{d.statistic[name]:.1f}", f"{d.p_value[name]:.3g}"] for name in d.statistic]
    pw = ev.power
    pw_rows = [[f"{h:g}", *(f"{x:.2f}" for x in row)] for h, row in zip(pw.entropies, pw.rate, strict=True)]
    body = (
        "<p>Gumbel watermark (argmax log(r_i)/p_i with r = Philox(BLAKE2b(key, last k ids))) on synthetic "
        "next-token distributions of fixed entropy. The detector's p-value P(Gamma(n,1) ≥ S) is exact "
        "under the null: false-positive rates sit inside the 99% binomial interval of α (✓), also on "
        "repetitive text once repeated (context, token) pairs are skipped; counting them breaks it.</p>"
        + html_table(cal_head, cal_rows)
        + f"<p>Distortion-freeness: χ² of the marked token over {d.n_keys} keys against p "
        f"(V = {d.vocab_size}, H = {d.entropy:g} nats). Only the correct rule fits.</p>"
        + html_table(["rule", "χ²", "p-value"], dist_rows)
        + f"<p>Detection rate at α = {pw.alpha:g} (k = {pw.k}) by entropy (rows, nats/token) and scored tokens (columns).</p>"
        + html_table(["H \\ n", *pw.lengths], pw_rows)
    )
    figs = (
        Figure(plot_power(pw, outdir / "watermark-power.png"), "Power vs length for several per-token entropies."),
        Figure(plot_calibration(ev.calibration, outdir / "watermark-calibration.png"), "FPR vs α on unmarked text."),
        Figure(plot_robustness(ev.robustness, outdir / "watermark-robustness.png"), "Robustness to random edits for k = 1, 4, 8."),
    )
    return Section("Watermark: Gumbel watermarking", body, figs)
