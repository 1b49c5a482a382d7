"""The outbound guard's decisions, its resolver filter and its middlewares, without a network:
addresses such as 10.0.0.5 or 93.184.216.34 appear only as resolver answers, never connected to."""

from __future__ import annotations

import ipaddress

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError
from scrapy.utils.test import get_crawler
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.error import DNSLookupError

from crawler.errors import GuardSettingError, RefusedTargetError
from crawler.guard import (
    ALLOW_PRIVATE_ENV,
    Guard,
    address_kind,
    allow_private_from_env,
    literal_address,
    refusal_for,
)
from crawler.guard_middleware import (
    REFUSED_KEY,
    LiteralHostGuard,
    RefusedLookupNamer,
    RefusedRequest,
)
from crawler.guard_resolver import GuardedResolver, guard_from_settings
from crawler.pipelines import Shared
from crawler.progress import CrawlProgress
from crawler.runner import check_start_url, crawl_settings
from tests.crawler.fake_dns import FakeResolver

KINDS = [
    ("127.0.0.1", "loopback"),
    ("127.254.1.1", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.5", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.1", "private"),
    ("100.64.0.1", "private"),
    ("fd12:3456::1", "private"),
    ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"),
    ("100.100.100.200", "cloud-metadata"),  # Alibaba, inside 100.64.0.0/10
    ("fd00:ec2::254", "cloud-metadata"),  # AWS over IPv6, inside fc00::/7
    ("::ffff:100.100.100.200", "cloud-metadata"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
    ("::ffff:169.254.169.254", "link-local"),
    ("::127.0.0.1", "loopback"),  # IPv4-compatible
    ("::ffff:0:10.0.0.5", "private"),  # IPv4-translated
    ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
    ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
    ("2002:a9fe:a9fe::", "link-local"),  # 6to4 of 169.254.169.254
    ("2001:db8::1", "reserved"),  # documentation
    ("64:ff9b:1::1", "reserved"),  # NAT64 local-use
    ("2001::1", "reserved"),  # Teredo
    ("192.0.2.1", "reserved"),
    ("198.18.0.1", "reserved"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("0.1.2.3", "reserved"),
    ("93.184.216.34", None),
    ("2606:4700:4700::1111", None),
    ("64:ff9b::5db8:d822", None),  # NAT64 of 93.184.216.34
]


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_every_address_has_its_kind(text: str, kind: str | None) -> None:
    assert address_kind(ipaddress.ip_address(text)) == kind


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_the_allowance_lets_only_loopback_and_private_through(text: str, kind: str) -> None:
    address = ipaddress.ip_address(text)
    refused_without = refusal_for(address, allow_private=False)
    refused_with = refusal_for(address, allow_private=True)
    assert (refused_without is not None) == (kind is not None)
    assert (refused_with is not None) == (kind not in (None, "loopback", "private"))


def test_a_refusal_says_why_and_whether_the_allowance_helps() -> None:
    loopback = refusal_for(ipaddress.ip_address("127.0.0.1"), allow_private=False)
    metadata = refusal_for(ipaddress.ip_address("169.254.169.254"), allow_private=True)
    assert str(loopback) == (
        "127.0.0.1 is a loopback address; pass --allow-private or set "
        "CREDSCOPE_ALLOW_PRIVATE=1 to crawl loopback and private addresses"
    )
    assert str(metadata) == (
        "169.254.169.254 is a link-local address, refused even with --allow-private"
    )


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("[::1]", "::1"),
        ("::ffff:a9fe:a9fe", "::ffff:a9fe:a9fe"),
        ("fe80::1%eth0", "fe80::1"),
        ("localhost", None),
        ("careers.example", None),
        ("cafe.be", None),
        ("", None),
        (None, None),
    ],
)
def test_literal_hosts_in_every_form_a_resolver_accepts(host: str | None, address: str) -> None:
    found = literal_address(host)
    assert (str(found) if found is not None else None) == address


def answers(table: dict[str, list[str]]):
    """A fake resolver function for Guard.check_url."""
    return lambda host: table.get(host, [])


FAKE_DNS = {
    "intranet.example": ["10.0.0.5"],
    "metadata.example": ["169.254.169.254"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "docs.example": ["2001:db8::7"],
    "public.example": ["93.184.216.34"],
    "mixed.example": ["93.184.216.34", "10.0.0.5"],
}


@pytest.mark.parametrize(
    ("url", "refused_without", "refused_with"),
    [
        ("http://intranet.example/jobs", "10.0.0.5 is a private address", None),
        ("http://metadata.example/", "169.254.169.254 is a link-local", "169.254.169.254"),
        ("http://mapped.example/", "::ffff:7f00:1 (127.0.0.1) is a loopback address", None),
        ("http://docs.example/", "2001:db8::7 is a reserved address", "2001:db8::7"),
        ("http://public.example/", None, None),
        ("http://mixed.example/", None, None),  # the resolver filter drops 10.0.0.5 later
        ("http://unknown.example/", None, None),  # the crawl reports the DNS error
        ("http://[fe80::1]:8080/", "fe80::1 is a link-local", "fe80::1"),
        ("http://127.1:8080/", "127.0.0.1 is a loopback", None),
    ],
)
def test_urls_judged_through_a_fake_resolver(
    url: str, refused_without: str | None, refused_with: str | None
) -> None:
    for allow, expected in ((False, refused_without), (True, refused_with)):
        refusal = Guard(allow, resolve=answers(FAKE_DNS)).check_url(url)
        if expected is None:
            assert refusal is None, (url, allow)
        else:
            assert refusal is not None and expected in str(refusal), (url, allow)


@pytest.mark.parametrize(
    ("value", "allowed"),
    [("1", True), ("true", True), ("YES", True), (" on ", True), ("0", False), ("", False)],
)
def test_the_allowance_from_the_environment(value: str, allowed: bool) -> None:
    assert allow_private_from_env({ALLOW_PRIVATE_ENV: value}) is allowed
    assert allow_private_from_env({}) is False


class Receiver:
    """An IResolutionReceiver that keeps what it is told."""

    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.began = self.completed = False

    def resolutionBegan(self, resolution: object) -> None:
        self.began = True

    def addressResolved(self, address: IPv4Address | IPv6Address) -> None:
        self.addresses.append(address.host)

    def resolutionComplete(self) -> None:
        self.completed = True


class Reactor:
    """The part of a reactor the resolvers use."""

    def __init__(self) -> None:
        self.nameResolver: object = None

    def installNameResolver(self, resolver: object) -> None:
        self.nameResolver = resolver


def guarded(allow: bool) -> tuple[GuardedResolver, Guard, Reactor]:
    reactor = Reactor()
    guard = Guard(allow)
    resolver = GuardedResolver(reactor, FakeResolver(reactor, FAKE_DNS), guard)
    resolver.install_on_reactor()
    return resolver, guard, reactor


@pytest.mark.parametrize(
    ("host", "passed_without", "passed_with"),
    [
        ("intranet.example", [], ["10.0.0.5"]),
        ("metadata.example", [], []),
        ("mapped.example", [], ["::ffff:127.0.0.1"]),
        ("docs.example", [], []),
        ("public.example", ["93.184.216.34"], ["93.184.216.34"]),
        ("mixed.example", ["93.184.216.34"], ["93.184.216.34", "10.0.0.5"]),
    ],
)
def test_the_resolver_passes_on_only_allowed_answers(
    host: str, passed_without: list[str], passed_with: list[str]
) -> None:
    for allow, expected in ((False, passed_without), (True, passed_with)):
        resolver, guard, reactor = guarded(allow)
        assert reactor.nameResolver is resolver
        receiver = Receiver()
        resolver.resolveHostName(receiver, host, 443)
        assert receiver.began and receiver.completed
        assert receiver.addresses == expected
        assert (guard.refused_host(host) is not None) == (not expected)


def test_a_host_that_resolves_to_an_allowed_address_again_is_forgotten() -> None:
    _, guard, _ = guarded(False)
    refusal = guard.check("10.0.0.5")
    assert refusal is not None
    guard.note_answers("Rebind.example", [refusal], passed=0)
    assert guard.refused_host("rebind.example") == refusal
    guard.note_answers("rebind.example", [], passed=1)
    assert guard.refused_host("rebind.example") is None


def crawler_with(guard: Guard):
    return get_crawler(settings_dict={"CREDSCOPE_GUARD": Shared(guard)})


def test_literal_hosts_are_refused_before_any_download_and_counted() -> None:
    crawler = crawler_with(Guard(allow_private=True))
    middleware = LiteralHostGuard.from_crawler(crawler)
    progress = CrawlProgress(enabled=True)  # the live line, not started
    progress.watch(crawler)
    assert middleware.process_request(Request("http://127.0.0.1:8000/jobs")) is None
    assert middleware.process_request(Request("http://careers.example/")) is None
    with pytest.raises(RefusedRequest, match=r"169\.254\.169\.254 is a link-local"):
        middleware.process_request(Request("http://169.254.169.254/latest/meta-data/"))
    with pytest.raises(RefusedRequest, match="ff02::1 is a multicast"):
        middleware.process_request(Request("http://[ff02::1]/"))
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    assert stats["credscope/refused/link-local"] == 1
    assert stats["credscope/refused/multicast"] == 1
    assert progress.counts["refused"] == 2
    assert set(stats[REFUSED_KEY]) == {
        "http://169.254.169.254/latest/meta-data/",
        "http://[ff02::1]/",
    }


def test_a_lookup_the_resolver_emptied_becomes_a_named_refusal_not_a_retry() -> None:
    guard = Guard(allow_private=False, resolve=answers(FAKE_DNS))
    refusal = guard.check("10.0.0.5")
    assert refusal is not None
    guard.note_answers("intranet.example", [refusal], passed=0)
    crawler = crawler_with(guard)
    namer = RefusedLookupNamer.from_crawler(crawler)
    request = Request("http://intranet.example/robots.txt")
    with pytest.raises(RefusedRequest, match=r"10\.0\.0\.5 is a private address"):
        namer.process_exception(request, DNSLookupError("no results for hostname lookup"))
    with pytest.raises(RefusedRequest, match=r"10\.0\.0\.5 is a private address"):
        namer.process_exception(request, CannotResolveHostError("DNS lookup failed"))
    other = Request("http://unknown.example/")
    assert namer.process_exception(other, DNSLookupError("no such host")) is None
    assert namer.process_exception(request, TimeoutError()) is None
    assert crawler.stats is not None
    assert crawler.stats.get_value(REFUSED_KEY) == {
        "http://intranet.example/robots.txt": str(refusal)
    }


def test_the_crawl_settings_carry_one_guard_with_the_allowance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    assert guard_from_settings(crawl_settings(None, None, False)).allow_private is False
    allowed = crawl_settings({"CREDSCOPE_ALLOW_PRIVATE": "1"}, None, False)
    assert guard_from_settings(allowed).allow_private is True
    settings = crawl_settings(None, None, False)
    assert settings["TWISTED_DNS_RESOLVER"] == "crawler.guard_resolver.GuardedResolver"
    copy = settings.copy()
    assert guard_from_settings(copy) is guard_from_settings(settings)  # shared by every crawler
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    assert guard_from_settings(crawl_settings(None, None, False)).allow_private is True


@pytest.mark.parametrize("key", ["TWISTED_DNS_RESOLVER", "DNS_RESOLVER"])
def test_a_setting_that_would_bypass_the_guard_is_refused(key: str) -> None:
    with pytest.raises(GuardSettingError, match="CREDSCOPE_DNS_RESOLVER"):
        crawl_settings({key: "scrapy.resolver.CachingThreadedResolver"}, None, False)


def test_a_refused_start_url_is_refused_before_the_crawl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    with pytest.raises(
        RefusedTargetError, match=r"refused to crawl http://10\.1\.2\.3/: 10\.1\.2\.3 is a private"
    ):
        check_start_url("http://10.1.2.3/", None)
    check_start_url("http://10.1.2.3/", {"CREDSCOPE_ALLOW_PRIVATE": True})
    with pytest.raises(RefusedTargetError, match="refused even with --allow-private"):
        check_start_url("http://169.254.169.254/", {"CREDSCOPE_ALLOW_PRIVATE": True})
