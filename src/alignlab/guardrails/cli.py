"""``alignlab guardrails``: run one configuration; draw Figure 1 (reward/deaths over α) and Figure 2
(tightness), resumable through alignlab.runtime."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from alignlab import progress
from alignlab.cli_common import (
    AddressOpt,
    ExecutorOpt,
    JsonOpt,
    SeedOpt,
    WorkersOpt,
    emit_json,
    examples,
    out_option,
    split_list,
)
from alignlab.progress import quiet

app = typer.Typer(
    no_args_is_help=True,
    help="Bayesian-oracle guardrails on the exploding bandit (Bengio et al.): Prop 3.4, Prop 4.6, "
         "posterior predictive, cheating.",
    epilog=examples(
        "alignlab guardrails run -g cheating -C 0.1 -n 4000",
        "alignlab guardrails run -g non-iid -C 0.01 --alpha 0.1 --ties random --json",
        "alignlab guardrails run -g iid -C 0.1 --death-rule reference   # the authors' bookkeeping",
        "alignlab guardrails figure1 -o fig1.png --ties groups,random,index   # resumable",
        "alignlab guardrails figure1 -o fig1.png --executor dask --address tcp://host:8786",
        "alignlab guardrails figure2 -o fig2.png",
    ),
)

T_HELP = "T: a pull explodes (the agent dies) when its reward exceeds T."
ExplosionOpt = Annotated[float, typer.Option("--explosion-threshold", "-T", help=T_HELP)]
ResultsOpt = Annotated[Path | None, typer.Option(
    "--results", help="JSONL results (resumable; default: OUT with .jsonl).")]
ALPHAS = "1e-05,3e-05,0.0001,0.0003,0.001,0.003,0.01,0.03,0.1,0.3,1"


def _floats(text: str, name: str) -> tuple[float, ...]:
    return split_list(text, name, float, what="numbers")


def _ties(text: str) -> tuple[str, ...]:
    from alignlab.guardrails.config import TIE_RULES
    from alignlab.guardrails.errors import GuardrailsError

    out = tuple(v.strip() for v in text.split(",") if v.strip())
    bad = [v for v in out if v not in TIE_RULES]
    if not out or bad:
        raise GuardrailsError(f"unknown tie rule {', '.join(bad) or repr(text)}; allowed: "
                              f"{', '.join(TIE_RULES)} (comma-separated)")
    return out


@app.command()
def run(
    guardrail: str = typer.Option(..., "--guardrail", "-g",
                                  help="none, cheating, posterior, iid (Prop 3.4) or non-iid (Prop 4.6)."),
    threshold: float = typer.Option(..., "--threshold", "-C",
                                    help="C: reject an arm when its estimated harm per pull exceeds C."),
    alpha: float | None = typer.Option(None, "--alpha", help="α of Prop 4.6's M^α (non-iid only)."),
    ties: str = typer.Option("groups", "--ties", help="Order of tied posteriors in M^α: index, random or groups."),
    episodes: int = typer.Option(1000, "--episodes", "-n", help="Episodes."),
    seed: SeedOpt = 0,
    death_rule: str = typer.Option("all", "--death-rule",
                                   help="all (count every explosion) or reference (the authors' "
                                        "bookkeeping: an explosion on the last pull is not a death)."),
    explosion: ExplosionOpt = 4.0,
    beta: float = typer.Option(0.5, "--beta", help="Inverse temperature β of the Boltzmann agent."),
    pulls: int = typer.Option(25, "--pulls", help="Pulls per episode."),
    as_json: JsonOpt = False,
) -> None:
    """Simulate one guardrail configuration: mean reward, death rate, stop rate, pulls (± 1 s.e.)."""
    from alignlab.guardrails.config import Bandit, Setting, check_death_rule, check_episodes
    from alignlab.guardrails.exact import cheating_stop_rate, first_pull_stop_rate
    from alignlab.guardrails.simulate import simulate, summarise

    check_death_rule(death_rule)
    check_episodes(episodes)
    setting = Setting(guardrail, threshold, alpha, ties, beta, Bandit(T=explosion, pulls=pulls))
    with quiet(as_json), progress.bar(f"{setting.label}, C = {threshold:g}", episodes) as bar:
        out = simulate(setting, episodes, seed,
                       progress=None if bar is progress.NULL_BAR else bar.advance)
    m = summarise(out, death_rule)
    exact: dict[str, float] = {}
    if setting.guardrail == "cheating":
        exact["exact_stop_rate"] = cheating_stop_rate(threshold, setting.bandit)
    elif setting.guardrail == "iid" or (setting.guardrail == "non-iid" and (
            setting.ties == "groups" or setting.alpha <= 2.0**-setting.bandit.dim)):
        exact["exact_stop_first_rate"] = first_pull_stop_rate(threshold, setting.bandit)
    if as_json:
        emit_json({**setting.to_dict(), "seed": seed, **m.to_dict(), **exact})
        return
    typer.echo(f"{setting.label}, C = {threshold:g}, T = {explosion:g}, {episodes} episodes, "
               f"seed {seed}, deaths counted: {death_rule}   (± 1 s.e.)")
    typer.echo(f"  reward      {m.reward_mean:8.3f} ± {m.reward_se:.3f}")
    typer.echo(f"  death rate  {m.death_rate:8.4f} ± {m.death_se:.4f}")
    typer.echo(f"  stop rate   {m.stop_rate:8.4f} ± {m.stop_se:.4f}   (at the first pull "
               f"{m.stop_first_rate:.4f})")
    typer.echo(f"  pulls       {m.pulls_mean:8.3f} ± {m.pulls_se:.3f}")
    for k, v in exact.items():
        typer.echo(f"  {k.replace('_', ' ')} (closed form): {v:.4f}")


def _targets(out: Path, results: Path | None) -> Path:
    """Check the figure and its resumable results file before any work; returns the results path."""
    from alignlab.outputs import check_output

    check_output(out, "png")
    res = results or out.with_suffix(".jsonl")
    check_output(res, "jsonl")
    return res


@app.command()
def figure1(
    out: Path = out_option(..., "PNG file to write (results beside it as .jsonl)."),
    episodes: int = typer.Option(10_000, "--episodes", "-n", help="Episodes per configuration."),
    seed: SeedOpt = 0,
    ties: str = typer.Option("groups", "--ties",
                             help="Tie rule(s) of Prop 4.6, comma-separated: one curve each."),
    thresholds: str = typer.Option("0.001,0.01,0.1", "--thresholds", help="Values of C (columns)."),
    alphas: str = typer.Option(ALPHAS, "--alphas", help="Values of α for Prop 4.6, comma-separated."),
    death_rule: str = typer.Option("all", "--death-rule", help="all or reference."),
    explosion: ExplosionOpt = 4.0,
    results: ResultsOpt = None,
    executor: ExecutorOpt = "local",
    address: AddressOpt = None,
    workers: WorkersOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Figure 1: mean reward and death rate vs α for Prop 4.6, the fixed guardrails as lines."""
    from alignlab.guardrails.config import Bandit, check_death_rule
    from alignlab.guardrails.experiments import figure1 as run_figure1
    from alignlab.guardrails.experiments import figure1_settings
    from alignlab.guardrails.figures import plot_figure1

    res = _targets(out, results)
    check_death_rule(death_rule)
    settings = figure1_settings(_floats(thresholds, "--thresholds"), _floats(alphas, "--alphas"),
                                _ties(ties), Bandit(T=explosion))
    tallies = run_figure1(settings, episodes, seed, res, executor=executor, address=address,
                          workers=workers, progress=not as_json)
    fig = plot_figure1(tallies, out, death_rule=death_rule)
    rows = [{**s.to_dict(), **t.summary(death_rule).to_dict()} for s, t in tallies.items()]
    if as_json:
        emit_json({"figure": str(fig), "results": str(res), "seed": seed, "points": rows})
        return
    _print_points(rows)
    typer.echo(f"wrote {fig} (results in {res})")


def _print_points(rows: list[dict[str, Any]]) -> None:
    typer.echo(f"{'C':>6} {'guardrail':<24} {'reward ± 2se':>15} {'deaths ± 2se':>17} "
               f"{'stop':>6} {'pulls':>6}")
    for r in rows:
        label = {"iid": "Prop 3.4", "non-iid": "Prop 4.6"}.get(r["guardrail"], r["guardrail"])
        if "alpha" in r:
            label += f" α={r['alpha']:g} {r['ties']}"
        typer.echo(f"{r['threshold']:>6g} {label:<24} {r['reward_mean']:>8.2f} ± {2 * r['reward_se']:<4.2f} "
                   f"{r['death_rate']:>8.4f} ± {2 * r['death_se']:<6.4f} {r['stop_rate']:>6.3f} "
                   f"{r['pulls_mean']:>6.2f}")


@app.command()
def figure2(
    out: Path = out_option(..., "PNG file to write (results beside it as .jsonl)."),
    episodes: int = typer.Option(10_000, "--episodes", "-n", help="Episodes of the random agent."),
    seed: SeedOpt = 0,
    ties: str = typer.Option("groups,random,index", "--ties",
                             help="Tie rule(s) of M^α, comma-separated: one curve (and one "
                                  "distribution panel) each."),
    alphas: str = typer.Option(ALPHAS, "--alphas", help="Values of α, comma-separated."),
    explosion: ExplosionOpt = 4.0,
    results: ResultsOpt = None,
    executor: ExecutorOpt = "local",
    address: AddressOpt = None,
    workers: WorkersOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Figure 2: how often Prop 4.6's estimate ≥ the true harm (random agent) vs the bound."""
    from alignlab.guardrails.bandit import harm_levels
    from alignlab.guardrails.config import Bandit
    from alignlab.guardrails.experiments import figure2 as run_figure2
    from alignlab.guardrails.figures import plot_figure2
    from alignlab.guardrails.tightness import bound

    res = _targets(out, results)
    rules = _ties(ties)
    bandit = Bandit(T=explosion)
    als = _floats(alphas, "--alphas")
    tallies = run_figure2(episodes, seed, als, rules, bandit, res, executor=executor,
                          address=address, workers=workers, progress=not as_json)
    levels = harm_levels(bandit)
    fig = plot_figure2(tallies, levels, out, dim=bandit.dim)
    summary = {}
    for r, t in tallies.items():
        m, se = t.frequency()
        summary[r] = {"frequency": m.tolist(), "frequency_se": se.tolist(),
                      "half_harm_counts": [list(c) for c in t.half_counts]}
    if as_json:
        emit_json({"figure": str(fig), "results": str(res), "seed": seed, "episodes": episodes,
               "alphas": list(als), "bound": bound(als, bandit.dim).tolist(),
               "levels": levels.tolist(), "ties": summary})
        return
    typer.echo(f"{'α':>8} {'bound':>7} " + " ".join(f"{r:>16}" for r in rules))
    for j, a in enumerate(als):
        cells = " ".join(f"{summary[r]['frequency'][j]:>8.4f} ± {2 * summary[r]['frequency_se'][j]:<5.3f}"
                         for r in rules)
        typer.echo(f"{a:>8g} {bound([a], bandit.dim)[0]:>7.4f} {cells}")
    typer.echo(f"wrote {fig} (results in {res})")
