"""The reference toolkit's games (its neutral JSON export) as our teaching instances.

The export (one game per line; spec, "Fidelity to the reference") gives both worlds cell by cell
(read by :func:`alignlab.mindgrid.refworld.world_from_reference`), the edit names, the gold
sentences, the human's plan as primitive actions, and the reference's own rewards under several
execution semantics.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alignlab.config import read_jsonl
from alignlab.mindgrid.errors import InstanceError
from alignlab.mindgrid.refworld import world_from_reference
from alignlab.mindgrid.world import LAYOUTS

#: the reference's rewards carried into ``notes.reference`` of a converted instance
REWARD_FIELDS = ("r_opt_real", "r_human_openloop_real", "r_human_openloop_stop_real",
                 "r_human_closedloop_real", "r_opt_real_evalpy")


def instance_record(rec: Any, where: str = "game") -> dict[str, Any]:
    """:func:`_instance_record`; an export is input from elsewhere, so a game with a field of the
    wrong type or shape anywhere is one :class:`InstanceError` naming it, never a traceback."""
    from alignlab.errors import AlignlabError

    try:
        return _instance_record(rec, where)
    except AlignlabError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, ArithmeticError) as exc:
        raise InstanceError(f"{where}: not a game of the reference's export "
                            f"({type(exc).__name__}: {str(exc)[:200]})") from None


def _instance_record(rec: Any, where: str = "game") -> dict[str, Any]:
    """One exported game as our instance record (``alignlab.mindgrid.instance/1``): the two worlds,
    the human's plan as the reference's primitive actions, the gold sentences, and the reference's
    rewards under ``notes.reference``. The export names the edit kinds but not their arguments:
    the gold sentences are parsed, and the edits are included when they turn the human's world
    into the real one exactly (else only the sentences are kept)."""
    from alignlab.mindgrid.io import world_to_json
    from alignlab.mindgrid.teaching.instances import SCHEMA

    if not isinstance(rec, dict):
        raise InstanceError(f"{where}: a game must be a JSON object")
    layout = rec.get("layout")
    if layout not in LAYOUTS:
        raise InstanceError(f"{where}: layout must be one of {', '.join(LAYOUTS)}, got {layout!r}")
    pal = tuple(rec.get("allowed_colors") or ()) or None
    try:
        worlds = {k: world_from_reference(rec["worlds"][k], layout, pal, f"{where}.worlds.{k}")
                  for k in ("human", "real")}
    except (KeyError, TypeError):
        raise InstanceError(f"{where}: missing worlds.human / worlds.real") from None
    actions = rec.get("human_actions")
    if not isinstance(actions, list):
        raise InstanceError(f"{where}: human_actions must be a list of primitive actions")
    nh = len(rec.get("human_edits") or [])
    sentences = [str(x) for x in rec.get("gold_sentences") or []]
    edits = _edits_of(sentences, worlds["human"], worlds["real"])
    return {
        "schema": SCHEMA, "id": str(rec.get("id", where)), "preset": "reference",
        "layout": layout, "seed": rec.get("seed"), "split": str(rec.get("split") or ""),
        "imagined": world_to_json(worlds["human"]), "real": world_to_json(worlds["real"]),
        "sentences": sentences, "edits": [e.to_json() for e in edits],
        "plan_human": {"actions": actions},
        "notes": {"source": "reference toolkit export",
                  "human_edits": rec.get("human_edits"), "real_edits": rec.get("real_edits"),
                  "k": len(rec.get("real_edits") or []) - nh,
                  "reference": {k: rec.get(k) for k in REWARD_FIELDS}},
    }


def _edits_of(sentences: list[str], human: Any, real: Any) -> list[Any]:
    """The edits the gold sentences describe, if they lead from ``human`` to ``real`` exactly."""
    from alignlab.mindgrid.edits import apply_edits
    from alignlab.mindgrid.errors import MindgridError
    from alignlab.mindgrid.text import parse_sentence

    try:
        edits = [parse_sentence(x) for x in sentences]
        return edits if apply_edits(human, edits) == real else []
    except MindgridError:
        return []


def load_reference(path: str | Path) -> list[dict[str, Any]]:
    """Every game of an export file (JSON Lines) as the raw record (errors name the line)."""
    out = []
    for k, d in read_jsonl(path, error=InstanceError):
        if not isinstance(d, dict):
            raise InstanceError(f"{path}:{k}: a game must be a JSON object")
        out.append(d)
    if not out:
        raise InstanceError(f"{path}: no games")
    return out


def convert_file(path: str | Path, out: str | Path) -> int:
    """Convert an export file into an instances file (atomically); returns the number of games."""
    from alignlab.outputs import check_output, write_text
    from alignlab.runtime import canonical_json

    check_output(out, "jsonl")
    recs = [instance_record(d, f"{path}:{k}") for k, d in enumerate(load_reference(path), 1)]
    write_text(out, "".join(canonical_json(r) + "\n" for r in recs), "jsonl")
    return len(recs)


__all__ = ["REWARD_FIELDS", "convert_file", "instance_record", "load_reference", "world_from_reference"]
