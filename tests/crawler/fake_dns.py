"""A fake name resolver for crawls in tests: chosen answers per name, 127.0.0.1 for the rest.

Set as the resolver the outbound guard filters (CREDSCOPE_DNS_RESOLVER), with FAKE_DNS_ANSWERS
{name: [address, ...]}. Every host it is not told about, IP literals included, resolves to
127.0.0.1: should the guard ever let a refused host through, the traffic still goes only to
loopback (where the test's server counts it) and never to any other address.
"""

from __future__ import annotations

from typing import Any

from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver
from zope.interface import implementer

from crawler.guard import parse_address

FAKE_DNS_SETTING = "FAKE_DNS_ANSWERS"
RESOLVER_PATH = "tests.crawler.fake_dns.FakeResolver"


class Resolution:
    """The IHostResolution handed to the receiver."""

    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        """Nothing to cancel: answers are immediate."""


@implementer(IHostnameResolver)
class FakeResolver:
    """Answers from a table; 127.0.0.1 for anything else."""

    def __init__(self, reactor: Any, answers: dict[str, list[str]]) -> None:
        self.reactor = reactor
        self.answers = {name.lower(): list(values) for name, values in answers.items()}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> FakeResolver:
        """The table from the FAKE_DNS_ANSWERS setting."""
        return cls(reactor, crawler.settings.getdict(FAKE_DNS_SETTING))

    def install_on_reactor(self) -> None:
        """Become the reactor's name resolver."""
        self.reactor.installNameResolver(self)

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Any = None,
        transportSemantics: str = "TCP",
    ) -> Resolution:
        """Tell the receiver the table's answers for `hostName`."""
        resolution = Resolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        for text in self.answers.get(hostName.lower(), ["127.0.0.1"]):
            address = parse_address(text)
            kind = IPv6Address if address is not None and address.version == 6 else IPv4Address
            resolutionReceiver.addressResolved(kind("TCP", text, portNumber))
        resolutionReceiver.resolutionComplete()
        return resolution
