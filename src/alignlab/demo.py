"""``alignlab demo``: one HTML report reproducing each part's headline results."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from rich.console import Console

from alignlab import progress
from alignlab.parts import PARTS, optional_module
from alignlab.report import Section, write_report
from alignlab.report.html import esc

INTRO = (
    "Each section below is computed from scratch by <code>alignlab demo</code>: "
    "measured runs next to the theory they test. Figures are also written as PNG files beside "
    "this report."
)


def run_demo(
    outdir: str | Path = "alignlab-demo",
    *,
    seed: int = 0,
    only: tuple[str, ...] = (),
    console: Console | None = None,
) -> tuple[Path, list[str]]:
    """Build every available part's section into ``outdir/report.html``.

    Returns the report path and the list of parts whose section failed (their error is shown
    in the report instead of the section, and the other parts still run).
    """
    say = console.print if console is not None else progress.echo
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    sections: list[Section] = []
    failed: list[str] = []
    chosen = [p for p in PARTS if not only or p.package in only or p.command in only]
    with progress.bar("demo", len(chosen)) as shown:
        for part in chosen:
            shown.update(description=f"demo: {part.package}")
            mod = optional_module(part, "demo")
            if mod is None:
                shown.advance()
                continue
            start = time.perf_counter()
            try:
                sections.append(mod.section(out / part.package, seed))
                status = "[green]ok[/]"
            except Exception as exc:  # a broken section must not hide the others
                failed.append(part.package)
                tb = traceback.format_exc()
                sections.append(
                    Section(
                        f"{part.package} (failed)",
                        f"<p class='err'>{esc(exc)}</p><pre>{esc(tb)}</pre>",
                    )
                )
                status = f"[red]failed: {exc}[/]"
            say(f"{part.package:<10} {time.perf_counter() - start:6.1f} s  {status}")
            shown.advance()
        shown.update(description="demo: writing the report")
        report = write_report("alignlab demo", sections, out / "report.html", intro=INTRO)
    return report, failed
