import math

import numpy as np
import pytest

from alignlab.agreement.algorithm import run
from alignlab.agreement.criterion import prior_distance
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.instances import (
    needle_prior,
    priors_at_distance,
    prop1_instance,
    random_instance,
    random_partition,
)
from alignlab.agreement.partitions import n_cells
from alignlab.agreement.settings import Settings


def test_priors_at_distance_hits_nu():
    rng = np.random.default_rng(0)
    base = np.full(20, 1 / 20)
    ps = priors_at_distance(base, 4, 0.3, rng)
    nu, mat = prior_distance(ps)
    assert abs(nu - 0.3) < 1e-12 and mat.shape == (4, 4)
    assert all(np.all(p > 0) and abs(p.sum() - 1) < 1e-12 for p in ps)
    with pytest.raises(AgreementError, match="too large"):
        priors_at_distance(base, 2, 1.99, rng)


def test_needle_and_partition():
    p = needle_prior(30)
    assert abs(p[0] - math.exp(-30)) < 1e-20 and abs(p.sum() - 1) < 1e-12
    lab = random_partition(50, 7, np.random.default_rng(1))
    assert n_cells(lab) == 7


def test_prop1_instance_agrees():
    inst = prop1_instance(3, 2, eps=0.1)
    assert inst.tasks[0].D == 64
    rec = run(inst, Settings(stop="criterion")).tasks[0]
    assert rec.outcome == "agreed"
    # f = (x1 + x2)/16: each announcement reveals its sender's integer
    assert rec.messages["total"] <= 2


def test_random_instance_with_prior_distance_runs_algorithm1():
    inst = random_instance(40, 3, 20, np.random.default_rng(5), nu=0.2, M=2)
    res = run(inst, Settings(max_messages=500))
    assert len(res.tasks) == 2
    for r in res.tasks:
        assert r.outcome in ("agreed", "stalled")
        assert abs(r.nu - 0.2) < 1e-9
        if r.outcome == "agreed":
            assert r.common_prior["feasible"] and r.criterion_holds
