"""The two figures of Bengio et al. (arXiv 2408.05284, Figures 1 and 2, as the authors' code draws
them): the 2 × 3 reward/death grid over α, and tightness."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from alignlab.guardrails.config import Setting
from alignlab.guardrails.simulate import Tally
from alignlab.guardrails.tightness import TightnessTally, bound
from alignlab.report import new_figure, save_figure

COLORS = {"none": "#7f7f7f", "cheating": "#2ca02c", "posterior": "#1f77b4", "iid": "#d62728"}
# The fixed guardrails' horizontal lines often coincide (C = 0.001: posterior, cheating and Prop 3.4
# all near 0, under the Prop 4.6 curves; C = 0.01: cheating on none): each has its own dash, width
# and layer, widest at the bottom and the dashed/dotted ones above the α curves (whose markers show
# through the gaps), so a line lying on another still shows (values are never offset).
LINE_STYLE = {"cheating": ("-", 4.5, 0.45, 1.0), "none": ("-", 1.2, 1.0, 1.2),
              "posterior": ("--", 2.4, 1.0, 2.4), "iid": (":", 1.8, 1.0, 2.5)}  # ls, lw, alpha, zorder
TIE_STYLE = {"groups": ("#9467bd", "-", "o"), "random": ("#ff7f0e", "--", "s"),
             "index": ("#8c564b", ":", "^")}


def plot_figure1(results: Mapping[Setting, Tally], out: str | Path, *, death_rule: str = "all",
                 title: str = "") -> Path:
    """Rows: mean total reward, death rate; columns: C. Prop 4.6 over α (log axis, one curve per
    tie rule) with ±2 s.e. bars; the fixed guardrails as horizontal lines with ±2 s.e. bands;
    α = 2^-d dotted (Prop 4.6's guarantee needs α < P(w*) = 2^-d)."""
    from alignlab.guardrails.guardrails import get_guardrail

    thresholds = sorted({s.threshold for s in results})
    fig, axes = new_figure(4.2 * len(thresholds), 6.6, nrows=2, ncols=len(thresholds),
                           squeeze=False, sharex=True)
    ties = [t for t in TIE_STYLE if any(s.alpha is not None and s.ties == t for s in results)]
    dim = next(iter(results)).bandit.dim
    for col, c in enumerate(thresholds):
        here = {s: results[s].summary(death_rule) for s in results if s.threshold == c}
        alphas = np.array(sorted({s.alpha for s in here if s.alpha is not None}))
        for row, (field, se, ylabel) in enumerate((("reward_mean", "reward_se", "mean total reward"),
                                                   ("death_rate", "death_se", "death rate"))):
            ax = axes[row][col]
            for s, m in here.items():
                if s.alpha is not None:
                    continue
                y, e = getattr(m, field), 2 * getattr(m, se)
                ls, lw, alpha, z = LINE_STYLE[s.guardrail]
                ax.axhline(y, color=COLORS[s.guardrail], ls=ls, lw=lw, alpha=alpha, zorder=z,
                           label=get_guardrail(s.guardrail).label)
                if alphas.size:
                    ax.fill_between([alphas.min(), alphas.max()], y - e, y + e,
                                    color=COLORS[s.guardrail], alpha=0.15, lw=0)
            for tie in ties:
                curve = sorted((s.alpha, m) for s, m in here.items()
                               if s.alpha is not None and s.ties == tie)
                xs = np.array([a for a, _ in curve])
                ys = np.array([getattr(m, field) for _, m in curve])
                es = np.array([2 * getattr(m, se) for _, m in curve])
                color, ls, marker = TIE_STYLE[tie]
                ax.errorbar(xs, ys, yerr=es, color=color, ls=ls, marker=marker, ms=3.5, lw=1.6,
                            capsize=2, label=f"Prop 4.6 (α), ties: {tie}")
            if alphas.size:
                ax.axvline(2.0**-dim, color="k", ls=":", lw=1)
                ax.set_xscale("log")
            if row == 0:
                ax.set_title(f"C = {c:g}")
            else:
                ax.set_xlabel("α")
            if col == 0:
                ax.set_ylabel(ylabel)
            ax.grid(alpha=0.3)
    axes[0][0].text(2.0**-dim, 0.98, f" α = $2^{{-{dim}}}$", transform=axes[0][0].get_xaxis_transform(),
                    va="top", fontsize=8)
    handles, labels = axes[0][0].get_legend_handles_labels()
    n = next(iter(results.values())).episodes
    head = title or (f"Exploding bandit: {n} episodes per point, ±2 s.e."
                     + ("; deaths as the reference counts them" if death_rule == "reference" else ""))
    fig.suptitle(head, fontsize=10)
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 4), fontsize=9,
               bbox_to_anchor=(0.5, -0.01))
    fig.tight_layout(rect=(0, 0.07 if len(labels) > 4 else 0.04, 1, 1))
    return save_figure(fig, out)


def _level_label(mu: int, h: float) -> str:
    return f"μ={mu}: {h:.3g}" if h < 0.99 else f"μ={mu}: 1−{1 - h:.0e}"


def plot_figure2(tallies: Mapping[str, TightnessTally], levels: np.ndarray, out: str | Path, *,
                 dim: int = 10) -> Path:
    """First panel: per tie rule, the frequency of ĥ_α(a_t) ≥ h(w*, a_t) vs α with ±2 s.e. and the
    bound max(0, 1 − α·2^d). Then one panel per tie rule: the distribution of ĥ_α(a) over the
    harm levels h(μ) for the arms whose true harm is ½ (numbers on top: P(ĥ ≥ ½))."""
    rules = list(tallies)
    ncols = 2 if rules else 1
    nrows = (len(rules) + 2) // 2
    fig, axes = new_figure(6.2 * ncols, 4.4 * nrows, nrows=nrows, ncols=ncols, squeeze=False)
    flat = [a for row in axes for a in row]
    ax = flat[0]
    first = tallies[rules[0]]
    al = np.asarray(first.alphas)
    for rule, tally in tallies.items():
        m, se = tally.frequency()
        color, ls, marker = TIE_STYLE.get(rule, ("#9467bd", "-", "o"))
        ax.errorbar(al, m, yerr=2 * se, marker=marker, ms=4, color=color, ls=ls, capsize=2,
                    label=f"ties: {rule}")
    grid = np.logspace(np.log10(al.min()), np.log10(al.max()), 200)
    ax.plot(grid, bound(grid, dim), "k-", lw=1.2, label=f"bound max(0, 1 − α·$2^{{{dim}}}$)")
    ax.set_xscale("log")
    ax.set_ylim(-0.03, 1.05)
    ax.set_xlabel("α")
    ax.set_ylabel("frequency of ĥ_α(a_t) ≥ h(w*, a_t) per episode")
    ax.set_title(f"Tightness of Prop 4.6: random agent, {first.episodes} episodes, ±2 s.e.",
                 fontsize=10)
    # right of α ≈ 1e-3, between the bound (at 0) and the measured curves (≥ 0.7): hides nothing
    ax.legend(fontsize=8, loc="center right", bbox_to_anchor=(1.0, 0.42))
    ax.grid(alpha=0.3)
    for k, (rule, tally) in enumerate(tallies.items(), start=1):
        ax2 = flat[k]
        counts = np.asarray(tally.half_counts, dtype=np.float64)  # (nα, levels)
        totals = counts.sum(axis=1, keepdims=True)
        frac = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
        used = np.nonzero(frac.sum(axis=0) > 0)[0]
        if used.size:
            im = ax2.imshow(frac[:, used].T, aspect="auto", origin="lower", cmap="viridis",
                            vmin=0, vmax=1)
            ax2.set_yticks(range(used.size), [_level_label(int(i), levels[i]) for i in used],
                           fontsize=8)
            ax2.set_xticks(range(al.size), [f"{a:g}" for a in al], rotation=45, fontsize=8)
            for j in range(al.size):
                ax2.text(j, used.size - 0.45, f"{frac[j, levels >= 0.5].sum():.2f}",
                         ha="center", va="bottom", fontsize=7)
            below = int(np.searchsorted(levels[used], 0.5))
            ax2.axhline(below - 0.5, color="w", lw=1, ls="--")
            fig.colorbar(im, ax=ax2, label="fraction of estimates", fraction=0.05)
        ax2.set_xlabel("α")
        ax2.set_ylabel("Prop 4.6 estimate ĥ_α(a)")
        ax2.set_title(f"Arms with true harm ½, ties: {rule} (top: P(ĥ ≥ ½))", fontsize=10,
                      pad=16)
    for extra in flat[1 + len(rules):]:
        extra.set_visible(False)
    fig.tight_layout()
    return save_figure(fig, out)
