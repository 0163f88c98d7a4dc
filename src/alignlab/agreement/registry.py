"""The protocol table: name → message protocol (configs, sweeps and the CLI look protocols up here).

Built in: ``expectation`` and ``discretized`` (:mod:`~alignlab.agreement.protocols`), ``bbf`` and
``triangular`` (:mod:`~alignlab.agreement.channels`). A new protocol is one class implementing
:class:`~alignlab.agreement.messages.MessageProtocol` plus one :func:`register` call.
"""

from __future__ import annotations

from alignlab.agreement.channels import BBF, Triangular
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.messages import MessageProtocol
from alignlab.agreement.protocols import Discretized, Expectation

_REGISTRY: dict[str, MessageProtocol] = {}


def register(protocol: MessageProtocol) -> None:
    """Make a protocol available by name."""
    _REGISTRY[protocol.name] = protocol


def get(name: str) -> MessageProtocol:
    """The registered protocol called ``name`` (error lists the allowed names)."""
    if name not in _REGISTRY:
        raise AgreementError(f"unknown protocol {name!r} (allowed: {', '.join(sorted(_REGISTRY))})")
    return _REGISTRY[name]


def names() -> tuple[str, ...]:
    return tuple(sorted(_REGISTRY))


for _p in (Expectation(), Discretized(), BBF(), Triangular()):
    register(_p)
