"""Observation text (the paper's prompt format) and tolerant parsing of edit sentences.

Observation objects are listed in reading order (row by row from the top, then by column); wall
and lava cells (border excluded) are summarised as rectangles, found greedily in the same order.
"""

from __future__ import annotations

import re

from alignlab.mindgrid.edits import EDITS, Edit, EditKind
from alignlab.mindgrid.errors import EditError
from alignlab.mindgrid.world import (
    COOL_LAVA,
    DIR_NAMES,
    LAVA,
    PASSAGE,
    WALL,
    Obj,
    World,
    cell,
    xy,
)


def _article(phrase: str) -> str:
    return ("an " if phrase[0] in "aeiou" else "a ") + phrase


def object_phrase(o: Obj) -> str:
    """'a purple ball', 'a closed saffron door', 'a red box containing a red ball', …"""
    if o.kind == "shoes":
        return "a pair of fire-proof shoes"
    p = _article(o.describe())
    if o.kind == "box":
        p += " containing " + (object_phrase(o.content) if o.content else "nothing")
    return p


def _rects(w: World, kinds: tuple[int, ...]) -> list[tuple[int, int, int, int]]:
    n = w.size
    used = set()
    out = []
    for y in range(1, n - 1):
        for x in range(1, n - 1):
            i = cell(x, y, n)
            if i in used or w.terrain[i] not in kinds or w.objects[i] is not None:
                continue

            def ok(xx: int, yy: int) -> bool:
                j = cell(xx, yy, n)
                return (1 <= xx <= n - 2 and 1 <= yy <= n - 2 and j not in used
                        and w.terrain[j] in kinds and w.objects[j] is None)

            x2 = x
            while ok(x2 + 1, y):
                x2 += 1
            y2 = y
            while all(ok(xx, y2 + 1) for xx in range(x, x2 + 1)):
                y2 += 1
            for yy in range(y, y2 + 1):
                for xx in range(x, x2 + 1):
                    used.add(cell(xx, yy, n))
            out.append((x, y, x2, y2))
    return out


def _rect_text(r: tuple[int, int, int, int]) -> str:
    x, y, x2, y2 = r
    if (x, y) == (x2, y2):
        return f"at column {x} and row {y}"
    return f"from column {x} and row {y} to column {x2} and row {y2}"


def observation_text(w: World) -> str:
    """The real world as the AI sees it (the paper's format)."""
    ax, ay = w.agent_xy
    parts = [f"You are at column {ax} and row {ay}.", f"You are facing {DIR_NAMES[w.agent_dir]}."]
    parts.append("You are not carrying any object." if w.carrying is None
                 else f"You are carrying {object_phrase(w.carrying)}.")
    items = []
    for i, o in w.placed():
        x, y = xy(i, w.size)
        items.append(f"{object_phrase(o)} at column {x} and row {y}")
    for i in range(w.size * w.size):
        if w.terrain[i] == PASSAGE:
            x, y = xy(i, w.size)
            items.append(f"a walkable passage at column {x} and row {y}")
    items.sort(key=lambda s: _pos_key(s, w.size))
    parts.append(f"You see {len(items)} object{'s' if len(items) != 1 else ''}: "
                 + ", ".join(items) + "." if items else "You see no objects.")
    for kinds, name in (((WALL,), "walls"), ((LAVA,), "lava pools"), ((COOL_LAVA,), "cool lava pools")):
        rs = _rects(w, kinds)
        if rs:
            parts.append(f"There are {name}: " + ", ".join(_rect_text(r) for r in rs) + ".")
    return " ".join(parts)


def _pos_key(s: str, n: int) -> int:
    m = re.search(r"column (\d+) and row (\d+)$", s)
    assert m is not None
    return int(m.group(2)) * n + int(m.group(1))


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

