"""The pap exception family: every bad MDP, PAP or config raises :class:`PapError`."""

from __future__ import annotations

from alignlab.errors import AlignlabError


class PapError(AlignlabError):
    """Invalid tabular MDP / PAP input; the message names the entry and what is allowed."""
