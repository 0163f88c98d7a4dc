"""The 12 edits that turn the human's imagined grid into the real one (composable).

Every edit has a precondition (its candidate list is non-empty), a random mode (:func:`sample`
draws uniformly among the candidates), an argument mode (:func:`apply_edit` validates the
arguments against the world and says which cell is wrong and why), a template sentence
(:meth:`Edit.sentence`), and it always changes the world (an edit that would change nothing is not
a candidate and is refused in argument mode). Each edit is one :class:`EditKind` entry in
:data:`EDITS` (name, arguments, template, candidates, apply); the parser reads the same templates.
Adding an edit = its two functions, one entry, and the conformance suite in
``tests/mindgrid/test_edit_conformance.py`` checks it like every other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from alignlab.mindgrid.errors import EditError, WorldError
from alignlab.mindgrid.world import (
    ALL_COLORS,
    BRIDGE_STATES,
    COOL_LAVA,
    DOOR_STATES,
    FLOOR,
    LAVA,
    PASSAGE,
    Obj,
    Section,
    World,
    cell,
    follow_order,
    validate,
    xy,
)

#: the number of edits per layout the paper's ``eval`` preset uses (k = n − 2).
PAPER_N_EDITS = {"room_door_key": 8, "treasure_island": 10}
TOOLS = ("key", "hammer")
#: what each placeholder of a sentence template can say (``state`` depends on the opening; an
#: entry can add its own in ``EditKind.words``). ``{col}``/``{row}`` are coordinates.
WORDS: dict[str, tuple[str, ...]] = {"color": ALL_COLORS, "tool": TOOLS,
                                     "state:door": DOOR_STATES, "state:bridge": BRIDGE_STATES}


@dataclass(frozen=True)
class Edit:
    """An edit with its arguments, e.g. ``Edit('add_passage', (('col', 5), ('row', 7)))``."""

    name: str
    args: tuple[tuple[str, object], ...] = ()

    @staticmethod
    def make(name: str, **kw: object) -> Edit:
        return Edit(name, tuple(sorted(kw.items())))

    def get(self, key: str) -> object:
        return dict(self.args).get(key)

    def sentence(self) -> str:
        """The edit's template sentence with its arguments filled in."""
        return EDITS[self.name].template(self).format(**dict(self.args))

    def to_json(self) -> dict:
        return {"edit": self.name, "args": dict(self.args)}

    @staticmethod
    def from_json(d: object) -> Edit:
        if not isinstance(d, dict) or not isinstance(d.get("edit"), str) or d["edit"] not in EDITS:
            raise EditError(f"bad edit record {d!r}; 'edit' must be one of {', '.join(EDITS)}")
        args = d.get("args", {})
        if not isinstance(args, dict):
            raise EditError(f"bad edit record {d!r}: 'args' must be an object")
        want = EDITS[d["edit"]].args
        if set(args) != set(want):
            raise EditError(f"bad edit record {d!r}: {d['edit']} takes the arguments "
                            f"{', '.join(want) or '(none)'}")
        bad = [k for k, v in args.items() if isinstance(v, bool) or not isinstance(v, str | int)]
        if bad:
            raise EditError(f"bad edit record {d!r}: argument {bad[0]!r} must be a name or an "
                            "integer")
        return Edit.make(d["edit"], **args)


# ----- helpers ---------------------------------------------------------------------------
def _lava_world(w: World) -> bool:
    return w.divider_kind() in (LAVA, COOL_LAVA)


def _opening_kind(w: World) -> str:
    return "bridge" if _lava_world(w) else "door"


def _free(w: World, i: int) -> bool:
    return w.objects[i] is None and w.terrain[i] == FLOOR and i != w.agent


def _access_cells(w: World) -> set[int]:
    out: set[int] = set()
    for i, _ in w.openings():
        out.update(w.section.access(i, w.size))
    return out


def _drillable(w: World) -> list[int]:
    """Straight divider cells with no opening whose two access cells are free floor."""
    out = []
    for i in w.section.straight(w.size):
        if w.objects[i] is not None or w.terrain[i] == PASSAGE:
            continue
        a, b = w.section.access(i, w.size)
        if all(w.terrain[c] == FLOOR and w.objects[c] is None for c in (a, b)):
            out.append(i)
    return out


def _check_cell(w: World, col: object, row: object, what: str) -> int:
    if not isinstance(col, int) or not isinstance(row, int) or isinstance(col, bool):
        raise EditError(f"{what}: column and row must be integers, got {col!r}, {row!r}")
    n = w.size
    if not (1 <= col <= n - 2 and 1 <= row <= n - 2):
        raise EditError(f"{what}: column {col} row {row} is outside the grid interior (1..{n - 2})")
    return cell(col, row, n)


def _check_drill(w: World, col: object, row: object, what: str) -> int:
    i = _check_cell(w, col, row, what)
    if i not in w.divider():
        raise EditError(f"{what}: column {col} row {row} is not a divider cell "
                        f"(the divider is {_divider_text(w)})")
    if i == cell(*w.section.corner, w.size):
        raise EditError(f"{what}: column {col} row {row} is the divider's corner; "
                        "openings go on a straight divider cell")
    if w.objects[i] is not None or w.terrain[i] == PASSAGE:
        raise EditError(f"{what}: column {col} row {row} already holds an opening")
    a, b = w.section.access(i, w.size)
    for c in (a, b):
        if w.terrain[c] != FLOOR or w.objects[c] is not None:
            x, y = xy(c, w.size)
            raise EditError(f"{what}: column {col} row {row} cannot be drilled: its access cell "
                            f"column {x} row {y} is not free floor")
    return i


def _divider_text(w: World) -> str:
    cells = w.divider()
    xs = [xy(i, w.size) for i in cells]
    cx, cy = w.section.corner
    return (f"the L from column {cx} row {cy} along row {cy} to column "
            f"{max(x for x, _ in xs) if w.section.side == 'east' else min(x for x, _ in xs)} "
            f"and along column {cx} down to row {w.size - 2}")


def _tools(w: World) -> list[tuple[int, Obj, bool]]:
    """(cell, tool, in_box) for every key and hammer on the grid, in cell order."""
    out = []
    for i, o in w.placed():
        if o.kind in ("key", "hammer"):
            out.append((i, o, False))
        elif o.kind == "box" and o.content is not None and o.content.kind in ("key", "hammer"):
            out.append((i, o.content, True))
    return out


def _key_color(w: World) -> str:
    """Colour of a door added by ``add_opening``: the section's first door's (the reference's
    ``init_doors[0]``, i.e. the one real key's colour — never a distractor key's); without a door,
    a key's colour, else the palette's first."""
    for i in w.listed():
        o = w.objects[i]
        if o is not None and o.kind == "door":
            return o.color
    for _, o, _ in _tools(w):
        if o.kind == "key":
            return o.color
    if w.carrying is not None and w.carrying.kind == "key":
        return w.carrying.color
    return w.palette[0]


def _check_color(c: object, what: str) -> str:
    if c not in ALL_COLORS:
        raise EditError(f"{what}: unknown colour {c!r}; allowed: {', '.join(ALL_COLORS)}")
    return str(c)


# ----- the edits: candidates(world) and apply(world, edit) -------------------------------
def _c_flip(w: World) -> list[Edit]:
    return [Edit("flip_vertical")]


def _a_flip(w: World, e: Edit) -> World:
    n = w.size

    def m(i: int) -> int:
        x, y = xy(i, n)
        return cell(n - 1 - x, y, n)

    ter = [0] * (n * n)
    objs: list[Obj | None] = [None] * (n * n)
    for i in range(n * n):
        ter[m(i)] = w.terrain[i]
        objs[m(i)] = w.objects[i]
    cx, cy = w.section.corner
    sec = Section((n - 1 - cx, cy), "west" if w.section.side == "east" else "east")
    d = {0: 2, 2: 0}.get(w.agent_dir, w.agent_dir)
    return replace(w, terrain=tuple(ter), objects=tuple(objs), agent=m(w.agent), agent_dir=d,
                   section=sec)


def _balls(w: World) -> list[tuple[int, Obj, bool]]:
    out = []
    for i, o in w.placed():
        if o.kind == "ball":
            out.append((i, o, False))
        elif o.kind == "box" and o.content is not None and o.content.kind == "ball":
            out.append((i, o.content, True))
    return out


def _c_target_color(w: World) -> list[Edit]:
    return [Edit.make("change_target_color", color=c) for c in w.palette if c != w.target_color]


def _a_target_color(w: World, e: Edit) -> World:
    new = _check_color(e.get("color"), "change_target_color")
    old = w.target_color
    if new == old:
        raise EditError(f"change_target_color: the target is already {new}")
    swap = {old: new, new: old}
    changes: dict[int, Obj | None] = {}
    for i, o, boxed in _balls(w):
        if o.color in swap:
            b = o._replace(color=swap[o.color])
            changes[i] = w.objects[i]._replace(content=b) if boxed else b  # type: ignore[union-attr]
    out = replace(w.with_objects(changes), target_color=new)
    if w.carrying is not None and w.carrying.kind == "ball" and w.carrying.color in swap:
        out = replace(out, carrying=w.carrying._replace(color=swap[w.carrying.color]))
    return out


def _c_hide_target(w: World) -> list[Edit]:
    ok = any(o.kind == "ball" and o.color == w.target_color for _, o in w.placed())
    return [Edit("hide_target_in_box")] if ok else []


def _a_hide_target(w: World, e: Edit) -> World:
    changes = {i: Obj("box", o.color, "", o) for i, o in w.placed()
               if o.kind == "ball" and o.color == w.target_color}
    if not changes:
        raise EditError("hide_target_in_box: there is no target ball lying on the grid")
    return w.with_objects(changes)


def _c_add_opening(w: World) -> list[Edit]:
    kind = _opening_kind(w)
    states = DOOR_STATES if kind == "door" else BRIDGE_STATES
    out = []
    for i in _drillable(w):
        x, y = xy(i, w.size)
        out.extend(Edit.make("add_opening", opening=kind, state=s, col=x, row=y) for s in states)
    return out


def _a_add_opening(w: World, e: Edit) -> World:
    kind = _opening_kind(w)
    if e.get("opening") not in (None, kind):
        raise EditError(f"add_opening: this world's divider takes a {kind}, not a {e.get('opening')}")
    i = _check_drill(w, e.get("col"), e.get("row"), "add_opening")
    st = e.get("state")
    states = DOOR_STATES if kind == "door" else BRIDGE_STATES
    if st not in states:
        raise EditError(f"add_opening: a {kind} state must be one of {', '.join(states)}, got {st!r}")
    o = Obj("door", _key_color(w), str(st)) if kind == "door" else Obj("bridge", "", str(st))
    return w.with_objects({i: o})


_NEXT_STATE = {"closed": "locked", "locked": "open", "open": "closed",
               "intact": "damaged", "damaged": "intact"}


def _c_toggle(w: World) -> list[Edit]:
    out = []
    for i, k in w.openings():
        if k != "passage" and not (i == w.agent and _NEXT_STATE[w.objects[i].state]  # type: ignore[union-attr]
                                   in ("closed", "locked", "damaged")):
            x, y = xy(i, w.size)
            out.append(Edit.make("toggle_opening", opening=k, col=x, row=y))
    return out


def _a_toggle(w: World, e: Edit) -> World:
    i = _check_cell(w, e.get("col"), e.get("row"), "toggle_opening")
    o = w.objects[i]
    x, y = xy(i, w.size)
    if o is None or o.kind not in ("door", "bridge"):
        raise EditError(f"toggle_opening: there is no door or bridge at column {x} row {y}")
    if e.get("opening") not in (None, o.kind):
        raise EditError(f"toggle_opening: the opening at column {x} row {y} is a {o.kind}, "
                        f"not a {e.get('opening')}")
    nxt = _NEXT_STATE[o.state]
    if i == w.agent and (nxt in ("closed", "locked", "damaged")):
        raise EditError(f"toggle_opening: the agent stands in the opening at column {x} row {y}")
    return w.with_objects({i: o._replace(state=nxt)})


def _c_passage(w: World) -> list[Edit]:
    return [Edit.make("add_passage", col=xy(i, w.size)[0], row=xy(i, w.size)[1]) for i in _drillable(w)]


def _a_passage(w: World, e: Edit) -> World:
    i = _check_drill(w, e.get("col"), e.get("row"), "add_passage")
    return w.with_terrain({i: PASSAGE})


def _c_block(w: World) -> list[Edit]:
    out = []
    cols = [c for c in w.palette if c != w.target_color]
    for i, _ in w.openings():
        outer, _inner = w.section.access(i, w.size)
        if _free(w, outer):
            x, y = xy(outer, w.size)
            out.extend(Edit.make("block_opening", color=c, col=x, row=y) for c in cols)
    return out


def _a_block(w: World, e: Edit) -> World:
    c = _check_color(e.get("color"), "block_opening")
    if c == w.target_color:
        raise EditError(f"block_opening: the blocking ball cannot have the target colour {c}")
    i = _check_cell(w, e.get("col"), e.get("row"), "block_opening")
    x, y = xy(i, w.size)
    outers = {w.section.access(j, w.size)[0] for j, _ in w.openings()}
    if i not in outers:
        raise EditError(f"block_opening: column {x} row {y} is not the outer access cell of an opening")
    if not _free(w, i):
        raise EditError(f"block_opening: column {x} row {y} is not free (object or agent there)")
    return w.with_objects({i: Obj("ball", c)})


def _c_agent_inside(w: World) -> list[Edit]:
    out = []
    for i in range(w.size * w.size):
        if w.inside(i) and _free(w, i):
            x, y = xy(i, w.size)
            out.append(Edit.make("put_agent_inside_section", col=x, row=y))
    return out


def _a_agent_inside(w: World, e: Edit) -> World:
    i = _check_cell(w, e.get("col"), e.get("row"), "put_agent_inside_section")
    x, y = xy(i, w.size)
    if not w.inside(i):
        raise EditError(f"put_agent_inside_section: column {x} row {y} is not inside the section")
    if not _free(w, i):
        raise EditError(f"put_agent_inside_section: column {x} row {y} is not a free floor cell")
    return replace(w, agent=i)


def _c_hide_tool(w: World) -> list[Edit]:
    seen, out = set(), []
    for _i, o, boxed in _tools(w):
        if not boxed and (o.color, o.kind) not in seen:
            seen.add((o.color, o.kind))
            out.append(Edit.make("hide_tool_in_box", color=o.color, tool=o.kind))
    return out


def _find_tool(w: World, e: Edit, what: str, *, boxed_ok: bool) -> int:
    col, tool = e.get("color"), e.get("tool")
    if tool not in ("key", "hammer"):
        raise EditError(f"{what}: the tool must be key or hammer, got {tool!r}")
    _check_color(col, what)
    for i, o, boxed in _tools(w):
        if o.kind == tool and o.color == col and (boxed_ok or not boxed):
            return i
    where = "on the grid" if boxed_ok else "lying on the grid"
    raise EditError(f"{what}: there is no {col} {tool} {where}")


def _a_hide_tool(w: World, e: Edit) -> World:
    i = _find_tool(w, e, "hide_tool_in_box", boxed_ok=False)
    o = w.objects[i]
    return w.with_objects({i: Obj("box", o.color, "", o)})  # type: ignore[union-attr]


def _c_remove_tool(w: World) -> list[Edit]:
    seen, out = set(), []
    for _i, o, _b in _tools(w):
        if (o.color, o.kind) not in seen:
            seen.add((o.color, o.kind))
            out.append(Edit.make("remove_tool", color=o.color, tool=o.kind))
    return out


def _a_remove_tool(w: World, e: Edit) -> World:
    return w.with_objects({_find_tool(w, e, "remove_tool", boxed_ok=True): None})


def _c_lava_safe(w: World) -> list[Edit]:
    return [Edit("make_lava_safe")] if _lava_world(w) and LAVA in w.terrain else []


def _a_lava_safe(w: World, e: Edit) -> World:
    if not _lava_world(w):
        raise EditError("make_lava_safe applies only to treasure_island worlds (a lava divider)")
    ch = {i: COOL_LAVA for i, t in enumerate(w.terrain) if t == LAVA}
    if not ch:
        raise EditError("make_lava_safe: there is no hot lava left")
    return w.with_terrain(ch)


def _shoe_cells(w: World) -> list[int]:
    acc = _access_cells(w)
    return [i for i in range(w.size * w.size)
            if not w.inside(i) and _free(w, i) and i not in acc and i not in w.divider()]


def _c_shoes(w: World) -> list[Edit]:
    if not _lava_world(w):
        return []
    return [Edit.make("add_fireproof_shoes", col=xy(i, w.size)[0], row=xy(i, w.size)[1])
            for i in _shoe_cells(w)]


def _a_shoes(w: World, e: Edit) -> World:
    if not _lava_world(w):
        raise EditError("add_fireproof_shoes applies only to treasure_island worlds (a lava divider)")
    i = _check_cell(w, e.get("col"), e.get("row"), "add_fireproof_shoes")
    if i not in _shoe_cells(w):
        x, y = xy(i, w.size)
        raise EditError(f"add_fireproof_shoes: column {x} row {y} is not a free floor cell outside "
                        "the section (and not next to an opening)")
    return w.with_objects({i: Obj("shoes")})


# ----- the registry: one entry per edit -------------------------------------------------------
@dataclass(frozen=True)
class EditKind:
    """One edit: its name, its argument names, its sentence template (one per value of the
    ``variant`` argument when it has one), its precondition and random mode (``candidates``: every
    argument choice that changes the world; the precondition holds iff there is one) and its
    argument mode (``apply``: validates the arguments against the world, EditError says why not).
    The sentence parser's patterns are compiled from the templates
    (:func:`alignlab.mindgrid.text.parse_sentence`)."""

    name: str
    args: tuple[str, ...]
    templates: Mapping[str, str]
    candidates: Callable[[World], list[Edit]]
    apply: Callable[[World, Edit], World]
    variant: str = ""
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def template(self, edit: Edit) -> str:
        """The template of ``edit`` (picked by its ``variant`` argument)."""
        return self.templates[str(edit.get(self.variant)) if self.variant else ""]

    def vocabulary(self, placeholder: str, variant: str = "") -> tuple[str, ...]:
        """What ``{placeholder}`` can say in this edit's sentences (its own ``words`` first)."""
        for key in (placeholder, f"{placeholder}:{variant}"):
            for table in (self.words, WORDS):
                if key in table:
                    return table[key]
        raise EditError(f"{self.name}: template placeholder {{{placeholder}}} has no vocabulary")


_POS = "at column {col} row {row}"
EDITS: dict[str, EditKind] = {k.name: k for k in (
    EditKind("flip_vertical", (), {"": "the grid has been flipped along the vertical axis"},
             _c_flip, _a_flip),
    EditKind("change_target_color", ("color",),
             {"": "the color of the target object has been changed to {color}"},
             _c_target_color, _a_target_color),
    EditKind("hide_target_in_box", (), {"": "the target object has been hidden inside a box"},
             _c_hide_target, _a_hide_target),
    EditKind("add_opening", ("opening", "state", "col", "row"),
             {"door": "a new {state} door has been installed " + _POS,
              "bridge": "a new {state} bridge has been constructed " + _POS},
             _c_add_opening, _a_add_opening, variant="opening"),
    EditKind("toggle_opening", ("opening", "col", "row"),
             {"door": "the door " + _POS + " is no longer in the original state",
              "bridge": "the bridge " + _POS + " is no longer in the original state"},
             _c_toggle, _a_toggle, variant="opening"),
    EditKind("add_passage", ("col", "row"), {"": "there is a walkable passage " + _POS},
             _c_passage, _a_passage),
    EditKind("block_opening", ("color", "col", "row"),
             {"": "a {color} ball " + _POS + " is blocking a path to the target object"},
             _c_block, _a_block),
    EditKind("put_agent_inside_section", ("col", "row"),
             {"": "the agent's starting location has been moved to column {col} row {row}"},
             _c_agent_inside, _a_agent_inside),
    EditKind("hide_tool_in_box", ("color", "tool"), {"": "the {color} {tool} was hidden inside a box"},
             _c_hide_tool, _a_hide_tool),
    EditKind("remove_tool", ("color", "tool"), {"": "the {color} {tool} has disappeared"},
             _c_remove_tool, _a_remove_tool),
    EditKind("make_lava_safe", (), {"": "the lava is safe to walk on"}, _c_lava_safe, _a_lava_safe),
    EditKind("add_fireproof_shoes", ("col", "row"),
             {"": "there is a pair of fire-proof shoes " + _POS}, _c_shoes, _a_shoes),
)}
EDIT_NAMES: tuple[str, ...] = tuple(EDITS)
#: every sentence template, keyed ``name`` or ``name:variant`` (the prompt lists them in this order).
TEMPLATES: dict[str, str] = {(f"{k.name}:{v}" if v else k.name): t
                             for k in EDITS.values() for v, t in k.templates.items()}


def _check_name(name: str) -> None:
    if name not in EDITS:
        raise EditError(f"unknown edit {name!r}; allowed: {', '.join(EDITS)}")


def candidates(world: World, name: str) -> list[Edit]:
    """Every argument choice of edit ``name`` that applies to ``world`` (deterministic order)."""
    _check_name(name)
    return EDITS[name].candidates(world)


def applicable(world: World, name: str) -> bool:
    """The edit's precondition: at least one argument choice changes the world."""
    return bool(candidates(world, name))


def sample(world: World, name: str, rng: np.random.Generator) -> Edit:
    """Random mode: draw the edit's arguments uniformly among the candidates."""
    c = candidates(world, name)
    if not c:
        raise EditError(f"{name} does not apply to this world")
    return c[int(rng.integers(len(c)))]


def apply_edit(world: World, edit: Edit) -> World:
    """Argument mode: validate ``edit`` against ``world`` and return the edited world."""
    _check_name(edit.name)
    out = EDITS[edit.name].apply(world, edit)
    if out == world:
        raise EditError(f"{edit.name} would not change the world")
    try:
        return follow_order(world, validate(out))
    except WorldError as exc:
        raise EditError(f"{edit.name}: the edited world is invalid: {exc}") from None


def apply_edits(world: World, edits: list[Edit] | tuple[Edit, ...]) -> World:
    for e in edits:
        world = apply_edit(world, e)
    return world


def sample_edits(world: World, names: list[str] | tuple[str, ...], rng: np.random.Generator
                 ) -> tuple[World, list[Edit]]:
    """Apply the named edits in order, each in random mode on the current world."""
    out = []
    for nm in names:
        e = sample(world, nm, rng)
        world = apply_edit(world, e)
        out.append(e)
    return world, out


def random_edits(world: World, k: int, rng: np.random.Generator, *, distinct: bool = True,
                 exclude: tuple[str, ...] = ()) -> tuple[World, list[Edit]]:
    """``k`` random applicable edits (distinct kinds by default), drawn and applied in order;
    kinds whose precondition fails on the current world are never drawn."""
    out: list[Edit] = []
    used: set[str] = set(exclude)
    for _ in range(k):
        names = [n for n in EDITS if not (distinct and n in used) and applicable(world, n)]
        if not names:
            raise EditError(f"only {len(out)} of {k} edits could be applied to this world")
        nm = names[int(rng.integers(len(names)))]
        e = sample(world, nm, rng)
        world = apply_edit(world, e)
        out.append(e)
        used.add(nm)
    return world, out


def parse_edit_names(text: str) -> list[str]:
    names = [t.strip() for t in text.split(",") if t.strip()]
    for n in names:
        _check_name(n)
    return names



