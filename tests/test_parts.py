"""Every registered part plugs in the same way: a public API in ``__init__`` (``__all__``, its
doctest examples run), a CLI group with examples, and a demo section."""

import doctest
import importlib

import pytest

from alignlab.parts import PARTS


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.package)
def test_public_api(part):
    mod = importlib.import_module(f"alignlab.{part.package}")
    names = getattr(mod, "__all__", None)
    assert names, f"alignlab.{part.package} has no __all__"
    missing = [n for n in names if not hasattr(mod, n)]
    assert not missing, missing
    assert doctest.testmod(mod).failed == 0


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.package)
def test_cli_and_demo_modules(part):
    cli = importlib.import_module(f"alignlab.{part.package}.cli")
    assert cli.app.info.help and "Examples:" in (cli.app.info.epilog or ""), part.package
    demo = importlib.import_module(f"alignlab.{part.package}.demo")
    assert callable(demo.section)


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.package)
def test_every_option_is_described_and_flags_show_no_type(part):
    import typer
    from typer.testing import CliRunner

    app = importlib.import_module(f"alignlab.{part.package}.cli").app
    group = typer.main.get_group(app)
    undocumented = [f"{name} {p.name}" for name, cmd in group.commands.items()
                    for p in cmd.params if not getattr(p, "help", None)]
    assert not undocumented, undocumented
    for name in group.commands:
        out = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"}).output
        assert "<bool>" not in out, (name, out)


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.package)
def test_help_texts_keep_their_brackets(part):
    """Rich reads ``[hf]`` in a help text as markup and drops it: such brackets must be escaped."""
    import re

    import typer

    app = importlib.import_module(f"alignlab.{part.package}.cli").app
    group = typer.main.get_group(app)
    texts = [group.help or "", group.epilog or ""]
    for cmd in group.commands.values():
        texts += [cmd.help or "", cmd.epilog or ""]
        texts += [getattr(p, "help", None) or "" for p in cmd.params]
    eaten = [t for t in texts if re.search(r"(?<!\\)\[[a-z][a-z_,/]*\]", t)]
    assert not eaten, eaten
