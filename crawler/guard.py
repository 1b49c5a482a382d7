"""The outbound guard's decisions: which addresses a crawl may connect to.

Refused: loopback, private (RFC 1918, shared CGNAT space, IPv6 unique-local), link-local,
cloud metadata, multicast, unspecified and every other non-global (reserved, documentation,
benchmarking) address, IPv4 and IPv6 alike; an IPv4 address carried inside an IPv6 one
(mapped, compatible, translated, NAT64, 6to4) is judged as that IPv4 address. The allowance
(`--allow-private`, CREDSCOPE_ALLOW_PRIVATE=1) lets loopback and private addresses through,
never the others: link-local holds the cloud metadata endpoints (and two more are named).

This module only decides; `crawler.guard_resolver` applies it where connections are made and
`crawler.guard_middleware` to IP-literal hosts and to the crawl's stats.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOW_PRIVATE_ENV = "CREDSCOPE_ALLOW_PRIVATE"
ALLOW_PRIVATE_SETTING = "CREDSCOPE_ALLOW_PRIVATE"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
HOW_TO_ALLOW = (
    f"pass --allow-private or set {ALLOW_PRIVATE_ENV}=1 to crawl loopback and private addresses"
)

# The kinds the allowance lets through; every other kind is refused whatever the allowance.
ALLOWABLE_KINDS = frozenset({"loopback", "private"})
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
)
# Cloud metadata endpoints outside link-local (Alibaba's in the shared CGNAT space, AWS's IPv6
# one unique-local): refused even with the allowance, as link-local is.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address) for address in ("100.100.100.200", "fd00:ec2::254")
)
# IPv6 ranges whose last 32 bits are an IPv4 address (besides ::ffff:0:0/96 and 2002::/16,
# which ipaddress unwraps itself): IPv4-compatible, IPv4-translated and NAT64's well-known prefix.
IPV4_TAIL_NETWORKS = tuple(
    ipaddress.IPv6Network(network) for network in ("::/96", "::ffff:0:0:0/96", "64:ff9b::/96")
)
LAST_32_BITS = 0xFFFFFFFF
NUMERIC_IPV4_CHARS = frozenset(string.hexdigits + "xX.")


@dataclass(frozen=True)
class Refusal:
    """Why the guard refuses an address: the address, its kind, and whether the allowance helps."""

    address: str
    kind: str

    @property
    def allowable(self) -> bool:
        """Whether --allow-private would let this address through."""
        return self.kind in ALLOWABLE_KINDS

    def __str__(self) -> str:
        article = "an" if self.kind[0] in "aeiou" else "a"
        said = f"{self.address} is {article} {self.kind} address"
        if self.allowable:
            return f"{said}; {HOW_TO_ALLOW}"
        return f"{said}, refused even with --allow-private"


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    carried = address.ipv4_mapped or address.sixtofour
    if carried is not None:
        return carried
    if int(address) <= 1:  # :: and ::1 are themselves, not IPv4-compatible addresses
        return None
    if any(address in network for network in IPV4_TAIL_NETWORKS):
        return ipaddress.IPv4Address(int(address) & LAST_32_BITS)
    return None


def address_kind(address: IPAddress) -> str | None:
    """The kind of a non-public address (loopback, private, link-local, ...); None if public."""
    carried = embedded_ipv4(address)
    if carried is not None:
        return address_kind(carried)
    if address in METADATA_ADDRESSES:
        return "cloud-metadata"
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if any(address in network for network in PRIVATE_NETWORKS):
        return "private"
    if address.is_reserved or not address.is_global:
        return "reserved"
    return None


def parse_address(text: str) -> IPAddress | None:
    """`text` as an IP address (an IPv6 zone is dropped), or None if it is not one."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None


def literal_address(host: str | None) -> IPAddress | None:
    """The address an IP-literal host names, in any form a resolver accepts ("127.1",
    "0x7f000001", "[::1]"); None for a host name."""
    if not host:
        return None
    bare = host.strip("[]").rstrip(".")
    address = parse_address(bare)
    if address is not None or not bare or not set(bare) <= NUMERIC_IPV4_CHARS:
        return address
    try:
        return ipaddress.IPv4Address(socket.inet_aton(bare))
    except OSError:
        return None


def refusal_for(address: IPAddress, allow_private: bool) -> Refusal | None:
    """The guard's refusal of `address`, or None when a crawl may connect to it."""
    kind = address_kind(address)
    if kind is None or (allow_private and kind in ALLOWABLE_KINDS):
        return None
    carried = embedded_ipv4(address)
    return Refusal(f"{address} ({carried})" if carried else str(address), kind)


def allow_private_from_env(environ: Mapping[str, str] | None = None) -> bool:
    """Whether CREDSCOPE_ALLOW_PRIVATE says yes (1, true, yes, on)."""
    value = (os.environ if environ is None else environ).get(ALLOW_PRIVATE_ENV, "")
    return value.strip().lower() in TRUE_WORDS


def system_addresses(host: str) -> list[str]:
    """Every address the system resolver gives for `host`; none if it cannot resolve it."""
    try:
        answers = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return [str(answer[4][0]) for answer in answers]


class Guard:
    """The outbound policy of one crawl and the host names its resolver refused."""

    def __init__(
        self,
        allow_private: bool,
        resolve: Callable[[str], list[str]] = system_addresses,
    ) -> None:
        self.allow_private = allow_private
        self.resolve = resolve
        self.refused_hosts: dict[str, Refusal] = {}

    def check(self, address: str) -> Refusal | None:
        """The refusal of a resolved address (text), or None; unparseable text is refused."""
        parsed = parse_address(address)
        if parsed is None:
            return Refusal(address, "unparseable")
        return refusal_for(parsed, self.allow_private)

    def check_host(self, host: str | None) -> Refusal | None:
        """The refusal of an IP-literal host; None for a name (its resolver answers decide)."""
        address = literal_address(host)
        return refusal_for(address, self.allow_private) if address is not None else None

    def check_url(self, url: str) -> Refusal | None:
        """Refuse a URL whose host is a refused literal or resolves only to refused addresses;
        a name that does not resolve is not refused here (the crawl reports it)."""
        host = urlsplit(url).hostname
        if not host:
            return None
        if literal_address(host) is not None:
            return self.check_host(host)
        refusals = [self.check(address) for address in self.resolve(host)]
        if refusals and all(refusals):
            return refusals[0]
        return None

    def note_answers(self, host: str, refusals: list[Refusal], passed: int) -> None:
        """Remember a host whose every answer was refused (the crawl names it); forget one that
        now resolves to an allowed address."""
        if refusals and not passed:
            self.refused_hosts[host.lower()] = refusals[0]
        elif passed:
            self.refused_hosts.pop(host.lower(), None)

    def refused_host(self, host: str | None) -> Refusal | None:
        """Why the resolver refused `host` last time, if it did."""
        return self.refused_hosts.get(host.lower()) if host else None
