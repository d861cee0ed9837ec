"""A polite HTTP client for administrations' websites, on httpx.

Small municipal sites run on shared hosting that falls over under a crawler, so every host
gets its own limits: a few requests in flight, a pause between requests (or the site's
robots.txt Crawl-delay when longer), robots.txt honoured, an honest User-Agent. Transient
failures (timeouts, dropped connections, 5xx, 429) are retried with exponential backoff,
Retry-After honoured up to a cap. Conditional GET (ETag, Last-Modified) turns an unchanged
file into a 304 of a few hundred bytes. Bodies stream under a size limit, so a 2 GB
"decree" or a drip-fed response costs a bounded amount of memory and time.

Every failure is a ``FetchError`` whose ``reason`` a librarian can read in the run's record.

Connections go only to public addresses, or to internal ones an administrator has allowed
(``fetch_allow``; see fetchpolicy.py): checked after DNS resolution on every connection,
redirect hops included. A refusal is a ``FetchRefused``, never retried. Proxies named in the
environment (HTTP_PROXY and the like) are not used: through a proxy the connection goes to
the proxy, and the address the proxy then reaches could not be checked.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from legaldesk import __version__
from legaldesk.harvesters.config import HttpSettings
from legaldesk.harvesters.fetchpolicy import (
    ALLOW_HINT,
    AddressRefused,
    FetchPolicy,
    GuardedTransport,
    Resolver,
    system_resolver,
)

USER_AGENT = f"LegalDesk/{__version__} (harvester of a public library's legal information centre)"
CHUNK = 64 * 1024
REFUSED = "internal address refused"


class FetchError(Exception):
    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status

    @property
    def gone(self) -> bool:
        """The server says the URL no longer exists (not that it is having a bad day)."""
        return self.status in (404, 410)


class FetchRefused(FetchError):
    """The URL, or a redirect from it, leads to an internal address nobody allowed."""


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    fetched_at: datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class FetchStats:
    requests: int = 0
    not_modified: int = 0
    bytes: int = 0
    retries: int = 0


@dataclass
class _Host:
    semaphore: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # the request slots
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_slot: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_checked: bool = False
    delay: float = 0.0


class PoliteClient:
    """Use as ``async with PoliteClient(settings) as client: await client.get(url)``."""

    def __init__(
        self,
        settings: HttpSettings,
        user_agent: str = USER_AGENT,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        policy: FetchPolicy | None = None,
        resolver: Resolver = system_resolver,
    ) -> None:
        """``transport`` replaces the network, and with it the address check (tests);
        ``policy`` says which internal addresses may be fetched (default: none)."""
        self.settings = settings
        self.user_agent = user_agent
        self.stats = FetchStats()
        self._clock = clock
        self._hosts: dict[str, _Host] = {}
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            transport=transport or GuardedTransport(policy or FetchPolicy(), resolver),
            trust_env=False,  # no proxies or .netrc from the environment: see the docstring
        )

    async def __aenter__(self) -> PoliteClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._client.aclose()

    # -- public ------------------------------------------------------------------------

    async def get(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        host = await self._host(url)
        if host.robots is not None and not host.robots.can_fetch(self.user_agent, url):
            raise FetchError(url, "disallowed by the site's robots.txt")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return await self._once(host, url, headers)
            except _Retry as retry:
                attempt += 1
                if attempt > self.settings.retries:
                    raise FetchError(
                        url, f"{retry.reason} (gave up after {attempt} attempts)", retry.status
                    ) from None
                wait = retry.after
                if wait is None:
                    wait = self.settings.backoff * 2 ** (attempt - 1)
                    wait *= 1 + random.random() * 0.1
                elif wait > self.settings.max_retry_after:
                    raise FetchError(
                        url,
                        f"{retry.reason}; the site asks to retry after {wait:.0f} s, over the "
                        f"limit of {self.settings.max_retry_after:.0f} s",
                        retry.status,
                    ) from None
                self.stats.retries += 1
                await asyncio.sleep(wait)

    # -- internals ---------------------------------------------------------------------

    async def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        host = self._hosts.get(key)
        if host is None:
            host = _Host(asyncio.Semaphore(self.settings.concurrency), delay=self.settings.delay)
            self._hosts[key] = host
        if self.settings.robots and not host.robots_checked:
            async with host.robots_lock:
                if not host.robots_checked:
                    host.robots = await self._robots(host, key)
                    host.robots_checked = True
        return host

    async def _robots(self, host: _Host, base: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(base + "/robots.txt")
        try:
            fetched = await self._once(host, base + "/robots.txt", {})
        except FetchRefused:
            raise  # the host itself is refused: say so, not «robots.txt unreachable»
        except (_Retry, FetchError) as exc:
            status = exc.status
            if status is not None and 400 <= status < 500:
                parser.parse([])  # no robots.txt: everything allowed (RFC 9309 §2.3.1.3)
                return parser
            # Unreachable robots.txt: RFC 9309 says assume everything disallowed. Nothing
            # is fetched from the host in this run; the next run asks again.
            raise FetchError(
                base + "/robots.txt", f"robots.txt unreachable: {exc.reason}"
            ) from None
        text = fetched.content.decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        delay = parser.crawl_delay(self.user_agent)
        if delay is not None:
            host.delay = max(host.delay, min(float(delay), 60.0))
        return parser

    async def _wait_turn(self, host: _Host) -> None:
        async with host.lock:
            now = self._clock()
            start = max(now, host.next_slot)
            host.next_slot = start + host.delay
        if start > now:
            await asyncio.sleep(start - now)

    async def _once(self, host: _Host, url: str, headers: dict[str, str]) -> Fetched:
        async with host.semaphore:
            await self._wait_turn(host)
            self.stats.requests += 1
            # A drip-fed body defeats per-read timeouts; bound the whole exchange too.
            limit = self.settings.timeout * 3
            try:
                async with asyncio.timeout(limit):
                    return await self._exchange(url, headers)
            except TimeoutError:
                raise _Retry(f"no complete answer within {limit:.0f} s") from None
            except httpx.TimeoutException as exc:
                raise _Retry(f"timed out ({type(exc).__name__})") from None
            except httpx.TooManyRedirects:
                raise FetchError(
                    url, f"more than {self.settings.max_redirects} redirects (a loop?)"
                ) from None
            except httpx.RemoteProtocolError as exc:
                raise _Retry(f"connection broke off: {exc}") from None
            except httpx.TransportError as exc:
                raise _Retry(f"cannot connect: {type(exc).__name__}: {exc}") from None
            except AddressRefused as exc:
                raise FetchRefused(url, _refusal(url, exc)) from None

    async def _exchange(self, url: str, headers: dict[str, str]) -> Fetched:
        async with self._client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status == 304:
                self.stats.not_modified += 1
                # Reading the (empty) body lets the connection go back to the pool: a
                # response closed unread closes its connection, and a re-harvest is mostly 304s.
                await response.aread()
                return _fetched(url, response, b"")
            if status == 429 or status >= 500:
                raise _Retry(
                    f"HTTP {status} {response.reason_phrase}",
                    status,
                    _retry_after(response.headers.get("Retry-After")),
                )
            if status >= 400:
                raise FetchError(url, f"HTTP {status} {response.reason_phrase}", status)
            declared = response.headers.get("Content-Length")
            limit = self.settings.max_bytes
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(
                    url, f"body of {_mb(int(declared))} over the limit of {_mb(limit)}"
                )
            body = bytearray()
            async for chunk in response.aiter_bytes(CHUNK):
                body += chunk
                if len(body) > limit:
                    raise FetchError(url, f"body over the limit of {_mb(limit)}")
            self.stats.bytes += len(body)
            return _fetched(url, response, bytes(body))


class _Retry(Exception):
    def __init__(self, reason: str, status: int | None = None, after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.after = after


def _refusal(url: str, exc: AddressRefused) -> str:
    redirected = exc.url is not None and httpx.URL(exc.url) != httpx.URL(url)
    via = f"redirected to {exc.url}, and " if redirected else ""
    return f"{REFUSED}: {via}{exc.reason}; {ALLOW_HINT}"


def _fetched(url: str, response: httpx.Response, content: bytes) -> Fetched:
    return Fetched(
        url=url,
        final_url=str(response.url),
        status=response.status_code,
        content=content,
        content_type=response.headers.get("Content-Type", ""),
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        fetched_at=datetime.now(UTC),
    )


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
