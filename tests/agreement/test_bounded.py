"""Sampling-tree agents (App. G.2): eq. 11's draws, B^R work, convergence to exact agents, costs by kind."""

import itertools

import numpy as np
import pytest

from alignlab.agreement.bounded import Costs, exact_codes, run_bounded
from alignlab.agreement.bounds import t_nq, tree_draws
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.model import make_simple

# exact messages sit on the grid (0.25), so rounding cannot hide estimation error
INST = make_simple([[0, 0, 1, 1], [0, 1, 0, 1]], [1, 0, 0.5, 0.5], eps=0.1, kinds=["human", "ai"])


@pytest.mark.parametrize("B,R", [(2, 10), (3, 4), (16, 3), (64, 2)])
def test_paper_tree_draws_eq11_per_agent(B, R):
    """Eq. 11: B + B² + … + B^R draws per tree; Lemma 4: every agent builds one, time
    (B + … + B^R)·T_{N,q} with one f evaluation per node."""
    c = Costs(eval_human=7, eval_ai=1, sample_human=5, sample_ai=2)
    r = run_bounded(INST, B=B, R=R, grid=0.25, seed=1, costs=c)
    assert r.tree == "paper" and r.eq11_draws == tree_draws(B, R) == sum(B**k for k in range(1, R + 1))
    assert r.samples == (r.eq11_draws,) * 2 == r.evals and sum(r.samples) == r.bound_samples
    assert r.time == pytest.approx(r.eq11_draws * t_nq(2, 1, 5, 2, 7, 1))


def test_b2_r10_is_2046_draws_not_59048():
    r = run_bounded(INST, B=2, R=10, grid=0.25, seed=0)
    assert r.samples[0] == 2046
    rec = run_bounded(INST, B=2, R=10, grid=0.25, seed=0, tree="recursive")
    assert rec.bound_samples == 3**10 - 1 == 59048 and sum(rec.samples) <= 59048


def _mean_work(B, R, seeds=8):
    return np.mean([run_bounded(INST, B=B, R=R, grid=0.25, true_state=s % 4, seed=s, tree="recursive").work
                    for s in range(seeds)])


@pytest.mark.parametrize("R,B1,B2", [(2, 64, 256), (3, 16, 48)])
def test_recursive_tree_work_grows_as_B_to_the_R(R, B1, B2):
    slope = np.log(_mean_work(B2, R) / _mean_work(B1, R)) / np.log(B2 / B1)
    assert R - 0.35 < slope < R + 0.35
    r = run_bounded(INST, B=B2, R=R, grid=0.25, seed=0, tree="recursive")
    assert sum(r.samples) <= r.bound_samples == (B2 + 1) ** R - 1


@pytest.mark.parametrize("tree", ["paper", "recursive"])
def test_messages_converge_to_exact_agents(tree):
    agree, err = [], []
    for B in (4, 16, 64, 256):
        rs = [run_bounded(INST, B=B, R=2, grid=0.25, true_state=s % 4, seed=s, tree=tree) for s in range(10)]
        agree.append(np.mean([r.agrees_with_exact for r in rs]))
        err.append(np.mean([np.abs(np.subtract(r.estimates, r.exact_values)).mean() for r in rs]))
    assert agree[-1] == 1.0 and agree[0] < 0.5
    assert err[-1] < err[1] < err[0]
    assert all(a <= b + 0.1 for a, b in itertools.pairwise(agree))


def test_recursive_costs_split_by_humans_and_ais():
    c = Costs(eval_human=7, eval_ai=1, sample_human=5, sample_ai=2)
    r = run_bounded(INST, B=16, R=3, grid=0.25, seed=4, costs=c, tree="recursive")
    h, a = r.by_kind["human"], r.by_kind["ai"]
    assert h["agents"] == [1] and a["agents"] == [2]
    assert h["samples"] == r.samples[0] and a["evals"] == r.evals[1]
    assert h["time"] == 5 * h["samples"] + 7 * h["evals"]
    assert a["time"] == 2 * a["samples"] + 1 * a["evals"]
    assert r.time == h["time"] + a["time"] and r.work == sum(r.samples) + sum(r.evals)
    # speakers alternate 1, 2, 1: the human pays for messages 1 and 3 (the deep one)
    assert r.speakers == (1, 2, 1) and h["samples"] > a["samples"] > 0
    for tree in ("recursive", "paper"):
        one = run_bounded(INST, B=16, R=3, grid=0.25, seed=4, costs=c, tree=tree)
        assert one.as_dict() == run_bounded(INST, B=16, R=3, grid=0.25, seed=4, costs=c, tree=tree).as_dict()


def test_exact_oracle_and_errors():
    labels = [a.partitions[0] for a in INST.agents]
    _codes, vals = exact_codes(labels, [a.priors[0] for a in INST.agents], [INST.tasks[0].objective] * 2,
                              [0, 1, 0], 0.25)
    assert vals[:, 0].tolist() == [0.5, 0.75, 1.0]  # agent 1 learns the state from agent 2's 3/4
    with pytest.raises(AgreementError, match="B ≥ 1"):
        run_bounded(INST, B=0, R=2)
    with pytest.raises(AgreementError, match="not a state"):
        run_bounded(INST, B=2, R=2, true_state=9)
    with pytest.raises(AgreementError, match="unknown sampling tree"):
        run_bounded(INST, B=2, R=2, tree="forest")
