from alignlab.agreement.demo import section


def test_demo_section(tmp_path):
    sec = section(tmp_path, seed=0)
    assert sec.body_html.count("reproduced exactly") == 2
    assert "NOT reproduced" not in sec.body_html
    png = sec.figures[0].path
    assert png.exists() and png.stat().st_size > 10_000
    again = section(tmp_path / "b", seed=0)
    assert again.figures[0].path.read_bytes() == png.read_bytes()
