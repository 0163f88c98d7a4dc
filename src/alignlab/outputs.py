"""Every file and folder alignlab writes goes through here: checked first, then written atomically.

The rules, the same for every command and every format (PNG, HTML, JSON, JSON Lines, text):

- **Check before the work.** A command calls :func:`check_output` (or :func:`check_output_dir`)
  on its ``-o`` target before it starts computing, so a bad target costs no minutes of work.
- **Only regular files are replaced.** A directory, a device (``/dev/null``, ``/dev/sda``), a FIFO
  or a socket is refused with one line; a symbolic link is followed (its target is replaced).
  ``-`` means standard output where a command writes a stream, and is refused elsewhere.
- **Missing parent folders are created** (when the file is written, not before); a parent path
  that exists but is not a folder, or a folder we may not write to, is refused at the check.
- **An existing file is replaced atomically**: the new content goes to a temporary file made by
  :mod:`tempfile` in the target's folder, then ``os.replace``; the temporary file is removed on
  every error path (exception, Ctrl-C), so no ``.name.tmp…`` is left beside the target. (The
  resumable result files of :mod:`alignlab.runtime.results` append instead; they use the same
  target check.)
- **The name's extension must match the format** (``-o out.jpg`` for a PNG is an error); a name
  without an extension is accepted.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from alignlab.errors import AlignlabError

STDOUT = "-"

#: format → (display name, accepted extensions; ``()`` = any).
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "png": ("a PNG image", (".png",)),
    "html": ("an HTML page", (".html", ".htm")),
    "json": ("JSON", (".json",)),
    "jsonl": ("JSON Lines", (".jsonl", ".ndjson", ".jsonlines", ".json", ".txt")),
    "text": ("text", ()),
}


class OutputError(AlignlabError):
    """An output target that cannot or must not be written."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "special file"


def _stat(p: Path, shown: object, error: type[AlignlabError]) -> os.stat_result | None:
    try:
        return os.stat(p)
    except FileNotFoundError:
        return None
    except OSError as exc:  # ENOTDIR (a parent is a file), ELOOP, EACCES …
        raise error(f"{shown}: cannot write there ({exc.strerror})") from None


def _check_parent(folder: Path, shown: object, error: type[AlignlabError]) -> None:
    """The nearest existing ancestor of ``folder`` must be a folder we may write in."""
    d = folder
    while True:
        st = _stat(d, shown, error)
        if st is not None:
            break
        if d.parent == d:  # pragma: no cover - the root always exists
            break
        d = d.parent
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise error(f"{shown}: {d} is not a folder")
    if not os.access(d, os.W_OK | os.X_OK):
        raise error(f"{shown}: cannot write in {d} (permission denied or read-only)")


def check_output(path: str | os.PathLike[str], fmt: str, *, stdout: bool = False,
                 error: type[AlignlabError] = OutputError) -> Path | None:
    """Validate a file target before any work; ``None`` means standard output (``-``).

    ``fmt`` is a key of :data:`FORMATS`; ``stdout=True`` lets ``-`` mean standard output (for
    commands that write a stream). Returns the path to write, symbolic links resolved.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}")
    name, suffixes = FORMATS[fmt]
    shown = os.fspath(path)
    if shown == STDOUT:
        if stdout:
            return None
        raise error(f"-o -: this command writes {name} to a file, not to standard output; "
                    "give a file name")
    if not shown.strip():
        raise error("the output file name is empty")
    p = Path(shown)
    if suffixes and p.suffix and p.suffix.lower() not in suffixes:
        raise error(f"{shown}: this command writes {name}; give a name ending in "
                    f"{' or '.join(suffixes[:2])} (or no extension)")
    target = Path(os.path.realpath(p))
    st = _stat(target, shown, error)
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise error(f"{shown}: is a folder; give a file name")
        if not stat.S_ISREG(st.st_mode):
            raise error(f"{shown}: is a {_kind(st.st_mode)}, not a regular file; "
                        "refusing to write to it")
    _check_parent(target.parent, shown, error)
    return target


def check_output_dir(path: str | os.PathLike[str], *,
                     error: type[AlignlabError] = OutputError) -> Path:
    """Validate a folder target (created when written; files inside are replaced atomically)."""
    shown = os.fspath(path)
    if shown == STDOUT or not shown.strip():
        raise error(f"{shown!r}: this command writes several files; give a folder name")
    target = Path(os.path.realpath(shown))
    st = _stat(target, shown, error)
    if st is not None and not stat.S_ISDIR(st.st_mode):
        kind = "a regular file" if stat.S_ISREG(st.st_mode) else f"a {_kind(st.st_mode)}"
        raise error(f"{shown}: is {kind}, not a folder; give a folder name")
    _check_parent(target if st is not None else target.parent, shown, error)
    return target


def make_dir(path: str | os.PathLike[str], *, error: type[AlignlabError] = OutputError) -> Path:
    """:func:`check_output_dir`, then create the folder (and its parents)."""
    target = check_output_dir(path, error=error)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise error(f"{os.fspath(path)}: cannot create the folder ({exc.strerror})") from None
    return Path(path)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], fmt: str, *, binary: bool = True,
                  error: type[AlignlabError] = OutputError) -> Iterator[IO[Any]]:
    """A file object whose content replaces ``path`` atomically when the block ends without error.

    The target is checked again (:func:`check_output`), missing parents are created, the data
    goes to a :func:`tempfile.mkstemp` file beside the target, then ``os.replace``. On any
    exception (or Ctrl-C) the temporary file is removed and the target is left as it was.
    """
    target = check_output(path, fmt, error=error)
    assert target is not None
    shown = os.fspath(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise error(f"{shown}: cannot write ({exc.strerror})") from None
    try:
        os.fchmod(fd, _FILE_MODE)
        f = os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"}))
        with f:
            yield f
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise error(f"{shown}: cannot write ({exc.strerror or exc})") from None
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes, fmt: str, *,
                error: type[AlignlabError] = OutputError) -> Path:
    """Replace ``path`` with ``data`` atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path, fmt, error=error) as f:
        f.write(data)
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str, fmt: str, *, stdout: bool = False,
               error: type[AlignlabError] = OutputError) -> Path | None:
    """Replace ``path`` with UTF-8 ``text`` atomically; with ``stdout=True``, ``-`` prints it."""
    if stdout and os.fspath(path) == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    return write_bytes(path, text.encode("utf-8"), fmt, error=error)
