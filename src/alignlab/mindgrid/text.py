"""The task sentence and tolerant parsing of edit sentences (the observation text is
:mod:`alignlab.mindgrid.observation`)."""

from __future__ import annotations

import re

from alignlab.mindgrid.edits import EDITS, Edit, EditKind
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.world import World


def task_text(w: World) -> str:
    return f"Your task is to pick up the {w.target_color} ball."


# ----- sentence parsing (patterns compiled from the edit registry's templates) ---------------
_NUM = r"(\d+)"
_SEP = r"[\s,]*(?:and\b)?[\s,]*"
_COORD = [
    re.compile(rf"\bcolumn\s*{_NUM}{_SEP}row\s*{_NUM}"),
    re.compile(rf"\brow\s*{_NUM}{_SEP}column\s*{_NUM}"),
]
#: tolerated spellings in the literal parts of templates
_SPELLINGS = (("color", "colou?r"), ("'", "'?"), ("-", "-?"))


def template_pattern(kind: EditKind, variant: str = "") -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The regular expression a normalised sentence of ``kind``'s template matches (coordinates
    already replaced by ``<pos>``, see :func:`normalize`) and the placeholders its groups capture."""
    template = kind.templates[variant]
    rx, fields = "", []
    for lit, ph in re.findall(r"([^{]*)(?:\{(\w+)\})?", template.replace("column {col} row {row}", "{pos}")):
        p = re.escape(lit)
        for word, tolerant in _SPELLINGS:
            p = p.replace(re.escape(word), tolerant)
        rx += p
        if ph == "pos":
            rx += "<pos>"
        elif ph:
            rx += "(" + "|".join(kind.vocabulary(ph, variant)) + ")"
            fields.append(ph)
    return re.compile(f"^{rx}$"), tuple(fields)


_COMPILED: dict[tuple, tuple[tuple[str, str, re.Pattern[str], tuple[str, ...]], ...]] = {}


def _patterns() -> list[tuple[EditKind, str, re.Pattern[str], tuple[str, ...]]]:
    """(edit, variant, pattern, captured placeholders) for every template of the registry
    (compiled once per registry content)."""
    key = tuple((k.name, v, t, tuple(k.words.items())) for k in EDITS.values()
                for v, t in k.templates.items())
    if key not in _COMPILED:
        _COMPILED[key] = tuple((k.name, v, *template_pattern(k, v)) for k in EDITS.values()
                               for v in k.templates)
    return [(EDITS[name], v, rx, f) for name, v, rx, f in _COMPILED[key]]


def normalize(sentence: str) -> tuple[str, tuple[int, int] | None]:
    """Lower-case, strip numbering/punctuation, and pull out one (column, row) pair."""
    s = sentence.strip().lower().replace("’", "'")
    s = re.sub(r"^\s*(?:step\s*\d+\s*[:.)-]|\d+\s*[.):-]|[-*•])\s*", "", s)
    s = re.sub(r"\s+", " ", s).strip().rstrip(".!;, ").strip()
    pos = None
    for k, rx in enumerate(_COORD):
        m = rx.search(s)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            pos = (a, b) if k == 0 else (b, a)
            s = s[:m.start()] + "<pos>" + s[m.end():]
            break
    s = re.sub(r"[,;:]", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s, pos


def parse_sentence(sentence: str) -> Edit:
    """Argument mode from text: the edit a template sentence describes; EditError if none."""
    s, pos = normalize(sentence)
    for kind, variant, rx, fields in _patterns():
        m = rx.match(s)
        if not m:
            continue
        kw: dict[str, object] = dict(zip(fields, m.groups(), strict=True))
        if pos is not None:
            kw["col"], kw["row"] = pos
        if kind.variant:
            kw[kind.variant] = variant
        return Edit.make(kind.name, **kw)
    raise EditError(f"cannot parse {sentence.strip()!r}: it matches none of the {len(EDITS)} "
                    "edit templates")


def split_sentences(answer: str) -> list[str]:
    """Split an answer into sentences (on newlines and sentence-final periods)."""
    out = []
    for line in answer.splitlines():
        for part in re.split(r"(?<=[.!?])\s+(?=\S)", line):
            if part.strip() and re.search(r"[a-z]", part.lower()):
                out.append(part.strip())
    return out

