"""The agreement part's exception family."""

from __future__ import annotations

from alignlab.errors import AlignlabError


class AgreementError(AlignlabError):
    """Bad agreement input: the message names the task, agent, state or field and what is allowed."""
