"""The ``alignlab`` command: one sub-command group per part, thin wrappers around the Python API.

Errors from the :class:`~alignlab.errors.AlignlabError` family are printed as one line on stderr
with exit status 2 and no traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from alignlab import __version__
from alignlab.errors import AlignlabError
from alignlab.parts import PARTS, optional_module

app = typer.Typer(
    name="alignlab",
    help="alignlab: run, measure and extend the formal systems of human–AI alignment theory.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alignlab {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """alignlab: run, measure and extend the formal systems of human–AI alignment theory."""


@app.command()
def demo(
    out: Path = typer.Option(Path("alignlab-demo"), "--out", "-o", help="Output folder."),
    seed: int = typer.Option(0, help="Seed for every random choice in the demo."),
    only: str = typer.Option("", help="Comma-separated parts to include (default: all)."),
) -> None:
    """Reproduce every part's headline results in one self-contained HTML report."""
    from alignlab.demo import run_demo

    parts = tuple(p.strip() for p in only.split(",") if p.strip())
    report, failed = run_demo(out, seed=seed, only=parts)
    typer.echo(f"wrote {report}")
    if failed:
        typer.echo(f"error: sections failed: {', '.join(failed)} (see the report)", err=True)
        raise typer.Exit(1)


for _part in PARTS:
    _mod = optional_module(_part, "cli")
    if _mod is not None:
        app.add_typer(_mod.app, name=_part.command, help=_part.summary)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        app(args=argv, prog_name="alignlab", standalone_mode=True)
    except AlignlabError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
