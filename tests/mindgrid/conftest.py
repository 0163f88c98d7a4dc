"""Small generated worlds shared by the mindgrid tests."""

from __future__ import annotations

import contextlib

from alignlab.mindgrid.edits import random_edits
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.world import World
from alignlab.runtime import rng

LAYOUTS = ("room_door_key", "treasure_island")


def small_world(seed: int, size: int = 7) -> World:
    """A generated world on a size×size grid with 0–3 random edits (mixes openings and tools)."""
    lay = LAYOUTS[seed % 2]
    w = generate(lay, seed, size=size, max_distractors=3)
    k = int(rng(seed).integers(0, 4))
    with contextlib.suppress(EditError):
        w, _ = random_edits(w, k, rng(seed + 10_000))
    return w


# ----- benchmark fixtures ---------------------------------------------------------------------
import pytest  # noqa: E402
from tests.llm.chat_server import ChatServer  # noqa: E402


@pytest.fixture
def chat_server():
    """A live Chat Completions server on 127.0.0.1 (the one the LLM tests use)."""
    with ChatServer() as server:
        yield server


@pytest.fixture(scope="session")
def eval_games(tmp_path_factory):
    """100 ``eval`` instances (seed 0) written once per session: (path, instances)."""
    from alignlab.mindgrid.teaching.instances import generate_instances, write_instances

    insts = generate_instances("eval", 100, 0)
    path = tmp_path_factory.mktemp("games") / "games.jsonl"
    write_instances(insts, path)
    return path, insts
