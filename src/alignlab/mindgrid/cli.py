"""``alignlab mindgrid``: draw, plan, export worlds and parse edit sentences."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, help="Practical alignment grid world (MiniGrid): worlds, "
                  "edits, optimal plans, pictures, and the teaching benchmark (generate, validate, "
                  "evaluate, report).")

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


def _games_pair(path: Path, iid: str | None):
    from alignlab.mindgrid.errors import InstanceError
    from alignlab.mindgrid.instances import load_instances
    from alignlab.mindgrid.pair import WorldPair

    insts = load_instances(path)
    if iid is None:
        inst = insts[0]
    else:
        by = {i.id: i for i in insts}
        cand = by.get(iid) or (insts[int(iid)] if iid.isdigit() and int(iid) < len(insts) else None)
        if cand is None:
            raise InstanceError(f"{path}: no instance with id {iid!r} (ids: {insts[0].id} … "
                                f"{insts[-1].id}, or a 0-based position below {len(insts)})")
        inst = cand
    return WorldPair(inst.imagined, inst.real, inst.edits, inst.plan_human, inst.optimal_real())


@app.command()
def show(
    world: Path = typer.Argument(None, help="A hand-written world (.json grid JSON, else ASCII "
                                 "format), or a games file (.jsonl, with --id)."),
    layout: str = _LAYOUT, seed: int = _SEED, edits: str = _EDITS, split: str = _SPLIT,
    iid: str = typer.Option(None, "--id", help="Instance id (or 0-based position) in a games file."),
    out: Path = typer.Option(Path("mindgrid.png"), "--out", "-o", help="PNG to write."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Draw the imagined world and the real world (imagined + edits) with their optimal plans."""
    from alignlab.mindgrid.pair import draw_pair, reward_text
    from alignlab.mindgrid.render import Panel, draw_panels
    from alignlab.outputs import check_output

    check_output(out, "png")
    if world is not None and world.suffix == ".jsonl":
        pair = _games_pair(world, iid)
    else:
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
    out: Path = typer.Option(None, "--out", "-o", help="File to write (default or '-': stdout)."),
) -> None:
    """Write the (real) world as grid JSON or in the hand-writable ASCII format."""
    from alignlab.mindgrid.errors import MindgridError
    from alignlab.mindgrid.io import world_to_ascii, world_to_json
    from alignlab.outputs import check_output, write_text

    if fmt not in ("json", "ascii"):
        raise MindgridError(f"--format must be json or ascii, got {fmt!r}")
    kind = "json" if fmt == "json" else "text"
    target = "-" if out is None else out
    check_output(target, kind, stdout=True)
    w = _pair(world, layout, seed, edits, split).real
    text = (json.dumps(world_to_json(w), indent=1, sort_keys=True) + "\n") if fmt == "json" \
        else world_to_ascii(w)
    if write_text(target, text, kind, stdout=True) is not None:
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


# ----- the teaching benchmark -------------------------------------------------------------
@app.command()
def generate(
    preset: str = typer.Option("eval", "--preset", "-p", help="fewshot (k=2, h=0), eval (h=2, "
                               "k=n-2: 6 room_door_key, 8 treasure_island) or eval-reference "
                               "(h=2, k uniform in 0..n-3)."),
    n: int = typer.Option(100, "-n", help="Number of instances (layouts alternate)."),
    seed: int = typer.Option(0, "--seed", "-s", help="Dataset seed (same seed → same bytes)."),
    layout: str = typer.Option("both", "--layout", "-l", help="room_door_key, treasure_island or both."),
    human_edits: int = typer.Option(None, "--human-edits", help="Override h, the number of edits "
                                    "from the base world to the human's world (preset default: "
                                    "fewshot 0, eval 2, eval-reference 2)."),
    drop_degenerate: bool = typer.Option(False, "--drop-degenerate", help="Leave out instances "
                                         "where real = imagined or π0 is already optimal."),
    out: Path = typer.Option(Path("games.jsonl"), "--out", "-o", help="JSONL file to write."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Generate teaching instances (JSONL, schema alignlab.mindgrid.instance/1)."""
    from alignlab.mindgrid.instances import generate_instances, write_instances
    from alignlab.mindgrid.world import LAYOUTS
    from alignlab.outputs import check_output

    check_output(out, "jsonl")
    layouts = LAYOUTS if layout == "both" else (layout,)
    insts = generate_instances(preset, n, seed, layouts, human_edits)
    degenerate = sum(i.is_degenerate for i in insts)
    if drop_degenerate:
        insts = [i for i in insts if not i.is_degenerate]
    write_instances(insts, out)
    info = {"out": str(out), "preset": preset, "n": len(insts), "degenerate": degenerate,
            "dropped": degenerate if drop_degenerate else 0,
            "mean_k": sum(len(i.edits) for i in insts) / max(1, len(insts))}
    if as_json:
        typer.echo(json.dumps(info))
        return
    typer.echo(f"wrote {len(insts)} {preset} instances to {out} ({degenerate} degenerate"
               f"{', dropped' if drop_degenerate else ''}; mean k = {info['mean_k']:.2f})")


@app.command()
def validate(
    file: Path = typer.Argument(..., help="A games (instances) JSONL file."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Check an instances file (generated, hand-written or converted) and explain every problem."""
    from alignlab.mindgrid.instances import validate_file

    ok, problems = validate_file(file)
    if as_json:
        typer.echo(json.dumps({"file": str(file), "valid": ok, "problems": problems}))
    else:
        for p in problems:
            typer.echo(f"problem: {p}")
        typer.echo(f"{ok} valid instance(s), {len(problems)} problem(s)")
    if problems:
        raise typer.Exit(1)


@app.command()
def evaluate(
    games: Path = typer.Argument(..., help="Instances JSONL (from generate, or hand-written)."),
    teacher: str = typer.Option("none", "--teacher", "-t", help="none, gold, scripted or llm."),
    answers: Path = typer.Option(None, "--answers", help="Answers JSONL for --teacher scripted."),
    model: str = typer.Option("", "--model", "-m", help="Model name for --teacher llm."),
    base_url: str = typer.Option("", "--base-url", help="OpenAI-compatible endpoint (default: "
                                 "$ALIGNLAB_LLM_BASE_URL, $OPENAI_BASE_URL, api.openai.com). The key "
                                 "comes from $ALIGNLAB_LLM_API_KEY or $OPENAI_API_KEY."),
    shots: int = typer.Option(0, "--shots", help="Few-shot examples in the prompt: 0, 1 or 5."),
    cache_dir: Path = typer.Option(None, "--cache-dir", help="LLM response cache (default: "
                                   "<out>.llm-cache beside the results)."),
    offline: bool = typer.Option(False, "--offline", help="LLM answers from the cache only."),
    execution: str = typer.Option("skills", "--execution", help="Mode of the headline gap: skills "
                                  "(closed-loop) or actions (open-loop replay, the paper's protocol); "
                                  "records carry both."),
    drop_degenerate: bool = typer.Option(False, "--drop-degenerate", help="Skip degenerate instances."),
    executor: str = typer.Option("auto", "--executor", help="auto, serial, local or dask."),
    workers: int = typer.Option(None, "--workers", help="Worker processes."),
    out: Path = typer.Option(Path("results.jsonl"), "--out", "-o", help="Results JSONL (resumable)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON summary object."),
) -> None:
    """Teach every instance, let the simulated human replan, score the gap (resumable)."""
    from alignlab.mindgrid.errors import MindgridError
    from alignlab.mindgrid.evaluate import evaluate_file
    from alignlab.mindgrid.metrics import PAPER_NO_TEACHING_GAP
    from alignlab.mindgrid.prompt import SHOTS
    from alignlab.mindgrid.teachers import TeacherSpec
    from alignlab.outputs import check_output, check_output_dir

    if shots not in SHOTS:
        raise MindgridError(f"--shots must be one of {', '.join(map(str, SHOTS))}, got {shots}")
    check_output(out, "jsonl")
    cache = str(cache_dir) if cache_dir is not None else str(out) + ".llm-cache"
    if teacher == "llm" or cache_dir is not None:
        check_output_dir(cache)
    spec = TeacherSpec(teacher, shots=shots, model=model, base_url=base_url,
                       cache_dir=cache if teacher == "llm" else "", offline=offline)
    s = evaluate_file(games, spec, out, execution=execution, answers=answers, executor=executor,
                      workers=workers, drop_degenerate=drop_degenerate, progress=not as_json)
    if as_json:
        s = {k: v for k, v in s.items() if k not in ("per_edit",)} | {"per_edit": s["per_edit"]}
        typer.echo(json.dumps(s))
        return

    def pm(g: dict, k: str = "") -> str:
        m, se = g[f"{k}mean"], g[f"{k}se"]
        return "—" if m is None else (f"{m:.2f} ± {se:.2f}" if se is not None else f"{m:.2f}")

    typer.echo(f"{s['n']} instances, teacher {teacher} ({s['done_before']} already done, "
               f"{s['run_now']} run now) → {out}")
    for mode in ("skills", "actions"):
        g = s[f"gap_{mode}"]
        star = " (headline)" if mode == execution else ""
        typer.echo(f"  gap [{mode}]{star}: {pm(g)}   no teaching: {pm(g, 'no_teaching_')}   "
                   f"success {100 * g['success_rate']:.1f}%")
    typer.echo(f"  paper, no teaching (open-loop replay): {PAPER_NO_TEACHING_GAP}")
    pr = s["parse_rate"]
    typer.echo(f"  sentences {s['sentences']}, parse rate {'—' if pr is None else f'{100 * pr:.1f}%'}, "
               f"unparsed {len(s['unparsed'])}, not applicable {s['not_applicable']}, "
               f"teacher errors {s['teacher_errors']}, degenerate {s['degenerate']}")
    for u in s["unparsed"][:20]:
        typer.echo(f"  unparsed [{u['id']}]: {u['text']}")


@app.command()
def report(
    results: Path = typer.Argument(..., help="Results JSONL from evaluate."),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="HTML file to write."),
    max_instances: int = typer.Option(None, "--max-instances", help="Draw only the first N instances."),
    execution: str = typer.Option("skills", "--execution", help="Mode of the headline gap."),
) -> None:
    """Write the HTML benchmark report (summary, per-edit table, per-instance pictures)."""
    from alignlab.mindgrid.report import write_benchmark_report
    from alignlab.outputs import check_output

    check_output(out, "html")
    path = write_benchmark_report(results, out, max_instances=max_instances, execution=execution)
    typer.echo(f"wrote {path}")
