"""Primitive dynamics (MiniGrid semantics) on the compact state, and the paper's reward.

Reward: −1 per primitive action, +100 when a ball of the target colour is picked up. The episode
ends at that pickup, at death (entering hot lava without carrying fire-proof shoes, or entering a
damaged bridge) or after ``STEP_CAP`` actions. Any ball of the target colour completes the task
(the task is defined by colour; generated worlds hold exactly one such ball).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from alignlab.mindgrid.world import (
    COOL_LAVA,
    DIRS,
    FLOOR,
    LAVA,
    PASSAGE,
    PICKABLE,
    Obj,
    World,
)

ACTIONS: tuple[str, ...] = ("left", "right", "forward", "pickup", "drop", "toggle", "done")
LEFT, RIGHT, FORWARD, PICKUP, DROP, TOGGLE, DONE = range(7)
STEP_REWARD = -1
GOAL_REWARD = 100
STEP_CAP = 1000

# Step outcomes
ALIVE, SUCCESS, DEAD = 0, 1, 2


def front(pos: int, d: int, size: int) -> int:
    dx, dy = DIRS[d]
    return pos + dy * size + dx


def step(terrain: tuple[int, ...], size: int, target: str, pos: int, d: int,
         held: Obj | None, objs: tuple[Obj | None, ...], a: int
         ) -> tuple[int, int, Obj | None, tuple[Obj | None, ...], int, bool]:
    """One primitive action. Returns (pos, dir, held, objs, outcome, changed)."""
    if a == LEFT:
        return pos, (d - 1) % 4, held, objs, ALIVE, True
    if a == RIGHT:
        return pos, (d + 1) % 4, held, objs, ALIVE, True
    f = front(pos, d, size)
    o = objs[f]
    if a == FORWARD:
        if o is not None:
            if o.kind == "door":
                return (f, d, held, objs, ALIVE, True) if o.state == "open" else \
                    (pos, d, held, objs, ALIVE, False)
            if o.kind == "bridge":
                return (f, d, held, objs, ALIVE if o.state == "intact" else DEAD, True)
            return pos, d, held, objs, ALIVE, False
        t = terrain[f]
        if t in (FLOOR, PASSAGE, COOL_LAVA):
            return f, d, held, objs, ALIVE, True
        if t == LAVA:
            dead = held is None or held.kind != "shoes"
            return f, d, held, objs, DEAD if dead else ALIVE, True
        return pos, d, held, objs, ALIVE, False
    if a == PICKUP:
        if held is None and o is not None and o.kind in PICKABLE:
            new = (*objs[:f], None, *objs[f + 1:])
            out = SUCCESS if (o.kind == "ball" and o.color == target) else ALIVE
            return pos, d, o, new, out, True
        return pos, d, held, objs, ALIVE, False
    if a == DROP:
        if held is not None and o is None and terrain[f] in (FLOOR, PASSAGE):
            return pos, d, None, (*objs[:f], held, *objs[f + 1:]), ALIVE, True
        return pos, d, held, objs, ALIVE, False
    if a == TOGGLE:
        if o is None:
            return pos, d, held, objs, ALIVE, False
        new_o: Obj | None = o
        if o.kind == "door":
            if o.state == "open":
                new_o = o._replace(state="closed")
            elif o.state == "closed" or (held is not None and held.kind == "key" and held.color == o.color):
                new_o = o._replace(state="open")
        elif o.kind == "box":
            new_o = o.content
        elif o.kind == "bridge" and o.state == "damaged" and held is not None and held.kind == "hammer":
            new_o = o._replace(state="intact")
        if new_o is o:
            return pos, d, held, objs, ALIVE, False
        return pos, d, held, (*objs[:f], new_o, *objs[f + 1:]), ALIVE, True
    return pos, d, held, objs, ALIVE, False  # done


@dataclass(frozen=True)
class Outcome:
    """Result of running primitive actions: reward, actions taken, how the episode ended."""

    reward: int
    actions: tuple[int, ...]
    success: bool
    dead: bool
    world: World

    @property
    def steps(self) -> int:
        return len(self.actions)


class Runner:
    """Mutable closed-loop executor: applies primitives to a world and tracks the reward."""

    def __init__(self, world: World, cap: int = STEP_CAP) -> None:
        self.world0 = world
        self.terrain, self.size, self.target = world.terrain, world.size, world.target_color
        self.pos, self.d, self.held, self.objs = world.agent, world.agent_dir, world.carrying, world.objects
        self.actions: list[int] = []
        self.success = False
        self.dead = False
        self.cap = cap

    @property
    def over(self) -> bool:
        return self.success or self.dead or len(self.actions) >= self.cap

    def act(self, a: int) -> bool:
        """Apply one action (ignored once the episode is over). Returns whether it changed state."""
        if self.over:
            return False
        self.pos, self.d, self.held, self.objs, out, changed = step(
            self.terrain, self.size, self.target, self.pos, self.d, self.held, self.objs, a)
        self.actions.append(a)
        self.success = out == SUCCESS
        self.dead = out == DEAD
        return changed

    def world(self) -> World:
        return replace(self.world0, agent=self.pos, agent_dir=self.d, carrying=self.held,
                       objects=self.objs)

    def key(self) -> tuple:
        return (self.pos, self.d, self.held, self.objs)

    def outcome(self) -> Outcome:
        r = STEP_REWARD * len(self.actions) + (GOAL_REWARD if self.success else 0)
        return Outcome(r, tuple(self.actions), self.success, self.dead, self.world())


#: What open-loop replay does at a terminating step (death, or picking up the target):
#: ``stop`` ends the episode there (ours, the default); ``continue`` replays every remaining action
#: as the reference's eval.py does (MiniGrid keeps stepping after ``terminated``), and the task
#: counts as done only if the target is carried after the last action.
ON_DEATH = ("stop", "continue")


def run_actions(world: World, actions: list[int] | tuple[int, ...], cap: int = STEP_CAP,
                on_death: str = "stop") -> Outcome:
    """Replay primitive actions open-loop. ``on_death='stop'``: stop at pickup of the target, death
    or the cap; ``'continue'``: run every action (up to the cap) whatever happens, reward
    −1 per action + 100 if the agent holds a ball of the target colour at the end (``dead`` says
    whether it died on the way)."""
    if on_death == "continue":
        pos, d, held, objs = world.agent, world.agent_dir, world.carrying, world.objects
        died = False
        acts = tuple(actions)[:cap]
        for a in acts:
            pos, d, held, objs, out, _ = step(world.terrain, world.size, world.target_color,
                                              pos, d, held, objs, a)
            died = died or out == DEAD
        success = held is not None and held.kind == "ball" and held.color == world.target_color
        end = replace(world, agent=pos, agent_dir=d, carrying=held, objects=objs)
        return Outcome(STEP_REWARD * len(acts) + (GOAL_REWARD if success else 0), acts, success,
                       died, end)
    if on_death != "stop":
        from alignlab.mindgrid.errors import MindgridError

        raise MindgridError(f"on_death must be one of {', '.join(ON_DEATH)}, got {on_death!r}")
    r = Runner(world, cap)
    for a in actions:
        if r.over:
            break
        r.act(a)
    return r.outcome()
