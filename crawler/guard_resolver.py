"""The reactor's name resolver for a crawl: the configured resolver's answers, less the addresses
the outbound guard refuses.

Scrapy's HTTP download handler connects through Twisted's HostnameEndpoint, which asks the
reactor's name resolver for the addresses of every host (IP literals included) and connects
only to the addresses it is given; `connectTCP` with a host name asks the same resolver. So
filtering here is the check at connection time: a DNS answer that changes between a check and
the connection (DNS rebinding) cannot slip past, because there is no earlier check to pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.interfaces import (
    IAddress,
    IHostnameResolver,
    IHostResolution,
    IResolutionReceiver,
)
from zope.interface import implementer

from crawler.guard import ALLOW_PRIVATE_SETTING, Guard, Refusal, allow_private_from_env
from crawler.pipelines import unwrap

GUARD_SETTING = "CREDSCOPE_GUARD"
INNER_RESOLVER_SETTING = "CREDSCOPE_DNS_RESOLVER"


def allows_private(settings: Any) -> bool:
    """Whether the crawl may reach loopback and private addresses (setting or environment)."""
    return settings.getbool(ALLOW_PRIVATE_SETTING) or allow_private_from_env()


def guard_from_settings(settings: Any) -> Guard:
    """The crawl's shared Guard (set by crawler.runner.crawl_settings), else a new one."""
    guard = unwrap(settings.get(GUARD_SETTING))
    if isinstance(guard, Guard):
        return guard
    return Guard(allows_private(settings))


@implementer(IResolutionReceiver)
class FilteringReceiver:
    """Passes on the answers the guard allows; tells the guard which hosts it refused."""

    def __init__(self, receiver: Any, host: str, guard: Guard) -> None:
        self.receiver = receiver
        self.host = host
        self.guard = guard
        self.refusals: list[Refusal] = []
        self.passed = 0

    def resolutionBegan(self, resolution: Any) -> None:
        """Resolution started."""
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:
        """One answer: passed on when allowed, kept as a refusal otherwise."""
        refusal = self.guard.check(str(getattr(address, "host", "")))
        if refusal is not None:
            self.refusals.append(refusal)
            return
        self.passed += 1
        self.receiver.addressResolved(address)

    def resolutionComplete(self) -> None:
        """Resolution ended: remember a host whose every answer was refused."""
        self.guard.note_answers(self.host, self.refusals, self.passed)
        self.receiver.resolutionComplete()


@implementer(IHostnameResolver)
class GuardedResolver:
    """Scrapy's TWISTED_DNS_RESOLVER for credscope: wraps CREDSCOPE_DNS_RESOLVER (any Scrapy
    resolver class, Scrapy's caching one by default) and filters its answers."""

    def __init__(self, reactor: Any, inner: Any, guard: Guard) -> None:
        self.reactor = reactor
        self.inner = inner
        self.guard = guard
        self.wrapped: Any = None  # the reactor's resolver before this one (an IHostnameResolver)

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        """Build the configured resolver and the guard from the crawl's settings."""
        inner_class = load_object(crawler.settings.get(INNER_RESOLVER_SETTING))
        inner = build_from_crawler(inner_class, crawler, reactor=reactor)
        return cls(reactor, inner, guard_from_settings(crawler.settings))

    def install_on_reactor(self) -> None:
        """Install the inner resolver, then put this filter in front of it."""
        self.inner.install_on_reactor()
        self.wrapped = self.reactor.nameResolver
        self.reactor.installNameResolver(self)

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        """Resolve through the inner resolver, passing on only the allowed answers."""
        if self.wrapped is None:
            raise RuntimeError("GuardedResolver.install_on_reactor() was not called")
        receiver = FilteringReceiver(resolutionReceiver, hostName, self.guard)
        return self.wrapped.resolveHostName(
            receiver, hostName, portNumber, addressTypes, transportSemantics
        )
