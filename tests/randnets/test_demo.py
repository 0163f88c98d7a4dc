"""The randnets demo section builds, with its figures and the headline numbers."""

from alignlab.randnets.demo import section


def test_section(tmp_path):
    s = section(tmp_path, 0)
    assert len(s.figures) == 2
    for fig in s.figures:
        assert fig.path.exists() and fig.path.stat().st_size < 200_000
    for text in ("0.4726 / 0.4726", "0.9403 / 0.9403", "0.2870", "right only at q = 2", "n · excess"):
        assert text in s.body_html
