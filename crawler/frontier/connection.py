"""The Redis connection of a shared crawl, the crawl's id and the names of its keys."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlsplit

import redis

from crawler.errors import FrontierError

CONNECT_TIMEOUT = 3.0  # seconds: an unreachable Redis fails fast, never hangs
COMMAND_TIMEOUT = 30.0
REDIS_PARAMS: dict[str, Any] = {
    "socket_connect_timeout": CONNECT_TIMEOUT,
    "socket_timeout": COMMAND_TIMEOUT,
    "retry_on_timeout": True,
}
CRAWL_PREFIX = "credscope:crawl"
HOST_PREFIX = "credscope:host"


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if _port(url) else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _port(url: str) -> int | None:
    try:
        return urlsplit(url).port
    except ValueError:
        return None


def connect(url: str) -> redis.Redis:
    """A client of the Redis at `url`, checked with a PING; FrontierError when unusable."""
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise FrontierError(f"--frontier {url!r} is not a Redis URL; expected redis://HOST:PORT/DB")
    try:
        client = redis.Redis.from_url(url, **REDIS_PARAMS)
    except ValueError as error:
        raise FrontierError(f"--frontier {url!r} is not a valid Redis URL: {error}") from None
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"cannot reach the Redis frontier at {describe(url)}: {error}"
        raise FrontierError(message) from None
    return client


def crawl_id(targets: Any) -> str:
    """A short stable id for a crawl of `targets` (the --url, or the employers chosen)."""
    text = json.dumps(targets, sort_keys=True, default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def crawl_key(crawl: str, spider: str, part: str) -> str:
    """The Redis key of one part (requests, dupefilter, leases, state) of a spider's crawl."""
    return f"{CRAWL_PREFIX}:{crawl}:{spider}:{part}"


def host_key(host: str, part: str) -> str:
    """The Redis key of one part (slots, next) of a host's shared politeness."""
    return f"{HOST_PREFIX}:{host}:{part}"
