"""A missing optional extra is one line naming the extra and the command that installs it."""

from __future__ import annotations

import sys

import pytest
from tests.fuzz.harness import problems, run_inprocess

from alignlab import extras
from alignlab.errors import AlignlabError


@pytest.mark.parametrize(("extra", "module"), [("hf", "torch"), ("llm", "httpx"),
                                                ("dask", "distributed"), ("inspect", "inspect_ai")])
def test_hint_for_a_source_checkout_and_an_installed_package(extra, module, monkeypatch):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    with pytest.raises(AlignlabError) as info:
        extras.require(extra)
    msg = str(info.value)
    assert f"[{extra}] extra" in msg and module in msg
    assert f"pip install -e '.[{extra}]' (in {extras.source_checkout()})" in msg
    monkeypatch.setattr(extras, "source_checkout", lambda: None)
    with pytest.raises(AlignlabError, match=rf"pip install 'alignlab\[{extra}\]'$"):
        extras.require(extra)


def test_this_repository_is_a_source_checkout():
    root = extras.source_checkout()
    assert root is not None and (root / "src" / "alignlab" / "extras.py").is_file()


@pytest.mark.parametrize(("module", "argv"), [
    ("torch", ["watermark", "generate", "--key", "k", "--prompt", "1 2 3", "--tokens", "2"]),
    ("distributed", ["agree", "sweep", "{sweep}", "--executor", "dask", "-o", "{tmp}/s.jsonl"]),
    ("httpx", ["mindgrid", "evaluate", "{games}", "--teacher", "llm", "--model", "m",
               "--base-url", "http://127.0.0.1:9/v1", "-o", "{tmp}/r.jsonl", "--executor",
               "serial", "--json"]),  # --json: no progress bar beside the error line
])
def test_commands_without_an_extra_print_the_hint(module, argv, monkeypatch, fx, tmp_path):
    monkeypatch.setitem(sys.modules, module, None)
    args = [a.format(sweep=fx["sweep"], games=fx["games"], tmp=tmp_path) for a in argv]
    r = run_inprocess(args)
    assert not problems(r, " ".join(argv[:2])), r
    assert "extra" in r.stderr and "pip install" in r.stderr
