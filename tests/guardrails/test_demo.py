"""The guardrails section of ``alignlab demo``, run as a user would."""


def test_demo_only_guardrails(cli, tmp_path):
    r = cli("demo", "--only", "guardrails", "--out", tmp_path / "d")
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "d" / "report.html").read_text()
    assert "can a Bayesian oracle prevent harm" in html and "(failed)" not in html
    assert html.count("data:image/png;base64,") == 1
    assert "15.6 ± 0.8" in html  # the authors' numbers beside ours
    assert "closed form" in html and "0.656" in html and "0.570" in html
    assert (tmp_path / "d" / "guardrails" / "guardrails-figure1.png").is_file()
