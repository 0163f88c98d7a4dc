"""The mindgrid exception family: bad worlds, bad edits, bad sentences, bad plans."""

from alignlab.errors import AlignlabError


class MindgridError(AlignlabError):
    """Any bad input to mindgrid; the message names the cell/field and what is allowed."""


class WorldError(MindgridError):
    """A world (generated, hand-written or edited) that breaks the rules of the grid."""


class EditError(MindgridError):
    """An edit whose precondition fails or whose arguments are invalid for the world."""


class InstanceError(MindgridError):
    """A bad teaching instance, answers or results record (names the line/id and the field)."""
