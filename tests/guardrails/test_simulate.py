"""The vectorised simulator: determinism, equality with a per-episode loop, bookkeeping, and the
closed-form stop rates (spec "Exact checks")."""

import json
import math

import numpy as np
import pytest

from alignlab.guardrails import (
    Bandit,
    GuardrailsError,
    Outcomes,
    Setting,
    Tally,
    cheating_stop_rate,
    first_pull_stop_rate,
    run_block,
    simulate,
    summarise,
)
from alignlab.guardrails.simulate import BLOCK, block_episodes

CONFIGS = [("none", 0.01, None, "groups"), ("cheating", 0.01, None, "groups"),
           ("posterior", 0.1, None, "groups"), ("iid", 0.1, None, "groups"),
           ("non-iid", 0.1, 1e-4, "groups"), ("non-iid", 0.01, 0.3, "index"),
           ("non-iid", 0.1, 1.0, "random"), ("non-iid", 0.1, 0.1, "groups")]


def _equal(a: Outcomes, b: Outcomes) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in
               ("reward", "exploded", "exploded_last", "stopped", "stopped_first", "pulls"))


@pytest.mark.parametrize(("g", "c", "a", "ties"), CONFIGS)
def test_vectorised_equals_a_per_episode_loop(g, c, a, ties):
    s = Setting(g, c, a, ties)
    eps = block_episodes(s, 3, 0, 60)
    vec = run_block(s, eps)
    loop = Outcomes.concat([run_block(s, eps.slice(i, i + 1)) for i in range(len(eps))])
    assert _equal(vec, loop)


def test_same_seed_same_numbers_and_prefix_stability():
    s = Setting("non-iid", 0.01, 0.3, "random")
    long = simulate(s, 600, 11)
    a = json.dumps(summarise(long).to_dict())
    assert a == json.dumps(summarise(simulate(s, 600, 11)).to_dict())
    assert a != json.dumps(summarise(simulate(s, 600, 12)).to_dict())
    # the first n episodes do not depend on how many follow
    short = simulate(s, 200, 11)
    assert np.array_equal(long.reward[:200], short.reward)
    assert BLOCK == 500  # changing the block size changes every number: keep it fixed


def test_bookkeeping():
    s = Setting("iid", 0.1)
    out = simulate(s, 600, 0)
    stopped = out.stopped
    assert np.all(out.pulls[out.stopped_first] == 0) and np.all(out.reward[out.stopped_first] == 0)
    assert np.all(out.pulls[stopped] < 25)  # the real count, not 25
    assert not np.any(stopped & out.exploded)
    assert np.all(out.pulls[~stopped & ~out.exploded] == 25)
    assert np.all(out.exploded_last <= out.exploded)
    assert np.all(out.pulls[out.exploded_last] == 25)
    none = simulate(Setting("none", 0.5), 600, 0)
    assert not none.stopped.any()
    ref, alld = summarise(none, "reference"), summarise(none, "all")
    assert ref.death_rate == alld.death_rate - none.exploded_last.mean()
    assert none.exploded_last.any()  # the two rules really differ
    with pytest.raises(GuardrailsError, match="death rule"):
        summarise(none, "authors")


def test_one_pull_episodes_reference_rule_counts_no_death():
    s = Setting("none", 0.5, bandit=Bandit(pulls=1))
    out = simulate(s, 2000, 0)
    assert summarise(out, "reference").death_rate == 0
    assert summarise(out, "all").death_rate > 0.15  # P(r > 4) at the first pull


def test_cheating_verdict_is_fixed_so_it_stops_only_at_the_first_pull():
    out = simulate(Setting("cheating", 0.01), 1000, 5)
    assert np.array_equal(out.stopped, out.stopped_first)


@pytest.mark.parametrize(("c", "spec"), [(1e-3, 0.656), (1e-2, 0.201), (1e-1, 0.026)])
def test_cheating_stop_rate_closed_form_and_simulation(c, spec):
    exact = cheating_stop_rate(c)
    assert round(exact, 3) == spec
    # the verdict is made before the first pull, so one-pull episodes give the same stop rate
    n = 10_000
    m = summarise(simulate(Setting("cheating", c, bandit=Bandit(pulls=1)), n, 0))
    assert abs(m.stop_rate - exact) < 3 * math.sqrt(exact * (1 - exact) / n)


@pytest.mark.parametrize(("c", "spec"), [(1e-3, 0.990), (1e-2, 0.898), (1e-1, 0.570)])
def test_prop_3_4_first_pull_stop_rate(c, spec):
    exact = first_pull_stop_rate(c)
    assert round(exact, 3) == spec
    n = 10_000
    one = Bandit(pulls=1)
    m = summarise(simulate(Setting("iid", c, bandit=one), n, 0))
    assert abs(m.stop_first_rate - exact) < 3 * math.sqrt(exact * (1 - exact) / n)
    # Prop 4.6 with α ≤ 2^-10 (any tie rule), or the groups rule at any α, is exactly as cautious
    m = summarise(simulate(Setting("iid", c, bandit=one), 1000, 0))
    for a, ties in ((2.0**-10, "index"), (1e-5, "random"), (1.0, "groups")):
        m46 = summarise(simulate(Setting("non-iid", c, a, ties, bandit=one), 1000, 0))
        assert m46.stop_first_rate == m.stop_first_rate


def test_tally_adds_blocks_and_summary_uses_ddof_1():
    s = Setting("posterior", 0.1)
    a, b = simulate(s, 500, 0), simulate(s, 1000, 0)
    t = Tally.of(Outcomes.concat([a])) + Tally.of(
        Outcomes(*(getattr(b, f)[500:] for f in
                   ("reward", "exploded", "exploded_last", "stopped", "stopped_first", "pulls"))))
    m = t.summary()
    assert m.episodes == 1000
    assert m.reward_mean == pytest.approx(b.reward.mean(), rel=1e-12)
    assert m.reward_se == pytest.approx(b.reward.std(ddof=1) / math.sqrt(1000), rel=1e-9)
    assert m.death_se == pytest.approx(b.exploded.std(ddof=1) / math.sqrt(1000), rel=1e-9)
    assert Tally.from_dict(t.to_dict()) == t


@pytest.mark.parametrize(("kw", "frag"), [
    ({"guardrail": "oracle", "threshold": 0.1}, "unknown guardrail"),
    ({"guardrail": "non-iid", "threshold": 0.1}, "needs alpha"),
    ({"guardrail": "iid", "threshold": 0.1, "alpha": 0.1}, "only applies to the non-iid"),
    ({"guardrail": "iid", "threshold": 1.5}, "threshold C must be in"),
    ({"guardrail": "non-iid", "threshold": 0.1, "alpha": 2.0}, "alpha must be in"),
    ({"guardrail": "non-iid", "threshold": 0.1, "alpha": 0.1, "ties": "sorted"}, "tie rule"),
    ({"guardrail": "none", "threshold": 0.1, "beta": -1}, "beta"),
])
def test_setting_validation(kw, frag):
    with pytest.raises(GuardrailsError, match=frag):
        Setting(**kw)


def test_episode_and_seed_validation():
    s = Setting("none", 0.1)
    with pytest.raises(GuardrailsError, match="episodes"):
        simulate(s, 0, 0)
    with pytest.raises(GuardrailsError, match="seed"):
        simulate(s, 10, -1)
