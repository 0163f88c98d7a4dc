"""The authors' table (spec "Reference numbers") reproduced with their bookkeeping."""

import math

import pytest

from alignlab.guardrails import Setting, simulate, summarise
from alignlab.guardrails.reference import REFERENCE, REFERENCE_EPISODES

EPISODES = 4000


@pytest.mark.slow
@pytest.mark.parametrize("ref", REFERENCE, ids=lambda r: f"C={r.threshold:g}-{r.guardrail}")
def test_reference_row_within_three_combined_standard_errors(ref):
    """Each of reward, deaths and stop rate within 3 combined standard errors (the authors'
    ± 2 s.e. halved; their stop rate's s.e. from the binomial with 1000 episodes), with
    ``--death-rule reference`` (a death on the 25th pull is not counted) and seed 0."""
    m = summarise(simulate(Setting(ref.guardrail, ref.threshold, ref.alpha), EPISODES, 0),
                  "reference")
    stop_se = math.sqrt(ref.stop_rate * (1 - ref.stop_rate) / REFERENCE_EPISODES)
    for ours, ours_se, theirs, theirs_se in (
            (m.reward_mean, m.reward_se, ref.reward, ref.reward_2se / 2),
            (m.death_rate, m.death_se, ref.deaths, ref.deaths_2se / 2),
            (m.stop_rate, m.stop_se, ref.stop_rate, stop_se)):
        se = math.hypot(ours_se, theirs_se)
        assert abs(ours - theirs) <= 3 * se + 1e-12, (ours, theirs, se)
