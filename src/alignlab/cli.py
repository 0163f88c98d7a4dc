"""The ``alignlab`` command: one sub-command group per part, thin wrappers around the Python API.

Errors from the :class:`~alignlab.errors.AlignlabError` family are printed as one line on stderr
with exit status 2 and no traceback.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from pathlib import Path

import typer
import typer.core
import typer.main

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


def _fail(message: object, code: int) -> int:
    """One ``error: …`` line on stderr (newlines folded), and the exit status."""
    text = " ".join(str(message).split("\n")).strip()
    typer.echo(f"error: {text}", err=True)
    return code


def _click_exceptions() -> tuple[tuple[type[BaseException], ...], ...]:
    """Click's exception classes: Typer's vendored copy (``typer._click``) and/or click itself."""
    import importlib

    found: list[tuple[type[BaseException], ...]] = [(), (), (), (typer.Abort,)]
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        for i, cls in enumerate((getattr(mod, "NoArgsIsHelpError", None), mod.UsageError,
                                 mod.ClickException, getattr(mod, "Abort", None))):
            if cls is not None:
                found[i] = (*found[i], cls)
    return tuple(found)


@functools.cache
def _command() -> typer.core.TyperGroup:
    """The click command tree of :data:`app`, built once per process (what ``app()`` builds),
    with the rules every command shares attached to their options (:func:`_shared_checks`)."""
    group = typer.main.get_command(app)
    _shared_checks(group)
    return group  # type: ignore[return-value]


def _shared_checks(cmd: object) -> None:
    """Every ``--seed`` of every command follows one rule (:func:`alignlab.runtime.check_seed`):
    a negative or huge seed is refused even where a command would not use it."""
    for param in getattr(cmd, "params", ()):
        if param.name == "seed" and getattr(param, "callback", None) is None:
            param.callback = _check_seed_option
    for sub in getattr(cmd, "commands", {}).values():
        _shared_checks(sub)


def _check_seed_option(ctx: object, param: object, value: object) -> object:
    from alignlab.runtime.seeds import check_seed

    return value if value is None else check_seed(value, "--seed")


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status; every failure is one ``error: …`` line on stderr.

    Status 2: bad input or an unusable output (usage errors, :class:`AlignlabError`, files that
    cannot be read or written); 130: interrupted; 3: an internal error, i.e. a bug (its traceback
    is shown with ``ALIGNLAB_DEBUG=1``). Commands exit 1 themselves where a result is negative
    (a failed check, an invalid instance file).
    """
    no_args, usage, click_error, abort = _click_exceptions()
    try:
        rv = _command().main(args=argv, prog_name="alignlab", standalone_mode=False)
    except no_args as exc:
        typer.echo(exc.format_message())
        return _fail("missing a command (see the list above)", 2)
    except usage as exc:
        where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        return _fail(f"{exc.format_message()}{where}", exc.exit_code)
    except click_error as exc:
        return _fail(exc.format_message(), exc.exit_code)
    except (*abort, KeyboardInterrupt):
        return _fail("interrupted", 130)
    except AlignlabError as exc:
        return _fail(exc, 2)
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # `alignlab … | head`: the reader went away
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
            return 1
        if os.environ.get("ALIGNLAB_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}", 2)
    except Exception as exc:
        if os.environ.get("ALIGNLAB_DEBUG"):
            raise
        return _fail(f"internal error ({type(exc).__name__}: {exc}); this is a bug in alignlab — "
                     "rerun with ALIGNLAB_DEBUG=1 for the traceback", 3)
    return rv if isinstance(rv, int) and not isinstance(rv, bool) else 0


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: ``sys.exit(run(argv))``."""
    sys.exit(run(argv))


if __name__ == "__main__":
    main()
