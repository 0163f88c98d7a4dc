"""The root of every part's exception family.

Each part subclasses :class:`AlignlabError` (``DealsError``, ``AgreementError``, …). The CLI prints
these as one line on stderr and exits with status 2, without a traceback.
"""


class AlignlabError(ValueError):
    """Bad input or an impossible request: the message says what, where, and what is allowed."""


class ConfigError(AlignlabError):
    """A configuration file that cannot be read, parsed or validated."""
