"""Figures for the evaluation: power vs length/entropy, FPR calibration, robustness, score trace."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from alignlab.report import new_figure, save_figure
from alignlab.watermark.evaluate import ATTACKS, Calibration, Power, Robustness


def plot_power(pw: Power, path: Path) -> Path:
    """Detection rate at α vs scored tokens, one line per entropy (nats/token)."""
    fig, ax = new_figure(6.0, 4.0)
    for h, row in zip(pw.entropies, pw.rate, strict=True):
        ax.plot(pw.lengths, row, marker="o", label=f"H = {h:g}")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("generated tokens (after a k-token prompt)")
    ax.set_ylabel(f"detection rate at α = {pw.alpha:g}")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(f"Power vs length and entropy (k = {pw.k}, {pw.n_texts} texts per point)")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
              title="entropy (nats/token)", title_fontsize=8)  # outside: inside it hid points
    return save_figure(fig, path)


def plot_calibration(cals: Sequence[Calibration], path: Path) -> Path:
    """Observed FPR vs α on log-log axes with the 99% binomial band of a calibrated test."""
    fig, ax = new_figure(5.6, 4.2)
    alphas = np.asarray(cals[0].alphas)
    lo = np.array([i[0] for i in cals[0].interval])
    hi = np.array([i[1] for i in cals[0].interval])
    ax.fill_between(alphas, np.maximum(lo, 1e-5), hi, color="0.85", label=f"99% binomial band (n = {cals[0].n_texts})")
    ax.plot(alphas, alphas, color="0.4", lw=1, ls="--", label="FPR = α")
    markers = ("o", "s", "^", "D")
    for c, mk in zip(cals, markers, strict=False):
        rule = "repeated pairs skipped" if c.skip_repeated else "repeated pairs counted"
        ax.plot(alphas, np.maximum(c.fpr, 1e-5), marker=mk, lw=1.2, label=f"{c.kind} text, {rule}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("α (threshold on the p-value)")
    ax.set_ylabel("false-positive rate on unmarked text")
    ax.set_title("Calibration of P(Gamma(n,1) ≥ S)")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)  # outside
    return save_figure(fig, path)


def plot_robustness(rob: Robustness, path: Path) -> Path:
    """Detection rate vs edit rate, one panel per attack, one line per context width k."""
    fig, axes = new_figure(10.5, 3.6, ncols=len(ATTACKS), sharey=True)
    for ax, kind in zip(axes, ATTACKS, strict=True):
        for k in rob.ks:
            ax.plot(rob.rates, rob.detection[kind][k], marker="o", label=f"k = {k}")
        ax.set_title(f"random {kind}")
        ax.set_xlabel("fraction of tokens edited")
        ax.grid(alpha=0.3)
        ax.set_ylim(-0.02, 1.02)
    axes[0].set_ylabel(f"detection rate at α = {rob.alpha:g}")
    axes[-1].legend(fontsize=8)
    fig.suptitle(f"Robustness ({rob.length} tokens, H = {rob.entropy:g} nats/token, {rob.n_texts} texts)", fontsize=10)
    return save_figure(fig, path)


def plot_trace(trace: Sequence[float], window_starts: Sequence[int], window_log10_p: Sequence[float],
               window: int, marked: tuple[int, int], path: Path) -> Path:
    """Cumulative S − n (drifts up only where marked) and each window's log10 p."""
    t = np.asarray(trace, dtype=float)
    scored = ~np.isnan(t)
    drift = np.cumsum(np.where(scored, np.nan_to_num(t) - 1.0, 0.0))
    fig, (ax1, ax2) = new_figure(7.0, 4.6, nrows=2, sharex=True)
    for ax in (ax1, ax2):
        ax.axvspan(*marked, color="tab:orange", alpha=0.15, label="watermarked span")
        ax.grid(alpha=0.3)
    ax1.plot(np.arange(t.size), drift, color="tab:blue", lw=1.2)
    ax1.set_ylabel("Σ (score − 1)")
    ax1.set_title("Per-token score trace: E[−ln(1 − r)] = 1 without the key")
    ax1.legend(fontsize=8, loc="upper left")
    centers = np.asarray(window_starts) + window / 2
    ax2.plot(centers, window_log10_p, marker=".", color="tab:red")
    ax2.set_ylabel(f"log10 p ({window}-token window)")
    ax2.set_xlabel("token position")
    return save_figure(fig, path)
