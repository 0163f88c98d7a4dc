"""Bounded agents (§5.2, App. G.2): estimates from sampling trees, with exact cost accounting.

A bounded agent can only (1) evaluate f at a state (cost T_eval of its kind) and (2) draw a state
from any agent's *unconditional* prior (cost T_sample of its kind); knowing partitions (who knows
what at a state) is free (Requirement 1). The protocol is the expectation protocol on a grid:
message ℓ, by the ℓ-th speaker k_ℓ of the broadcast cycle, is its estimate of
E_{P^k}[f^k | Π^k ∩ history] rounded to ``grid`` (a code ⌊e/grid⌉), so simulated and real messages
can be compared exactly. Two trees:

``tree="paper"`` — App. G.2 (I), eq. 11 and Lemma 4, as printed: a tree of height R and branching
B whose level ℓ+1 nodes are fresh draws from the prior of the agent active at level ℓ (the speaker
of message ℓ+1): B + B² + … + B^R draws (eq. 11), each labelled once with f (Lemma 4's evaluation
overhead). Every agent builds its tree offline; with a *public coin* (one seed) the N trees are
identical, so simulations agree, and each agent pays for its own copy — Lemma 4's time
(B + … + B^R)·T_{N,q} exactly. Where App. G.2 (II) is open ("sums over the relevant subtree that
corresponds to the messages", "Δ-updates" of Aaronson §4.2) we read: message ℓ at a hypothetical
state x is the mean of f over the level-ℓ nodes consistent with x — in the speaker's cell Π^k(x)
and with the same simulated history of messages 1..ℓ−1 as x (the history at a node's own state,
computed level by level from the shallower levels, for all states at once). The transcript is the
messages at the true state. No consistent node: the mean over the in-cell nodes, else the level.

``tree="recursive"`` — ours: each message at a node draws B fresh children for that node, and a
child's history is simulated on its own fresh subtree, recursively. Without pruning that is
(B+1)^R − 1 draws (W(ℓ) = (B+1)·W(ℓ−1) + B), not eq. 11's count; children outside the speaker's
cell are never expanded and a child is dropped at its first mismatch, so the measured count is
below that bound and grows as B^R times acceptance rates. Each draw and evaluation is charged to
the speaker of the root message whose subtree it belongs to.

The oracle is the same protocol run by exact agents (:func:`exact_codes`): partitions refined by
the rounded messages, all states at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from alignlab.agreement.bounds import tree_draws
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.model import Instance
from alignlab.agreement.partitions import conditional_expectation, meet, refine

MAX_DRAWS = 50_000_000


@dataclass(frozen=True)
class Costs:
    """Unit times T_eval,H, T_eval,AI, T_sample,H, T_sample,AI (defaults: humans 10× slower)."""

    eval_human: float = 10.0
    eval_ai: float = 1.0
    sample_human: float = 10.0
    sample_ai: float = 1.0

    def check(self) -> None:
        for k, v in self.__dict__.items():
            if not v >= 0:
                raise AgreementError(f"cost {k} must be ≥ 0, got {v}")


@dataclass(frozen=True, eq=False)
class BoundedResult:
    """One bounded dialogue: messages, the exact agents' messages, and the work, by agent and kind."""

    B: int
    R: int
    grid: float
    true_state: int
    speakers: tuple[int, ...]
    codes: tuple[int, ...]  # announced codes (message = code · grid)
    estimates: tuple[float, ...]  # unrounded estimates at the root
    exact_codes: tuple[int, ...]
    exact_values: tuple[float, ...]  # exact agents' unrounded expectations
    samples: tuple[int, ...]  # per agent
    evals: tuple[int, ...]
    by_kind: dict  # {"human": {"samples", "evals", "time"}, "ai": {...}}
    bound_samples: int  # total draws of the unpruned trees: N·eq. 11 (paper), (B+1)^R − 1 (recursive)
    tree: str = "paper"
    eq11_draws: int = 0  # B + B² + … + B^R, one tree (eq. 11)
    extra: dict = field(default_factory=dict)

    @property
    def work(self) -> int:
        """Total draws plus f evaluations."""
        return int(sum(self.samples) + sum(self.evals))

    @property
    def time(self) -> float:
        return float(sum(v["time"] for v in self.by_kind.values()))

    @property
    def agrees_with_exact(self) -> bool:
        return self.codes == self.exact_codes

    def as_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "extra"}
        d.update(work=self.work, time=self.time, agrees_with_exact=self.agrees_with_exact,
                 messages=[c * self.grid for c in self.codes], **self.extra)
        return d


class _Tree:
    """Ours (``tree="recursive"``): a public-coin tree expanded lazily, fresh children per message,
    with per-agent counters."""

    def __init__(self, labels, priors, fs, speakers, B, grid, rng, N):
        self.labels, self.priors, self.f = labels, priors, fs
        self.cdf = [np.cumsum(p) / p.sum() for p in priors]
        self.speakers, self.B, self.grid, self.rng = speakers, B, grid, rng
        self.samples = np.zeros(N, dtype=np.int64)
        self.evals = np.zeros(N, dtype=np.int64)

    def draw(self, k: int, shape: tuple[int, int], payer: int) -> np.ndarray:
        self.samples[payer] += shape[0] * shape[1]
        if self.samples.sum() > MAX_DRAWS:
            raise AgreementError(f"sampling tree needs more than {MAX_DRAWS} draws; lower B or R")
        u = self.rng.random(shape)
        return np.minimum(np.searchsorted(self.cdf[k], u, side="right"), len(self.cdf[k]) - 1)

    def simulate(self, x: np.ndarray, L: int, hist: np.ndarray | None, payer: int | None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Codes of messages 0..L−1 at nodes ``x`` (and raw estimates); with ``hist``, nodes are
        dropped (alive = False) at their first code that differs from ``hist``."""
        n = len(x)
        codes = np.full((n, L), -1, dtype=np.int64)
        est = np.full((n, L), np.nan)
        alive = np.ones(n, dtype=bool)
        for level in range(L):
            idx = np.flatnonzero(alive)
            if len(idx) == 0:
                break
            k = self.speakers[level]
            pay = k if payer is None else payer
            xs = x[idx]
            draws = self.draw(k, (len(idx), self.B), pay)
            lab = self.labels[k]
            keep = lab[draws] == lab[xs][:, None]
            incell = keep.copy()
            if level > 0 and keep.any():
                ci, cb = np.nonzero(keep)
                _, _, ok = self.simulate(draws[ci, cb], level, codes[idx][ci, :level], pay)
                keep[ci, cb] = ok
            fk = self.f[k]
            cnt = keep.sum(axis=1)
            self.evals[pay] += int(cnt.sum())
            e = np.empty(len(idx))
            has = cnt > 0
            e[has] = (fk[draws] * keep).sum(axis=1)[has] / cnt[has]
            if (~has).any():  # fallback: in-cell children, else all children
                rows = np.flatnonzero(~has)
                ic = incell[rows]
                nic = ic.sum(axis=1)
                fd = fk[draws[rows]]
                self.evals[pay] += int(np.where(nic > 0, nic, self.B).sum())
                e[rows] = np.where(nic > 0, (fd * ic).sum(axis=1) / np.maximum(nic, 1), fd.mean(axis=1))
            est[idx, level] = e
            codes[idx, level] = np.rint(e / self.grid).astype(np.int64)
            if hist is not None:
                alive[idx] &= codes[idx, level] == hist[idx, level]
        return codes, est, alive


def exact_codes(labels: Sequence[np.ndarray], priors: Sequence[np.ndarray], fs: Sequence[np.ndarray],
                speakers: Sequence[int], grid: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact agents on the same protocol: codes and expectations [R, D] at every state."""
    D = len(labels[0])
    public = np.zeros(D, dtype=np.int64)
    codes, values = [], []
    for k in speakers:
        info = meet(np.asarray(labels[k], dtype=np.int64), public)
        e = conditional_expectation(info, priors[k], fs[k])
        c = np.rint(e / grid).astype(np.int64)
        public, _ = refine(public, c - c.min())
        codes.append(c)
        values.append(e)
    return np.array(codes), np.array(values)


def paper_tree(labels, priors, fs, speakers, B: int, grid: float, rng, true_state: int
               ) -> tuple[np.ndarray, np.ndarray, int]:
    """App. G.2's tree (eq. 11): level ℓ = B^ℓ draws from P^{k_{ℓ−1}}; messages at every state.

    Returns (codes at the true state, estimates at the true state, draws of one tree).
    """
    D = len(labels[0])
    public = np.zeros(D, dtype=np.int64)  # simulated history: the messages so far, at every state
    drawn = 0
    codes, est = [], []
    for ell, k in enumerate(speakers, start=1):
        n = B**ell
        if drawn + n > MAX_DRAWS:
            raise AgreementError(f"sampling tree needs more than {MAX_DRAWS} draws; lower B or R")
        cdf = np.cumsum(priors[k]) / np.sum(priors[k])
        level = np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), D - 1)
        drawn += n
        fl = np.asarray(fs[k], dtype=float)[level]
        info = meet(np.asarray(labels[k], dtype=np.int64), public)  # speaker's cell ∩ history
        ninfo = int(info.max()) + 1
        cnt = np.bincount(info[level], minlength=ninfo)
        tot = np.bincount(info[level], weights=fl, minlength=ninfo)
        lab = np.asarray(labels[k], dtype=np.int64)
        nlab = int(lab.max()) + 1
        cnt_c = np.bincount(lab[level], minlength=nlab)
        tot_c = np.bincount(lab[level], weights=fl, minlength=nlab)
        e = np.where(cnt[info] > 0, tot[info] / np.maximum(cnt[info], 1),
                     np.where(cnt_c[lab] > 0, tot_c[lab] / np.maximum(cnt_c[lab], 1), fl.mean()))
        c = np.rint(e / grid).astype(np.int64)
        public, _ = refine(public, c - c.min())
        codes.append(int(c[true_state]))
        est.append(float(e[true_state]))
    return np.array(codes), np.array(est), drawn


TREES = ("paper", "recursive")


def run_bounded(inst: Instance, j: int = 0, *, B: int, R: int, grid: float = 0.125, true_state: int = 0,
                seed: int = 0, costs: Costs | None = None, speakers: Sequence[int] | None = None,
                tree: str = "paper") -> BoundedResult:
    """R broadcast messages by sampling-tree agents with branching B (speakers cycle 1..N);
    ``tree``: ``paper`` (App. G.2, eq. 11) or ``recursive`` (ours), see the module docstring."""
    from alignlab.runtime import derive_seed, rng

    costs = costs or Costs()
    costs.check()
    if not (isinstance(B, int) and B >= 1 and isinstance(R, int) and R >= 1):
        raise AgreementError(f"sampling tree needs integers B ≥ 1 and R ≥ 1, got B={B!r}, R={R!r}")
    if not 0 < grid <= 1:
        raise AgreementError(f"grid must be in (0, 1], got {grid}")
    if tree not in TREES:
        raise AgreementError(f"unknown sampling tree {tree!r} (allowed: {', '.join(TREES)})")
    task = inst.tasks[j]
    if not 0 <= true_state < task.D:
        raise AgreementError(f"{task.name}: true state {true_state} is not a state")
    N = inst.N
    sp = tuple(int(s) for s in speakers) if speakers is not None else tuple(ell % N for ell in range(R))
    if len(sp) < R or any(not 0 <= s < N for s in sp):
        raise AgreementError(f"speakers must list at least R={R} agents among 1..{N}")
    sp = sp[:R]
    labels = [np.asarray(a.partitions[j], dtype=np.int64) for a in inst.agents]
    priors = [np.asarray(a.priors[j], dtype=float) for a in inst.agents]
    fs = [np.asarray(task.objective_of(i), dtype=float) for i in range(N)]
    g = rng(derive_seed(seed, "sampling-tree", j, true_state))
    eq11 = tree_draws(B, R)
    if tree == "paper":
        c0, e0, drawn = paper_tree(labels, priors, fs, sp, B, grid, g, true_state)
        samples = np.full(N, drawn, dtype=np.int64)  # every agent builds (and pays for) its copy
        evals = samples.copy()  # each node labelled once with f (Lemma 4)
        codes, est, bound = c0[None, :], e0[None, :], N * eq11
    else:
        t = _Tree(labels, priors, fs, sp, B, grid, g, N)
        codes, est, _ = t.simulate(np.array([true_state]), R, None, None)
        samples, evals, bound = t.samples, t.evals, (B + 1) ** R - 1
    xc, xv = exact_codes(labels, priors, fs, sp, grid)
    by_kind: dict[str, dict] = {}
    for kind in ("human", "ai"):
        who = [i for i in range(N) if inst.agents[i].kind == kind]
        s = int(samples[who].sum()) if who else 0
        e = int(evals[who].sum()) if who else 0
        ts = costs.sample_human if kind == "human" else costs.sample_ai
        te = costs.eval_human if kind == "human" else costs.eval_ai
        by_kind[kind] = {"agents": [i + 1 for i in who], "samples": s, "evals": e, "time": s * ts + e * te}
    return BoundedResult(
        B=B, R=R, grid=grid, true_state=true_state, speakers=tuple(s + 1 for s in sp),
        codes=tuple(int(c) for c in codes[0]), estimates=tuple(float(v) for v in est[0]),
        exact_codes=tuple(int(c) for c in xc[:, true_state]),
        exact_values=tuple(float(v) for v in xv[:, true_state]),
        samples=tuple(int(v) for v in samples), evals=tuple(int(v) for v in evals),
        by_kind=by_kind, bound_samples=int(bound), tree=tree, eq11_draws=eq11)
