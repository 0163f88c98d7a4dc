"""The one output helper: targets checked first, atomic replacement, no temp file left behind."""

from __future__ import annotations

import os
import stat

import pytest

from alignlab.outputs import (
    OutputError,
    atomic_writer,
    check_output,
    check_output_dir,
    write_bytes,
    write_text,
)


def test_atomic_replace_keeps_the_old_file_on_error(tmp_path):
    p = tmp_path / "a.json"
    p.write_text("old")
    with pytest.raises(RuntimeError), atomic_writer(p, "json") as f:
        f.write(b"half")
        raise RuntimeError("boom")
    assert p.read_text() == "old"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.json"]  # no temporary file left
    write_text(p, "new", "json")
    assert p.read_text() == "new" and sorted(x.name for x in tmp_path.iterdir()) == ["a.json"]


def test_interrupt_leaves_no_temp_file(tmp_path):
    p = tmp_path / "a.png"
    with pytest.raises(KeyboardInterrupt), atomic_writer(p, "png") as f:
        f.write(b"x")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_mode_follows_the_umask(tmp_path):
    p = write_bytes(tmp_path / "m.png", b"x", "png")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o666 & ~mask


def test_missing_parents_are_created_and_symlinks_followed(tmp_path):
    write_text(tmp_path / "x" / "y" / "z.html", "<p>", "html")
    assert (tmp_path / "x" / "y" / "z.html").read_text() == "<p>"
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_text(link, "new", "json")
    assert link.is_symlink() and real.read_text() == "new"


def test_refusals(tmp_path):
    os.mkfifo(tmp_path / "fifo.png")
    (tmp_path / "afile").write_text("")
    cases = [
        (tmp_path, "png", "is a folder"),
        (tmp_path / "fifo.png", "png", "FIFO"),
        ("/dev/null", "png", "character device"),
        (tmp_path / "out.jpg", "png", r"writes a PNG image; give a name ending in .png"),
        (tmp_path / "afile" / "x.png", "png", "is not a folder|cannot write there"),
        ("-", "png", "not to standard output"),
        ("", "png", "empty"),
    ]
    for target, fmt, message in cases:
        with pytest.raises(OutputError, match=message):
            check_output(target, fmt)
    assert stat.S_ISFIFO(os.stat(tmp_path / "fifo.png").st_mode)
    assert check_output("-", "text", stdout=True) is None
    assert check_output(tmp_path / "noext", "png") is not None


def test_folder_targets(tmp_path):
    (tmp_path / "afile").write_text("keep")
    with pytest.raises(OutputError, match="is a regular file, not a folder"):
        check_output_dir(tmp_path / "afile")
    with pytest.raises(OutputError, match="character device"):
        check_output_dir("/dev/null")
    assert check_output_dir(tmp_path / "new" / "dir")
    assert not (tmp_path / "new").exists()  # checking creates nothing


def test_stdout_stream(capsys):
    assert write_text("-", "hello\n", "text", stdout=True) is None
    assert capsys.readouterr().out == "hello\n"
