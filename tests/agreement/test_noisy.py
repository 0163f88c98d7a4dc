"""Noisy protocols: θ → 0 reproduces `discretized`; Monte Carlo agreement with honest intervals."""

import numpy as np
import pytest

from alignlab.agreement.algorithm import run
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.instances import aumann, geanakoplos_polemarchakis
from alignlab.agreement.model import make_simple
from alignlab.agreement.noisy import realise_task, run_noisy_task, wilson
from alignlab.agreement.settings import NoisySettings, Settings


def _float_fixture(fixture, **kw):
    fx = fixture()
    parts = [a.partitions[0] for a in fx.instance.agents]
    f = [float(x) for x in fx.instance.tasks[0].objective]
    return make_simple(parts, f, **dict(dict(eps=0.1, delta=0.1), **kw)), fx.settings


@pytest.mark.parametrize("fixture", [aumann, geanakoplos_polemarchakis])
def test_bbf_tiny_theta_reproduces_discretized_on_published_dialogues(fixture):
    inst, s = _float_fixture(fixture)
    D = inst.tasks[0].D
    for s0 in range(D):
        ts, _ = _float_fixture(fixture, true_state=s0)
        det = run(ts, Settings(protocol="discretized", order=s.order, stop="fixed_point")).tasks[0]
        noisy = realise_task(inst, 0, NoisySettings.of(protocol="bbf", theta=1e-12, order=s.order,
                                                     stop="fixed_point"), s0, seed=s0)
        n = [(e.speaker, e.value) for e in noisy.transcript]
        d = [(e.speaker, e.value) for e in det.transcript]
        # at the published true state the transcripts are identical; elsewhere the noisy one may
        # stop earlier (see the next test)
        assert n == d if s0 == 0 else d[: len(n)] == n
        assert noisy.flips == 0
        assert np.allclose(noisy.expectations, [float(x) for x in det.expectations])


def test_bbf_tiny_theta_matches_discretized_on_random_instances():
    """The noisy transcript is the deterministic one up to trailing messages that carry no news at
    the realised state (the partition engine also answers news about other states' cells)."""
    rng = np.random.default_rng(1)
    longer = 0
    for trial in range(60):
        D, N = int(rng.integers(2, 10)), int(rng.integers(2, 4))
        parts = [rng.integers(0, 3, D) for _ in range(N)]
        f = (rng.integers(0, 5, D) / 4).tolist()
        w = rng.integers(1, 5, D).tolist()
        base = make_simple(parts, f, priors=[w] * N, eps=0.2)
        for s0 in range(D):
            det = run(make_simple(parts, f, priors=[w] * N, eps=0.2, true_state=s0),
                      Settings(protocol="discretized", stop="fixed_point")).tasks[0]
            nz = realise_task(base, 0, NoisySettings.of(protocol="bbf", theta=1e-12, stop="fixed_point"), s0, seed=trial)
            d = [(e.speaker, e.value) for e in det.transcript]
            n = [(e.speaker, e.value) for e in nz.transcript]
            assert d[: len(n)] == n
            longer += len(d) > len(n)
            assert np.allclose(nz.expectations, [float(x) for x in det.expectations], atol=1e-9)
    assert longer > 0  # the difference does occur, and is only ever a tail


@pytest.mark.parametrize("fixture,protocol", [(aumann, "bbf"), (geanakoplos_polemarchakis, "bbf"),
                                              (aumann, "triangular")])
def test_noisy_agreement_probability_and_its_interval(fixture, protocol):
    """The reported CI covers an independent, 5× longer run's estimate."""
    inst, s = _float_fixture(fixture, eps=0.15, delta=0.2)
    base = NoisySettings.of(protocol=protocol, order=s.order, stop="criterion", theta=0.15, b=3, alpha=0.5,
                            max_messages=12, confidence=0.99)
    short = run_noisy_task(inst, 0, base.but(runs=400, seed=1))
    long = run_noisy_task(inst, 0, base.but(runs=2000, seed=2))
    lo, hi = short.agreement["ci"]
    assert lo <= long.agreement["p"] <= hi
    assert lo < short.agreement["p"] < hi or short.agreement["p"] in (0.0, 1.0)
    assert short.agreement["p"] > 0.5  # noise or not, the dialogue still reaches agreement mostly
    assert 0 < short.flip_rate < (0.5 if protocol == "bbf" else 1.0)
    assert short.messages["mean"] > 0 and short.bits["mean"] == pytest.approx(
        short.messages["mean"] * base.channel.bits())
    d = short.as_dict()
    assert d["example"]["transcript"] and d["reference"] == "each"


def test_more_noise_means_more_messages():
    inst, s = _float_fixture(geanakoplos_polemarchakis, eps=0.15, delta=0.2)
    m = []
    for theta in (0.02, 0.2):
        r = run_noisy_task(inst, 0, NoisySettings.of(protocol="bbf", order=s.order, stop="criterion",
                                                     theta=theta, runs=300, max_messages=30, seed=3))
        m.append(r.messages["mean"])
    assert m[1] > m[0]


def test_wilson_and_bad_parameters():
    lo, hi = wilson(50, 100)
    assert lo < 0.5 < hi and hi - lo == pytest.approx(0.19, abs=0.01)
    with pytest.raises(AgreementError, match="theta must be a number in"):
        NoisySettings.of(protocol="bbf", theta=0.5)
    with pytest.raises(AgreementError, match="b must be an integer"):
        NoisySettings.of(protocol="triangular", b=0)
    with pytest.raises(AgreementError, match="runs must be an integer"):
        NoisySettings.of(protocol="triangular", runs=0)
    with pytest.raises(AgreementError, match="confidence must be a number"):
        NoisySettings.of(protocol="bbf", confidence=1)
    with pytest.raises(AgreementError, match="deterministic"):
        NoisySettings.of(protocol="expectation")
    with pytest.raises(AgreementError, match="NoisySettings"):
        run_noisy_task(make_simple([[0, 1], [0, 0]], [0, 1]), 0, Settings(protocol="bbf"))
