"""The watermark part's exception family."""

from alignlab.errors import AlignlabError


class WatermarkError(AlignlabError):
    """Bad watermark input: a key, token list, context width or model that cannot be used."""
