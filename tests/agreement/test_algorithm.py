import numpy as np

from alignlab.agreement.algorithm import run
from alignlab.agreement.config import parse_config
from alignlab.agreement.model import make_simple
from alignlab.agreement.settings import Settings


def test_prior_phase_then_agreement():
    # Π1 = {12|34}, Π2 = {13|24} with priors that admit no common prior (cycle product 2); one
    # message from agent 1 makes agent 2's partition discrete, and a common prior exists — but
    # Algorithm 1 only asks after the full round (agent 2 speaks too).
    inst = make_simple([[0, 0, 1, 1], [0, 1, 0, 1]], [1, 0, 0, 0], priors=[[1, 1, 1, 1], [1, 1, 1, 2]],
                       eps=0.05, delta=0.1, exact=True, true_state=0)
    rec = run(inst, Settings(order=[0, 1], stop="criterion")).tasks[0]
    assert rec.messages["prior"] == 2
    assert rec.common_prior["feasible"]
    assert rec.outcome == "agreed" and rec.criterion_holds
    assert [e.phase for e in rec.transcript[:2]] == ["prior", "prior"]


def test_common_prior_is_constructed_after_each_full_round(monkeypatch):
    """Algorithm 1, lines 3–11: repeat {every agent sends; refine} until ConstructCommonPrior
    succeeds — a do-while, checked after each full round, never before the first message."""
    import alignlab.agreement.algorithm as alg

    seen = []
    real = alg.construct_common_prior

    def spy(labels, priors, **kw):
        res = real(labels, priors, **kw)
        seen.append(res.feasible)
        return res

    monkeypatch.setattr(alg, "construct_common_prior", spy)
    # identical priors: a common prior exists from the start, yet one round is spoken first
    inst = make_simple([[0, 0, 1, 1], [0, 1, 1, 1]], [1, 0, 0, 1], eps=0.05, delta=0.1, exact=True)
    rec = run(inst, Settings(order=[0, 1], stop="fixed_point")).tasks[0]
    assert seen == [True] and rec.messages["prior"] == 2
    # no common prior until agent 1's message splits 3|4 for agent 2: rounds of 3 speakers
    seen.clear()
    inst = make_simple([[0, 0, 1, 1], [0, 1, 0, 1], [0, 0, 0, 0]], [1, 0, 0, 0],
                       priors=[[1, 1, 1, 1], [1, 1, 1, 2], [1, 1, 1, 1]], eps=0.05, delta=0.1, exact=True)
    rec = run(inst, Settings(order=[0, 1, 2], stop="fixed_point")).tasks[0]
    assert rec.messages["prior"] % 3 == 0 and len(seen) == rec.messages["prior"] // 3
    assert seen[-1] and not any(seen[:-1])


def test_reference_measures_recorded():
    base = {"states": 3, "partitions": [[[1, 2], [3]], [[1], [2, 3]]], "objective": [0, 1, 0.5],
            "eps": 0.1, "delta": 0.5, "exact": True, "stop": "criterion"}
    for ref, name in (("each", "each"), ("common", "common"), ([1, 1, 2], "explicit")):
        inst, s = parse_config(dict(base, reference=ref))
        rec = run(inst, s).tasks[0]
        assert rec.reference == name
        assert rec.outcome == "agreed"


def test_per_agent_objectives():
    # each agent estimates its own objective: agreement is not guaranteed, and the record says so
    cfg = {"states": 2, "partitions": [[[1, 2]], [[1, 2]]],
           "objective": [{"indicator": [1]}, {"indicator": [1, 2]}], "eps": 0.1, "exact": True,
           "stop": "criterion"}
    inst, s = parse_config(cfg)
    assert inst.tasks[0].objectives is not None
    rec = run(inst, s).tasks[0]
    assert rec.expectations == [["1/2", "1/2"], ["1", "1"]]
    assert rec.outcome == "stalled"


def test_messages_within_theorem1_and_refinement_count():
    rng = np.random.default_rng(11)
    from alignlab.agreement.instances import random_instance

    for _ in range(5):
        inst = random_instance(50, 4, 10, rng, eps=0.1, delta=0.1)
        for delivery in ("broadcast", "tree"):
            rec = run(inst, Settings(delivery=delivery, topology="ring", stop="fixed_point")).tasks[0]
            assert rec.outcome == "agreed"
            assert rec.refinements <= 4 * 49
            assert rec.messages["total"] <= rec.bound_messages


def test_untracked_broadcast_gives_the_same_run():
    """Large-D mode (listeners brought up to date lazily) must not change what happens."""
    from alignlab.agreement.instances import random_instance

    rng = np.random.default_rng(4)
    outcomes = set()
    for k in range(6):
        inst = random_instance(120, 3, 12 if k % 2 else 60, rng, nu=0.1, eps=0.05, delta=0.05)
        a = run(inst, Settings(track_refined=True)).tasks[0]
        b = run(inst, Settings(track_refined=False)).tasks[0]
        assert a.messages == b.messages and a.outcome == b.outcome
        assert [e.speaker for e in a.transcript] == [e.speaker for e in b.transcript]
        assert a.agreement_matrix == b.agreement_matrix and a.common_prior["feasible"] == b.common_prior["feasible"]
        assert all(e.refined is None for e in b.transcript)
        outcomes.add(a.outcome)
    assert outcomes == {"agreed", "stalled"}
