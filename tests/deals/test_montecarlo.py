"""Monte Carlo P(ZOPA): deterministic per seed, interval covers the exact probability."""

import numpy as np
import pytest

from alignlab.deals import analyze, monte_carlo, parse_scenario


def uncertain(seed=0, samples=20000):
    return parse_scenario({
        "ai_reservation_price": {"dist": "uniform", "low": 0, "high": 100},
        "our_willingness_to_pay": 100,
        "credibility_us": 1, "credibility_ai": 0.5,
        "monte_carlo": {"seed": seed, "samples": samples},
    })


def test_ci_covers_exact_probability():
    # ZOPA iff r <= 50, r ~ U(0, 100) → P = 0.5 exactly
    mc = monte_carlo(uncertain())
    assert mc.ci[0] <= 0.5 <= mc.ci[1]
    assert mc.ci[1] - mc.ci[0] < 0.02


def test_same_seed_same_answer_and_seed_matters():
    assert monte_carlo(uncertain(1)) == monte_carlo(uncertain(1))
    assert monte_carlo(uncertain(1)).p_zopa != monte_carlo(uncertain(2)).p_zopa


def test_sensitivities_rank_the_uncertain_parameters():
    s = parse_scenario({
        "ai_reservation_price": {"dist": "uniform", "low": 10, "high": 60},
        "our_willingness_to_pay": {"dist": "uniform", "low": 99, "high": 101},
        "credibility_us": {"dist": "beta", "a": 5, "b": 2},
        "credibility_ai": 0.5,
    })
    mc = analyze(s).monte_carlo
    assert mc.sensitivities[0].symbol == "r"
    assert mc.sensitivities[-1].symbol == "w"
    r = mc.sensitivities[0]
    assert r.spearman < 0 and r.p_zopa_low > r.p_zopa_high


def test_truncated_normal_stays_in_domain():
    s = parse_scenario({"ai_reservation_price": 10, "our_willingness_to_pay": 100,
                        "credibility_us": {"dist": "normal", "mean": 0.9, "sd": 0.3},
                        "credibility_ai": 0.5})
    d = s.uncertain()["credibility_us"]
    x = d.sample(np.random.default_rng(0), 10000)
    assert x.min() > 0 and x.max() <= 1
    assert d.mean == pytest.approx(x.mean(), abs=0.01)
