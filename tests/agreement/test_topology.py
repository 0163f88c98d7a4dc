import pytest

from alignlab.agreement.errors import AgreementError
from alignlab.agreement.settings import Settings
from alignlab.agreement.topology import (
    check_strongly_connected,
    edges_of,
    schedule_for,
    spanning_schedule,
    tree_depths,
)


def test_not_strongly_connected_names_the_pair():
    with pytest.raises(AgreementError, match="agent 1 is unreachable from agent 3"):
        check_strongly_connected([(0, 1), (1, 2), (1, 0)], 3)
    with pytest.raises(AgreementError, match="agent 3 is unreachable from agent 1"):
        check_strongly_connected([(0, 1), (1, 0), (2, 0)], 3)


@pytest.mark.parametrize("topo", ["complete", "ring", "line", "star"])
def test_schedule_covers_outward_and_inward_trees(topo):
    N = 5
    sched = spanning_schedule(edges_of(topo, N), N)
    edges = set(edges_of(topo, N))
    assert all(e in edges for e in sched)
    # outward tree reaches everyone from agent 0, inward tree reaches agent 0 from everyone
    receivers = {r for _, r in sched}
    speakers = {s for s, _ in sched}
    assert receivers >= set(range(1, N)) and speakers >= set(range(1, N))


def test_min_depth_trees():
    assert tree_depths(edges_of("complete", 6), 6) == (1, 1)
    assert tree_depths(edges_of("ring", 6), 6) == (5, 5)
    assert tree_depths(edges_of("line", 6), 6) == (5, 5)
    assert tree_depths(edges_of("star", 6), 6) == (1, 1)


def test_broadcast_order_and_tree_pairs():
    assert schedule_for(Settings(order=[0, 1]), 2) == [(0, (1,)), (1, (0,))]
    assert schedule_for(Settings(order=[[0, 1], [1, 0]], delivery="tree"), 2) == [(0, (1,)), (1, (0,))]
    with pytest.raises(AgreementError, match="unreachable"):
        schedule_for(Settings(order=[[0, 1], [1, 2]], delivery="tree"), 3)
    with pytest.raises(AgreementError, match="unknown topology"):
        schedule_for(Settings(topology="torus"), 3)
