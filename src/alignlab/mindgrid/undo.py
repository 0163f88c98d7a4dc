"""Inverse edits: the worlds from which one edit produces a given world (what an edit "undoes").

For every edit kind a proposer lists candidate previous worlds ``prev`` with the edit ``e``; a
candidate is kept only if the forward edit reproduces the world exactly,
``apply_edit(prev, e) == world`` — so the edits module stays the single definition of what an edit
does, and an undo can never disagree with it. Two kinds lose information that the world alone
cannot give back: ``put_agent_inside_section`` (where the agent stood) and ``remove_tool`` (where
the tool lay); their candidates come from :class:`UndoHints` (the teacher derives them from the
human's plan, :mod:`alignlab.mindgrid.teaching.inverse.evidence`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from alignlab.mindgrid.edits import Edit
from alignlab.mindgrid.errors import EditError, WorldError
from alignlab.mindgrid.world import (
    BRIDGE_STATES,
    COOL_LAVA,
    DOOR_STATES,
    FLOOR,
    LAVA,
    PASSAGE,
    World,
    xy,
)

#: An undo step: (the previous world, the edit that turns it into the given world).
Undo = tuple[World, Edit]


@dataclass(frozen=True)
class UndoHints:
    """What the world cannot tell: where the agent may have stood before it was moved inside
    (cells), and which tools may have been removed (cell, object — a key, the hammer, or a box
    holding one)."""

    agent_origins: tuple[int, ...] = ()
    tools: tuple[tuple[int, object], ...] = ()


def _xy_args(w: World, i: int) -> dict[str, int]:
    x, y = xy(i, w.size)
    return {"col": x, "row": y}


def _p_flip(w: World, h: UndoHints) -> Iterable[Undo]:
    e = Edit("flip_vertical")
    yield effect(w, e), e  # the flip is its own inverse


def _p_target_color(w: World, h: UndoHints) -> Iterable[Undo]:
    for c in w.palette:  # the colour swap is its own inverse
        if c != w.target_color:
            prev = effect(w, Edit.make("change_target_color", color=c))
            yield prev, Edit.make("change_target_color", color=w.target_color)


def _p_hide_target(w: World, h: UndoHints) -> Iterable[Undo]:
    ch = {i: o.content for i, o in w.placed() if o.kind == "box" and o.content is not None
          and o.content.kind == "ball" and o.content.color == w.target_color}
    if ch:
        yield w.with_objects(ch), Edit("hide_target_in_box")


def _p_add_opening(w: World, h: UndoHints) -> Iterable[Undo]:
    for i, kind in w.openings():
        if kind != "passage":
            o = w.objects[i]
            yield w.with_objects({i: None}), Edit.make(
                "add_opening", opening=kind, state=o.state, **_xy_args(w, i))  # type: ignore[union-attr]


def _p_toggle(w: World, h: UndoHints) -> Iterable[Undo]:
    for i, kind in w.openings():
        if kind == "passage":
            continue
        o = w.objects[i]
        for s in (DOOR_STATES if kind == "door" else BRIDGE_STATES):
            if s != o.state:  # type: ignore[union-attr]
                yield (w.with_objects({i: o._replace(state=s)}),  # type: ignore[union-attr]
                       Edit.make("toggle_opening", opening=kind, **_xy_args(w, i)))


def _p_passage(w: World, h: UndoHints) -> Iterable[Undo]:
    div = w.divider_kind()
    for i, kind in w.openings():
        if kind == "passage":
            yield w.with_terrain({i: div}), Edit.make("add_passage", **_xy_args(w, i))


def _p_block(w: World, h: UndoHints) -> Iterable[Undo]:
    for i, _ in w.openings():
        outer, _inner = w.section.access(i, w.size)
        o = w.objects[outer]
        if o is not None and o.kind == "ball" and o.color != w.target_color:
            yield w.with_objects({outer: None}), Edit.make("block_opening", color=o.color,
                                                           **_xy_args(w, outer))


def _p_agent(w: World, h: UndoHints) -> Iterable[Undo]:
    if not w.inside(w.agent):
        return
    e = Edit.make("put_agent_inside_section", **_xy_args(w, w.agent))
    for a in h.agent_origins:
        if a != w.agent:
            yield replace(w, agent=a), e


def _p_hide_tool(w: World, h: UndoHints) -> Iterable[Undo]:
    for i, o in w.placed():
        if o.kind == "box" and o.content is not None and o.content.kind in ("key", "hammer"):
            yield w.with_objects({i: o.content}), Edit.make("hide_tool_in_box", color=o.content.color,
                                                            tool=o.content.kind)


def _p_remove_tool(w: World, h: UndoHints) -> Iterable[Undo]:
    for i, o in h.tools:
        if w.objects[i] is None and w.terrain[i] == FLOOR and i != w.agent:
            tool = o.content if o.kind == "box" else o  # type: ignore[attr-defined]
            yield w.with_objects({i: o}), Edit.make("remove_tool", color=tool.color, tool=tool.kind)  # type: ignore[arg-type]


def _p_lava(w: World, h: UndoHints) -> Iterable[Undo]:
    ch = {i: LAVA for i, t in enumerate(w.terrain) if t == COOL_LAVA}
    if ch:
        yield w.with_terrain(ch), Edit("make_lava_safe")


def _p_shoes(w: World, h: UndoHints) -> Iterable[Undo]:
    for i, o in w.placed():
        if o.kind == "shoes":
            yield w.with_objects({i: None}), Edit.make("add_fireproof_shoes", **_xy_args(w, i))


#: One inverse per registered edit (:data:`~alignlab.mindgrid.edits.EDITS`); the edit conformance
#: suite checks that each one recovers the world before every candidate of its edit.
PROPOSERS: dict[str, Callable[[World, UndoHints], Iterable[Undo]]] = {
    "flip_vertical": _p_flip,
    "change_target_color": _p_target_color,
    "hide_target_in_box": _p_hide_target,
    "add_opening": _p_add_opening,
    "toggle_opening": _p_toggle,
    "add_passage": _p_passage,
    "block_opening": _p_block,
    "put_agent_inside_section": _p_agent,
    "hide_tool_in_box": _p_hide_tool,
    "remove_tool": _p_remove_tool,
    "make_lava_safe": _p_lava,
    "add_fireproof_shoes": _p_shoes,
}


def undo(world: World, name: str, hints: UndoHints = UndoHints()) -> list[Undo]:
    """Every (previous world, edit of kind ``name``) with ``apply_edit(prev, edit) == world``."""
    if name not in PROPOSERS:
        raise EditError(f"unknown edit {name!r} (or an edit without an inverse); allowed: "
                        f"{', '.join(PROPOSERS)}")
    out = []
    try:
        proposals = list(PROPOSERS[name](world, hints))
    except EditError:
        return []
    for prev, e in proposals:
        if prev == world or not _agent_ok(prev):
            continue
        try:
            # the world is valid, so an edit that reproduces it exactly needs no re-validation
            if effect(prev, e) == world:
                out.append((prev, e))
        except (EditError, WorldError):
            continue
    return out


def effect(world: World, edit: Edit) -> World:
    """:func:`~alignlab.mindgrid.edits.apply_edit` without re-validating the result — for edits
    whose result is compared with a valid world, or that keep any valid world valid (the flip,
    the colour swap). Raises :class:`EditError` like ``apply_edit`` when the arguments do not fit."""
    from alignlab.mindgrid.edits import EDITS

    return EDITS[edit.name].apply(world, edit)


def _agent_ok(w: World) -> bool:
    """The one rule of :func:`~alignlab.mindgrid.world.validate` an undo can break: the agent
    must stand on a walkable cell (not on a removed opening, hot lava, a closed door, an object)."""
    o = w.objects[w.agent]
    if o is not None:
        return (o.kind == "door" and o.state == "open") or (o.kind == "bridge" and o.state == "intact")
    return w.terrain[w.agent] in (FLOOR, PASSAGE, COOL_LAVA)


__all__ = ["PROPOSERS", "Undo", "UndoHints", "effect", "undo"]
