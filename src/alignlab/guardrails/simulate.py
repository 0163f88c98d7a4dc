"""Episodes of the exploding bandit under a guardrail, vectorised with NumPy over episodes.

Per step t = 0, …, pulls − 1 and for every live episode at once (the authors' exploding-bandit
code, docs/guardrails.md "The experiment"; the masking and the stop are 000's "Safety
guardrails"): the guardrail's ĥ(a) for all arms from the posterior and the (episodes, arms, 2^d) harm table; stop
(not a death) if every arm has ĥ(a) > C; else the Boltzmann agent picks an accepted arm, the
reward r = μ_a + σ·ε is added, the agent explodes if r > T, and the posterior is updated.
Finished episodes are dropped from the working arrays.

Episodes come in blocks of :data:`BLOCK`; block b draws from ``SeedSequence([seed, b])`` so the
numbers depend only on (setting, seed, episodes), not on how blocks are spread over processes,
and the first n episodes are the same whatever the total.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np

from alignlab.guardrails import posterior as post
from alignlab.guardrails.agent import boltzmann, posterior_mean_rewards, sample
from alignlab.guardrails.bandit import Episodes, arm_means, draw_episodes, harm_levels
from alignlab.guardrails.config import Setting, check_death_rule, check_episodes, check_seed
from alignlab.guardrails.guardrails import Guardrail, get_guardrail

BLOCK = 500  # episodes per random block (fixed: changing it changes the numbers)
CHUNK = 32  # episodes per guardrail evaluation: keeps the (chunk, arms, 2^d) temporaries in cache


@dataclass(frozen=True)
class Outcomes:
    """Per-episode results (arrays of length E).

    ``exploded``: some pull had r > T. ``exploded_last``: that pull was the last allowed one
    (the reference does not count it as a death). ``stopped``: the guardrail rejected every arm;
    ``stopped_first``: at the first pull. ``pulls``: pulls actually made.
    """

    reward: np.ndarray
    exploded: np.ndarray
    exploded_last: np.ndarray
    stopped: np.ndarray
    stopped_first: np.ndarray
    pulls: np.ndarray

    def __len__(self) -> int:
        return int(self.reward.shape[0])

    @staticmethod
    def concat(parts: list[Outcomes]) -> Outcomes:
        """Join blocks in order."""
        return Outcomes(*(np.concatenate([getattr(p, f.name) for p in parts])
                          for f in fields(Outcomes)))

    def deaths(self, death_rule: str = "all") -> np.ndarray:
        """Deaths per episode: every explosion (``all``) or not the last pull's (``reference``)."""
        if check_death_rule(death_rule) == "all":
            return self.exploded
        return self.exploded & ~self.exploded_last


def run_block(setting: Setting, episodes: Episodes) -> Outcomes:
    """Run ``episodes`` (any number) under ``setting``; vectorised over episodes."""
    bandit, g = setting.bandit, get_guardrail(setting.guardrail)
    n, k, pulls = len(episodes), bandit.theories, bandit.pulls
    means = arm_means(episodes.features, bandit.dim)  # (E, A, K) uint8: μ(w, a)
    rows = np.arange(n)
    true_mu = means[rows, :, episodes.truth].astype(np.float64)  # (E, A)
    harm = harm_levels(bandit)[means]  # (E, A, K) h(w, a)
    fixed = None
    if g.name in ("none", "cheating"):  # ĥ does not depend on the posterior: evaluate once
        p0 = post.probabilities(post.uniform_log_prior(k, n))
        fixed = g.estimate(p0, harm, truth=episodes.truth) <= setting.threshold
        harm = None
    work = _Work(rows.copy(), np.ones(n, dtype=bool), post.uniform_log_prior(k, n), means,
                 harm, true_mu, episodes.features, episodes.truth, episodes.tie_order, fixed)

    reward = np.zeros(n)
    exploded = np.zeros(n, dtype=bool)
    exploded_last = np.zeros(n, dtype=bool)
    stopped = np.zeros(n, dtype=bool)
    stopped_first = np.zeros(n, dtype=bool)
    n_pulls = np.zeros(n, dtype=np.int64)
    for t in range(pulls):
        w = work
        p = post.probabilities(w.log_post)
        acc = w.fixed if w.fixed is not None else _estimate(g, setting, p, w) <= setting.threshold
        go = acc.any(axis=-1) & w.alive
        stop_now = w.live[w.alive & ~go]
        stopped[stop_now] = True
        stopped_first[stop_now] = t == 0
        arm = sample(boltzmann(posterior_mean_rewards(p, w.features), acc, setting.beta),
                     episodes.uniforms[w.live, t])
        idx = np.arange(w.live.size)
        r = w.true_mu[idx, arm] + bandit.sigma * episodes.noise[w.live, t]
        played = w.live[go]
        reward[played] += r[go]
        n_pulls[played] = t + 1
        boom = go & (r > bandit.T)
        exploded[w.live[boom]] = True
        exploded_last[w.live[boom]] = t == pulls - 1
        alive = go & ~boom
        if not alive.any():
            break
        log_post = post.update(w.log_post, r, w.means[idx, arm, :], bandit.sigma)
        work = w.next(alive, log_post)
    return Outcomes(reward, exploded, exploded_last, stopped, stopped_first, n_pulls)


def _estimate(g: Guardrail, setting: Setting, p: np.ndarray, w: _Work) -> np.ndarray:
    """ĥ for every row of the working arrays, :data:`CHUNK` rows at a time (rows are independent)."""
    assert w.harm is not None
    out = np.empty(w.harm.shape[:2])
    for i in range(0, out.shape[0], CHUNK):
        j = slice(i, i + CHUNK)
        out[j] = g.estimate(p[j], w.harm[j], truth=w.truth[j], alpha=setting.alpha,
                            ties=setting.ties,
                            tie_order=None if w.tie_order is None else w.tie_order[j])
    return out


@dataclass(frozen=True)
class _Work:
    """The working arrays of :func:`run_block`; rows of finished episodes are dropped lazily
    (when fewer than 3/4 of the rows are alive) so big tables are not copied at every step."""

    live: np.ndarray  # original episode index of each row
    alive: np.ndarray
    log_post: np.ndarray
    means: np.ndarray
    harm: np.ndarray | None
    true_mu: np.ndarray
    features: np.ndarray
    truth: np.ndarray
    tie_order: np.ndarray | None
    fixed: np.ndarray | None  # accept mask of a posterior-free guardrail

    def next(self, alive: np.ndarray, log_post: np.ndarray) -> _Work:
        if alive.sum() >= 0.75 * alive.size:
            return _Work(self.live, alive, log_post, self.means, self.harm, self.true_mu,
                         self.features, self.truth, self.tie_order, self.fixed)

        def cut(a: np.ndarray | None) -> np.ndarray | None:
            return None if a is None else a[alive]

        return _Work(self.live[alive], alive[alive], log_post[alive], self.means[alive],
                     cut(self.harm), self.true_mu[alive], self.features[alive],
                     self.truth[alive], cut(self.tie_order), cut(self.fixed))


def block_episodes(setting: Setting, seed: int, block: int, size: int = BLOCK) -> Episodes:
    """The first ``size`` episodes of block ``block`` (always drawn as a full block, then cut)."""
    ss = np.random.SeedSequence([check_seed(seed), block])
    eps = draw_episodes(setting.bandit, BLOCK, ss, tie_order=setting.ties == "random"
                        and setting.alpha is not None)
    return eps.slice(0, size) if size < BLOCK else eps


def blocks(episodes: int) -> list[tuple[int, int]]:
    """``(block, size)`` pairs covering ``episodes`` episodes."""
    n = check_episodes(episodes)
    return [(b, min(BLOCK, n - b * BLOCK)) for b in range(math.ceil(n / BLOCK))]


def simulate(setting: Setting, episodes: int, seed: int, *,
             progress: Callable[[int], None] | None = None) -> Outcomes:
    """``episodes`` episodes under ``setting`` from ``seed``; ``progress(n)`` after each block."""
    parts = []
    for b, size in blocks(episodes):
        parts.append(run_block(setting, block_episodes(setting, seed, b, size)))
        if progress is not None:
            progress(size)
    return Outcomes.concat(parts)


@dataclass(frozen=True)
class Tally:
    """Sufficient statistics of a set of episodes: counts and sums (add blocks with ``+``)."""

    episodes: int = 0
    reward_sum: float = 0.0
    reward_sq: float = 0.0
    deaths_all: int = 0
    deaths_reference: int = 0
    stops: int = 0
    stops_first: int = 0
    pulls_sum: int = 0
    pulls_sq: int = 0

    @staticmethod
    def of(out: Outcomes) -> Tally:
        """The tally of per-episode outcomes."""
        return Tally(len(out), float(out.reward.sum()), float((out.reward**2).sum()),
                     int(out.deaths("all").sum()), int(out.deaths("reference").sum()),
                     int(out.stopped.sum()), int(out.stopped_first.sum()),
                     int(out.pulls.sum()), int((out.pulls**2).sum()))

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Tally)))

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-able)."""
        return asdict(self)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Tally:
        """Inverse of :meth:`to_dict` (extra keys ignored)."""
        return Tally(**{f.name: d[f.name] for f in fields(Tally)})

    def summary(self, death_rule: str = "all") -> Summary:
        """Means and one standard error (sample s.d. with ddof = 1, over episodes)."""
        n = self.episodes
        deaths = self.deaths_all if check_death_rule(death_rule) == "all" else self.deaths_reference

        def mean_se(s: float, sq: float) -> tuple[float, float]:
            m = s / n
            var = max(sq - n * m * m, 0.0) / (n - 1) if n > 1 else 0.0
            return m, math.sqrt(var / n)

        r = mean_se(self.reward_sum, self.reward_sq)
        d = mean_se(deaths, deaths)
        s = mean_se(self.stops, self.stops)
        p = mean_se(self.pulls_sum, self.pulls_sq)
        return Summary(n, death_rule, r[0], r[1], d[0], d[1], s[0], s[1],
                       self.stops_first / n, p[0], p[1])


@dataclass(frozen=True)
class Summary:
    """Per-configuration metrics; ``*_se`` is one standard error over episodes."""

    episodes: int
    death_rule: str
    reward_mean: float
    reward_se: float
    death_rate: float
    death_se: float
    stop_rate: float
    stop_se: float
    stop_first_rate: float
    pulls_mean: float
    pulls_se: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-able)."""
        return asdict(self)


def summarise(out: Outcomes, death_rule: str = "all") -> Summary:
    """:class:`Summary` of per-episode outcomes."""
    return Tally.of(out).summary(death_rule)
