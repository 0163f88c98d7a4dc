"""Teaching instances: presets, generation, and the JSONL instance schema (``alignlab.mindgrid.instance/1``).

An instance is a base world from (layout, seed), the human's imagined world θ^H = base + h edits,
the real world θ* = θ^H + k further edits (the teaching target, in order), the gold sentences and
the human's plan π0 (optimal in θ^H). Everything is written out explicitly (both worlds as grid
JSON, edits with arguments, plans as skill calls *and* primitive actions), so a dataset is readable
without this code and reproducible from its seeds. Hand-written instances need only ``id``,
``imagined`` and ``real`` (see :func:`instance_from_json`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alignlab.config import read_jsonl
from alignlab.mindgrid.edits import EDIT_NAMES, PAPER_N_EDITS, Edit, apply_edits, random_edits
from alignlab.mindgrid.engine import ACTIONS, Runner
from alignlab.mindgrid.errors import EditError, InstanceError, MindgridError
from alignlab.mindgrid.io import world_from_json, world_to_json
from alignlab.mindgrid.layouts import generate
from alignlab.mindgrid.pair import WorldPair
from alignlab.mindgrid.plans import UNSOLVABLE, Plan, optimal_plan
from alignlab.mindgrid.skills import Skill, run_skill
from alignlab.mindgrid.world import LAYOUTS, World
from alignlab.runtime import derive_seed, rng

SCHEMA = "alignlab.mindgrid.instance/1"
PRESETS = ("fewshot", "eval", "eval-reference")
#: Colour split per preset: few-shot examples use the train colours, evaluation the test colours;
#: ``eval-reference`` uses the reference's evaluation palette (test_out: purple, lime, saffron, grey).
PRESET_SPLIT = {"fewshot": "train", "eval": "test", "eval-reference": "ref_test_out"}
#: Edits from the base world to the human's world (h) per preset.
PRESET_H = {"fewshot": 0, "eval": 2, "eval-reference": 2}
#: ``eval-reference``: the largest k per layout. The reference draws k uniformly from 0 to (its pool
#: of 10 / 12 edit kinds − the human's 2 − 1), i.e. 0..7 room_door_key and 0..9 treasure_island
#: (spec, "Fidelity to the reference"; its game_factory draws randint(0, len(left) − 1)).
REFERENCE_K_MAX = {"room_door_key": 7, "treasure_island": 9}


@dataclass(frozen=True)
class Instance:
    """One teaching instance (see the module docstring). ``plan_human`` is π0; ``edits`` and
    ``sentences`` may be empty for hand-made instances (then the ``gold`` teacher cannot run)."""

    id: str
    imagined: World
    real: World
    plan_human: Plan
    edits: tuple[Edit, ...] = ()
    sentences: tuple[str, ...] = ()
    preset: str = "custom"
    layout: str = "custom"
    seed: int | None = None
    split: str = ""
    base: World | None = None
    edits_imagined: tuple[Edit, ...] = ()
    plan_real: Plan | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def optimal_real(self) -> Plan:
        """π* (the stored one when present, else computed)."""
        return self.plan_real if self.plan_real is not None else optimal_plan(self.real)

    def degenerate(self) -> dict[str, bool]:
        """``same_world``: θ^H = θ*; ``pi0_optimal``: π0 already reaches R(π*) in θ* (skills mode)."""
        from alignlab.mindgrid.plans import execute

        pstar = self.optimal_real()
        same = self.imagined == self.real
        ex = execute(self.real, self.plan_human, "skills")
        return {"same_world": same, "pi0_optimal": ex.reward >= pstar.reward}

    def pair(self) -> WorldPair:
        """The instance as a world pair (θ^H, θ*, the edits, π0, π*) for drawing."""
        return WorldPair(self.imagined, self.real, self.edits, self.plan_human, self.optimal_real())

    @property
    def is_degenerate(self) -> bool:
        d = self.degenerate()
        return d["same_world"] or d["pi0_optimal"]

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema": SCHEMA, "id": self.id, "preset": self.preset, "layout": self.layout,
            "seed": self.seed, "split": self.split,
            "imagined": world_to_json(self.imagined), "real": world_to_json(self.real),
            "edits": [e.to_json() for e in self.edits], "sentences": list(self.sentences),
            "plan_human": self.plan_human.to_json(),
        }
        if self.base is not None:
            d["base"] = world_to_json(self.base)
            d["edits_imagined"] = [e.to_json() for e in self.edits_imagined]
        if self.plan_real is not None:
            d["plan_real"] = self.plan_real.to_json()
        d["degenerate"] = self.degenerate()
        return d


# ----- generation -------------------------------------------------------------------------
def preset_k(preset: str, layout: str, g: Any) -> int:
    """Number of differing edits k: ``fewshot`` 2; ``eval`` n−2 (n = 8 room_door_key, 10
    treasure_island, as the paper states); ``eval-reference`` uniform over 0..7 (room_door_key) /
    0..9 (treasure_island), as the reference's evaluation set (:data:`REFERENCE_K_MAX`)."""
    if preset == "fewshot":
        return 2
    if preset == "eval":
        return PAPER_N_EDITS[layout] - 2
    return int(g.integers(0, REFERENCE_K_MAX[layout] + 1))


def draw_worlds(preset: str, layout: str, seed: int, h: int | None = None
                ) -> tuple[World, World, World, list[Edit], list[Edit], int]:
    """(base, imagined, real, h edits, k edits, attempts) for one instance — no planning.

    Edits are distinct kinds drawn among those whose precondition holds on the current world
    (failing ones are never drawn); ``h`` overrides the preset's number of edits from the base
    world to the human's world. If the sequence runs out of applicable kinds, or the real world
    has no plan, the whole draw is repeated with the next derived seed (``attempts`` counts them).
    """
    check_preset(preset)
    if layout not in LAYOUTS:
        raise InstanceError(f"unknown layout {layout!r}; allowed: {', '.join(LAYOUTS)}")
    split = PRESET_SPLIT[preset]
    for attempt in range(100):
        s = derive_seed(seed, "mindgrid-instance", preset, layout, attempt)
        g = rng(s)
        base = generate(layout, s % 2**31, split=split)
        nh = PRESET_H[preset] if h is None else h
        k = preset_k(preset, layout, g)
        try:
            imagined, eh = random_edits(base, nh, g)
            real, ek = random_edits(imagined, k, g, exclude=tuple(e.name for e in eh))
        except EditError:
            continue
        return base, imagined, real, eh, ek, attempt + 1
    raise InstanceError(f"could not draw a {preset} instance for {layout} seed {seed}")  # pragma: no cover


def make_instance(preset: str, layout: str, seed: int, id: str, h: int | None = None) -> Instance:
    """One generated instance with both optimal plans (π0 in θ^H, π* in θ*). The real world
    always has a plan (draws whose real world is unsolvable are repeated)."""
    for bump in range(100):
        base, imagined, real, eh, ek, _ = draw_worlds(preset, layout, derive_seed(seed, bump) if bump else seed, h)
        pstar = optimal_plan(real)
        if pstar.solvable:
            break
    else:  # pragma: no cover
        raise InstanceError(f"no solvable real world for {layout} seed {seed}")
    return Instance(id=id, imagined=imagined, real=real, plan_human=optimal_plan(imagined),
                    edits=tuple(ek), sentences=tuple(e.sentence() for e in ek), preset=preset,
                    layout=layout, seed=seed, split=PRESET_SPLIT[preset], base=base,
                    edits_imagined=tuple(eh), plan_real=pstar)


def check_preset(preset: str) -> None:
    if preset not in PRESETS:
        raise InstanceError(f"unknown preset {preset!r}; allowed: {', '.join(PRESETS)}")


def instance_specs(preset: str, n: int, seed: int, layouts: tuple[str, ...] = LAYOUTS
                   ) -> list[tuple[str, str, int, str]]:
    """(preset, layout, instance seed, id) for n instances; layouts alternate (``eval-reference``:
    each instance's layout drawn 50/50 from its own seed, as in the reference)."""
    from alignlab import limits
    check_preset(preset)
    limits.check_count(n, "n (instances)", limits.INSTANCES, error=InstanceError)
    for lay in layouts:
        if lay not in LAYOUTS:
            raise InstanceError(f"unknown layout {lay!r}; allowed: {', '.join(LAYOUTS)}")
    out = []
    for i in range(n):
        if preset == "eval-reference" and len(layouts) > 1:  # 50/50 at random, as the reference
            lay = layouts[int(rng(derive_seed(seed, preset, i, "layout")).integers(len(layouts)))]
        else:  # the other presets alternate
            lay = layouts[i % len(layouts)]
        out.append((preset, lay, derive_seed(seed, preset, i) % 2**31, f"{preset}-{seed}-{i:04d}"))
    return out


def _check_h(h: int | None) -> None:
    """``--human-edits``: None (the preset's) or 0..4."""
    if h is not None and not 0 <= h <= 4:
        raise InstanceError(f"h (edits from the base world to the human's world) must be 0..4, got {h}")


def generate_instances(preset: str, n: int, seed: int, layouts: tuple[str, ...] = LAYOUTS,
                       h: int | None = None) -> list[Instance]:
    """n instances of ``preset`` (layouts alternate), deterministic in ``seed``; ``h`` overrides
    the preset's number of edits between the base world and the human's world."""
    _check_h(h)
    return [make_instance(p, lay, s, i, h) for p, lay, s, i in instance_specs(preset, n, seed, layouts)]


def _make_task(task: dict[str, Any]) -> dict[str, Any]:
    """One generation task (module-level so process pools can run it)."""
    inst = make_instance(task["preset"], task["layout"], task["seed"], task["id"], task["h"])
    return {"config": task["config"], "index": task["index"], "degenerate": inst.is_degenerate,
            "instance": inst.to_json()}


def generation_tasks(preset: str, n: int, seed: int, layouts: tuple[str, ...] = LAYOUTS,
                     h: int | None = None) -> list[dict[str, Any]]:
    """The tasks of one generation (one per instance, each with the generation's config hash)."""
    from alignlab.runtime import config_hash

    _check_h(h)
    specs = instance_specs(preset, n, seed, layouts)
    cfg = config_hash({"preset": preset, "n": n, "seed": seed, "layouts": list(layouts), "h": h,
                       "schema": SCHEMA})
    return [{"preset": p, "layout": lay, "seed": s, "id": i, "h": h, "index": k, "config": cfg}
            for k, (p, lay, s, i) in enumerate(specs)]


def generate_file(preset: str, n: int, seed: int, out: str | Path, *, layout: str = "both",
                  h: int | None = None, drop_degenerate: bool = False, executor: str = "auto",
                  workers: int | None = None, progress: bool = True) -> dict[str, Any]:
    """Generate n instances (``layout`` one name or ``both``) into ``out`` — the same bytes as
    :func:`generate_instances` +
    :func:`write_instances` — writing each instance as it is made to ``<out>.partial`` through
    :func:`alignlab.runtime.run_tasks` (resumable: a killed run picks up where it stopped; a
    partial file of another generation is refused), then the final file atomically in instance
    order. Returns ``n``, ``degenerate``, ``dropped``, ``mean_k``, ``done_before``, ``run_now``."""
    from alignlab.runtime import make_executor, read_records, run_tasks

    tasks = generation_tasks(preset, n, seed, LAYOUTS if layout == "both" else (layout,), h)
    cfg = tasks[0]["config"]
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    if partial.exists():
        for r in read_records(partial):
            if r.get("config") != cfg:
                raise InstanceError(f"{partial} holds instances of another generation (preset, n, "
                                    "seed, layouts or --human-edits differ); delete it or use "
                                    "another -o file")
            break
    kind = executor if executor != "auto" else ("serial" if n < 200 else "local")
    with make_executor(kind, workers=workers) as ex:
        run = run_tasks(_make_task, tasks, key=lambda t: t["id"], out=partial, executor=ex,
                        progress=progress, description=f"mindgrid generate {preset}")
    recs = sorted(read_records(partial), key=lambda r: r["index"])
    degenerate = sum(bool(r["degenerate"]) for r in recs)
    kept = [r for r in recs if not (drop_degenerate and r["degenerate"])]
    from alignlab.outputs import write_text
    from alignlab.runtime import canonical_json

    write_text(out, "".join(canonical_json(r["instance"]) + "\n" for r in kept), "jsonl")
    partial.unlink()
    return {"out": str(out), "preset": preset, "n": len(kept), "degenerate": degenerate,
            "dropped": degenerate if drop_degenerate else 0,
            "mean_k": sum(len(r["instance"]["edits"]) for r in kept) / max(1, len(kept)),
            "done_before": run.done_before, "run_now": run.run_now}


# ----- reading (generated or hand-written records) ---------------------------------------
def _plan_from_json(d: Any, world: World, where: str) -> Plan:
    """A plan given as skills and/or primitive actions (reward recomputed when missing)."""
    if not isinstance(d, dict):
        raise InstanceError(f"{where}: must be an object with 'skills' and/or 'actions'")
    if d.get("solvable") is False:
        return UNSOLVABLE
    raw_sk, raw_ac = d.get("skills"), d.get("actions")
    if raw_sk is None and raw_ac is None:
        raise InstanceError(f"{where}: give 'skills' (skill calls) or 'actions' (primitive actions)")
    skills: tuple[Skill, ...] = ()
    actions: tuple[int, ...] | None = None
    if raw_ac is not None:
        if not isinstance(raw_ac, list):
            raise InstanceError(f"{where}.actions: must be a list of {', '.join(ACTIONS)}")
        bad = [a for a in raw_ac if a not in ACTIONS]
        if bad:
            raise InstanceError(f"{where}.actions: unknown action {bad[0]!r}; allowed: {', '.join(ACTIONS)}")
        actions = tuple(ACTIONS.index(a) for a in raw_ac)
    if raw_sk is not None:
        if not isinstance(raw_sk, list):
            raise InstanceError(f"{where}.skills: must be a list of skill calls")
        try:
            skills = tuple(Skill.from_json(s) for s in raw_sk)
            for s in skills:
                s.text()
        except (MindgridError, IndexError, AttributeError, TypeError) as exc:
            raise InstanceError(f"{where}.skills: {exc}") from None
    r = Runner(world)
    if skills:
        for s in skills:
            if r.over:
                break
            run_skill(r, s)
        if actions is None:
            actions = tuple(r.actions)
    else:
        skills = tuple(Skill("primitive", (ACTIONS[a],)) for a in actions or ())
    out = Runner(world)
    for a in actions or ():
        if out.over:
            break
        out.act(a)
    reward = out.outcome().reward
    return Plan(skills, tuple(actions or ()), reward)


def instance_from_json(d: Any, where: str = "instance") -> Instance:
    """Read an instance record; any problem is an :class:`InstanceError` naming the field(s).

    Required: ``schema`` (``alignlab.mindgrid.instance/1``), ``id``, ``imagined`` and ``real``
    (grid JSON). Optional: ``plan_human`` (``skills`` and/or ``actions``; default: the optimal plan
    in ``imagined``), ``edits`` (checked: imagined + edits must equal real), ``sentences``
    (default: the edits' template sentences), ``plan_real``, ``preset``, ``layout``, ``seed``,
    ``base`` + ``edits_imagined``.
    """
    inst, problems = read_record(d, where)
    if inst is None:
        raise InstanceError("; ".join(problems))
    return inst


def read_record(d: Any, where: str = "instance") -> tuple[Instance | None, list[str]]:
    """(instance or None, every problem that prevents reading it) — each field checked on its own."""
    if not isinstance(d, dict):
        return None, [f"{where}: a record must be a JSON object"]
    errs: list[str] = []
    if d.get("schema") != SCHEMA:
        errs.append(f"{where}: schema must be {SCHEMA!r}, got {d.get('schema')!r}")
    iid = d.get("id")
    if not isinstance(iid, str | int) or isinstance(iid, bool) or str(iid) == "":
        errs.append(f"{where}: 'id' must be a non-empty string or integer")
    else:
        where = f"{where} (id {iid})"
    worlds: dict[str, World] = {}
    for f in ("imagined", "real"):
        if f not in d:
            errs.append(f"{where}: missing field {f!r} (a grid JSON world)")
            continue
        try:
            worlds[f] = world_from_json(d[f], f"{where}.{f}")
        except MindgridError as exc:
            errs.append(str(exc))
    imagined, real = worlds.get("imagined"), worlds.get("real")
    edits: tuple[Edit, ...] = ()
    if d.get("edits"):  # an empty list = no edits given (or none needed)
        if not isinstance(d["edits"], list):
            errs.append(f"{where}.edits: must be a list of {{'edit': name, 'args': {{…}}}}")
        else:
            parsed = []
            for j, e in enumerate(d["edits"]):
                try:
                    parsed.append(Edit.from_json(e))
                except MindgridError as exc:
                    errs.append(f"{where}.edits[{j}]: {exc}")
            edits = tuple(parsed)
            if len(parsed) == len(d["edits"]) and imagined is not None and real is not None:
                try:
                    if apply_edits(imagined, edits) != real:
                        errs.append(f"{where}.edits: imagined + edits differs from the real world")
                except EditError as exc:
                    errs.append(f"{where}.edits: they do not apply to the imagined world: {exc}")
    sentences = d.get("sentences")
    if sentences is None or (sentences == [] and edits):
        sentences = [e.sentence() for e in edits]
    if not isinstance(sentences, list) or not all(isinstance(x, str) for x in sentences):
        errs.append(f"{where}.sentences: must be a list of strings")
    plans: dict[str, Plan | None] = {"plan_human": None, "plan_real": None}
    for f, w in (("plan_human", imagined), ("plan_real", real)):
        if d.get(f) is not None and w is not None:
            try:
                plans[f] = _plan_from_json(d[f], w, f"{where}.{f}")
            except MindgridError as exc:
                errs.append(str(exc))
    base, eh = None, ()
    if d.get("base") is not None:
        try:
            base = world_from_json(d["base"], f"{where}.base")
            eh = tuple(Edit.from_json(e) for e in d.get("edits_imagined") or [])
        except MindgridError as exc:
            errs.append(str(exc))
    if errs or imagined is None or real is None:
        return None, errs
    plan_h = plans["plan_human"] if d.get("plan_human") is not None else optimal_plan(imagined)
    seed = d.get("seed")
    return Instance(id=str(iid), imagined=imagined, real=real, plan_human=plan_h, edits=edits,  # type: ignore[arg-type]
                    sentences=tuple(sentences), preset=str(d.get("preset") or "custom"),
                    layout=str(d.get("layout") or imagined.layout),
                    seed=seed if isinstance(seed, int) else None, split=str(d.get("split") or ""),
                    base=base, edits_imagined=eh, plan_real=plans["plan_real"]), []


def write_instances(instances: list[Instance], path: str | Path) -> Path:
    """Write instances as JSON Lines (canonical: sorted keys), atomically."""
    from alignlab.outputs import write_text
    from alignlab.runtime import canonical_json

    write_text(path, "".join(canonical_json(i.to_json()) + "\n" for i in instances), "jsonl")
    return Path(path)


def select_instance(path: str | Path, iid: str | None = None) -> Instance:
    """The instance ``iid`` of a games file (an id, or a 0-based position; None: the first)."""
    insts = load_instances(path)
    if iid is None:
        return insts[0]
    by = {i.id: i for i in insts}
    inst = by.get(iid) or (insts[int(iid)] if iid.isdigit() and int(iid) < len(insts) else None)
    if inst is None:
        raise InstanceError(f"{path}: no instance with id {iid!r} (ids: {insts[0].id} … "
                            f"{insts[-1].id}, or a 0-based position below {len(insts)})")
    return inst


def load_instances(path: str | Path) -> list[Instance]:
    """Read a games file; the first problem is an :class:`InstanceError` (see :func:`validate_file`)."""
    out: list[Instance] = []
    seen: dict[str, int] = {}
    for k, d in read_jsonl(path, error=InstanceError):
        where = f"{path}:{k}"
        inst = instance_from_json(d, where)
        if inst.id in seen:
            raise InstanceError(f"{where}: id {inst.id!r} already used on line {seen[inst.id]}")
        seen[inst.id] = k
        out.append(inst)
    if not out:
        raise InstanceError(f"{path}: no instances")
    return out


def validate_file(path: str | Path) -> tuple[int, list[str]]:
    """(number of valid instances, every problem found) — checks each line independently."""
    problems: list[str] = []
    ok = 0
    seen: dict[str, int] = {}
    try:
        lines = read_jsonl(path, error=InstanceError, keep_bad=True)
    except InstanceError as exc:
        return 0, [str(exc)]
    if not lines:
        return 0, [f"{path}: no instances"]
    for k, d in lines:
        where = f"{path}:{k}"
        if isinstance(d, InstanceError):  # a line that is not JSON, or over the reader's limits
            problems.append(str(d))
            continue
        inst, hard = read_record(d, where)
        if inst is None:
            problems.extend(hard)
            continue
        line_problems = _soft_checks(inst, d, where)
        if inst.id in seen:
            line_problems.append(f"{where}: id {inst.id!r} already used on line {seen[inst.id]}")
        seen.setdefault(inst.id, k)
        problems.extend(line_problems)
        ok += not line_problems
    return ok, problems


def _soft_checks(inst: Instance, d: dict, where: str) -> list[str]:
    from alignlab.mindgrid.text import parse_sentence

    out = []
    where = f"{where} (id {inst.id})"
    unknown = set(d) - {"schema", "id", "preset", "layout", "seed", "split", "imagined", "real",
                        "edits", "sentences", "plan_human", "plan_real", "base", "edits_imagined",
                        "degenerate", "notes"}
    if unknown:
        out.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for j, s in enumerate(inst.sentences):
        try:
            e = parse_sentence(s)
        except EditError as exc:
            out.append(f"{where}.sentences[{j}]: {exc}")
            continue
        if inst.edits and j < len(inst.edits) and e != inst.edits[j]:
            out.append(f"{where}.sentences[{j}]: reads as {e.to_json()} but edits[{j}] is "
                       f"{inst.edits[j].to_json()}")
    if inst.edits and len(inst.sentences) != len(inst.edits):
        out.append(f"{where}: {len(inst.sentences)} sentences for {len(inst.edits)} edits")
    pstar = optimal_plan(inst.real)
    if not pstar.solvable:
        out.append(f"{where}.real: no plan picks up the {inst.real.target_color} ball; the gap is "
                   "undefined")
    for f, plan in (("plan_human", inst.plan_human), ("plan_real", inst.plan_real)):
        given = d.get(f, {}).get("reward") if isinstance(d.get(f), dict) else None
        if plan is not None and plan.solvable and given is not None and given != plan.reward:
            out.append(f"{where}.{f}: reward {given} but its actions earn {plan.reward} in the "
                       f"{'imagined' if f == 'plan_human' else 'real'} world")
    if inst.plan_real is not None and inst.plan_real.reward != pstar.reward:
        out.append(f"{where}.plan_real: earns {inst.plan_real.reward} but the optimum is {pstar.reward}")
    if inst.base is not None and inst.edits_imagined:
        try:
            if apply_edits(inst.base, inst.edits_imagined) != inst.imagined:
                out.append(f"{where}.edits_imagined: base + edits_imagined differs from imagined")
        except EditError as exc:
            out.append(f"{where}.edits_imagined: {exc}")
    return out


__all__ = ["EDIT_NAMES", "PRESETS", "SCHEMA", "Instance", "InstanceError", "draw_worlds",
           "generate_file", "generate_instances", "instance_from_json", "instance_specs",
           "load_instances", "make_instance", "select_instance", "validate_file", "write_instances"]
