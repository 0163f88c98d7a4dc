"""The randnets exception family."""

from alignlab.errors import AlignlabError


class RandnetsError(AlignlabError):
    """Bad randnets input: an unknown or unparseable activation, depth < 1, |rho| > 1, …"""
