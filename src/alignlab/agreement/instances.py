"""Instance generators: Prop. 1's lower-bound construction, priors at a chosen distance ν, the
needle prior of Prop. 5, random partitions, and the published dialogues as fixtures."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from alignlab.agreement.errors import AgreementError
from alignlab.agreement.model import Agent, Instance, Task, make_instance, make_simple
from alignlab.agreement.partitions import canonical
from alignlab.agreement.settings import Settings


def random_partition(D: int, n_cells: int, rng: np.random.Generator) -> np.ndarray:
    """A uniformly shuffled partition of D states into exactly ``n_cells`` non-empty cells."""
    if not 1 <= n_cells <= D:
        raise AgreementError(f"n_cells must be in 1..D={D}, got {n_cells}")
    return canonical(rng.permutation(np.arange(D) % n_cells))


def random_prior(D: int, rng: np.random.Generator, *, concentration: float = 1.0) -> np.ndarray:
    """A Dirichlet(concentration) prior, floored away from zero (every state positive)."""
    p = rng.dirichlet(np.full(D, concentration)) + 1e-6
    return p / p.sum()


def priors_at_distance(base: np.ndarray, N: int, nu: float, rng: np.random.Generator) -> list[np.ndarray]:
    """N positive priors whose largest pairwise L1 distance is exactly ν (eq. 1/3).

    p_i = base + c_i·d with c_i evenly spaced in [−ν/2, ν/2] and a zero-sum direction d with
    ‖d‖₁ = 1 that tilts the base multiplicatively, d ∝ base·(z − Σ base·z) for random signs z (so
    every state keeps mass in proportion); an error gives the largest ν that keeps priors positive.
    """
    base = np.asarray(base, dtype=float)
    if N < 2 or nu < 0 or len(base) < 2:
        raise AgreementError(f"need N ≥ 2, nu ≥ 0 and D ≥ 2, got N={N}, nu={nu}, D={len(base)}")
    z = rng.choice([-1.0, 1.0], size=len(base))
    if np.all(z == z[0]):
        z[0] = -z[0]
    d = base * (z - float(base @ z))
    d = d / np.abs(d).sum()
    neg = np.abs(d) > 0
    nu_max = 2 * float(np.min(base[neg] / np.abs(d[neg])))
    if nu >= nu_max:
        raise AgreementError(f"nu={nu} too large for this base prior (must be < {nu_max:.4g})")
    return [base + c * d for c in np.linspace(-nu / 2, nu / 2, N)]


def needle_prior(D: int, needle: int = 0, mass: float | None = None) -> np.ndarray:
    """Prop. 5's needle: mass e^{−D} (or ``mass``) on one state, the rest uniform (ν = Θ(e^{−D}))."""
    if D < 2 or not 0 <= needle < D:
        raise AgreementError(f"needle_prior needs D ≥ 2 and a needle in 0..D−1, got D={D}, needle={needle}")
    m = math.exp(-D) if mass is None else float(mass)
    if not 0 < m < 1:
        raise AgreementError(f"needle mass must be in (0, 1), got {m}")
    p = np.full(D, (1 - m) / (D - 1))
    p[needle] = m
    return p


def prop1_instance(n: int, N: int = 2, *, eps: float = 0.1, delta: float = 0.1, exact: bool = False) -> Instance:
    """Prop. 1: agent i holds an n-bit integer x_i ∈ {0..2^n−1} (its partition is by x_i),
    f(x) = Σ_i x_i / (N·2^n) (= Σx/2^{n+1} for N = 2), uniform common prior; D = 2^{nN}."""
    if n < 1 or N < 2 or (2**n) ** N > 2**22:
        raise AgreementError(f"prop1_instance needs n ≥ 1, N ≥ 2 and 2^(nN) ≤ 2^22, got n={n}, N={N}")
    K = 2**n
    grid = np.indices((K,) * N).reshape(N, -1)
    f = grid.sum(axis=0) / (N * K)
    parts = [grid[i] for i in range(N)]
    return make_simple(parts, f.tolist(), eps=eps, delta=delta, exact=exact)


def random_instance(D: int, N: int, n_cells: int, rng: np.random.Generator, *, nu: float = 0.0,
                    eps: float = 0.1, delta: float = 0.1, M: int = 1) -> Instance:
    """M tasks, N agents, random partitions with ``n_cells`` cells, random f, priors at distance ν."""
    tasks, pri, par = [], [[] for _ in range(N)], [[] for _ in range(N)]
    for j in range(M):
        base = random_prior(D, rng, concentration=5.0)
        ps = priors_at_distance(base, N, nu, rng) if nu > 0 else [base] * N
        for i in range(N):
            pri[i].append(ps[i])
            par[i].append(random_partition(D, n_cells, rng))
        tasks.append(Task(objective=rng.random(D), eps=eps, delta=delta, name=f"task {j + 1}"))
    agents = [Agent(tuple(pri[i]), tuple(par[i]), name=f"agent {i + 1}") for i in range(N)]
    return make_instance(tasks, agents)


@dataclass(frozen=True, eq=False)
class Fixture:
    """A published dialogue: instance, how to run it, and the announcements it must produce."""

    name: str
    instance: Instance
    settings: Settings
    announcements: tuple[str, ...]


def aumann() -> Fixture:
    """Aumann (1976): Ω = {1..4}, Π1 = {12|34}, Π2 = {123|4}, A = {1,4}, ω = 1."""
    inst = make_simple([[0, 0, 1, 1], [0, 0, 0, 1]], [1, 0, 0, 1], eps=0, exact=True, true_state=0)
    return Fixture("Aumann (1976)", inst, Settings(order=[0, 1], stop="fixed_point"),
                   ("1/2", "1/3", "1/2", "1/2"))


def geanakoplos_polemarchakis() -> Fixture:
    """Geanakoplos–Polemarchakis (1982): Ω = {1..9}, Π1 = {123|456|789}, Π2 = {1234|5678|9}, A = {3,4}."""
    inst = make_simple([[0, 0, 0, 1, 1, 1, 2, 2, 2], [0, 0, 0, 0, 1, 1, 1, 1, 2]],
                       [0, 0, 1, 1, 0, 0, 0, 0, 0], eps=0, exact=True, true_state=0)
    return Fixture("Geanakoplos–Polemarchakis (1982)", inst, Settings(order=[0, 1], stop="fixed_point"),
                   ("1/3", "1/2", "1/3", "1/3"))


def staircase_instance(D: int, N: int = 2, M: int = 1, *, eps: float = 0.1, delta: float = 0.1) -> Instance:
    """A family whose dialogues need Θ(N·D) messages: each announcement reveals one more cell.

    Agent 1 knows the pair {2a, 2a+1} holding the state, agent N the staggered pair {2a−1, 2a};
    agents 2..N−1 know nothing and relay (run it with ``tree`` delivery on a ``line``). f is the
    indicator of the even states and the prior is uniform, so every full cell has E = 1/2: only the
    cells at the chain's end differ, and each message moves that frontier by one state — about D/2
    steps, each relayed across N − 1 edges. M tasks are independent copies (Algorithm 1 runs them in
    sequence). Use with ``staircase_settings()``.
    """
    if D < 2 or N < 2 or M < 1:
        raise AgreementError(f"staircase_instance needs D ≥ 2, N ≥ 2, M ≥ 1, got D={D}, N={N}, M={M}")
    s = np.arange(D)
    parts = [s // 2] + [np.zeros(D, dtype=np.int64)] * (N - 2) + [(s + 1) // 2]
    f = (s % 2 == 0).astype(float)
    prior = np.full(D, 1 / D)
    tasks = [Task(objective=f, eps=eps, delta=delta, name=f"task {j + 1}") for j in range(M)]
    agents = [Agent((prior,) * M, (canonical(parts[i]),) * M, name=f"agent {i + 1}") for i in range(N)]
    return make_instance(tasks, agents)


def staircase_settings(**changes) -> Settings:
    """Tree delivery on a line, run to the fixed point (full agreement)."""
    return Settings(**{"delivery": "tree", "topology": "line", "stop": "fixed_point", "max_messages": 1_000_000,
                       **changes})
