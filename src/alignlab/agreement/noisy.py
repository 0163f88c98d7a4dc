"""Dialogues over the noisy channels (App. F, App. G.1) with public likelihood updates.

A noisy message is not a function of the state, so listeners cannot refine partitions. Instead
everyone keeps the public likelihood vector λ(s) = P(messages observed so far | true state s):
every agent's belief at every hypothetical state is common knowledge, so the noise-free channel
input c(s) of the sender is known at every s and an observed output y multiplies λ by
P(y | c(s)). Agent i's belief at s is its prior P^i restricted to its cell Π^i(s), weighted by λ:

    E^i(s) = Σ_{t∈Π^i(s)} P^i(t) λ(t) f^i(t) / Σ_{t∈Π^i(s)} P^i(t) λ(t).

Deterministic protocols are the special case of an indicator λ (the public cell). A dialogue is
one realisation (true state s₀, channel noise); the agreement probability of eq. 2 is estimated by
Monte Carlo over (s₀, noise), with a confidence interval.

Stopping (documented choice): a scheduled speaker is *stale* when λ (scaled to max 1) has not
moved by more than ``STALE_TOL`` since it last spoke — its message would carry no news; a cycle of
stale speakers is a fixed point. With θ > 0 an informative message is worth repeating (every
repetition is evidence), so noisy dialogues usually end on the ``criterion`` stop — the public
posterior μ·λ gives every pair ε-agreement probability above 1 − δ, which every agent can check —
or on the message cap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from alignlab import progress
from alignlab.agreement.arith import RESOLUTION
from alignlab.agreement.channels import BBF
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.model import Instance
from alignlab.agreement.settings import NoisySettings
from alignlab.agreement.topology import schedule_for

STALE_TOL = 1e-9


class NoisyDialogue:
    """Public state of a noisy broadcast dialogue for one task: λ over states, agents' beliefs."""

    def __init__(self, labels: Sequence[np.ndarray], priors: Sequence[np.ndarray],
                 objectives: Sequence[np.ndarray], *, eps: float,
                 intermediary_prior: np.ndarray | None = None) -> None:
        self.labels = [np.asarray(lab, dtype=np.int64) for lab in labels]
        self.priors = [np.asarray(p, dtype=float) for p in priors]
        self.f = [np.asarray(f, dtype=float) for f in objectives]
        self.N = len(self.labels)
        self.D = len(self.labels[0])
        self.eps = float(eps)
        self.exact = False
        self.ncells = [int(lab.max()) + 1 for lab in self.labels]
        self.intermediary_prior = (sum(self.priors[1:], self.priors[0]) / self.N
                                   if intermediary_prior is None else np.asarray(intermediary_prior, float))
        self.lam = np.ones(self.D)

    def reset(self) -> None:
        self.lam = np.ones(self.D)

    def expectation(self, i: int) -> np.ndarray:
        """E^i(s) for every s: prior × λ on the agent's cell (0 where the cell has no weight)."""
        w = self.priors[i] * self.lam
        num = np.bincount(self.labels[i], weights=w * self.f[i], minlength=self.ncells[i])
        den = np.bincount(self.labels[i], weights=w, minlength=self.ncells[i])
        return np.divide(num, den, out=np.zeros_like(num), where=den > 0)[self.labels[i]]

    def intermediary_expectation(self, i: int) -> float:
        """E^F for the sender's objective: F's prior × λ over all states (F holds no private cell)."""
        w = self.intermediary_prior * self.lam
        return float((w * self.f[i]).sum() / w.sum())

    def update(self, likelihood: np.ndarray) -> None:
        """λ ← λ · P(observed | s), rescaled to max 1 (only ratios matter)."""
        lam = self.lam * likelihood
        m = lam.max()
        if not m > 0:
            raise AgreementError("observed a message that has probability 0 at every state")
        self.lam = lam / m


# ----------------------------------------------------------------------------------------------
# one realisation


@dataclass(frozen=True)
class NoisyEntry:
    """One message of a realised noisy dialogue (agents 0-based)."""

    speaker: int
    value: object  # what was observed (a bucket name or a number)
    intended: object  # the noise-free channel input at the true state
    bits: int


@dataclass(frozen=True, eq=False)
class Realisation:
    """One dialogue at true state s₀ with one noise draw."""

    true_state: int
    transcript: tuple[NoisyEntry, ...]
    end: str  # fixed_point | stopped | cap
    expectations: np.ndarray  # E^i(s₀) per agent at the end
    flips: int  # messages whose observed value differs from the intended one


def public_criterion(dlg: NoisyDialogue, measures: Sequence[np.ndarray], eps: float, delta: float) -> bool:
    """Eq. 2 under the public posterior μ·λ: every pair ε-close with probability > 1 − δ."""
    E = np.vstack([dlg.expectation(i) for i in range(dlg.N)])
    spread = E.max(axis=0) - E.min(axis=0)
    ok = spread <= eps + RESOLUTION
    for mu in measures:
        w = mu * dlg.lam
        if (w[ok].sum() / w.sum()) <= 1 - delta:
            return False
    return True


def realise(dlg: NoisyDialogue, proto, speakers: Sequence[int], s0: int, rng: np.random.Generator,
            *, max_messages: int, stop: str, measures: Sequence[np.ndarray], eps: float,
            delta: float) -> Realisation:
    """Run one noisy broadcast dialogue at true state ``s0`` along the cyclic ``speakers`` order."""
    dlg.reset()
    last: dict[int, np.ndarray] = {}
    transcript: list[NoisyEntry] = []
    flips = 0
    pos = 0
    L = len(speakers)
    end = "cap"
    while True:
        if stop == "criterion" and public_criterion(dlg, measures, eps, delta):
            end = "stopped"
            break
        for k in range(L):
            sp = speakers[(pos + k) % L]
            prev = last.get(sp)
            if prev is None or np.max(np.abs(prev - dlg.lam)) > STALE_TOL:
                break
        else:
            end = "fixed_point"
            break
        if len(transcript) >= max_messages:
            break
        pos = (pos + k + 1) % L
        codes = proto.codes(dlg, sp)
        last[sp] = dlg.lam.copy()
        c0 = int(codes[s0])
        y = proto.sample(c0, rng)
        flips += y != c0
        dlg.update(proto.likelihood(codes, y))
        transcript.append(NoisyEntry(sp, proto.show(y), proto.show(c0), proto.bits()))
    E = np.array([dlg.expectation(i)[s0] for i in range(dlg.N)])
    return Realisation(s0, tuple(transcript), end, E, flips)


# ----------------------------------------------------------------------------------------------
# Monte Carlo over (true state, noise)


def _z(confidence: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson(k: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion k/n."""
    if n == 0:
        return 0.0, 1.0
    z = _z(confidence)
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, mid - half), min(1.0, mid + half)


def estimate(indicator: np.ndarray, weights: np.ndarray | None, confidence: float) -> dict:
    """Point estimate and CI of P(event): Wilson with unit weights, else a normal (CLT) interval
    for the importance-weighted mean."""
    n = len(indicator)
    if weights is None or np.allclose(weights, 1.0):
        k = float(indicator.sum())
        lo, hi = wilson(k, n, confidence)
        return {"p": k / n, "ci": [lo, hi], "n": n, "method": "wilson"}
    z = _z(confidence)
    x = indicator * weights
    p = float(x.mean())
    half = z * float(x.std(ddof=1)) / math.sqrt(n) if n > 1 else 1.0
    return {"p": p, "ci": [max(0.0, p - half), min(1.0, p + half)], "n": n, "method": "normal (importance weights)"}


@dataclass(frozen=True, eq=False)
class NoisyResult:
    """Monte Carlo agreement probability of a noisy protocol on one task (JSON via :meth:`as_dict`)."""

    task: str
    protocol: str
    params: dict
    N: int
    D: int
    eps: float
    delta: float
    runs: int
    seed: int
    confidence: float
    reference: str
    agreement: dict  # all pairs within ε at the end: {"p", "ci", "n", "method"}
    pairwise: list  # N×N point estimates (min over reference measures)
    criterion_holds: bool  # every pair's point estimate > 1 − δ
    criterion_holds_confidently: bool  # … and every pair's CI lower end > 1 − δ
    messages: dict  # mean, min, max over runs
    bits: dict
    ends: dict  # how runs ended: fixed_point / stopped / cap
    flip_rate: float
    example: dict  # one realisation (the first run): true state and transcript
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "extra"}
        d.update(self.extra)
        return d


def _measures(task, priors: Sequence[np.ndarray]) -> tuple[list[np.ndarray], str]:
    ref = task.reference
    if isinstance(ref, str):
        if ref == "common":
            if all(np.allclose(p, priors[0]) for p in priors):
                return [priors[0]], "common"
            return list(priors), "common unavailable (priors differ): each"
        uniq: list[np.ndarray] = []
        for p in priors:
            if not any(np.allclose(p, q) for q in uniq):
                uniq.append(p)
        return uniq, "each"
    mu = np.asarray(ref, dtype=float)
    return [mu / mu.sum()], "explicit"


def _check(settings: object) -> NoisySettings:
    if not isinstance(settings, NoisySettings):
        raise AgreementError("noisy runs need NoisySettings (the channel and Monte Carlo parameters), "
                             f"got {type(settings).__name__}")
    return settings


def run_noisy_task(inst: Instance, j: int, settings: NoisySettings) -> NoisyResult:
    """Monte Carlo over ``settings.runs`` realisations of task j (true state ~ the reference
    measures' mixture, importance-weighted back to each measure; seed ``settings.seed``)."""
    from alignlab.runtime import derive_seed, rng

    proto = _check(settings).channel
    task = inst.tasks[j]
    N = inst.N
    speakers = [s for s, _ in schedule_for(settings, N)]
    priors = [np.asarray(a.priors[j], dtype=float) for a in inst.agents]
    ip = None if settings.intermediary_prior is None else np.asarray(settings.intermediary_prior, float)
    dlg = NoisyDialogue([a.partitions[j] for a in inst.agents], priors,
                        [np.asarray(task.objective_of(i), dtype=float) for i in range(N)],
                        eps=float(task.eps), intermediary_prior=ip)
    measures, refname = _measures(task, priors)
    q = sum(measures[1:], measures[0]) / len(measures)
    g = rng(derive_seed(settings.seed, "noisy", task.name, j))
    states = g.choice(task.D, size=settings.runs, p=q)
    eps, delta = float(task.eps), float(task.delta)
    close = np.zeros((settings.runs, N, N), dtype=bool)
    msgs = np.zeros(settings.runs, dtype=np.int64)
    bits = np.zeros(settings.runs, dtype=np.int64)
    ends: dict[str, int] = {}
    flips = 0
    example = None
    runs = progress.track(states.tolist(), f"{task.name}: noisy runs")
    for r, s0 in enumerate(runs):
        real = realise(dlg, proto, speakers, s0, g, max_messages=settings.max_messages,
                       stop=settings.stop, measures=measures, eps=eps, delta=delta)
        E = real.expectations
        close[r] = np.abs(E[:, None] - E[None, :]) <= eps + RESOLUTION
        msgs[r] = len(real.transcript)
        bits[r] = sum(e.bits for e in real.transcript)
        ends[real.end] = ends.get(real.end, 0) + 1
        flips += real.flips
        if example is None:
            example = {"true_state": task.state_name(s0), "end": real.end,
                       "transcript": [{"speaker": e.speaker + 1, "value": e.value, "intended": e.intended,
                                       "bits": e.bits} for e in real.transcript],
                       "expectations": [float(x) for x in E]}
    weights = [mu[states] / q[states] for mu in measures]
    allc = close.all(axis=(1, 2))
    agree = min((estimate(allc, w, settings.confidence) for w in weights), key=lambda d: d["p"])
    pair = np.ones((N, N))
    holds = confident = True
    for i in range(N):
        for k in range(i + 1, N):
            est = min((estimate(close[:, i, k], w, settings.confidence) for w in weights), key=lambda d: d["p"])
            pair[i, k] = pair[k, i] = est["p"]
            holds &= est["p"] > 1 - delta
            confident &= est["ci"][0] > 1 - delta
    params = ({"theta": proto.theta} if isinstance(proto, BBF)
              else {"b": proto.b, "alpha": proto.alpha, "L": proto.L})
    total = int(msgs.sum())
    return NoisyResult(
        task=task.name, protocol=proto.name, params=params, N=N, D=task.D, eps=eps, delta=delta,
        runs=settings.runs, seed=settings.seed, confidence=settings.confidence, reference=refname,
        agreement=agree, pairwise=pair.round(12).tolist(), criterion_holds=bool(holds),
        criterion_holds_confidently=bool(confident),
        messages={"mean": float(msgs.mean()), "sd": float(msgs.std()), "min": int(msgs.min()),
                  "max": int(msgs.max())},
        bits={"mean": float(bits.mean()), "min": int(bits.min()), "max": int(bits.max())},
        ends=ends, flip_rate=flips / total if total else 0.0, example=example or {})


def realise_task(inst: Instance, j: int, settings: NoisySettings, s0: int, seed: int = 0) -> Realisation:
    """One realisation of task j at true state ``s0`` (for transcripts, tests and the CLI)."""
    from alignlab.runtime import rng

    proto = _check(settings).channel
    task = inst.tasks[j]
    if not 0 <= s0 < task.D:
        raise AgreementError(f"{task.name}: true state {s0} is not a state")
    priors = [np.asarray(a.priors[j], dtype=float) for a in inst.agents]
    ip = None if settings.intermediary_prior is None else np.asarray(settings.intermediary_prior, float)
    dlg = NoisyDialogue([a.partitions[j] for a in inst.agents], priors,
                        [np.asarray(task.objective_of(i), dtype=float) for i in range(inst.N)],
                        eps=float(task.eps), intermediary_prior=ip)
    measures, _ = _measures(task, priors)
    speakers = [s for s, _ in schedule_for(settings, inst.N)]
    return realise(dlg, proto, speakers, s0, rng(seed), max_messages=settings.max_messages,
                   stop=settings.stop, measures=measures, eps=float(task.eps), delta=float(task.delta))
