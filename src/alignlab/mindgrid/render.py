"""PNG pictures: worlds side by side (e.g. imagined vs real) with plan paths and a key to the symbols.

Cells use MiniGrid's tiles (:mod:`alignlab.mindgrid.tiles`), rendered once per distinct cell and
cached, and the picture is composed with NumPy and Pillow (titles, coordinates, the path, the key)
rather than a Matplotlib figure: the benchmark report draws hundreds of these, and this is ≈9×
cheaper (``benchmarks/mindgrid_report.py``). Same inputs → same bytes (Pillow writes no
timestamps; the font is the DejaVu Sans that Matplotlib ships).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from alignlab.mindgrid.engine import FORWARD, Runner
from alignlab.mindgrid.tiles import minigrid_cell
from alignlab.mindgrid.world import COOL_LAVA, LAVA, PASSAGE, WALL, Obj, World, xy

TILE = 32
KEY_TILE = 22
PATH_RGB = (230, 0, 126)
_BG = (255, 255, 255)
_INK = (20, 20, 20)


@dataclass(frozen=True)
class Panel:
    """One world to draw, its title, and optional primitive actions whose path is drawn."""

    world: World
    title: str = ""
    actions: tuple[int, ...] = ()
    caption: str = ""


def path_cells(world: World, actions: tuple[int, ...]) -> list[tuple[int, int]]:
    """Cells the agent visits when ``actions`` are replayed (stops at death or pickup)."""
    r = Runner(world)
    pts = [world.agent_xy]
    for a in actions:
        if r.over:
            break
        r.act(a)
        if a == FORWARD and xy(r.pos, world.size) != pts[-1]:
            pts.append(xy(r.pos, world.size))
    return pts


# ----- tiles ---------------------------------------------------------------------------------
_tile_cache: dict[tuple[Any, ...], np.ndarray] = {}


def tile(o: Obj | None, terrain: int, agent_dir: int | None = None, size: int = TILE) -> np.ndarray:
    """The RGB tile (size × size × 3) of one cell: object over terrain, the agent on top."""
    key = (o, terrain, agent_dir, size)
    t = _tile_cache.get(key)
    if t is None:
        from minigrid.core.grid import Grid

        t = Grid.render_tile(minigrid_cell(o, terrain), agent_dir=agent_dir, highlight=False,
                             tile_size=size).astype(np.uint8)  # as MiniGrid's Grid.render stores it
        _tile_cache[key] = t
    return t


def world_image(w: World, size: int = TILE) -> np.ndarray:
    """RGB image (uint8, H×W×3) of the world with MiniGrid's tiles and the agent triangle."""
    n = w.size
    img = np.empty((n * size, n * size, 3), dtype=np.uint8)
    for i in range(n * n):
        x, y = xy(i, n)
        d = w.agent_dir if i == w.agent else None
        img[y * size:(y + 1) * size, x * size:(x + 1) * size] = tile(w.objects[i], w.terrain[i], d, size)
    return img


# ----- the key ---------------------------------------------------------------------------------
def key_entries(worlds: list[World]) -> list[tuple[Obj | None, int, int | None, str]]:
    """(object, terrain, agent_dir, label) for every symbol the worlds show, in a fixed order."""
    seen: dict[str, tuple[Obj | None, int, int | None, str]] = {}
    others: set[str] = set()  # colours of the non-target balls: one swatch, every colour named
    for w in worlds:
        seen.setdefault("agent", (None, 0, 0, "agent (facing east)"))
        for i in range(w.size * w.size):
            o, t = w.objects[i], w.terrain[i]
            if o is not None:
                k = o.kind
                if k == "ball":
                    tgt = o.color == w.target_color
                    if not tgt:
                        others.add(o.color)
                    seen.setdefault("ball:target" if tgt else "ball",
                                    (o, 0, None, f"target ({o.color}) ball" if tgt else "other ball"))
                elif k == "box":
                    seen.setdefault("box", (o._replace(content=None), 0, None, "box (may hold an object)"))
                elif k in ("door", "bridge"):
                    seen.setdefault(f"{k}:{o.state}", (o, WALL if k == "door" else LAVA, None,
                                                       f"{o.state} {k}"))
                else:
                    seen.setdefault(k, (o, 0, None, {"shoes": "fire-proof shoes"}.get(k, k)))
            elif t in (WALL, LAVA, COOL_LAVA, PASSAGE):
                name = {WALL: "wall", LAVA: "lava (deadly)", COOL_LAVA: "cool lava (safe)",
                        PASSAGE: "walkable passage"}[t]
                seen.setdefault(name, (None, t, None, name))
    if "ball" in seen:  # the swatch shows one colour; the label names them all
        o, t, d, _ = seen["ball"]
        seen["ball"] = (o, t, d, f"other ball ({', '.join(sorted(others))})" if len(others) > 1 else
                        f"other ball ({next(iter(others))})")
    order = ["agent", "ball:target", "ball", "key", "door:closed", "door:locked", "door:open",
             "box", "bridge:intact", "bridge:damaged", "hammer", "shoes", "wall", "lava (deadly)",
             "cool lava (safe)", "walkable passage"]
    return [seen[k] for k in order if k in seen]


@lru_cache(maxsize=4)
def _font(size: int) -> Any:
    """DejaVu Sans as shipped with Matplotlib (it has θ and π; Pillow's default font has not)."""
    import matplotlib
    from PIL import ImageFont

    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"),
                              size)


def _key_strip(worlds: list[World], width: int, with_path: bool) -> Any:
    """A white strip with one (symbol, label) per entry, wrapped to ``width`` pixels."""
    from PIL import Image, ImageDraw

    font = _font(11)
    entries = key_entries(worlds)
    items: list[tuple[np.ndarray | None, str]] = [(tile(o, t, d, KEY_TILE), lab) for o, t, d, lab in entries]
    if with_path:
        items.append((None, "plan path (dot: where it ends)"))
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    widths = [KEY_TILE + 4 + int(probe.textlength(lab, font=font)) + 14 for _, lab in items]
    rows: list[list[int]] = [[]]
    used = 8
    for k, wd in enumerate(widths):
        if rows[-1] and used + wd > width - 8:
            rows.append([])
            used = 8
        rows[-1].append(k)
        used += wd
    h = 8 + len(rows) * (KEY_TILE + 6)
    img = Image.new("RGB", (width, h), _BG)
    draw = ImageDraw.Draw(img)
    y = 6
    for row in rows:
        x = 8
        for k in row:
            sym, lab = items[k]
            if sym is None:
                cy = y + KEY_TILE // 2
                draw.line([(x, cy), (x + KEY_TILE, cy)], fill=PATH_RGB, width=3)
                draw.ellipse([x + KEY_TILE - 5, cy - 4, x + KEY_TILE + 3, cy + 4], fill=PATH_RGB,
                             outline=(255, 255, 255))
            else:
                img.paste(Image.fromarray(sym), (x, y))
            draw.text((x + KEY_TILE + 4, y + 5), lab, fill=_INK, font=font)
            x += widths[k]
        y += KEY_TILE + 6
    return img


# ----- composition -----------------------------------------------------------------------------
def panels_image(panels: list[Panel], *, key: bool = True) -> Any:
    """The panels side by side as a Pillow image: title, column/row numbers, path, caption; then
    a key to every symbol shown (``key=False`` leaves it out)."""
    from PIL import Image, ImageDraw

    font, tfont = _font(10), _font(13)
    n = max(p.world.size for p in panels)
    side = n * TILE
    left, top, gap = 18, 34, 14
    cap_h = 18 if any(p.caption for p in panels) else 0
    pw = left + side + gap
    width = 6 + pw * len(panels)
    body = Image.new("RGB", (width, top + side + 4 + cap_h), _BG)
    draw = ImageDraw.Draw(body)
    for k, p in enumerate(panels):
        x0 = 6 + k * pw + left
        body.paste(Image.fromarray(world_image(p.world)), (x0, top))
        draw.text((x0 + side // 2, 4), p.title, fill=_INK, font=tfont, anchor="mt")
        m = p.world.size
        for c in range(m):
            draw.text((x0 + c * TILE + TILE // 2, top - 3), str(c), fill=_INK, font=font, anchor="mb")
            draw.text((x0 - 4, top + c * TILE + TILE // 2), str(c), fill=_INK, font=font, anchor="rm")
        if p.actions:
            pts = [(x0 + (x + 0.5) * TILE, top + (y + 0.5) * TILE) for x, y in path_cells(p.world, p.actions)]
            if len(pts) > 1:
                draw.line(pts, fill=(255, 255, 255), width=6, joint="curve")
                draw.line(pts, fill=PATH_RGB, width=3, joint="curve")
            ex, ey = pts[-1]
            draw.ellipse([ex - 5, ey - 5, ex + 5, ey + 5], fill=PATH_RGB, outline=(255, 255, 255))
        if p.caption:
            draw.text((x0 + side // 2, top + side + 4), p.caption, fill=_INK, font=font, anchor="mt")
    if not key:
        return body
    strip = _key_strip([p.world for p in panels], width, any(p.actions for p in panels))
    out = Image.new("RGB", (width, body.height + strip.height), _BG)
    out.paste(body, (0, 0))
    out.paste(strip, (0, body.height))
    return out


def draw_panels(panels: list[Panel], path: str | Path, *, key: bool = True) -> Path:
    """Write the panels side by side (with a key to the symbols) as one PNG, atomically and with
    deterministic bytes."""
    from alignlab.outputs import atomic_writer

    image = panels_image(panels, key=key)
    with atomic_writer(path, "png") as f:  # refuses devices, folders and .jpg names
        image.save(f, format="PNG", compress_level=6)
    return Path(path)

