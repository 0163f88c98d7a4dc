"""``alignlab demo``: one HTML report reproducing each part's headline results."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from rich.console import Console

from alignlab import progress
from alignlab.console import safe
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
    from alignlab.errors import AlignlabError
    from alignlab.outputs import check_output_dir, make_dir
    from alignlab.runtime.seeds import check_seed

    check_seed(seed, "--seed")
    say = console.print if console is not None else progress.echo
    out = Path(outdir)
    check_output_dir(out)  # before any section runs: a file or device here is refused at once
    names = {n for p in PARTS for n in (p.package, p.command)}
    unknown = [p for p in only if p not in names]
    if unknown:
        raise AlignlabError(f"--only: unknown part(s) {', '.join(map(repr, unknown))}; allowed: "
                            f"{', '.join(p.package for p in PARTS)}")
    todo = [(p, m) for p in PARTS if not only or p.package in only or p.command in only
            for m in [optional_module(p, "demo")] if m is not None]
    if not todo:
        raise AlignlabError(f"--only {','.join(only)}: no demo section to run")
    make_dir(out)
    sections: list[Section] = []
    failed: list[str] = []
    with progress.bar("demo", len(todo)) as shown:
        for part, mod in todo:
            shown.update(description=f"demo: {part.package}")
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
                status = f"[red]failed: {safe(exc)}[/]"
            say(f"{part.package:<10} {time.perf_counter() - start:6.1f} s  {status}")
            shown.advance()
        shown.update(description="demo: writing the report")
        report = write_report("alignlab demo", sections, out / "report.html", intro=INTRO)
    return report, failed
