"""Built-in PAPs and generators: the Theorem 5.2 construction (App. A.4), Figure 2's
diamond-and-lava grid, random MDP pairs (batched, for the lemmas) and random PAPs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from alignlab.pap.errors import PapError
from alignlab.pap.process import PAP, Support

#: Grid actions: index → (name, row step, column step).
MOVES = (("up", -1, 0), ("right", 0, 1), ("down", 1, 0), ("left", 0, -1))

#: Figure 2's world: S start, D diamond, L lava, # wall, . floor.
DIAMOND_LAVA = ("SLLLD", ".LLL.", ".....")


def theorem_5_2_pap(gamma: float) -> PAP:
    """Theorem 5.2's construction, as printed in App. A.4.

    One MDP (P*_Θ a delta): states s0, s1; actions a0, a1. In s0, a0 gives reward 0 and stays; a1
    gives reward 1 and moves to s1; in s1 every action gives reward 1 and stays. The optimal plan
    (always a1) is worth 1/(1−γ). The human's world model "always mistakenly swaps the two actions":
    in it a0 does what a1 really does — reward 1 and the move to s1 — and a1 what a0 does, so its
    optimal plan is always a0, worth 0 in the real MDP. Since the reward is attached to the action
    label, the swap changes the reward the human's model attaches to (s0, a) as well as the
    transitions (``human_reward``; a transitions-only swap would leave a1 optimal in the human's
    model). An AI that outputs the human's optimal plan — perfect ostensible alignment, no lie —
    has practical alignment gap exactly 1/(1−γ) (returns counted from t = 0, eq. 2, App. A.1).
    Run it with ``Protocol("none", "ostensible", "solver")``.
    """
    r = np.array([[0.0, 1.0], [1.0, 1.0]])
    real = np.zeros((2, 2, 2))
    real[0, 0, 0] = real[0, 1, 1] = real[1, :, 1] = 1.0
    swap = [1, 0]  # the human's label a ↦ the real action it believes it takes
    return PAP(
        rewards={"real": r, "swapped": r[:, swap].copy()},
        worlds={"real": real, "swapped": real[:, swap, :].copy()}, s0=0, gamma=gamma,
        desire=Support.point("real"), world=Support.point("real"),
        human_belief={"real": Support.point("swapped")}, ai_belief={"real": Support.point("real")},
        human_reward={"real": Support.point("swapped")},
    )


def ola_ceiling_pap(gamma: float) -> PAP:
    """Ours (not in the paper): a PAP where an OLA attains the ceiling ΔJ = γ/(1−γ) of
    :func:`alignlab.pap.theorems.ola_gap_ceiling_check`.

    States 0 = *home* (reward 1 for either action), 1 = *pit* (absorbing, reward 0); actions
    0 = *stay*, 1 = *go*. Real world: stay keeps you home, go drops you in the pit; the lie swaps
    them. Both worlds give R_opt(ψ^H, ω) = 1/(1−γ), so an OLA may tell the lie; after perfect RLHF
    the AI goes: R = 1, J* = 1/(1−γ), ΔJ = γ/(1−γ) (the first reward is shared by every plan).
    """
    r = np.array([[1.0, 1.0], [0.0, 0.0]])
    real = np.zeros((2, 2, 2))
    real[0, 0, 0] = real[0, 1, 1] = real[1, :, 1] = 1.0
    lie = np.zeros((2, 2, 2))
    lie[0, 0, 1] = lie[0, 1, 0] = lie[1, :, 1] = 1.0
    return PAP(
        rewards={"home": r}, worlds={"real": real, "lie": lie}, s0=0, gamma=gamma,
        desire=Support.point("home"), world=Support.point("real"),
        human_belief={"real": Support.point("real")}, ai_belief={"real": Support.point("real")},
    )


@dataclass(frozen=True, eq=False)
class Grid:
    """A parsed grid world: cell kinds, state index of each open cell, transition kernels."""

    layout: tuple[str, ...]
    cells: tuple[tuple[int, int], ...]  # state index → (row, col)
    start: int
    diamonds: tuple[int, ...]
    lava: tuple[int, ...]
    real: np.ndarray  # ω*: lava kills (absorbing, reward 0 forever)
    cool: np.ndarray  # ω_cool: lava is safe to walk on
    reward: np.ndarray  # ψ^H: 1 per step on a diamond (absorbing)


def grid_world(layout: tuple[str, ...] = DIAMOND_LAVA) -> Grid:
    """Parse ``layout`` (rows of S/D/L/#/.) into a deterministic 4-action tabular world."""
    rows = len(layout)
    if rows == 0 or any(len(row) != len(layout[0]) for row in layout):
        raise PapError("grid: layout must be a non-empty list of equal-length strings")
    cells, kinds = [], []
    for i, row in enumerate(layout):
        for j, ch in enumerate(row):
            if ch not in "SDL#.":
                raise PapError(f"grid: row {i}, column {j}: unknown cell {ch!r} (allowed: S D L # .)")
            if ch != "#":
                cells.append((i, j))
                kinds.append(ch)
    if kinds.count("S") != 1 or "D" not in kinds:
        raise PapError("grid: layout needs exactly one start S and at least one diamond D")
    index = {c: k for k, c in enumerate(cells)}
    n, A = len(cells), len(MOVES)
    cool = np.zeros((n, A, n))
    for k, (i, j) in enumerate(cells):
        for a, (_, di, dj) in enumerate(MOVES):
            cool[k, a, index.get((i + di, j + dj), k)] = 1.0
    diamonds = tuple(k for k, ch in enumerate(kinds) if ch == "D")
    lava = tuple(k for k, ch in enumerate(kinds) if ch == "L")
    for k in diamonds:
        cool[k] = 0.0
        cool[k, :, k] = 1.0
    real = cool.copy()
    for k in lava:
        real[k] = 0.0
        real[k, :, k] = 1.0
    reward = np.zeros((n, A))
    reward[list(diamonds)] = 1.0
    return Grid(tuple(layout), tuple(cells), kinds.index("S"), diamonds, lava, real, cool, reward)


def diamond_lava_pap(gamma: float = 0.9, p_human_wrong: float = 0.5, grid: Grid | None = None) -> PAP:
    """Figure 2: the human wants the diamond; in reality lava kills; the shortcut crosses lava.

    ω* = ``real``; the human initially believes ``real`` or (with ``p_human_wrong``) ``cool``
    (lava safe); the AI knows ``real``.  Both worlds are the OLA's hypotheses; ``cool`` has the
    higher R_opt (shorter path to the diamond), so the OLA tells the human the lava is safe.
    """
    g = grid or grid_world()
    belief = {"real": 1.0 - p_human_wrong, "cool": p_human_wrong}
    belief = {k: v for k, v in belief.items() if v > 0}
    return PAP(
        rewards={"diamond": g.reward}, worlds={"real": g.real, "cool": g.cool}, s0=g.start,
        gamma=gamma, desire=Support.point("diamond"), world=Support.point("real"),
        human_belief={"real": Support(tuple(belief), tuple(belief.values()))},
        ai_belief={"real": Support.point("real")},
    )


def trajectory(P: np.ndarray, pi: np.ndarray, s0: int, steps: int) -> list[int]:
    """The state sequence of a deterministic policy in a deterministic world (stops at a fixed point)."""
    path = [s0]
    for _ in range(steps):
        s = path[-1]
        nxt = int(np.argmax(P[s, int(np.argmax(pi[s]))]))
        if nxt == s:
            break
        path.append(nxt)
    return path


def random_mdps(
    rng: np.random.Generator, batch: int, S: int, A: int, *, concentration: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``batch`` random (P, r): rows P(·|s,a) ~ Dirichlet(α) with α log-uniform in [0.05, 5] per MDP
    unless ``concentration`` is given; r ~ U[0,1] with some entries snapped to 0 or 1."""
    alpha = (
        np.full(batch, concentration) if concentration is not None
        else np.exp(rng.uniform(np.log(0.05), np.log(5.0), batch))
    )
    g = rng.gamma(alpha[:, None, None, None], size=(batch, S, A, S)) + 1e-300
    P = g / g.sum(axis=-1, keepdims=True)
    r = rng.uniform(0, 1, (batch, S, A))
    snap = rng.uniform(size=r.shape)
    r = np.where(snap < 0.15, 0.0, np.where(snap > 0.85, 1.0, r))
    return P, r


def perturb(
    rng: np.random.Generator, P: np.ndarray, r: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """θ2 near θ1: mix with an independent random θ at strengths log-uniform in [1e-4, 1] (and
    sometimes exactly 0 for rewards or for transitions, isolating each term of Lemma A.1)."""
    B, S, A, _ = P.shape
    Po, ro = random_mdps(rng, B, S, A)
    lam = np.exp(rng.uniform(np.log(1e-4), 0.0, (2, B)))
    lam[0, rng.uniform(size=B) < 0.2] = 0.0
    lam[1, rng.uniform(size=B) < 0.2] = 0.0
    r2 = (1 - lam[0])[:, None, None] * r + lam[0][:, None, None] * ro
    P2 = (1 - lam[1])[:, None, None, None] * P + lam[1][:, None, None, None] * Po
    return P2, r2


def random_policies(rng: np.random.Generator, batch: int, S: int, A: int) -> np.ndarray:
    """Random policies, half deterministic (one-hot) and half stochastic (Dirichlet(1) rows)."""
    g = rng.gamma(1.0, size=(batch, S, A))
    pi = g / g.sum(axis=-1, keepdims=True)
    det = rng.uniform(size=batch) < 0.5
    onehot = np.eye(A)[rng.integers(0, A, (batch, S))]
    return np.where(det[:, None, None], onehot, pi)


def random_pap(rng: np.random.Generator, *, S: int = 4, A: int = 2, n_worlds: int = 3,
               n_desires: int = 2, gamma: float | None = None) -> PAP:
    """A random PAP with ``n_worlds`` candidate worlds and ``n_desires`` desires (exact supports)."""
    P, r = random_mdps(rng, max(n_worlds, n_desires), S, A)

    def dist(k: int) -> Support:
        p = rng.dirichlet(np.ones(k)) * 0.9 + 0.1 / k
        return Support(tuple(f"w{i}" for i in range(k)), tuple((p / p.sum()).tolist()))

    desire = dist(n_desires)
    desire = Support(tuple(f"r{i}" for i in range(n_desires)), desire.probs)
    world = dist(n_worlds)
    return PAP(
        rewards={f"r{i}": r[i] for i in range(n_desires)},
        worlds={f"w{i}": P[i] for i in range(n_worlds)},
        s0=0, gamma=float(rng.uniform(0.3, 0.95) if gamma is None else gamma),
        desire=desire, world=world,
        human_belief={w: dist(n_worlds) for w in world.names},
        ai_belief={w: dist(n_worlds) for w in world.names},
        ai_desire=Support(desire.names, desire.probs[::-1]) if n_desires > 1 else None,
    )
