"""The deals exception family."""

from alignlab.errors import ConfigError


class DealsError(ConfigError):
    """An invalid deal scenario or an impossible request; the message names the field."""
