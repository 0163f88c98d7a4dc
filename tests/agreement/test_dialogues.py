import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlab.agreement.algorithm import run
from alignlab.agreement.instances import aumann, geanakoplos_polemarchakis
from alignlab.agreement.model import make_simple
from alignlab.agreement.partitions import cells
from alignlab.agreement.settings import Settings


@pytest.mark.parametrize("fixture", [aumann, geanakoplos_polemarchakis])
def test_published_dialogues_exact(fixture):
    fx = fixture()
    rec = run(fx.instance, fx.settings).tasks[0]
    assert tuple(e.value for e in rec.transcript) == fx.announcements
    assert [e.speaker for e in rec.transcript] == [0, 1, 0, 1]
    assert rec.outcome == "agreed"
    assert rec.expectations[0] == rec.expectations[1] == fx.announcements[-1]


@pytest.mark.parametrize("fixture", [aumann, geanakoplos_polemarchakis])
def test_published_dialogues_float_mode_same_transcript(fixture):
    fx = fixture()
    inst = fx.instance
    parts = [a.partitions[0] for a in inst.agents]
    f = [float(x) for x in inst.tasks[0].objective]
    fl = make_simple(parts, f, eps=0, true_state=0)
    rec = run(fl, fx.settings).tasks[0]
    want = [float(eval(a)) for a in fx.announcements]  # "1/3" → 0.333…
    assert np.allclose([e.value for e in rec.transcript], want)


RING = dict(parts=[[1, 0, 0, 1, 0, 1, 1, 0], [1, 0, 0, 1, 1, 0, 0, 1], [1, 1, 1, 0, 0, 0, 1, 0]],
            f=[0, 1, 0, 1, 1, 0, 0, 1])


def test_tree_and_broadcast_differ_where_they_should():
    inst = make_simple(RING["parts"], RING["f"], eps=0, exact=True, true_state=0)
    b = run(inst, Settings(topology="ring", delivery="broadcast", stop="fixed_point")).tasks[0]
    t = run(inst, Settings(topology="ring", delivery="tree", stop="fixed_point")).tasks[0]
    # agent 3 speaks third: in broadcast it heard agent 1's opening, on the ring it did not
    assert [e.value for e in b.transcript][:3] == ["1/4", "1/2", "0"]
    assert [e.value for e in t.transcript][:3] == ["1/4", "1/2", "1/3"]
    assert all(len(e.receivers) == 1 for e in t.transcript)
    assert all(len(e.receivers) == 2 for e in b.transcript)
    assert b.outcome == t.outcome == "agreed"


def test_no_common_prior_stalls_with_common_knowledge_disagreement():
    inst = make_simple([[0, 0, 0], [0, 0, 0]], [1, 0, 0], priors=[[1, 1, 1], [2, 1, 1]],
                       eps=0.05, exact=True, true_state=0)
    rec = run(inst, Settings(max_messages=1000)).tasks[0]
    assert rec.outcome == "stalled"
    assert rec.messages["total"] <= 2
    assert rec.disagreement["common_knowledge"]
    assert rec.disagreement["at_true_state"] == {"1": "1/3", "2": "1/2"}
    assert rec.disagreement["no_common_prior_witness"]["product"] == "2"


def test_message_cap():
    fx = geanakoplos_polemarchakis()
    rec = run(fx.instance, Settings(order=[0, 1], stop="fixed_point", max_messages=2)).tasks[0]
    assert rec.outcome == "cap_reached" and rec.messages["total"] == 2


def test_criterion_stop_ends_early_when_eps_is_loose():
    fx = aumann()
    inst = make_simple([a.partitions[0] for a in fx.instance.agents], [1, 0, 0, 1], eps=0.2,
                       delta=0.3, exact=True, true_state=0)
    rec = run(inst, Settings(order=[0, 1], stop="criterion")).tasks[0]
    # |1/2 − 1/3| ≤ 0.2 on states 1-3 (mass 3/4 > 1 − δ = 0.7): eq. 2 holds as soon as the common
    # prior is found — after Algorithm 1's first full round — so the agreement phase says nothing
    assert rec.messages == {"prior": 2, "agreement": 0, "total": 2} and rec.outcome == "agreed"


@st.composite
def instance(draw):
    D = draw(st.integers(2, 10))
    N = draw(st.integers(2, 4))
    parts = [draw(st.lists(st.integers(0, 2), min_size=D, max_size=D)) for _ in range(N)]
    f = draw(st.lists(st.integers(0, 3), min_size=D, max_size=D))
    w = draw(st.lists(st.integers(1, 5), min_size=D, max_size=D))
    delivery = draw(st.sampled_from(["broadcast", "tree"]))
    topo = draw(st.sampled_from(["complete", "ring", "line", "star"]))
    proto = draw(st.sampled_from(["expectation", "discretized"]))
    if proto == "discretized":
        delivery = "broadcast"  # the intermediary F is public
    return parts, [x / 3 for x in f], w, delivery, topo, proto


@settings(max_examples=40, deadline=None)
@given(instance())
def test_float_mode_matches_exact_oracle(case):
    parts, f, w, delivery, topo, proto = case
    N = len(parts)
    from fractions import Fraction
    fe = [Fraction(round(x * 3), 3) for x in f]
    s = Settings(delivery=delivery, topology=topo, protocol=proto, stop="fixed_point")
    ex = run(make_simple(parts, fe, priors=[w] * N, eps=0.2, exact=True), s).tasks[0]
    fl = run(make_simple(parts, f, priors=[w] * N, eps=0.2), s).tasks[0]
    assert ex.messages == fl.messages
    assert [sorted(c) for c in ex.cells] == [sorted(c) for c in fl.cells]  # same cells, any labelling
    assert ex.outcome == fl.outcome == "agreed"
    assert ex.refinements <= N * (len(f) - 1)  # each proper refinement adds a cell
    for i in range(N):
        assert np.allclose([float(Fraction(x)) for x in ex.expectations[i]], fl.expectations[i])


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 40), st.integers(2, 5), st.integers(0, 2**31))
def test_vectorised_round_matches_set_based_reference(D, N, seed):
    from alignlab.agreement.dialogue import Dialogue
    from alignlab.agreement.reference import broadcast_round
    from alignlab.agreement.registry import get

    rng = np.random.default_rng(seed)
    parts = [rng.integers(0, max(1, D // 3), D) for _ in range(N)]
    p = rng.integers(1, 5, D) / 1.0
    p /= p.sum()
    f = rng.integers(0, 3, D) / 2
    said, ref_parts = broadcast_round(parts, [p] * N, f, list(range(N)))
    for track in (True, False):
        dlg = Dialogue(parts, [p] * N, [f] * N, exact=False, eps=0.1, track_refined=track)
        proto = get("expectation")
        for sp in range(N):
            msg = proto.message(dlg, sp)
            assert np.allclose(msg.values, said[sp], atol=1e-9)
            dlg.deliver(msg, [r for r in range(N) if r != sp])
        for i in range(N):
            got = sorted(sorted(c.tolist()) for c in cells(dlg.partition(i)))
            assert got == sorted(sorted(c) for c in ref_parts[i])
