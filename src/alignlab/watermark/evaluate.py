"""Evaluation on synthetic distributions: calibration, power, distortion, robustness, overhead.

Every function takes a ``seed`` and returns a frozen dataclass of plain numbers; ``run_all``
bundles the suite for ``alignlab watermark evaluate`` and the demo.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from alignlab import progress
from alignlab.runtime import derive_seed
from alignlab.runtime import rng as make_rng
from alignlab.watermark.config import EvalConfig
from alignlab.watermark.detect import detect_many
from alignlab.watermark.generate import generate, generate_batch, generate_plain
from alignlab.watermark.prf import check_k, key_bytes, philox_key, uniforms_batch
from alignlab.watermark.sampling import RULES, WRONG_RULES
from alignlab.watermark.synthetic import SyntheticLM, repetitive_texts

ATTACKS = ("substitute", "insert", "delete")


def binomial_interval(n: int, alpha: float, level: float = 0.99) -> tuple[float, float]:
    """Central ``level`` interval of Binomial(n, alpha)/n: where an FPR estimate should fall."""
    from scipy.stats import binom

    tail = (1.0 - level) / 2.0
    return float(binom.ppf(tail, n, alpha) / n), float(binom.isf(tail, n, alpha) / n)


@dataclass(frozen=True)
class Calibration:
    """False-positive rates on unmarked texts at each α, with 99% binomial intervals."""

    kind: str
    n_texts: int
    length: int
    skip_repeated: bool
    alphas: tuple[float, ...]
    fpr: tuple[float, ...]
    interval: tuple[tuple[float, float], ...]
    mean_scored: float

    @property
    def within(self) -> tuple[bool, ...]:
        return tuple(lo <= f <= hi for f, (lo, hi) in zip(self.fpr, self.interval, strict=True))


def calibration(
    *,
    kind: str = "sampled",
    n_texts: int = 4000,
    length: int = 64,
    alphas: Sequence[float] = (0.05, 0.01, 1e-3),
    k: int = 4,
    vocab_size: int = 64,
    entropy: float = 1.0,
    skip_repeated: bool = True,
    key: str = "calibration-key",
    seed: int = 0,
) -> Calibration:
    """FPR of ``detect`` on unmarked texts: ``kind`` "sampled" (plain sampling) or "repetitive"."""
    gen = make_rng(derive_seed(seed, "calibration", kind))
    if kind == "sampled":
        texts = SyntheticLM.make(vocab_size, entropy, seed=seed).sample(n_texts, length, gen)
    elif kind == "repetitive":
        texts = repetitive_texts(n_texts, length, vocab_size, gen)
    else:
        raise ValueError(f"unknown kind {kind!r}: use 'sampled' or 'repetitive'")
    # One key per text: the null is "text independent of the key", and texts drawn from the same
    # model share (context, token) pairs, so one shared key would correlate their p-values.
    keys = [f"{key}/{i}" for i in range(n_texts)]
    _, n, lp = detect_many(texts, keys, k=k, skip_repeated=skip_repeated)
    lp = np.where(np.isnan(lp), 0.0, lp)
    fpr = tuple(float(np.mean(lp <= np.log10(a))) for a in alphas)
    return Calibration(
        kind, n_texts, length, skip_repeated, tuple(alphas), fpr,
        tuple(binomial_interval(n_texts, a) for a in alphas), float(n.mean()),
    )


@dataclass(frozen=True)
class Power:
    """Detection rate at α for marked texts: rows = entropies (nats/token), columns = lengths."""

    alpha: float
    k: int
    entropies: tuple[float, ...]
    lengths: tuple[int, ...]
    rate: tuple[tuple[float, ...], ...]
    n_texts: int


def power(
    *,
    lengths: Sequence[int] = (8, 16, 32, 64, 128),
    entropies: Sequence[float] = (0.25, 0.5, 1.0, 2.0),
    n_texts: int = 300,
    alpha: float = 1e-3,
    k: int = 4,
    vocab_size: int = 64,
    key: str = "power-key",
    seed: int = 0,
) -> Power:
    """Watermark texts at each entropy, detect every prefix length (the first k ids only give context)."""
    k = check_k(k)
    rows = []
    longest = max(lengths)
    for h in progress.track(entropies, "power: entropies"):
        lm = SyntheticLM.make(vocab_size, h, seed=derive_seed(seed, "power-lm", h))
        prompts = make_rng(derive_seed(seed, "power-prompt", h)).integers(0, vocab_size, (n_texts, k))
        marked = generate_batch(lm, key, prompts, longest, k=k, seed=derive_seed(seed, "power", h))
        full = np.concatenate([prompts, marked], axis=1)
        row = []
        for length in lengths:
            _, _, lp = detect_many(full[:, : k + length], key, k=k)
            row.append(float(np.mean(np.nan_to_num(lp) <= np.log10(alpha))))
        rows.append(tuple(row))
    return Power(alpha, k, tuple(entropies), tuple(lengths), tuple(rows), n_texts)


@dataclass(frozen=True)
class Distortion:
    """Chi-square goodness of fit of marked tokens to p over many keys, per sampling rule."""

    n_keys: int
    vocab_size: int
    entropy: float
    statistic: dict[str, float]
    p_value: dict[str, float]


def marked_choices(
    p: np.ndarray, n_keys: int, rule: Callable[[np.ndarray, np.ndarray], np.ndarray], *,
    context: Sequence[int] = (1, 2, 3, 4), seed: int = 0,
) -> np.ndarray:
    """One marked token per key (keys "seed/i") for a fixed context and distribution p."""
    keys = np.array([philox_key(key_bytes(f"{seed}/{i}"), context) for i in range(n_keys)], dtype=np.uint64)
    r = uniforms_batch(keys, p.shape[0])
    return rule(np.broadcast_to(p, r.shape), r)


def chi_square(counts: np.ndarray, p: np.ndarray, min_expected: float = 5.0) -> tuple[float, float]:
    """Pearson χ² of ``counts`` against expected n·p, pooling cells with expected count < 5."""
    from scipy.stats import chi2

    n = counts.sum()
    exp = n * p
    order = np.argsort(exp)
    small = order[np.cumsum(exp[order]) < min_expected * 2]
    keep = np.setdiff1d(np.nonzero(exp > 0)[0], small)
    obs_c = np.append(counts[keep], counts[small].sum())
    exp_c = np.append(exp[keep], exp[small].sum())
    if exp_c[-1] == 0:
        obs_c, exp_c = obs_c[:-1], exp_c[:-1]
    stat = float(np.sum((obs_c - exp_c) ** 2 / exp_c))
    return stat, float(chi2.sf(stat, obs_c.size - 1))


def distortion(
    *, n_keys: int = 5000, vocab_size: int = 32, entropy: float = 2.0, seed: int = 0
) -> Distortion:
    """χ² test of the marginal of the marked token over ``n_keys`` keys, correct and wrong rules."""
    p = SyntheticLM.make(vocab_size, entropy, n_dists=1, seed=seed).bank[0]
    stats, pvals = {}, {}
    for name, rule in {**RULES, **WRONG_RULES}.items():
        x = marked_choices(p, n_keys, rule, seed=seed)
        stats[name], pvals[name] = chi_square(np.bincount(x, minlength=vocab_size), p)
    return Distortion(n_keys, vocab_size, entropy, stats, pvals)


def attack(texts: np.ndarray, kind: str, rate: float, vocab_size: int, gen: np.random.Generator) -> list[np.ndarray]:
    """Edit each text: ``substitute`` ids, ``insert`` random ids after, or ``delete`` ids, each w.p. rate."""
    out = []
    for text in texts:
        hit = gen.random(text.size) < rate
        noise = gen.integers(0, vocab_size, text.size)
        if kind == "substitute":
            out.append(np.where(hit, noise, text))
        elif kind == "insert":
            pairs = np.stack([text, noise], axis=1).ravel()
            out.append(pairs[np.stack([np.ones(text.size, bool), hit], axis=1).ravel()])
        elif kind == "delete":
            out.append(text[~hit])
        else:
            raise ValueError(f"unknown attack {kind!r}: use one of {ATTACKS}")
    return out


@dataclass(frozen=True)
class Robustness:
    """Detection rate at α after random edits: rate[attack][k] is a tuple over ``rates``."""

    alpha: float
    length: int
    entropy: float
    rates: tuple[float, ...]
    ks: tuple[int, ...]
    detection: dict[str, dict[int, tuple[float, ...]]]
    n_texts: int


def robustness(
    *,
    ks: Sequence[int] = (1, 4, 8),
    rates: Sequence[float] = (0.0, 0.1, 0.2, 0.3, 0.5),
    length: int = 128,
    entropy: float = 2.0,
    n_texts: int = 100,
    alpha: float = 1e-3,
    vocab_size: int = 256,
    key: str = "robust-key",
    seed: int = 0,
) -> Robustness:
    """Detection of marked texts after substitution, insertion and deletion, for each k."""
    lm = SyntheticLM.make(vocab_size, entropy, seed=derive_seed(seed, "robust-lm"))
    table: dict[str, dict[int, tuple[float, ...]]] = {a: {} for a in ATTACKS}
    for k in progress.track(ks, "robustness: context widths k"):
        marked = generate_batch(lm, key, np.zeros((n_texts, 0), np.int64), length, k=k, seed=derive_seed(seed, "rob", k))
        for kind in ATTACKS:
            row = []
            for rate in rates:
                edited = attack(marked, kind, rate, vocab_size, make_rng(derive_seed(seed, kind, k, rate)))
                _, _, lp = detect_many(edited, key, k=k)
                row.append(float(np.mean(np.nan_to_num(lp) <= np.log10(alpha))))
            table[kind][int(k)] = tuple(row)
    return Robustness(alpha, length, entropy, tuple(rates), tuple(int(k) for k in ks), table, n_texts)


@dataclass(frozen=True)
class Overhead:
    """Per-token time (µs) of watermarked vs plain sampling with the same NumPy next-token function."""

    vocab_size: int
    n_tokens: int
    plain_us: float
    marked_us: float

    @property
    def ratio(self) -> float:
        return self.marked_us / self.plain_us


def overhead(*, vocab_size: int = 50_000, n_tokens: int = 300, seed: int = 0) -> Overhead:
    """Time ``generate`` against ``generate_plain`` on a synthetic model (best of 3 runs)."""
    lm = SyntheticLM.make(vocab_size, 3.0, n_dists=17, seed=seed)
    best = {"plain": np.inf, "marked": np.inf}
    for _ in range(3):
        t0 = time.perf_counter()
        generate_plain(lm, n_tokens, seed=seed)
        t1 = time.perf_counter()
        generate(lm, "overhead-key", n_tokens, seed=seed)
        t2 = time.perf_counter()
        best["plain"] = min(best["plain"], t1 - t0)
        best["marked"] = min(best["marked"], t2 - t1)
    return Overhead(vocab_size, n_tokens, best["plain"] / n_tokens * 1e6, best["marked"] / n_tokens * 1e6)


@dataclass(frozen=True)
class Evaluation:
    """The whole suite (what ``alignlab watermark evaluate`` prints and plots)."""

    calibration: tuple[Calibration, ...]
    power: Power
    distortion: Distortion
    robustness: Robustness
    overhead: Overhead | None

    def to_json(self) -> dict[str, object]:
        """Plain JSON-ready dictionary (dict keys made strings)."""
        d = asdict(self)
        d["robustness"]["detection"] = {
            a: {str(k): v for k, v in row.items()} for a, row in self.robustness.detection.items()
        }
        for c, obj in zip(d["calibration"], self.calibration, strict=True):
            c["within_interval"] = list(obj.within)
        if self.overhead is not None:
            d["overhead"]["ratio"] = self.overhead.ratio
        return d


def run_all(*, seed: int = 0, config: EvalConfig | None = None, with_overhead: bool = True) -> Evaluation:
    """Calibration (sampled, repetitive with and without the repeated-pair rule), power, χ², robustness."""
    c = EvalConfig() if config is None else config
    cases = (("sampled", True), ("repetitive", True), ("repetitive", False))
    with progress.bar("watermark evaluation", len(cases) + 3 + with_overhead) as stage:
        cal = []
        for kind, skip in cases:
            stage.update(description=f"calibration ({kind}{'' if skip else ', counting repeats'})")
            cal.append(calibration(kind=kind, n_texts=c.calibration_texts, length=c.calibration_length,
                                   alphas=c.alphas, k=c.k, skip_repeated=skip, seed=seed))
            stage.advance()
        stage.update(description="power")
        pw = power(lengths=c.power_lengths, entropies=c.power_entropies, n_texts=c.power_texts, k=c.k,
                   seed=seed)
        stage.advance()
        stage.update(description="distortion (χ²)")
        dist = distortion(n_keys=c.distortion_keys, seed=seed)
        stage.advance()
        stage.update(description="robustness")
        rob = robustness(ks=c.robustness_ks, rates=c.robustness_rates, length=c.robustness_length,
                         entropy=c.robustness_entropy, n_texts=c.robustness_texts, seed=seed)
        stage.advance()
        ov = None
        if with_overhead:
            stage.update(description="overhead")
            ov = overhead(seed=seed, n_tokens=c.overhead_tokens)
            stage.advance()
    return Evaluation(tuple(cal), pw, dist, rob, ov)


__all__ = [
    "ATTACKS", "Calibration", "Distortion", "Evaluation", "Overhead", "Power", "Robustness",
    "attack", "binomial_interval", "calibration", "chi_square", "distortion",
    "marked_choices", "overhead", "power", "robustness", "run_all",
]
