"""Conformance: every registered deterministic protocol must pass these (new ones included)."""

import numpy as np
import pytest

from alignlab.agreement import registry
from alignlab.agreement.algorithm import run
from alignlab.agreement.dialogue import Dialogue
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.instances import random_instance
from alignlab.agreement.partitions import join, n_cells
from alignlab.agreement.settings import NoisySettings, Settings


@pytest.mark.parametrize("name", registry.names())
def test_protocol_conformance(name):
    proto = registry.get(name)
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
    with pytest.raises(AgreementError, match="allowed: bbf, discretized, expectation, triangular"):
        registry.get("telepathy")


def test_discretized_needs_broadcast():
    with pytest.raises(AgreementError, match="broadcast"):
        Settings(protocol="discretized", delivery="tree")


def test_discretized_buckets():
    from alignlab.agreement.model import make_simple
    inst = make_simple([[0, 0, 1, 1], [0, 0, 0, 0]], [1, 0, 0.5, 0.5], eps=0.4)
    rec = run(inst, Settings(protocol="discretized", order=[0, 1], stop="fixed_point")).tasks[0]
    # agent 1: E = 0.5 on both cells, F (no info) says 0.5 → Medium everywhere: nothing to learn
    assert rec.transcript[0].value == ["Medium"] * 4
    assert rec.outcome == "agreed"


NOISY = [n for n in registry.names() if not registry.get(n).deterministic]


def _observations(proto, code):
    from alignlab.agreement.channels import BBF
    if isinstance(proto, BBF):
        return range(3)
    return range(code - proto.L, code + proto.L + 1)


@pytest.mark.parametrize("name", NOISY)
def test_noisy_protocol_conformance(name):
    """Every registered noisy protocol: a channel (rows sum to 1, sampling follows it), a
    noise-free input measurable in the sender's information, Bayes updates of λ, broadcast only."""
    from alignlab.agreement.noisy import NoisyDialogue

    proto = NoisySettings.of(protocol=name, theta=0.2, b=3, alpha=0.5).channel
    assert proto.name == name and proto.broadcast_only and proto.bits() > 0
    rng = np.random.default_rng(3)
    inst = random_instance(40, 3, 5, rng, eps=0.2)
    dlg = NoisyDialogue([a.partitions[0] for a in inst.agents], [a.priors[0] for a in inst.agents],
                        [inst.tasks[0].objective] * 3, eps=0.2)
    for sender in range(3):
        codes = proto.codes(dlg, sender)
        assert codes.shape == (40,) and codes.dtype.kind == "i"
        lab = inst.agents[sender].partitions[0]
        for c in np.unique(lab):  # λ is public, so the input depends on the sender's cell only
            assert len(np.unique(codes[lab == c])) == 1
        msg = proto.message(dlg, sender)
        assert msg.values.shape == (40,)
        for code in np.unique(codes).tolist():
            obs = list(_observations(proto, code))
            like = np.array([proto.likelihood(np.array([code]), y)[0] for y in obs])
            assert np.all(like >= 0) and like.sum() == pytest.approx(1.0)
            draws = np.array([proto.sample(code, rng) for _ in range(4000)])
            freq = np.array([(draws == y).mean() for y in obs])
            assert set(draws.tolist()) <= set(obs)
            assert np.all(np.abs(freq - like) <= 4 * np.sqrt(like * (1 - like) / 4000) + 1e-9)
        before = dlg.lam.copy()
        y = proto.sample(int(codes[0]), rng)
        dlg.update(proto.likelihood(codes, y))
        post = before * proto.likelihood(codes, y)
        assert np.allclose(dlg.lam, post / post.max())  # Bayes: λ ∝ λ · P(y | c(s))
    with pytest.raises(AgreementError, match="broadcast"):
        NoisySettings.of(protocol=name, delivery="tree")
    with pytest.raises(AgreementError, match="noisy"):
        run(inst, Settings(protocol=name))


def test_indicator_likelihood_is_the_partition_engine():
    """Deterministic protocols are the special case of an indicator λ (the public cell)."""
    from alignlab.agreement.noisy import NoisyDialogue

    rng = np.random.default_rng(5)
    inst = random_instance(30, 2, 4, rng)
    parts = [a.partitions[0] for a in inst.agents]
    pri = [a.priors[0] for a in inst.agents]
    f = [inst.tasks[0].objective] * 2
    dlg = Dialogue(parts, pri, f, exact=False, eps=0.1)
    msg = registry.get("expectation").message(dlg, 0)
    dlg.deliver(msg, [1])
    s0 = 7
    nd = NoisyDialogue(parts, pri, f, eps=0.1)
    nd.update((dlg.public == dlg.public[s0]).astype(float))
    assert nd.expectation(1)[s0] == pytest.approx(dlg.expectation(1)[s0], abs=1e-12)
