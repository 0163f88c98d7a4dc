"""Gymnasium environments ``alignlab/MindGrid-RoomDoorKey-v0`` and ``…-TreasureIsland-v0``.

MiniGridEnv subclasses whose dynamics, reward (−1 per action, +100 for the target ball) and
termination (pickup, death) come from :mod:`alignlab.mindgrid.engine`; MiniGrid provides the
observation encoding and rgb_array rendering. ``info['text']`` holds the observation text.
Importing this module registers both ids; ``gymnasium.make("alignlab.mindgrid.env:alignlab/
MindGrid-RoomDoorKey-v0")`` imports it for you.
"""

from __future__ import annotations

from typing import Any, ClassVar

import gymnasium as gym
from minigrid.core.mission import MissionSpace
from minigrid.minigrid_env import MiniGridEnv

from alignlab.mindgrid.edits import Edit, apply_edits, parse_edit_names, sample_edits
from alignlab.mindgrid.engine import GOAL_REWARD, STEP_CAP, STEP_REWARD, Runner
from alignlab.mindgrid.errors import MindgridError
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.observation import observation_text
from alignlab.mindgrid.tiles import minigrid_grid, register, to_minigrid
from alignlab.mindgrid.world import ALL_COLORS, LAYOUTS, SIZE, World
from alignlab.runtime import rng

ENV_IDS = {"room_door_key": "alignlab/MindGrid-RoomDoorKey-v0",
           "treasure_island": "alignlab/MindGrid-TreasureIsland-v0"}


def _mission(color: str) -> str:
    return f"pick up the {color} ball"


class MindGridEnv(MiniGridEnv):
    """A mindgrid world as a MiniGrid environment (a new world from the seed at every reset).

    ``edits``: edit names (applied in random mode, seeded from the episode's world seed) or
    :class:`Edit` objects (argument mode). ``world``: a fixed world instead of a generated one.
    """

    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["rgb_array"], "render_fps": 10}

    def __init__(self, layout: str = "room_door_key", *, edits: tuple = (), split: str = "train",
                 world: World | None = None, max_steps: int = STEP_CAP,
                 render_mode: str | None = None, **kwargs: Any) -> None:
        if layout not in LAYOUTS:
            raise MindgridError(f"unknown layout {layout!r}; allowed: {', '.join(LAYOUTS)}")
        if render_mode not in (None, "rgb_array"):
            raise MindgridError("mindgrid renders headless only: render_mode must be 'rgb_array' or None")
        register()
        for e in edits:
            if isinstance(e, str):
                parse_edit_names(e)  # unknown names fail here, not at reset
            elif not isinstance(e, Edit):
                raise MindgridError(f"edits must be edit names or Edit objects, got {e!r}")
        self.layout, self.edits, self.split, self.fixed_world = layout, tuple(edits), split, world
        self.world: World | None = None
        self._runner: Runner | None = None
        size = world.size if world is not None else SIZE
        super().__init__(mission_space=MissionSpace(mission_func=_mission,
                                                    ordered_placeholders=[list(ALL_COLORS)]),
                         grid_size=size, max_steps=max_steps, see_through_walls=True,
                         render_mode=render_mode, highlight=False, **kwargs)
        self.reward_range = (STEP_REWARD * max_steps, GOAL_REWARD + STEP_REWARD)

    def _gen_grid(self, width: int, height: int) -> None:
        if self.fixed_world is not None:
            w = self.fixed_world
        else:
            seed = int(self.np_random.integers(2**31 - 1))
            w = generate(self.layout, seed, split=self.split)
            names = [e for e in self.edits if isinstance(e, str)]
            objs = [e for e in self.edits if isinstance(e, Edit)]
            if names:
                w, _ = sample_edits(w, names, rng(seed))
            w = apply_edits(w, objs)
        self.world = w
        self._runner = Runner(w, cap=self.max_steps)
        self._sync()

    def _sync(self) -> None:
        r = self._runner
        assert r is not None
        w = r.world()
        self.grid = minigrid_grid(w)
        self.agent_pos = w.agent_xy
        self.agent_dir = w.agent_dir
        self.mission = _mission(w.target_color)

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        obs, info = super().reset(seed=seed, options=options)
        assert self._runner is not None
        self.carrying = to_minigrid(self._runner.held)
        return obs, {**info, "text": observation_text(self._runner.world())}

    def step(self, action: int):
        r = self._runner
        assert r is not None
        self.step_count += 1
        r.act(int(action))
        self._sync()
        self.carrying = to_minigrid(r.held)
        reward = float(STEP_REWARD + (GOAL_REWARD if r.success else 0))
        terminated = r.success or r.dead
        truncated = not terminated and self.step_count >= self.max_steps
        obs = self.gen_obs()
        info = {"text": observation_text(r.world()), "success": r.success, "dead": r.dead}
        return obs, reward, terminated, truncated, info


def _register() -> None:
    for layout, env_id in ENV_IDS.items():
        if env_id not in gym.registry:
            gym.register(id=env_id, entry_point="alignlab.mindgrid.env:MindGridEnv",
                         kwargs={"layout": layout})


_register()
