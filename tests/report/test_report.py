"""The report is one self-contained HTML file; plots are byte-for-byte reproducible."""

from alignlab.report import Figure, Section, html_table, new_figure, save_figure, write_report


def _plot(path):
    fig, ax = new_figure()
    ax.plot([0, 1, 2], [1, 0, 2], marker="o")
    ax.set_title("t")
    return save_figure(fig, path)


def test_png_deterministic(tmp_path):
    a = _plot(tmp_path / "a.png").read_bytes()
    b = _plot(tmp_path / "b.png").read_bytes()
    assert a[:8] == b"\x89PNG\r\n\x1a\n"
    assert a == b


def test_report_inlines_figures_and_escapes(tmp_path):
    png = _plot(tmp_path / "f.png")
    sec = Section("Part <x>", html_table(["a", "b"], [[1, "<b>"]]), (Figure(png, "cap"),))
    out = write_report("T", [sec], tmp_path / "r.html")
    text = out.read_text()
    assert "data:image/png;base64," in text
    assert "&lt;b&gt;" in text and "Part &lt;x&gt;" in text
    assert not list(tmp_path.glob(".*tmp*"))


def test_sections_can_stay_out_of_nav(tmp_path):
    secs = [Section("summary", "<p>s</p>"), Section("instance 7", "<p>i</p>", in_nav=False)]
    text = write_report("T", secs, tmp_path / "r.html").read_text()
    nav = text[text.index("<nav>"):text.index("</nav>")]
    assert "#summary" in nav and "instance-7" not in nav
    assert 'id="instance-7"' in text
