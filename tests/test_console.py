"""User strings printed through Rich are escaped: markup in a name prints literally."""

from __future__ import annotations

from tests.fuzz.harness import run_inprocess

from alignlab.console import safe


def test_safe_escapes_markup():
    assert safe("deal [/] with AI") == "deal \\[/] with AI"
    assert safe(3) == "3"


def test_a_scenario_name_with_markup_prints_literally(tmp_path, fx):
    p = tmp_path / "s.yaml"
    p.write_text(fx["deals"].read_text() + 'name: "deal [/] with AI [link=http://x]y[/link]"\n')
    r = run_inprocess(["deals", "analyze", str(p)])
    assert r.code == 0, r
    assert "deal [/] with AI [link=http://x]y[/link]" in r.stdout


def test_an_agreement_task_name_with_markup_prints_literally(tmp_path, fx):
    p = tmp_path / "a.yaml"
    p.write_text(fx["agree"].read_text() + 'name: "[bold]task[/] [/]"\n')
    r = run_inprocess(["agree", "run", str(p)])
    assert r.code == 0, r
    assert "[bold]task[/] [/]" in r.stdout
