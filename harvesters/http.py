"""A polite HTTP client for administrations' websites, on httpx.

Small municipal sites run on shared hosting that falls over under a crawler, so every host
gets its own limits: a few requests in flight, a pause between requests (or the site's
robots.txt Crawl-delay when longer), robots.txt honoured, an honest User-Agent. Transient
failures (timeouts, dropped connections, 5xx, 429) are retried with exponential backoff,
Retry-After honoured up to a cap. Conditional GET (ETag, Last-Modified) turns an unchanged
file into a 304 of a few hundred bytes. Bodies stream under a size limit, so a 2 GB
"decree" or a drip-fed response costs a bounded amount of memory and time.

Two limits bound a run against a host that accepts connections and never answers: a circuit
breaker per host (after ``breaker_failures`` timeouts or failed connections in a row, the
host's other requests in the run are not made: ``HostSkipped``) and the run's deadline (past
it no request starts, and one in flight is cut off: ``DeadlinePassed``).

Every failure is a ``FetchError`` whose ``reason`` a librarian can read in the run's record;
an answer that came after retries says which, and how long was waited (``Fetched.retries``).

Connections go only to public addresses, or to internal ones an administrator has allowed
(``fetch_allow``; see fetchpolicy.py): checked after DNS resolution on every connection,
redirect hops included. A refusal is a ``FetchRefused``, never retried. Proxies named in the
environment (HTTP_PROXY and the like) are not used: through a proxy the connection goes to
the proxy, and the address the proxy then reaches could not be checked.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import logging
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
from legaldesk.messages import Msg

log = logging.getLogger(__name__)
USER_AGENT = f"LegalDesk/{__version__} (harvester of a public library's legal information centre)"
CHUNK = 64 * 1024
REFUSED = "internal address refused"


class FetchError(Exception):
    kind = "error"  # as a run's record files it (legaldesk.models.HarvestError.kind)

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


class HostSkipped(FetchError):
    """Not requested: the host stopped answering earlier in the run (the circuit breaker)."""

    kind = "skipped"


class DeadlinePassed(FetchError):
    """Not requested, or cut off: the run's deadline passed."""

    kind = "deadline"


def host_not_answering(failures: int) -> Msg:
    return Msg("host not answering, skipped after %(failures)d failures", failures=failures)


def retry_note(steps: tuple[tuple[str, float], ...]) -> Msg:
    """What it took to fetch a URL that answered after retries: «HTTP 503 Service
    Unavailable, retried after 2 s, succeeded». ``steps``: (what went wrong, seconds waited)
    for each retry."""
    reasons = "; ".join(dict.fromkeys(reason for reason, _wait in steps))
    waits = ", ".join(seconds(wait) for _reason, wait in steps)
    if len(steps) == 1:
        return Msg("%(reason)s, retried after %(waits)s s, succeeded", reason=reasons, waits=waits)
    return Msg(
        "%(reason)s, retried %(count)d times after %(waits)s s, succeeded",
        reason=reasons,
        count=len(steps),
        waits=waits,
    )


def seconds(value: float) -> str:
    """A wait as a person reads it: 0.01, 1.5, 30."""
    if value >= 10:
        return f"{value:.0f}"
    text = f"{value:.2f}" if value < 1 else f"{value:.1f}"
    return text.rstrip("0").rstrip(".") or "0"


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
    # The transient failures this answer came after: (what went wrong, seconds waited).
    retries: tuple[tuple[str, float], ...] = ()

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
    # Why nothing may be fetched from the host in this run: its robots.txt could not be
    # read (RFC 9309 §2.3.1.4: assume complete disallow). Asked once per run, not per file.
    robots_unreachable: str | None = None
    delay: float = 0.0
    failures: int = 0  # timeouts and failed connections in a row
    broken: bool = False  # the breaker is open: no more requests in this run


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
        deadline: float | None = None,
    ) -> None:
        """``transport`` replaces the network, and with it the address check (tests);
        ``policy`` says which internal addresses may be fetched (default: none);
        ``deadline``: seconds from now after which no request is made (a run's deadline)."""
        self.settings = settings
        self.user_agent = user_agent
        self.stats = FetchStats()
        self._clock = clock
        self._deadline = None if deadline is None else clock() + deadline
        self._deadline_seconds = deadline
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

    @property
    def deadline_passed(self) -> bool:
        return self._deadline is not None and self._clock() >= self._deadline

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
        steps: list[tuple[str, float]] = []
        while True:
            try:
                fetched = await self._once(host, url, headers)
            except HostSkipped:
                if not steps:
                    raise
                # Its own attempts failed before the breaker opened: a failure, not a skip.
                raise FetchError(
                    url,
                    f"{steps[-1][0]} (gave up after {_attempts(attempt)}: the host is not "
                    "answering)",
                ) from None
            except _Retry as retry:
                attempt += 1
                if host.broken:
                    # This URL's own attempts helped open the breaker: it failed, it was
                    # not skipped; the host's other URLs are.
                    raise FetchError(
                        url,
                        f"{retry.reason} (gave up after {_attempts(attempt)}: the host is not "
                        "answering)",
                        retry.status,
                    ) from None
                if attempt > self.settings.retries:
                    raise FetchError(
                        url, f"{retry.reason} (gave up after {_attempts(attempt)})", retry.status
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
                steps.append((retry.reason, wait))
                if self._deadline is not None:  # no sleeping past the deadline
                    wait = min(wait, max(0.0, self._deadline - self._clock()))
                await asyncio.sleep(wait)
            else:
                return dataclasses.replace(fetched, retries=tuple(steps)) if steps else fetched

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
                    try:
                        host.robots = await self._robots(host, key)
                    except (FetchRefused, HostSkipped, DeadlinePassed):
                        raise  # not about robots.txt: nothing to remember for the host
                    except FetchError as exc:
                        host.robots_unreachable = exc.reason
                    host.robots_checked = True
        if host.robots_unreachable is not None:
            raise FetchError(key + "/robots.txt", host.robots_unreachable)
        return host

    async def _robots(self, host: _Host, base: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(base + "/robots.txt")
        try:
            fetched = await self._once(host, base + "/robots.txt", {})
        except (FetchRefused, HostSkipped, DeadlinePassed):
            raise  # about the host or the run, not its robots.txt: say so as it is
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

    def _may_request(self, host: _Host, url: str) -> None:
        if host.broken:
            raise HostSkipped(url, host_not_answering(self.settings.breaker_failures))
        if self.deadline_passed:
            raise DeadlinePassed(url, self.deadline_reason())

    def deadline_reason(self) -> Msg:
        return Msg(
            "the run's deadline of %(seconds)s s passed before this was fetched",
            seconds=seconds(self._deadline_seconds or 0),
        )

    def _no_answer(self, host: _Host, url: str, reason: str) -> _Retry:
        """A timeout or failed connection: counted against the host. The deadline cutting
        a request off is the run's limit, not the host's failure."""
        if self.deadline_passed:
            return _Deadline(reason)
        host.failures += 1
        if host.failures >= self.settings.breaker_failures and not host.broken:
            host.broken = True
            log.warning(
                "%s: %d timeouts or failed connections in a row; its other requests in this "
                "run are skipped",
                urlsplit(url).netloc,
                host.failures,
            )
        return _Retry(reason)

    async def _once(self, host: _Host, url: str, headers: dict[str, str]) -> Fetched:
        async with host.semaphore:
            self._may_request(host, url)
            await self._wait_turn(host)
            self._may_request(host, url)  # the breaker may have opened while it waited
            self.stats.requests += 1
            # A drip-fed body defeats per-read timeouts; bound the whole exchange too.
            limit = self.settings.timeout * 3
            if self._deadline is not None:
                limit = min(limit, max(0.0, self._deadline - self._clock()))
            try:
                async with asyncio.timeout(limit):
                    fetched = await self._exchange(url, headers)
            except TimeoutError:
                failed = self._no_answer(host, url, f"no complete answer within {limit:.0f} s")
            except httpx.TimeoutException as exc:
                failed = self._no_answer(host, url, f"timed out ({type(exc).__name__})")
            except httpx.TooManyRedirects:
                host.failures = 0
                raise FetchError(
                    url, f"more than {self.settings.max_redirects} redirects (a loop?)"
                ) from None
            except httpx.RemoteProtocolError as exc:
                failed = self._no_answer(host, url, f"connection broke off: {exc}")
            except httpx.TransportError as exc:
                failed = self._no_answer(host, url, f"cannot connect: {type(exc).__name__}: {exc}")
            except AddressRefused as exc:
                raise FetchRefused(url, _refusal(url, exc)) from None
            except (_Retry, FetchError):
                host.failures = 0  # an HTTP answer, even an error: the host is answering
                raise
            else:
                host.failures = 0
                return fetched
            if isinstance(failed, _Deadline):
                raise DeadlinePassed(url, self.deadline_reason())
            raise failed

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


class _Deadline(_Retry):
    """A request the run's deadline cut off (never retried)."""


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


def _attempts(count: int) -> str:
    return "1 attempt" if count == 1 else f"{count} attempts"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
