"""Monte Carlo over uncertain parameters: P(ZOPA exists) with a confidence interval, and which
parameters it is most sensitive to (Spearman rank correlation with the ZOPA width)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from alignlab import progress
from alignlab.deals import model
from alignlab.deals.config import DOMAINS, SYMBOLS, Scenario


@dataclass(frozen=True)
class Sensitivity:
    """How one uncertain parameter moves the outcome."""

    param: str
    symbol: str
    spearman: float  # rank correlation of the parameter with the ZOPA width b − a
    p_zopa_high: float  # P(ZOPA) when the parameter is above its median
    p_zopa_low: float  # P(ZOPA) when it is at or below its median


@dataclass(frozen=True)
class MonteCarlo:
    """P(ZOPA exists) estimated from ``samples`` joint draws (Clopper–Pearson interval)."""

    samples: int
    seed: int
    p_zopa: float
    ci: tuple[float, float]
    confidence: float
    mean_width: float
    sensitivities: tuple[Sensitivity, ...]


def sample_widths(s: Scenario, samples: int, seed: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Joint draws of the uncertain fields and the ZOPA width b − a for each draw.

    Field k draws from its own stream ``default_rng([seed, k])`` (k = its index in ``DOMAINS``),
    so adding uncertainty to one field does not change the draws of another.
    """
    unc = s.uncertain()
    nom = s.nominal()
    names = list(DOMAINS)
    draws = {k: d.sample(np.random.default_rng([seed, names.index(k)]), samples)
             for k, d in unc.items()}

    def val(name: str, point: float) -> np.ndarray | float:
        return draws.get(name, point)

    a = model.ask(val("ai_reservation_price", nom.r), val("credibility_us", nom.c_us), s.risk_ai)
    b = model.offer(val("our_willingness_to_pay", nom.w), val("credibility_ai", nom.c_ai),
                    val("exchange_rate", nom.exchange_rate), rv_share=s.rv_share,
                    payment=s.payment, util=s.risk_us)
    return draws, np.broadcast_to(b - a, (samples,))


def monte_carlo(s: Scenario, *, samples: int | None = None, seed: int | None = None) -> MonteCarlo:
    """Estimate P(ZOPA) and rank the uncertain parameters by influence."""
    from scipy.stats import binomtest, spearmanr

    from alignlab import limits
    from alignlab.deals.errors import DealsError
    from alignlab.runtime.seeds import check_seed

    n = limits.check_count(samples or s.mc_samples, "Monte Carlo samples", limits.SAMPLES,
                           error=DealsError)
    sd = check_seed(s.mc_seed if seed is None else seed)
    with progress.bar(f"deals Monte Carlo: {n} draws", 1 + len(s.uncertain())) as shown:
        draws, w = sample_widths(s, n, sd)
        shown.advance()
        ok = w >= 0
        k = int(ok.sum())
        ci = binomtest(k, n).proportion_ci(confidence_level=s.confidence, method="exact")
        finite_w = np.where(np.isfinite(w), w, np.nan)
        sens = []
        for name, x in draws.items():
            shown.update(description=f"deals Monte Carlo: sensitivity to {SYMBOLS[name]}")
            rho = spearmanr(x, np.nan_to_num(w, neginf=-1e300)).statistic
            hi = x > np.median(x)
            sens.append(Sensitivity(
                name, SYMBOLS[name], float(np.nan_to_num(rho)),
                float(ok[hi].mean()) if hi.any() else float("nan"),
                float(ok[~hi].mean()) if (~hi).any() else float("nan"),
            ))
            shown.advance()
    sens.sort(key=lambda t: -abs(t.spearman))
    return MonteCarlo(
        samples=n, seed=sd, p_zopa=k / n, ci=(float(ci.low), float(ci.high)),
        confidence=s.confidence,
        mean_width=float(np.nanmean(finite_w)) if np.isfinite(finite_w).any() else float("nan"),
        sensitivities=tuple(sens),
    )
