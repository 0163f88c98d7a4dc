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


# mindgrid's CLI is being restructured on another branch, which adopts alignlab.cli_common there.
PENDING = {"mindgrid": "mindgrid's group help gets its examples when it adopts alignlab.cli_common"}


@pytest.mark.parametrize("part", [
    pytest.param(p, marks=pytest.mark.xfail(reason=PENDING[p.package], strict=False))
    if p.package in PENDING else p for p in PARTS], ids=lambda p: p.package)
def test_cli_and_demo_modules(part):
    cli = importlib.import_module(f"alignlab.{part.package}.cli")
    assert cli.app.info.help and "Examples:" in (cli.app.info.epilog or ""), part.package
    demo = importlib.import_module(f"alignlab.{part.package}.demo")
    assert callable(demo.section)
