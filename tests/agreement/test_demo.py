import itertools

from alignlab.agreement.demo import section


def test_demo_section(tmp_path):
    sec = section(tmp_path, seed=0)
    assert sec.body_html.count("reproduced exactly") == 2
    assert "NOT reproduced" not in sec.body_html
    assert len(sec.figures) == 3
    for fig in sec.figures:
        assert fig.path.exists() and fig.path.stat().st_size > 10_000
    again = section(tmp_path / "b", seed=0)
    for a, b in zip(sec.figures, again.figures, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes()


def test_staircase_messages_grow_with_D_N_and_M():
    from alignlab.agreement.demo import staircase_points

    st = staircase_points()
    for var in ("D", "N", "M"):
        m = [p["messages"] for p in st[var]]
        assert all(a < b for a, b in itertools.pairwise(m)), (var, m)
    assert all(p["messages"] <= p["M"] * p["N"] ** 2 * p["D"] for pts in st.values() for p in pts)
