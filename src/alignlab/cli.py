"""The ``alignlab`` command: one sub-command group per part, thin wrappers around the Python API.

A part's CLI module (``alignlab.<part>.cli``) is imported only when one of its commands runs; the
``alignlab --help`` listing comes from the registry in :mod:`alignlab.parts`. Errors from the
:class:`~alignlab.errors.AlignlabError` family are printed as one line on stderr with exit status
2 and no traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from alignlab import __version__
from alignlab.cli_common import examples, out_option, seed_option
from alignlab.errors import AlignlabError
from alignlab.parts import PARTS, Part, optional_module

_BY_COMMAND: dict[str, Part] = {p.command: p for p in PARTS}

EPILOG = examples(
    "alignlab demo -o alignlab-demo   # every part in one HTML report",
    "alignlab deals analyze examples/deals/no_deal.yaml",
    "alignlab agree --help   # each group's help lists its commands and examples",
)


class PartsGroup(TyperGroup):
    """The root group: lists every registered part, imports a part's CLI only to run it."""

    def list_commands(self, ctx: Any) -> list[str]:
        own = [n for n in self.commands if n not in _BY_COMMAND]
        return own + [p.command for p in PARTS if _has_cli(p)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        part = _BY_COMMAND.get(cmd_name)
        if part is None or not _has_cli(part):
            return None
        # For the listing a placeholder with the registry's summary is enough.
        return TyperGroup(name=part.command, help=part.summary)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        part = _BY_COMMAND.get(args[0]) if args else None
        if part is not None and part.command not in self.commands:
            mod = optional_module(part, "cli")
            if mod is not None:
                group = typer.main.get_group(mod.app)
                group.name = part.command
                self.commands[part.command] = group
        return super().resolve_command(ctx, args)


def _has_cli(part: Part) -> bool:
    """Whether the part ships ``cli.py``, found without importing the part."""
    return (Path(__file__).parent / part.package / "cli.py").is_file()


app = typer.Typer(
    name="alignlab",
    cls=PartsGroup,
    help="alignlab: run, measure and extend the formal systems of human–AI alignment theory.",
    epilog=EPILOG,
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
    out: Path = out_option(Path("alignlab-demo"), "Output folder (report.html and the PNGs)."),
    seed: int = seed_option(0, "Seed (≥ 0) for every random choice in the demo."),
    only: str = typer.Option("", help="Comma-separated parts to include, by package or command "
                             "name, e.g. deals,agree (default: all)."),
) -> None:
    """Reproduce every part's headline results in one self-contained HTML report."""
    from alignlab.demo import run_demo

    parts = tuple(p.strip() for p in only.split(",") if p.strip())
    report, failed = run_demo(out, seed=seed, only=parts)
    typer.echo(f"wrote {report}")
    if failed:
        typer.echo(f"error: sections failed: {', '.join(failed)} (see the report)", err=True)
        raise typer.Exit(1)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        app(args=argv, prog_name="alignlab", standalone_mode=True)
    except AlignlabError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
