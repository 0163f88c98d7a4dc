"""Pictures (deterministic bytes), Gymnasium environments and the CLI."""

from __future__ import annotations

import json

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from alignlab.mindgrid.env import ENV_IDS
from alignlab.mindgrid.pair import draw_pair, make_pair
from alignlab.mindgrid.tiles import render_world


def test_picture_bytes_are_deterministic(tmp_path) -> None:
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    draw_pair(make_pair("treasure_island", 3, "flip_vertical,make_lava_safe"), str(a))
    draw_pair(make_pair("treasure_island", 3, "flip_vertical,make_lava_safe"), str(b))
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 5000


def test_new_kinds_have_their_own_tiles() -> None:
    p = make_pair("treasure_island", 3, "make_lava_safe,add_fireproof_shoes,toggle_opening")
    img = render_world(p.real)
    assert img.shape == (352, 352, 3)
    assert not np.array_equal(img, render_world(p.imagined))


@pytest.mark.parametrize("env_id", sorted(ENV_IDS.values()))
def test_check_env_headless(env_id: str) -> None:
    env = gym.make(env_id, render_mode="rgb_array", edits=("flip_vertical",))
    check_env(env.unwrapped, skip_render_check=False)
    _obs, info = env.reset(seed=3)
    assert info["text"].startswith("You are at column")
    assert env.render().shape == (352, 352, 3)
    env.close()


def test_env_reward_matches_optimal_plan() -> None:
    from alignlab.mindgrid.plans import optimal_plan

    env = gym.make(ENV_IDS["room_door_key"])
    env.reset(seed=0)
    world = env.unwrapped.world
    p = optimal_plan(world)
    total, term = 0.0, False
    for a in p.actions:
        _, r, term, _trunc, info = env.step(a)
        total += r
    assert term and info["success"] and total == p.reward


def test_cli_show_writes_picture(cli, tmp_path) -> None:
    out = tmp_path / "w.png"
    r = cli("mindgrid", "show", "--layout", "treasure_island", "--seed", "3",
            "--edits", "flip_vertical,make_lava_safe", "-o", out, "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert d["sentences"] == ["the grid has been flipped along the vertical axis",
                              "the lava is safe to walk on"]
    assert d["reward_real"] == 94


def test_cli_bad_inputs_are_clear_errors(cli, tmp_path) -> None:
    r = cli("mindgrid", "parse", "a new locked door has been installed at column 2 row 2",
            "--layout", "room_door_key")
    assert r.returncode == 2 and "column 2 row 2 is not a divider cell" in r.stderr
    assert "Traceback" not in r.stderr
    bad = tmp_path / "bad.txt"
    bad.write_text("target: red\nsection: 3 3 east\ngrid:\n#######\n#>..<.#\n#.....#\n#..#D##\n"
                   "#..#..#\n#..#.b#\n#######\nlegend:\nD = closed red door\nb = red ball\n")
    r = cli("mindgrid", "plan", bad)
    assert r.returncode == 2 and "two agents" in r.stderr
    r = cli("mindgrid", "show", "--edits", "teleport", "-o", tmp_path / "x.png")
    assert r.returncode == 2 and "unknown edit 'teleport'" in r.stderr


def test_cli_plan_and_export(cli, tmp_path) -> None:
    r = cli("mindgrid", "plan", "--seed", "6", "--json")
    d = json.loads(r.stdout)
    assert d["reward"] == d["executed"]["reward"] == 100 - len(d["plan"]["actions"])
    out = tmp_path / "w.txt"
    assert cli("mindgrid", "export", "--seed", "6", "-f", "ascii", "-o", out).returncode == 0
    r2 = cli("mindgrid", "plan", out, "--json")
    assert json.loads(r2.stdout)["plan_text"] == d["plan_text"]


def test_outputs_do_not_depend_on_hash_randomisation(cli, tmp_path) -> None:
    """Same layout/seed/edits → identical plan text, world JSON and PNG bytes across processes."""
    outs = []
    for hs in ("1", "2"):
        png = tmp_path / f"w{hs}.png"
        r = cli("mindgrid", "show", "--layout", "room_door_key", "--seed", "11", "--edits",
                "add_passage,block_opening,hide_tool_in_box", "-o", png, "--json",
                env={"PYTHONHASHSEED": hs})
        p = cli("mindgrid", "plan", "--layout", "room_door_key", "--seed", "11", "--edits",
                "add_passage,block_opening,hide_tool_in_box", "--json", env={"PYTHONHASHSEED": hs})
        assert r.returncode == 0 and p.returncode == 0, r.stderr + p.stderr
        d = json.loads(r.stdout)
        d.pop("png")
        outs.append((d, p.stdout, png.read_bytes()))
    assert outs[0] == outs[1]


def test_cli_parse_prints_text_not_a_dict(cli) -> None:
    r = cli("mindgrid", "parse", "there is a walkable passage at column 5 row 7")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "edit: add_passage (col 5, row 7)"
    assert "{" not in r.stdout
