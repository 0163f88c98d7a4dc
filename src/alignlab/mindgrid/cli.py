"""``alignlab mindgrid``: worlds (show, plan, export, parse) and the teaching benchmark (generate,
validate, evaluate, report). Thin: parse the options, call the library, print."""

from __future__ import annotations

from pathlib import Path

import typer

from alignlab.cli_common import (
    AddressOpt,
    JsonOpt,
    WorkersOpt,
    emit_json,
    examples,
    int_range,
    json_option,
    out_option,
    seed_option,
)

app = typer.Typer(
    no_args_is_help=True,
    help="Practical alignment grid world (MiniGrid): worlds, edits, optimal plans, pictures, and "
         "the teaching benchmark (generate, validate, evaluate, report, compare, convert-reference).",
    epilog=examples(
        "alignlab mindgrid show --layout treasure_island --seed 3 --edits flip_vertical,make_lava_safe -o w.png",
        "alignlab mindgrid plan examples/mindgrid/door_or_passage.txt",
        "alignlab mindgrid parse 'there is a walkable passage at column 5 row 5' --layout room_door_key",
        "alignlab mindgrid generate --preset eval-reference -n 100 --seed 0 -o games.jsonl",
        "alignlab mindgrid evaluate games.jsonl --teacher gold -o gold.jsonl --json",
        "alignlab mindgrid report gold.jsonl -o report.html",
        "alignlab mindgrid compare gold.jsonl none.jsonl --execution actions",
        "alignlab mindgrid evaluate games.jsonl --teacher llm --model MODEL --base-url URL -o llm.jsonl"
        "   # needs the \\[llm] extra",
    ),
)

_LAYOUT = typer.Option("room_door_key", "--layout", "-l", help="room_door_key or treasure_island.")
_SEED = seed_option(0, "World seed (same seed → same world).")
_EDITS = typer.Option("", "--edits", "-e", help="Comma-separated edit names applied in random "
                      "mode to get the real world, e.g. flip_vertical,make_lava_safe.")
_SPLIT = typer.Option("train", "--split", help="Colour split: train or test (ours), or the "
                      "reference's ref_train, ref_val_out, ref_test_out.")
_WORLD = typer.Argument(None, help="A hand-written world (.json grid JSON, else ASCII format) "
                        "instead of --layout/--seed.")


def _pair(world: Path | None, layout: str, seed: int, edits: str, split: str):
    from alignlab.mindgrid.io import load_world
    from alignlab.mindgrid.pair import make_pair

    return make_pair(layout, seed, edits, split=split,
                     base=load_world(world) if world is not None else None)


@app.command()
def show(
    world: Path = typer.Argument(None, help="A hand-written world (.json grid JSON, else ASCII "
                                 "format), or a games file (.jsonl, with --id)."),
    layout: str = _LAYOUT, seed: int = _SEED, edits: str = _EDITS, split: str = _SPLIT,
    iid: str = typer.Option(None, "--id", help="Instance id (or 0-based position) in a games file."),
    out: Path = out_option(Path("mindgrid.png"), "PNG to write."),
    as_json: bool = json_option("Print one JSON object."),
) -> None:
    """Draw the imagined world and the real world (imagined + edits) with their optimal plans."""
    from alignlab.mindgrid.pair import draw_pair, reward_text
    from alignlab.outputs import check_output

    check_output(out, "png")
    if world is not None and world.suffix == ".jsonl":
        from alignlab.mindgrid.teaching.instances import select_instance

        pair = select_instance(world, iid).pair()
    else:
        pair = _pair(world, layout, seed, edits, split)
    draw_pair(pair, str(out))
    if as_json:
        return emit_json({"png": str(out), "sentences": pair.sentences(),
                          "reward_imagined": pair.plan_imagined.reward,
                          "reward_real": pair.plan_real.reward,
                          "plan_imagined": pair.plan_imagined.text(),
                          "plan_real": pair.plan_real.text()})
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
    as_json: bool = json_option("Print one JSON object."),
) -> None:
    """Print the (real) world's observation text and its optimal plan with its reward."""
    from alignlab.mindgrid.io import world_to_json
    from alignlab.mindgrid.observation import observation_text
    from alignlab.mindgrid.plans import execute
    from alignlab.mindgrid.text import task_text

    pair = _pair(world, layout, seed, edits, split)
    w, p = pair.real, pair.plan_real
    if as_json:
        return emit_json({"world": world_to_json(w), "edits": [e.to_json() for e in pair.edits],
                          "sentences": pair.sentences(), "plan": p.to_json(),
                          "plan_text": p.text(), "reward": p.reward if p.solvable else None,
                          "executed": execute(w, p).to_json() if p.solvable else None})
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
    out: Path = out_option(None, "File to write (default or '-': stdout)."),
) -> None:
    """Write the (real) world as grid JSON or in the hand-writable ASCII format."""
    from alignlab.mindgrid.io import world_text
    from alignlab.outputs import check_output, write_text

    kind = "json" if fmt == "json" else "text"
    target = "-" if out is None else out
    check_output(target, kind, stdout=True)
    text = world_text(_pair(world, layout, seed, edits, split).real, fmt)
    if write_text(target, text, kind, stdout=True) is not None:
        typer.echo(f"wrote {out}")


@app.command()
def parse(
    sentence: str = typer.Argument(..., help="An edit sentence, e.g. 'there is a walkable passage "
                                   "at column 5 row 7'."),
    world: Path = typer.Option(None, "--world", "-w", help="Also apply it to this world file."),
    layout: str = typer.Option("", "--layout", "-l", help="…or to a generated world of this layout."),
    seed: int = _SEED,
    as_json: bool = json_option("Print one JSON object."),
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
        p = optimal_plan(apply_edit(base, e))
        result.update(reward_before=optimal_plan(base).reward, reward_after=p.reward,
                      plan_after=p.text())
    if as_json:
        return emit_json(result)
    args = ", ".join(f"{k} {v}" for k, v in e.args)
    typer.echo(f"edit: {e.name}" + (f" ({args})" if args else ""))
    typer.echo(f"sentence: {e.sentence()}")
    if base is not None:
        typer.echo(f"optimal reward before: {result['reward_before']}, after: {result['reward_after']}")
        typer.echo(result["plan_after"])


# ----- the teaching benchmark -------------------------------------------------------------
@app.command()
def generate(
    preset: str = typer.Option("eval", "--preset", "-p", help="fewshot (k=2, h=0), eval (h=2, "
                               "k=n-2: 6 room_door_key, 8 treasure_island) or eval-reference "
                               "(the reference's evaluation set: h=2, k uniform in 0..7 "
                               "room_door_key / 0..9 treasure_island, layout 50/50)."),
    n: int = typer.Option(100, "-n", callback=int_range("-n", 1),
                          help="Number of instances (layouts alternate; eval-reference: drawn "
                               "50/50 per instance)."),
    seed: int = seed_option(0, "Dataset seed (same seed → same bytes)."),
    layout: str = typer.Option("both", "--layout", "-l", help="room_door_key, treasure_island or both."),
    human_edits: int = typer.Option(None, "--human-edits", help="Override h, the number of edits "
                                    "from the base world to the human's world (preset default: "
                                    "fewshot 0, eval 2, eval-reference 2)."),
    drop_degenerate: bool = typer.Option(False, "--drop-degenerate", help="Leave out instances "
                                         "where real = imagined or π0 is already optimal."),
    executor: str = typer.Option("auto", "--executor", help="auto (serial below 200 instances, "
                                 "else a local process pool), serial, local or dask."),
    workers: WorkersOpt = None,
    out: Path = out_option(Path("games.jsonl"), "JSONL file to write."),
    as_json: bool = json_option("Print one JSON object."),
) -> None:
    """Generate teaching instances (JSONL, schema alignlab.mindgrid.instance/1). Instances are
    written as they are made to <out>.partial, so a killed run resumes where it stopped; the final
    file appears when all are done (same seed → same bytes)."""
    from alignlab.mindgrid.teaching.instances import generate_file
    from alignlab.outputs import check_output

    check_output(out, "jsonl")
    info = generate_file(preset, n, seed, out, layout=layout, h=human_edits,
                         drop_degenerate=drop_degenerate, executor=executor, workers=workers,
                         progress=not as_json)
    if as_json:
        return emit_json(info)
    resumed = f", {info['done_before']} from an interrupted run" if info["done_before"] else ""
    typer.echo(f"wrote {info['n']} {preset} instances to {out} ({info['degenerate']} degenerate"
               f"{', dropped' if drop_degenerate else ''}; mean k = {info['mean_k']:.2f}{resumed})")


@app.command()
def validate(
    file: Path = typer.Argument(..., help="A games (instances) JSONL file."),
    as_json: bool = json_option("Print one JSON object."),
) -> None:
    """Check an instances file (generated, hand-written or converted) and explain every problem."""
    from alignlab.mindgrid.teaching.instances import validate_file

    ok, problems = validate_file(file)
    if as_json:
        emit_json({"file": str(file), "valid": ok, "problems": problems})
    else:
        for p in problems:
            typer.echo(f"problem: {p}")
        typer.echo(f"{ok} valid instance(s), {len(problems)} problem(s)")
    if problems:
        raise typer.Exit(1)


@app.command()
def evaluate(
    games: Path = typer.Argument(..., help="Instances JSONL (from generate, or hand-written)."),
    teacher: str = typer.Option("none", "--teacher", "-t", help="A registered teacher: none, gold, "
                                "scripted, llm or inverse (alignlab.mindgrid.teaching.teachers.TEACHERS)."),
    answers: Path = typer.Option(None, "--answers", help="Answers JSONL for --teacher scripted."),
    model: str = typer.Option(None, "--model", "-m", help="Model name for --teacher llm."),
    base_url: str = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint (default: "
                                 "$ALIGNLAB_LLM_BASE_URL, $OPENAI_BASE_URL, api.openai.com). The key "
                                 "comes from $ALIGNLAB_LLM_API_KEY or $OPENAI_API_KEY."),
    shots: int = typer.Option(None, "--shots", help="Few-shot examples in the prompt: 0, 1 or 5 "
                              "(default 0)."),
    cache_dir: Path = typer.Option(None, "--cache-dir", help="LLM response cache (default: "
                                   "<out>.llm-cache beside the results)."),
    offline: bool = typer.Option(None, "--offline", help="LLM answers from the cache only."),
    max_sentences: int = typer.Option(None, "--max-sentences", help="--teacher inverse: at most "
                                      "this many sentences (default: no limit)."),
    choice: str = typer.Option(None, "--choice", help="--teacher inverse: expected (minimise the "
                               "expected gap, default), greedy or map (ablations)."),
    likelihood: bool = typer.Option(None, "--likelihood/--no-likelihood", help="--teacher inverse: "
                                    "--no-likelihood ignores the plan and says every plausible "
                                    "difference (ablation)."),
    rationality: float = typer.Option(None, "--rationality", help="--teacher inverse: β of a "
                                      "Boltzmann-rational human (default: exactly optimal)."),
    search_nodes: int = typer.Option(None, "--search-nodes", help="--teacher inverse: undo steps "
                                     "per instance (default 4000)."),
    search_plans: int = typer.Option(None, "--search-plans", help="--teacher inverse: exact plans "
                                     "of hypotheses per instance (default 150)."),
    human_edits: int = typer.Option(None, "--human-edits", help="--teacher inverse: edits from a "
                                    "generated world to the human's in the prior (default 2)."),
    execution: str = typer.Option("skills", "--execution", help="Mode of the headline gap: skills "
                                  "(closed-loop) or actions (open-loop replay, the paper's protocol); "
                                  "records carry both."),
    on_death: str = typer.Option("stop", "--on-death", help="Open-loop replay (actions mode) at a "
                                 "terminating step: stop (the episode ends there) or continue "
                                 "(every action is replayed, as the reference's eval.py does)."),
    drop_degenerate: bool = typer.Option(False, "--drop-degenerate", help="Skip degenerate instances."),
    executor: str = typer.Option("auto", "--executor", help="auto (serial; a local process pool "
                                 "from 200 instances for teachers that do not wait on a service; "
                                 "dask with --address), serial, local or dask."),
    workers: WorkersOpt = None,
    address: AddressOpt = None,
    out: Path = out_option(Path("results.jsonl"), "Results JSONL (resumable)."),
    as_json: JsonOpt = False,
) -> None:
    """Teach every instance, let the simulated human replan, score the gap (resumable)."""
    from alignlab.mindgrid.teaching.evaluate import evaluate_file, summary_lines
    from alignlab.mindgrid.teaching.teachers import make_teacher, teacher_kind
    from alignlab.outputs import check_output, check_output_dir

    check_output(out, "jsonl")
    if cache_dir is not None:
        check_output_dir(cache_dir)
    options = {"answers": answers, "model": model, "base_url": base_url, "shots": shots,
               "offline": offline or None, "cache_dir": cache_dir,
               "max_sentences": max_sentences, "choice": choice, "likelihood": likelihood,
               "rationality": rationality, "search_nodes": search_nodes,
               "search_plans": search_plans, "human_edits": human_edits}
    if cache_dir is None and "cache_dir" in teacher_kind(teacher).options:
        options["cache_dir"] = f"{out}.llm-cache"
        check_output_dir(options["cache_dir"])
    t = make_teacher(teacher, **{k: str(v) if isinstance(v, Path) else v for k, v in options.items()})
    s = evaluate_file(games, t, out, execution=execution, executor=executor, workers=workers,
                      address=address, drop_degenerate=drop_degenerate, progress=not as_json,
                      on_death=on_death)
    if as_json:
        return emit_json({k: v for k, v in s.items() if k != "per_edit"} | {"per_edit": s["per_edit"]})
    for line in summary_lines(s, execution):
        typer.echo(line)


@app.command()
def report(
    results: Path = typer.Argument(..., help="Results JSONL from evaluate."),
    out: Path = out_option(Path("report.html"), "HTML file to write."),
    max_instances: int = typer.Option(None, "--max-instances", callback=int_range("--max-instances", 0),
                                      help="Draw only the first N instances."),
    execution: str = typer.Option("skills", "--execution", help="Mode of the headline gap."),
) -> None:
    """Write the HTML benchmark report (summary, per-edit table, per-instance pictures)."""
    from alignlab.mindgrid.teaching.report import write_benchmark_report
    from alignlab.outputs import check_output

    check_output(out, "html")
    path = write_benchmark_report(results, out, max_instances=max_instances, execution=execution,
                                  progress=True)
    typer.echo(f"wrote {path}")


@app.command()
def compare(
    a: Path = typer.Argument(..., help="Results JSONL of A (from evaluate)."),
    b: Path = typer.Argument(..., help="Results JSONL of B, on the same instances."),
    execution: str = typer.Option("skills", "--execution", help="skills or actions: which gap."),
    what: str = typer.Option("gap", "--what", help="gap (π1's gap) or no_teaching (π0's gap, "
                             "e.g. to compare execution rules)."),
    level: float = typer.Option(0.95, "--level", help="Confidence level of the bootstrap CI."),
    seed: int = seed_option(0, "Bootstrap seed (same seed → same CI)."),
    as_json: bool = json_option("Print one JSON object."),
) -> None:
    """Paired comparison of A and B instance by instance: mean difference A − B ± s.e., its
    bootstrap CI, paired t-test and Wilcoxon signed-rank p-values.

    Example: alignlab mindgrid compare gold.jsonl none.jsonl --execution actions
    """
    from alignlab.mindgrid.teaching.compare import compare_files

    r = compare_files(a, b, execution=execution, what=what, level=level, seed=seed)
    if as_json:
        return emit_json(r)

    def f(x: float | None, d: int = 2) -> str:
        return "—" if x is None else f"{x:.{d}f}"

    def p(x: float | None) -> str:
        return "—" if x is None else (f"{x:.2g}" if x < 0.001 else f"{x:.3f}")

    ci = r["ci"]
    typer.echo(f"{r['n']} paired instances ({r['what']}, {r['execution']}); "
               f"only in A: {r['only_a']}, only in B: {r['only_b']}")
    typer.echo(f"  mean A {f(r['mean_a'])}   mean B {f(r['mean_b'])}")
    typer.echo(f"  A − B: {f(r['diff_mean'])} ± {f(r['diff_se'])} (s.e.), "
               f"{round(100 * r['level'])}% bootstrap CI "
               + (f"[{f(ci[0])}, {f(ci[1])}]" if ci else "—"))
    typer.echo(f"  paired t-test p = {p(r['t_pvalue'])}, Wilcoxon signed-rank p = "
               f"{p(r['wilcoxon_pvalue'])}")
    typer.echo(f"  A lower on {r['a_better']}, B lower on {r['b_better']}, equal on {r['ties']}")


@app.command("convert-reference")
def convert_reference(
    export: Path = typer.Argument(..., help="The reference toolkit's games in its neutral JSON "
                                  "export (one game per line)."),
    out: Path = out_option(Path("games.jsonl"), "Instances JSONL to write."),
    as_json: bool = json_option("Print one JSON object."),
) -> None:
    """Convert the reference's exported games into an instances file (its colours, object order,
    the human's actions; its rewards under notes.reference).

    Example: alignlab mindgrid convert-reference reference_eval.jsonl -o ref_games.jsonl
    """
    from alignlab.mindgrid.teaching.reference import convert_file

    n = convert_file(export, out)
    if as_json:
        return emit_json({"out": str(out), "n": n})
    typer.echo(f"wrote {n} instances to {out}")
