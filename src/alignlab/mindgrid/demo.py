"""Demo section: an imagined/real world pair, the edits between them and the plans' rewards; then
the teaching benchmark: no-teaching vs gold-teacher gaps on 100 ``eval`` instances (both execution
modes, and the ``eval-reference`` preset) next to the paper's 65.91, with one instance drawn."""

from __future__ import annotations

from pathlib import Path

from alignlab.mindgrid.edits import random_edits
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.pair import WorldPair, reward_text
from alignlab.mindgrid.plans import execute, optimal_plan
from alignlab.mindgrid.render import Panel, draw_panels
from alignlab.report import Figure, Section, html_table
from alignlab.report.html import esc
from alignlab.runtime import derive_seed, rng


def _interesting_pair(seed: int) -> WorldPair:
    """The first pair (from ``seed`` on) whose human plan π0 acts but is not optimal in the real world."""
    for k in range(50):
        s = derive_seed(seed, "mindgrid-demo", k) % 100_000
        layout = ("treasure_island", "room_door_key")[k % 2]
        base = generate(layout, s)
        real, edits = random_edits(base, 3, rng(s))
        p0, pstar = optimal_plan(base), optimal_plan(real)
        ex = execute(real, p0, "skills") if p0.solvable else None
        if ex is not None and pstar.solvable and ex.actions and ex.reward < pstar.reward:
            return WorldPair(base, real, tuple(edits), p0, pstar)
    raise RuntimeError("no non-degenerate pair found")  # pragma: no cover


def section(outdir: Path, seed: int) -> Section:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    pair = _interesting_pair(seed)
    pi0, pstar = pair.plan_imagined, pair.plan_real
    by_skills = execute(pair.real, pi0, "skills")
    by_actions = execute(pair.real, pi0, "actions")
    png = outdir / "mindgrid-pair.png"
    draw_panels([
        Panel(pair.imagined, f"imagined: π0 reward {reward_text(pi0)}", pi0.actions),
        Panel(pair.real, f"real: π* reward {reward_text(pstar)}", pstar.actions),
        Panel(pair.real, f"real: π0 run as skills → {by_skills.reward}", by_skills.actions),
    ], png)
    rows = [
        ("π0 (human's optimal plan) in the imagined world", pi0.reward, "—"),
        ("π* (optimal plan) in the real world", pstar.reward, "—"),
        ("π0 in the real world, skills closed-loop (default)", by_skills.reward,
         pstar.reward - by_skills.reward),
        ("π0 in the real world, actions replayed open-loop (paper)", by_actions.reward,
         pstar.reward - by_actions.reward),
    ]
    edits = "".join(f"<li>{esc(s)}</li>" for s in pair.sentences())
    body = (
        f"<p>Layout <code>{esc(pair.imagined.layout)}</code>. The human imagines the left grid; "
        "the real grid (middle) differs by these edits, in order:</p>"
        f"<ol>{edits}</ol>"
        + html_table(("plan and world", "reward", "gap R(π*) − R(π)"), rows)
        + f"<p>π0:</p><pre>{esc(pi0.text())}</pre><p>π*:</p><pre>{esc(pstar.text())}</pre>"
        "<p>Reward: −1 per primitive action, +100 for picking up the target ball; both plans "
        "are exactly optimal (A*, checked against exhaustive search in the tests).</p>"
    )
    from alignlab.mindgrid.teaching.demo import teaching_section

    teach_html, teach_png = teaching_section(outdir, seed)
    return Section("mindgrid: practical alignment grid world", body + teach_html,
                   (Figure(png, "imagined vs real worlds with plan paths"),
                    Figure(teach_png, "one eval instance: the human's world and plan π0, the real "
                           "world with π*, and π1 after the gold teacher's sentences")))
