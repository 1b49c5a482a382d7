"""The shared request queue with leases: a popped request stays leased in Redis until its worker
acknowledges it, and goes back to the queue when the lease expires (its worker died).

Every change of state is one Lua script, so workers never see half of one. Times come from the
Redis server's clock (TIME), so workers on several machines agree on expiry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

from crawler.settings import CREDSCOPE_FRONTIER_LEASE

LEASE = "frontier_lease"  # request.meta key: the leased entry, to acknowledge it
FINISHED_TTL = 3600  # seconds a finished crawl stays marked, so late workers see it finished

NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1000000 "

POP = (
    NOW
    + """
local entry = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
if not entry then return false end
redis.call('ZREM', KEYS[1], entry)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), entry)
return entry"""
)

RENEW = (
    NOW
    + """
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
return 0"""
)

REQUEUE_EXPIRED = (
    NOW
    + """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, entry in ipairs(expired) do redis.call('ZADD', KEYS[1], 0, entry) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
return #expired"""
)

# KEYS: state, requests, leases, dupefilter. A finished (or never seeded) crawl starts afresh; a
# crawl whose seeder died while seeding is seeded again on top of what it holds.
CLAIM = """
local state = redis.call('GET', KEYS[1])
if state == 'seeding' or state == 'seeded' then return 0 end
local idle = redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3]) == 0
if state == 'finished' or idle then redis.call('DEL', KEYS[2], KEYS[3], KEYS[4]) end
redis.call('SET', KEYS[1], 'seeding', 'EX', ARGV[1])
return 1"""

# KEYS: state, requests, leases, dupefilter. Finished: seeded (or orphaned by a dead seeder),
# nothing queued, nothing leased. The fingerprints go with it: the next crawl starts afresh.
FINISH = """
local state = redis.call('GET', KEYS[1])
if state == 'finished' then return 1 end
if state == 'seeding' then return 0 end
if redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3]) > 0 then return 0 end
redis.call('SET', KEYS[1], 'finished', 'EX', ARGV[1])
redis.call('DEL', KEYS[4])
return 1"""


class LeasedQueue(PriorityQueue):
    """scrapy-redis' priority queue whose pop leases the request (see the module docstring)."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        base = self.key.rpartition(":")[0]
        self.leases = f"{base}:leases"
        self.state = f"{base}:state"
        self.dupefilter = f"{base}:dupefilter"
        self.lease_seconds = spider.settings.getfloat(
            "CREDSCOPE_FRONTIER_LEASE", CREDSCOPE_FRONTIER_LEASE
        )
        self._pop = server.register_script(POP)
        self._renew = server.register_script(RENEW)
        self._requeue = server.register_script(REQUEUE_EXPIRED)
        self._claim = server.register_script(CLAIM)
        self._finish = server.register_script(FINISH)
        self.seeding = False

    def pop(self, timeout: float = 0) -> Request | None:
        """The next request, leased to this worker (its lease in `request.meta[LEASE]`)."""
        entry = self._pop(keys=[self.key, self.leases], args=[self.lease_seconds])
        if not entry:
            return None
        request = self._decode_request(entry)
        request.meta[LEASE] = entry
        return request

    def ack(self, entries: Iterable[bytes]) -> None:
        """Drop the leases of requests this worker has finished with."""
        entries = list(entries)
        if entries:
            self.server.zrem(self.leases, *entries)

    def renew(self, entries: Iterable[bytes]) -> None:
        """Extend this worker's leases (and its seeding claim) by a lease period from now."""
        entries = list(entries)
        if entries:
            self._renew(keys=[self.leases], args=[self.lease_seconds, *entries])
        if self.seeding:
            self.server.set(self.state, "seeding", ex=int(self.lease_seconds) + 1, xx=True)

    def requeue_expired(self) -> int:
        """Put the requests of expired leases (dead workers) back in the queue; how many."""
        return int(self._requeue(keys=[self.key, self.leases]))

    def claim(self) -> bool:
        """Whether this worker seeds the crawl (atomic: exactly one worker of a crawl does)."""
        keys = [self.state, self.key, self.leases, self.dupefilter]
        self.seeding = bool(self._claim(keys=keys, args=[int(self.lease_seconds) + 1]))
        return self.seeding

    def mark_seeded(self) -> None:
        """Every start request is queued: the crawl may finish once its queue drains."""
        self.server.set(self.state, "seeded")
        self.seeding = False

    def finished(self) -> bool:
        """Whether the crawl is finished: nothing queued, nothing leased, seeding done."""
        keys = [self.state, self.key, self.leases, self.dupefilter]
        return bool(self._finish(keys=keys, args=[FINISHED_TTL]))
