"""Conformance: every registered deterministic protocol must pass these (new ones included)."""

import numpy as np
import pytest

from alignlab.agreement import protocols
from alignlab.agreement.algorithm import Settings, run
from alignlab.agreement.dialogue import Dialogue
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.instances import random_instance
from alignlab.agreement.partitions import join, n_cells


@pytest.mark.parametrize("name", protocols.names())
def test_protocol_conformance(name):
    proto = protocols.get(name)
    assert proto.name == name
    if not proto.deterministic:
        pytest.skip("noisy protocols have their own conformance test")
    rng = np.random.default_rng(7)
    inst = random_instance(60, 3, 6, rng, eps=0.1)
    j = 0
    dlg = Dialogue([a.partitions[j] for a in inst.agents], [a.priors[j] for a in inst.agents],
                   [inst.tasks[j].objective] * 3, exact=False, eps=0.1)
    for sender in range(3):
        msg = proto.message(dlg, sender)
        assert msg.values.shape == (60,)
        assert msg.bits > 0
        # the message is a function of what the sender and the public know (measurable)
        info = join(dlg.labels[sender], dlg.public) if proto.uses_public else dlg.labels[sender]
        new, split = msg.split(info)
        assert not split and n_cells(new) == n_cells(info)
        if msg.keys is not None:  # equal keys ⇔ equal values
            assert msg.keys.shape == (60,)
            for k in np.unique(msg.keys):
                assert len(np.unique(np.round(np.asarray(msg.values[msg.keys == k], float), 6))) == 1
        dlg.deliver(msg, [r for r in range(3) if r != sender])
    delivery = "broadcast"
    rec = run(inst, Settings(protocol=name, delivery=delivery, stop="fixed_point")).tasks[0]
    assert rec.outcome == "agreed"
    assert rec.messages["total"] <= 3 * 3 * 60  # within N²D (common prior: no prior phase)


def test_unknown_protocol_lists_allowed():
    with pytest.raises(AgreementError, match="allowed: discretized, expectation"):
        protocols.get("telepathy")


def test_discretized_needs_broadcast():
    inst = random_instance(10, 2, 3, np.random.default_rng(0))
    with pytest.raises(AgreementError, match="broadcast"):
        run(inst, Settings(protocol="discretized", delivery="tree"))


def test_discretized_buckets():
    from alignlab.agreement.model import make_simple
    inst = make_simple([[0, 0, 1, 1], [0, 0, 0, 0]], [1, 0, 0.5, 0.5], eps=0.4)
    rec = run(inst, Settings(protocol="discretized", order=[0, 1], stop="fixed_point")).tasks[0]
    # agent 1: E = 0.5 on both cells, F (no info) says 0.5 → Medium everywhere: nothing to learn
    assert rec.transcript[0].value == ["Medium"] * 4
    assert rec.outcome == "agreed"
