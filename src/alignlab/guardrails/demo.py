"""The guardrails section of ``alignlab demo``: a reduced Figure 1, the authors' numbers beside
ours, and the closed-form stop rates (a few seconds on one core)."""

from __future__ import annotations

import math
from pathlib import Path

from alignlab.guardrails.config import Setting
from alignlab.guardrails.exact import cheating_stop_rate, first_pull_stop_rate
from alignlab.guardrails.experiments import figure1_settings
from alignlab.guardrails.figures import plot_figure1
from alignlab.guardrails.reference import REFERENCE, REFERENCE_EPISODES
from alignlab.guardrails.simulate import Tally, simulate
from alignlab.report import Figure, Section, html_table

EPISODES = 200
ALPHAS = (1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0)
RANDOM_ALPHAS = (1e-2, 0.1, 1.0)  # below 1e-2 the random tie order changes nothing
LABEL = {"none": "none", "cheating": "cheating", "posterior": "posterior", "iid": "Prop 3.4",
         "non-iid": "Prop 4.6"}


def section(outdir: Path, seed: int) -> Section:
    """Build the section (about 5 s on one core)."""
    outdir.mkdir(parents=True, exist_ok=True)
    settings = figure1_settings(alphas=ALPHAS, ties="groups")
    settings += [s for s in figure1_settings(alphas=RANDOM_ALPHAS, ties="random")
                 if s.alpha is not None]
    tallies = {s: Tally.of(simulate(s, EPISODES, seed)) for s in settings}
    fig = plot_figure1(tallies, outdir / "guardrails-figure1.png",
                       title=f"Reduced Figure 1: {EPISODES} episodes per point, ±2 s.e.")

    rows = []
    for ref in REFERENCE:
        s = Setting(ref.guardrail, ref.threshold, ref.alpha)
        m = tallies[s].summary("reference")
        label = LABEL[ref.guardrail] + (f", α = {ref.alpha:g}" if ref.alpha else "")
        rows.append([f"{ref.threshold:g}", label, f"{ref.reward:g} ± {ref.reward_2se:g}",
                     f"{m.reward_mean:.2f} ± {2 * m.reward_se:.2f}",
                     f"{ref.deaths:g} ± {ref.deaths_2se:g}",
                     f"{m.death_rate:.3f} ± {2 * m.death_se:.3f}",
                     f"{ref.stop_rate:g}", f"{m.stop_rate:.3f}"])
    table = html_table(["C", "guardrail", f"reward (authors, {REFERENCE_EPISODES})",
                        f"reward (ours, {EPISODES})", "deaths (authors)", "deaths (ours)",
                        "stop (authors)", "stop (ours)"], rows)

    exact_rows = []
    for c in (1e-3, 1e-2, 1e-1):
        ch = tallies[Setting("cheating", c)]
        iid = tallies[Setting("iid", c)]
        for name, closed, count in (("cheating: stop rate", cheating_stop_rate(c), ch.stops),
                                    ("Prop 3.4: stop rate at the first pull",
                                     first_pull_stop_rate(c), iid.stops_first)):
            p = count / EPISODES
            se = math.sqrt(closed * (1 - closed) / EPISODES)
            exact_rows.append([f"{c:g}", name, f"{closed:.3f}", f"{p:.3f}",
                               f"{(p - closed) / se:+.2f}" if se > 0 else "—"])
    exact = html_table(["C", "quantity", "closed form", "simulated", "(sim − exact)/s.e."],
                       exact_rows)
    body = (
        "<p>Bengio et al.'s four guardrails (quoted in the talk) on the exploding bandit: 1024 "
        "theories w ∈ {0,1}<sup>10</sup>, 10 arms with μ<sub>a</sub> = w*·x<sub>a</sub>, rewards "
        "N(μ<sub>a</sub>, 1), the agent dies when a reward exceeds T = 4; a Boltzmann agent "
        "(β = 0.5) over the exact posterior may only pull arms whose estimated harm "
        "ĥ(a) ≤ C, and stops when every arm is rejected. C is a <em>per-pull</em> threshold: "
        "even the cheating guardrail, which knows w*, dies in about 29% of the episodes at "
        "C = 0.1. With α &lt; 2<sup>−10</sup> Prop 4.6 is as cautious as Prop 3.4. For large α "
        "the curve is decided by how tied posteriors are ordered in M<sup>α</sup>: the "
        "order-free <code>groups</code> rule stays cautious, a random order does not.</p>"
        "<h3>The authors' numbers beside ours</h3>"
        f"<p>Deaths counted as the reference does (an explosion on the 25th pull is not a death); "
        f"± 2 s.e.; ours with {EPISODES} episodes per row here (the test suite uses 4000), "
        "Prop 4.6 with the groups tie rule.</p>" + table
        + "<h3>Closed-form stop rates</h3>" + exact
    )
    return Section("guardrails: can a Bayesian oracle prevent harm?", body, (
        Figure(fig, "Reduced Figure 1: reward and deaths against α for Prop 4.6 (groups and "
                    "random tie orders), the fixed guardrails as horizontal lines."),
    ))
