"""Which addresses a harvest may connect to: public ones, and internal ones an administrator
has listed.

A source is a URL anyone with an administrator's account can type, and whatever a harvest
fetches becomes a public act. Left alone, a source (or a redirect from an honest-looking
site) could read the cloud's metadata service at 169.254.169.254, a router's page on
192.168.1.1, or a service listening on the server's own loopback — and publish it. So a
harvest connects only to public addresses, unless ``fetch_allow`` lists the host or network.

The check runs where the connection is made, not where the URL is read: the network backend
below resolves the host name, checks every address it resolves to, and then connects to the
checked address itself. So every connection is covered — the first request, each redirect
hop, robots.txt — and spellings of an address that only resolution reveals (``2130706433``,
``0x7f.0.0.1``, ``127.1``, ``localhost``) are caught as what they are. A host name that
resolves to a public address for the check and to an internal one a moment later (DNS
rebinding) gains nothing: there is no second lookup.

TLS still verifies the URL's host name: httpcore passes it to ``start_tls`` itself.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# (host, port) -> the IP addresses it resolves to, as strings; tests inject their own.
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

ALLOW_HINT = "an administrator can allow it with LEGALDESK_FETCH_ALLOW"

_SHARED = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_PRIVATE = (
    ipaddress.IPv4Network("10.0.0.0/8"),
    ipaddress.IPv4Network("172.16.0.0/12"),
    ipaddress.IPv4Network("192.168.0.0/16"),
    ipaddress.IPv6Network("fc00::/7"),
)
_BROADCAST = ipaddress.IPv4Address("255.255.255.255")
# IPv6 forms that carry an IPv4 address a connection may end up at.
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated, still routed by some stacks
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST_NAME = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")


def internal_kind(ip: IPAddress) -> str | None:
    """What kind of internal address ``ip`` is ("a loopback address", …), or None if it is
    public. An IPv6 address that carries an IPv4 one is judged by the IPv4 address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            kind = internal_kind(embedded)
            return f"{kind} (IPv4 {embedded} written as IPv6)" if kind else None
    if ip.is_unspecified:
        return "an unspecified address (this machine)"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip == _BROADCAST:
        return "the broadcast address"
    if ip in _SHARED:
        return "a shared address (carrier-grade NAT)"
    if any(ip in net for net in _PRIVATE if net.version == ip.version):
        return "a private address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "a site-local address"
    if ip.is_reserved:
        return "a reserved address"
    # Documentation, benchmarking, "this network", protocol assignments and the like:
    # nothing a municipal website lives on.
    if not ip.is_global:
        return "an address reserved for special use"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:  # not :: and ::1, which are IPv6's own
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


@dataclass(frozen=True)
class AllowEntry:
    """One entry of ``fetch_allow``: a network (a single address is a /32 or /128) or a host
    name, and optionally the one port it is allowed on."""

    text: str
    network: IPNetwork | None = None
    host: str | None = None
    port: int | None = None

    @classmethod
    def parse(cls, text: str) -> AllowEntry:
        """``10.0.0.0/8``, ``127.0.0.1:8642``, ``[::1]:8642``, ``fd00::/8``,
        ``intranet.local``, ``intranet.local:8080``."""
        entry = text.strip()
        host, port = entry, None
        if entry.startswith("["):
            host, bracket, rest = entry[1:].partition("]")
            if not bracket or (rest and not rest.startswith(":")):
                raise ValueError(f"fetch_allow: cannot read {text!r}")
            port = _port(rest[1:], text) if rest else None
        elif entry.count(":") == 1:  # more colons: a bare IPv6 address, no port
            host, _, digits = entry.partition(":")
            port = _port(digits, text)
        try:
            return cls(text, network=ipaddress.ip_network(host, strict=True), port=port)
        except ValueError as exc:
            if any(c in host for c in "/:") or not host:
                raise ValueError(f"fetch_allow: {text!r} is not a network: {exc}") from None
        return cls(text, host=_host_name(host, text), port=port)

    def allows(self, host: str, ip: IPAddress, port: int) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.network is not None:
            embedded = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
            return ip in self.network or (embedded is not None and embedded in self.network)
        return self.host == _normal(host)


def _port(digits: str, text: str) -> int:
    if not digits.isdigit() or not 0 < int(digits) < 65536:
        raise ValueError(f"fetch_allow: {text!r} has no valid port after the colon")
    return int(digits)


def _host_name(host: str, text: str) -> str:
    try:
        # The same normalisation httpx gives a URL's host (IDNA, lower case), so an entry
        # written in Cyrillic matches the host httpcore connects to.
        raw = httpx.URL(f"http://{host}/").raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeError):
        raw = ""
    if not _HOST_NAME.match(_normal(raw)):
        raise ValueError(f"fetch_allow: {text!r} is not a host name")
    return _normal(raw)


def _normal(host: str) -> str:
    return host.lower().rstrip(".")


@dataclass(frozen=True)
class FetchPolicy:
    """Public addresses, plus what ``allow`` lists. The default allows nothing internal."""

    allow: tuple[AllowEntry, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> FetchPolicy:
        return cls(tuple(AllowEntry.parse(e) for e in entries))

    def allowing(self, *entries: str) -> FetchPolicy:
        return FetchPolicy(self.allow + tuple(AllowEntry.parse(e) for e in entries))

    def refusal(self, host: str, address: str, port: int) -> str | None:
        """Why connecting to ``address`` (resolved from ``host``) on ``port`` is refused, or
        None when it is allowed."""
        try:
            ip = ipaddress.ip_address(address.partition("%")[0])  # fe80::1%eth0
        except ValueError:
            return f"{host} resolves to {address!r}, which is not an IP address"
        kind = internal_kind(ip)
        if kind is None or any(entry.allows(host, ip, port) for entry in self.allow):
            return None
        if _normal(host) == _normal(address) or _same_address(host, ip):
            return f"{address} is {kind}"
        return f"{host} resolves to {address}, {kind}"


def _same_address(host: str, ip: IPAddress) -> bool:
    try:
        return ipaddress.ip_address(host) == ip
    except ValueError:
        return False


class AddressRefused(Exception):
    """A connection the policy refuses. Not a transport error: retrying cannot help."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(reason)
        self.host = host
        self.port = port
        self.reason = reason
        self.url: str | None = None  # the request's URL, filled in by the transport


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the operating system resolves ``host`` to (asynchronously: the event
    loop runs getaddrinfo in a thread)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for *_rest, sockaddr in infos:
        seen.setdefault(str(sockaddr[0]), None)
    return list(seen)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend with the policy in front: resolve, check every address,
    connect to a checked address."""

    def __init__(
        self,
        policy: FetchPolicy,
        resolver: Resolver = system_resolver,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.policy = policy
        self.resolver = resolver
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._resolve(host, port, timeout)
        # All or nothing: a name that resolves to a public and an internal address is
        # refused, or an attacker's DNS could add 10.0.0.1 beside an honest record.
        for address in addresses:
            reason = self.policy.refusal(host, address, port)
            if reason is not None:
                raise AddressRefused(host, port, reason)
        last: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc  # the next address of the name may answer
        assert last is not None
        raise last

    async def _resolve(self, host: str, port: int, timeout: float | None) -> list[str]:
        try:
            async with asyncio.timeout(timeout):
                addresses = list(await self.resolver(host, port))
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} took too long") from None
        except OSError as exc:  # socket.gaierror: unknown name, no DNS server
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        if not addresses:
            raise httpcore.ConnectError(f"{host} resolves to no address")
        return addresses

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused(path, 0, f"a Unix socket ({path}) is never fetched from")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport on a :class:`GuardedBackend`. It sees every request, redirect hops
    included, so a refusal can say which URL it refused."""

    def __init__(self, policy: FetchPolicy, resolver: Resolver = system_resolver) -> None:
        super().__init__(trust_env=False)
        limits = httpx.Limits()
        # httpx has no public way to choose httpcore's network backend; the pool it built
        # is replaced by the same pool on ours (the fetch-policy tests fail if this ever
        # stops taking effect).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(policy, resolver),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except AddressRefused as exc:
            exc.url = str(request.url)
            raise
