"""``alignlab demo`` writes one self-contained report with every part's section."""

import re

import pytest

from alignlab.parts import PARTS, optional_module


def test_demo_deals_only(cli, tmp_path):
    r = cli("demo", "--only", "deals", "--out", tmp_path / "d")
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "d" / "report.html").read_text()
    assert "Deals with misaligned AIs" in html and "[20, 50]" in html
    assert html.count("data:image/png;base64,") == 2
    assert "(failed)" not in html


@pytest.mark.slow
def test_full_demo_every_section(cli, tmp_path):
    """The main job: every part with a demo module contributes a section, none fails."""
    r = cli("demo", "--out", tmp_path / "d", timeout=600)
    assert r.returncode == 0, r.stderr + r.stdout
    html = (tmp_path / "d" / "report.html").read_text()
    assert "(failed)" not in html
    with_demo = [p for p in PARTS if optional_module(p, "demo") is not None]
    assert len(re.findall(r"<h2 ", html)) == len(with_demo)
    assert f"wrote {tmp_path / 'd' / 'report.html'}" in r.stdout
