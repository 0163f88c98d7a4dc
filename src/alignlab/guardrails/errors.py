"""The guardrails exception family."""

from alignlab.errors import AlignlabError


class GuardrailsError(AlignlabError):
    """Bad guardrails input: an unknown guardrail or tie rule, α outside (0, 1], C outside [0, 1], …"""
