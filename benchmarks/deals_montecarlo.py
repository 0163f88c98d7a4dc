"""Monte Carlo P(ZOPA): the vectorised sampler against a per-draw Python loop.

Prints draws per second for both and their ratio. Run: .venv/bin/python benchmarks/deals_montecarlo.py
"""

from __future__ import annotations

import time

from alignlab.deals import parse_scenario
from alignlab.deals.analysis import prices
from alignlab.deals.montecarlo import sample_widths

SCENARIO = parse_scenario({
    "ai_reservation_price": {"dist": "lognormal", "mean_log": 3.0, "sd_log": 0.5},
    "our_willingness_to_pay": {"dist": "uniform", "low": 80, "high": 120},
    "credibility_us": {"dist": "beta", "a": 4, "b": 2},
    "credibility_ai": {"dist": "uniform", "low": 0.2, "high": 0.8},
    "risk_aversion": {"us": {"utility": "crra", "eta": 2, "wealth": 500}},
})


def loop(n: int, seed: int) -> float:
    """The straightforward way: one point analysis per joint draw."""
    draws, _ = sample_widths(SCENARIO, n, seed)
    ok = 0
    for i in range(n):
        s = SCENARIO.nominal(r=draws["ai_reservation_price"][i], w=draws["our_willingness_to_pay"][i],
                             c_us=draws["credibility_us"][i], c_ai=draws["credibility_ai"][i])
        a, b = prices(s)
        ok += a <= b
    return ok / n


def main() -> None:
    n_loop, n_vec = 2_000, 200_000
    t = time.perf_counter()
    p_loop = loop(n_loop, 0)
    rate_loop = n_loop / (time.perf_counter() - t)
    t = time.perf_counter()
    _, w = sample_widths(SCENARIO, n_vec, 0)
    p_vec = float((w >= 0).mean())
    rate_vec = n_vec / (time.perf_counter() - t)
    _, w_small = sample_widths(SCENARIO, n_loop, 0)
    assert abs(float((w_small >= 0).mean()) - p_loop) < 1e-12, "loop and vectorised disagree"
    print(f"per-draw loop : {rate_loop:12,.0f} draws/s   (P(ZOPA) {p_loop:.4f}, n={n_loop})")
    print(f"vectorised    : {rate_vec:12,.0f} draws/s   (P(ZOPA) {p_vec:.4f}, n={n_vec})")
    print(f"ratio         : {rate_vec / rate_loop:12,.0f}x")


if __name__ == "__main__":
    main()
