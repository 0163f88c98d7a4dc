"""Optimal plans as skills, and closed-loop / open-loop plan execution with the paper's reward.

``optimal_plan(world)`` finds a minimum-length primitive trajectory with A*
(:mod:`alignlab.mindgrid.planner`), then segments it into skills deterministically, preferring the
highest-level skill that, executed closed-loop from the current state, reaches a state from which
the remaining optimum is still achievable with the same total. So executing the plan's skills in
its own world reproduces the optimal reward exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from alignlab.mindgrid.engine import (
    ACTIONS,
    DROP,
    FORWARD,
    GOAL_REWARD,
    ON_DEATH,
    PICKUP,
    STEP_CAP,
    STEP_REWARD,
    TOGGLE,
    Outcome,
    Runner,
    front,
    run_actions,
)
from alignlab.mindgrid.errors import MindgridError
from alignlab.mindgrid.planner import astar
from alignlab.mindgrid.skills import ObjRef, Skill, run_skill
from alignlab.mindgrid.world import DIR_NAMES, World, xy

EXEC_MODES = ("skills", "actions")


@dataclass(frozen=True)
class Plan:
    """A plan: skills, the primitive actions they produce in the world planned for, its reward."""

    skills: tuple[Skill, ...]
    actions: tuple[int, ...]
    reward: int
    solvable: bool = True

    def text(self) -> str:
        """'Step 1: …' lines (the rendering the human and the AI exchange)."""
        if not self.skills:
            return "No plan: the target cannot be reached." if not self.solvable else "Step 1: (nothing to do)"
        return "\n".join(f"Step {k}: {s.text()}" for k, s in enumerate(self.skills, 1))

    def to_json(self) -> dict:
        return {"solvable": self.solvable, "reward": self.reward,
                "skills": [s.to_json() for s in self.skills],
                "actions": [ACTIONS[a] for a in self.actions]}

    @staticmethod
    def from_json(d: dict) -> Plan:
        try:
            acts = tuple(ACTIONS.index(a) for a in d["actions"])
            return Plan(tuple(Skill.from_json(s) for s in d["skills"]), acts, int(d["reward"]),
                        bool(d.get("solvable", True)))
        except (KeyError, TypeError, ValueError) as exc:
            raise MindgridError(f"bad plan record: {exc}") from None


UNSOLVABLE = Plan((), (), 0, solvable=False)


def optimal_plan(world: World, *, cap: int = STEP_CAP) -> Plan:
    """The highest-reward plan (fewest primitive actions ending with the target picked up, alive),
    segmented into skills; ``Plan.solvable`` is False when no such plan exists."""
    res = astar(world, cap)
    if res.actions is None:
        return UNSOLVABLE
    skills, actions = segment(world, res.actions, cap)
    reward = STEP_REWARD * len(actions) + GOAL_REWARD
    return Plan(tuple(skills), tuple(actions), reward)


def _at(world: World, state: tuple) -> World:
    pos, d, held, objs = state
    return replace(world, agent=pos, agent_dir=d, carrying=held, objects=objs)


def _trajectory(world: World, actions: tuple[int, ...]) -> list[tuple]:
    r = Runner(world, cap=len(actions) + 1)
    states = [r.key()]
    for a in actions:
        r.act(a)
        states.append(r.key())
    return states


def _candidates(world: World, states: list[tuple], actions: tuple[int, ...], i: int) -> list[Skill]:
    """Skills to try at step i, highest level first."""
    n = world.size
    j = next((k for k in range(i, len(actions)) if actions[k] in (PICKUP, DROP, TOGGLE)), None)
    out: list[Skill] = []
    if j is not None:
        pos, d, _held, objs = states[j]
        f = front(pos, d, n)
        fx, fy = xy(f, n)
        o = objs[f]
        a = actions[j]
        if a == PICKUP and o is not None:
            ref = ObjRef.of(o, f, n)
            k = next((m for m in range(j + 1, len(actions)) if actions[m] in (PICKUP, DROP, TOGGLE)), None)
            if k is not None and actions[k] == DROP:
                p2, d2 = states[k][0], states[k][1]
                dx, dy = xy(front(p2, d2, n), n)
                for op, _kind in world.openings():
                    if any(front(op, dd, n) == f for dd in range(4)):
                        ox, oy = xy(op, n)
                        out.append(Skill("unblock", (ox, oy)))
                out.append(Skill("move_object", (ref, dx, dy)))
            out.append(Skill("get_object", (ref,)))
        elif a == TOGGLE and o is not None:
            ref = ObjRef.of(o, f, n)
            out.append(Skill({"door": "open_door", "bridge": "fix_bridge", "box": "open_box"}
                             .get(o.kind, "go_adjacent_to_object"), (ref,)))
        elif a == DROP:
            out.append(Skill("drop_at", (fx, fy)))
            out.append(Skill("empty_inventory"))
        if o is not None:
            out.append(Skill("go_adjacent_to_object", (ObjRef.of(o, f, n),)))
        out.append(Skill("go_adjacent_to_position", (fx, fy)))
        if j > i:
            px, py = xy(pos, n)
            out.append(Skill("go_to", (px, py)))
    # a straight run of forward moves, or a turn to a direction
    m = i
    while m < len(actions) and actions[m] == FORWARD:
        m += 1
    if m - i >= 2:
        out.append(Skill("go_dir_n_steps", (m - i, DIR_NAMES[states[i][1]])))
    out.append(Skill("primitive", (ACTIONS[actions[i]],)))
    return out


def segment(world: World, actions: tuple[int, ...], cap: int = STEP_CAP
            ) -> tuple[list[Skill], tuple[int, ...]]:
    """Deterministic skill segmentation of an optimal trajectory (may switch to an equally short
    trajectory when a high-level skill takes a different shortest route)."""
    actions = tuple(actions)
    states = _trajectory(world, actions)
    total = len(actions)
    skills: list[Skill] = []
    done: list[int] = []
    i = 0
    while i < len(actions):
        chosen = None
        for sk in _candidates(world, states, actions, i):
            r = Runner(_at(world, states[i]), cap=cap)
            ok = run_skill(r, sk)
            c = len(r.actions)
            if not ok or c == 0 or r.dead:
                continue
            if i + c <= len(actions) and r.key() == states[i + c] and tuple(r.actions) == actions[i:i + c]:
                chosen = (sk, tuple(r.actions), None)
                break
            if r.success:
                if len(done) + c == total:
                    chosen = (sk, tuple(r.actions), ())
                    break
                continue
            if i + c > len(actions):
                continue
            rest = astar(r.world(), cap)
            if rest.actions is not None and len(done) + c + len(rest.actions) == total:
                chosen = (sk, tuple(r.actions), rest.actions)
                break
        if chosen is None:  # pragma: no cover - the primitive candidate always matches
            raise MindgridError("internal error: could not segment the optimal trajectory")
        sk, acts, new_rest = chosen
        skills.append(sk)
        done.extend(acts)
        if new_rest is None:
            i += len(acts)
        else:
            start = _at(world, states[i])
            r = Runner(start)
            for a in acts:
                r.act(a)
            actions = tuple(done) + tuple(new_rest)
            states = _trajectory(world, actions)
            i = len(done)
    return _merge(skills), tuple(done)


def _merge(skills: list[Skill]) -> list[Skill]:
    """Nothing to merge yet beyond what the candidates do; kept for a stable public shape."""
    return skills


# ----- execution -------------------------------------------------------------------------
@dataclass(frozen=True)
class Execution:
    """The outcome of executing a plan in a world (``mode`` 'skills' or 'actions')."""

    mode: str
    reward: int
    steps: int
    success: bool
    dead: bool
    failed_skills: tuple[int, ...] = ()
    actions: tuple[int, ...] = ()
    skill_spans: tuple[tuple[int, int], ...] = field(default=(), repr=False)

    def to_json(self) -> dict:
        return {"mode": self.mode, "reward": self.reward, "steps": self.steps,
                "success": self.success, "dead": self.dead,
                "failed_skills": list(self.failed_skills)}


def execute(world: World, plan: Plan, mode: str = "skills", *, cap: int = STEP_CAP,
            on_death: str = "stop") -> Execution:
    """Run ``plan`` in ``world``: ``skills`` closed-loop (failed skills recorded and skipped, death
    ends the episode) or ``actions`` (the plan's primitive actions replayed open-loop; at death
    ``on_death`` stops, or continues as the reference's eval.py — see :data:`ON_DEATH`)."""
    if mode not in EXEC_MODES:
        raise MindgridError(f"unknown execution mode {mode!r}; allowed: {', '.join(EXEC_MODES)}")
    if on_death not in ON_DEATH:
        raise MindgridError(f"on_death must be one of {', '.join(ON_DEATH)}, got {on_death!r}")
    if mode == "actions":
        out: Outcome = run_actions(world, plan.actions, cap, on_death)
        return Execution(mode, out.reward, out.steps, out.success, out.dead, (), out.actions)
    r = Runner(world, cap)
    failed = []
    spans = []
    for k, s in enumerate(plan.skills):
        if r.over:
            break
        start = len(r.actions)
        if not run_skill(r, s):
            failed.append(k)
        spans.append((start, len(r.actions)))
    o = r.outcome()
    return Execution(mode, o.reward, o.steps, o.success, o.dead, tuple(failed), o.actions,
                     tuple(spans))
