"""Endpoint URLs and secrets: what is sent stays in the request, what is written never holds it.

A ``--base-url`` may carry credentials: ``https://user:pass@host/v1`` (sent as HTTP basic auth
when no API key is set; an API key, sent as ``Bearer``, takes precedence) or
``https://host/v1?api-key=…`` (some gateways). :class:`Endpoint` keeps the URL the request goes
to and a *public* form for everything written (results, reports, the cache, error messages):
userinfo dropped, secret-looking query values replaced by ``***``. URLs are built with
:mod:`urllib.parse`, so a query string stays a query string when the path is extended.
:func:`mask` removes a secret, or any long piece of it, from a text *before* the text is cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameter names whose value is a credential (matched anywhere in the name).
SECRET_PARAM = re.compile(r"key|token|secret|passw|pwd|auth|sig|credential|session", re.I)
#: A piece of a secret this long (or longer) found in a text is masked too.
MIN_PIECE = 6


@dataclass(frozen=True)
class Endpoint:
    """A base URL split into what is requested and what may be shown."""

    url: str  # as given (credentials included), without a trailing slash on the path
    public: str  # no userinfo, secret query values as ***
    secrets: tuple[str, ...]  # the credential strings, for :func:`mask`

    @classmethod
    def parse(cls, base_url: str) -> Endpoint:
        parts = urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url must look like http(s)://host[:port]/path, got "
                             f"{_strip(base_url)!r}")
        parts.port  # noqa: B018 - raises ValueError on a bad port
        secrets = [parts.password] if parts.password else []  # the user name is not a secret
        query = parse_qsl(parts.query, keep_blank_values=True)
        shown = []
        for name, value in query:
            if SECRET_PARAM.search(name) and value:
                secrets.append(value)
                value = "***"
            shown.append((name, value))
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        netloc = f"{host}:{parts.port}" if parts.port is not None else host
        path = parts.path.rstrip("/")
        public = urlunsplit((parts.scheme, netloc, path, urlencode(shown, safe="*"), ""))
        url = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
        return cls(url, public, tuple(sorted(set(secrets), key=len, reverse=True)))

    def join(self, path: str, *, public: bool = False, userinfo: bool = True) -> str:
        """``path`` appended to the base path, the query string kept (``…/v1/chat/completions?…``);
        ``userinfo=False`` drops ``user:pass@`` (when an API key authenticates instead)."""
        parts = urlsplit(self.public if public else self.url)
        if not userinfo and "@" in parts.netloc:
            parts = parts._replace(netloc=parts.netloc.rsplit("@", 1)[1])
        return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/" + path.lstrip("/")))


def _strip(url: str) -> str:
    """A URL that does not parse, shown without anything that could be a credential."""
    return re.sub(r"//[^/@]*@", "//", url.split("?")[0])


def public_url(url: str | None) -> str | None:
    """``url`` without credentials (``None`` and ``""`` pass through)."""
    if not url:
        return url
    try:
        return Endpoint.parse(url).public
    except ValueError:
        return _strip(url)


def mask(text: str, secrets: tuple[str, ...] | list[str]) -> str:
    """``text`` with every secret, and every piece of one of at least :data:`MIN_PIECE`
    characters, replaced by ``***``. Mask first, then cut: a cut can split a secret."""
    for secret in secrets:
        if not secret or len(secret) < 4:  # too short to find without mangling the text
            continue
        text = text.replace(secret, "***")
        if len(secret) < MIN_PIECE:
            continue
        out, i = [], 0
        while i < len(text):
            j = i + MIN_PIECE
            if j <= len(text) and text[i:j] in secret:
                while j < len(text) and text[i:j + 1] in secret:
                    j += 1
                out.append("***")
                i = j
            else:
                out.append(text[i])
                i += 1
        text = "".join(out)
    return text
