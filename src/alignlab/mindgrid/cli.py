"""``alignlab mindgrid``: draw, plan, export worlds and parse edit sentences."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, help="Practical alignment grid world (MiniGrid): worlds, "
                  "edits, optimal plans, pictures.")

_LAYOUT = typer.Option("room_door_key", "--layout", "-l", help="room_door_key or treasure_island.")
_SEED = typer.Option(0, "--seed", "-s", help="World seed (same seed → same world).")
_EDITS = typer.Option("", "--edits", "-e", help="Comma-separated edit names applied in random "
                      "mode to get the real world, e.g. flip_vertical,make_lava_safe.")
_SPLIT = typer.Option("train", "--split", help="Colour split: train or test.")
_WORLD = typer.Argument(None, help="A hand-written world (.json grid JSON, else ASCII format) "
                        "instead of --layout/--seed.")


def _pair(world: Path | None, layout: str, seed: int, edits: str, split: str):
    from alignlab.mindgrid.io import load_world
    from alignlab.mindgrid.pair import WorldPair, make_pair
    from alignlab.mindgrid.plans import optimal_plan

    if world is not None:
        from alignlab.mindgrid.edits import apply_edit, parse_edit_names, sample
        from alignlab.runtime import derive_seed, rng

        base = load_world(world)
        w, done, g = base, [], rng(derive_seed(seed, "edits"))
        for name in parse_edit_names(edits):
            e = sample(w, name, g)
            w = apply_edit(w, e)
            done.append(e)
        return WorldPair(base, w, tuple(done), optimal_plan(base), optimal_plan(w))
    return make_pair(layout, seed, edits, split=split)


@app.command()
def show(
    world: Path = _WORLD,
    layout: str = _LAYOUT, seed: int = _SEED, edits: str = _EDITS, split: str = _SPLIT,
    out: Path = typer.Option(Path("mindgrid.png"), "--out", "-o", help="PNG to write."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Draw the imagined world and the real world (imagined + edits) with their optimal plans."""
    from alignlab.mindgrid.pair import draw_pair, reward_text
    from alignlab.mindgrid.render import Panel, draw_panels

    pair = _pair(world, layout, seed, edits, split)
    if pair.edits:
        draw_pair(pair, str(out))
    else:
        p = pair.plan_real
        draw_panels([Panel(pair.real, f"optimal plan reward {reward_text(p)}", p.actions)], out)
    if as_json:
        typer.echo(json.dumps({"png": str(out), "sentences": pair.sentences(),
                               "reward_imagined": pair.plan_imagined.reward,
                               "reward_real": pair.plan_real.reward,
                               "plan_imagined": pair.plan_imagined.text(),
                               "plan_real": pair.plan_real.text()}))
        return
    for s in pair.sentences():
        typer.echo(f"edit: {s}")
    if pair.edits:
        typer.echo(f"imagined optimal reward: {reward_text(pair.plan_imagined)}")
    typer.echo(f"real optimal reward: {reward_text(pair.plan_real)}")
    typer.echo(f"wrote {out}")


@app.command()
def plan(
    world: Path = _WORLD,
    layout: str = _LAYOUT, seed: int = _SEED, edits: str = _EDITS, split: str = _SPLIT,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Print the (real) world's observation text and its optimal plan with its reward."""
    from alignlab.mindgrid.io import world_to_json
    from alignlab.mindgrid.plans import execute
    from alignlab.mindgrid.text import observation_text, task_text

    pair = _pair(world, layout, seed, edits, split)
    w, p = pair.real, pair.plan_real
    if as_json:
        typer.echo(json.dumps({"world": world_to_json(w), "edits": [e.to_json() for e in pair.edits],
                               "sentences": pair.sentences(), "plan": p.to_json(),
                               "plan_text": p.text(), "reward": p.reward if p.solvable else None,
                               "executed": execute(w, p).to_json() if p.solvable else None}))
        return
    typer.echo(observation_text(w))
    typer.echo(task_text(w))
    typer.echo(p.text())
    typer.echo(f"reward: {p.reward} ({len(p.actions)} primitive actions)" if p.solvable
               else "unsolvable: no plan picks up the target")


@app.command()
def export(
    world: Path = _WORLD,
    layout: str = _LAYOUT, seed: int = _SEED, edits: str = _EDITS, split: str = _SPLIT,
    fmt: str = typer.Option("json", "--format", "-f", help="json or ascii."),
    out: Path = typer.Option(None, "--out", "-o", help="File to write (default: stdout)."),
) -> None:
    """Write the (real) world as grid JSON or in the hand-writable ASCII format."""
    from alignlab.mindgrid.errors import MindgridError
    from alignlab.mindgrid.io import world_to_ascii, world_to_json

    if fmt not in ("json", "ascii"):
        raise MindgridError(f"--format must be json or ascii, got {fmt!r}")
    w = _pair(world, layout, seed, edits, split).real
    text = (json.dumps(world_to_json(w), indent=1, sort_keys=True) + "\n") if fmt == "json" \
        else world_to_ascii(w)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")


@app.command()
def parse(
    sentence: str = typer.Argument(..., help="An edit sentence, e.g. 'there is a walkable passage "
                                   "at column 5 row 7'."),
    world: Path = typer.Option(None, "--world", "-w", help="Also apply it to this world file."),
    layout: str = typer.Option("", "--layout", "-l", help="…or to a generated world of this layout."),
    seed: int = _SEED,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Parse an edit sentence (argument mode); with a world, validate and apply it."""
    from alignlab.mindgrid.edits import apply_edit
    from alignlab.mindgrid.io import load_world
    from alignlab.mindgrid.layouts import generate
    from alignlab.mindgrid.plans import optimal_plan
    from alignlab.mindgrid.text import parse_sentence

    e = parse_sentence(sentence)
    base = load_world(world) if world is not None else generate(layout, seed) if layout else None
    result: dict = {"edit": e.to_json(), "sentence": e.sentence()}
    if base is not None:
        w = apply_edit(base, e)
        p = optimal_plan(w)
        result.update(reward_before=optimal_plan(base).reward, reward_after=p.reward,
                      plan_after=p.text())
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"edit: {e.name} {dict(e.args)}")
    typer.echo(f"sentence: {e.sentence()}")
    if base is not None:
        typer.echo(f"optimal reward before: {result['reward_before']}, after: {result['reward_after']}")
        typer.echo(result["plan_after"])
