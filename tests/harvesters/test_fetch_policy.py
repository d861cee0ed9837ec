"""A source cannot make LegalDesk fetch from internal addresses (loopback, link-local, private
networks, …) unless an administrator allows them: checked after DNS resolution, on every
connection, redirect hops included.

The addresses below are resolved but never connected to: for the loopback ones a real server
listens and its request log stays empty; for the others the suite's no-network guard would
turn any connection attempt into an error. Host names are resolved by an injected resolver.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from legaldesk.config import Settings
from legaldesk.harvesters.config import HttpSettings
from legaldesk.harvesters.fetchpolicy import (
    AllowEntry,
    FetchPolicy,
    Resolver,
    internal_kind,
    system_resolver,
)
from legaldesk.harvesters.http import REFUSED, Fetched, FetchError, PoliteClient
from legaldesk.harvesters.runner import Harvester
from legaldesk.harvesters.store import StoredSource
from legaldesk.models import Document, HarvestError
from legaldesk.repository import Repository
from legaldesk.synth.webserver import Site, serve
from tests.harvesters.conftest import FAST_HTTP, publish

SECRET = "internal-only: the router's admin password"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The default policy: nothing internal allowed (the package's conftest allows
    127.0.0.1 for the other harvester tests)."""
    return settings.model_copy(update={"fetch_allow": ()})


@pytest.fixture
def internal() -> Iterator[Site]:
    """A service on this machine that nobody meant to publish."""
    with serve(Site()) as served:
        served.put("/", SECRET, "text/plain")
        served.put("/secret", SECRET, "text/plain")
        yield served


def port_of(site: Site) -> int:
    return int(site.base.rsplit(":", 1)[1])


def resolving(table: dict[str, Sequence[str]], calls: list[str] | None = None) -> Resolver:
    """DNS for names of our own making; IP literals as the system reads them."""

    async def resolve(host: str, port: int) -> Sequence[str]:
        if calls is not None:
            calls.append(host)
        if host in table:
            return table[host]
        return await system_resolver(host, port)

    return resolve


def fetch(
    url: str,
    policy: FetchPolicy | None = None,
    resolver: Resolver = system_resolver,
    **http: Any,
) -> tuple[Fetched | FetchError, PoliteClient]:
    settings = HttpSettings(**{**FAST_HTTP, "robots": False, **http})

    async def go() -> tuple[Fetched | FetchError, PoliteClient]:
        async with PoliteClient(settings, policy=policy, resolver=resolver) as client:
            try:
                return await client.get(url), client
            except FetchError as exc:
                return exc, client

    return asyncio.run(go())


def refused(url: str, **kw: Any) -> str:
    result, client = fetch(url, **kw)
    assert isinstance(result, FetchError), f"{url} was fetched: {result!r}"
    assert result.reason.startswith(REFUSED + ": "), result.reason
    assert client.stats.retries == 0  # a refusal is final, not a bad day of the site
    return result.reason


# -- what counts as internal -------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("255.255.255.255", "broadcast"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.10", "special use"),
        ("::ffff:127.0.0.1", "loopback address (IPv4 127.0.0.1 written as IPv6)"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::127.0.0.1", "loopback"),  # IPv4-compatible, deprecated
        ("64:ff9b::a00:1", "private address (IPv4 10.0.0.1"),  # NAT64
        ("2002:7f00:1::1", "loopback address (IPv4 127.0.0.1"),  # 6to4
    ],
)
def test_internal_addresses_are_named_by_kind(address: str, kind: str) -> None:
    named = internal_kind(ipaddress.ip_address(address))

    assert named is not None and kind in named


@pytest.mark.parametrize("address", ["93.184.216.34", "2a00:1450:4010:c02::64", "::ffff:8.8.8.8"])
def test_public_addresses_are_not_internal(address: str) -> None:
    assert internal_kind(ipaddress.ip_address(address)) is None


# -- refused before any connection ---------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("localhost", "localhost resolves to 127.0.0.1, a loopback address"),
        ("2130706433", "2130706433 resolves to 127.0.0.1, a loopback address"),
        ("0x7f.0.0.1", "resolves to 127.0.0.1, a loopback address"),
        ("127.1", "resolves to 127.0.0.1, a loopback address"),
        ("017700000001", "resolves to 127.0.0.1, a loopback address"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),
        ("[::1]", "::1 is a loopback address"),
        ("[::ffff:127.0.0.1]", "IPv4 127.0.0.1 written as IPv6"),
    ],
)
def test_every_spelling_of_this_machine_is_refused(
    internal: Site, host: str, expected: str
) -> None:
    reason = refused(f"http://{host}:{port_of(internal)}/secret")

    assert expected in reason
    assert "LEGALDESK_FETCH_ALLOW" in reason
    assert internal.log == []  # nothing reached the service


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "169.254.169.254 is a link-local address",
        ),
        ("https://169.254.169.254/", "169.254.169.254 is a link-local address"),
        ("http://10.0.0.1/", "10.0.0.1 is a private address"),
        ("http://172.16.5.4:8080/", "172.16.5.4 is a private address"),
        ("http://192.168.1.1/admin", "192.168.1.1 is a private address"),
        ("http://100.64.0.1/", "100.64.0.1 is a shared address (carrier-grade NAT)"),
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://[fd00::1]/", "fd00::1 is a private address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("http://255.255.255.255/", "255.255.255.255 is the broadcast address"),
        ("http://[::]/", ":: is an unspecified address"),
        ("http://[::ffff:a9fe:a9fe]/", "IPv4 169.254.169.254 written as IPv6"),
    ],
)
def test_internal_networks_are_refused_without_connecting(url: str, expected: str) -> None:
    # A connection attempt would not get this far: the no-network guard raises RuntimeError.
    assert expected in refused(url)


def test_a_host_name_is_judged_by_the_address_it_resolves_to() -> None:
    calls: list[str] = []
    resolver = resolving({"metadata.city.example": ["169.254.169.254"]}, calls)

    reason = refused("http://metadata.city.example/latest/meta-data/", resolver=resolver)

    assert calls == ["metadata.city.example"]
    assert "metadata.city.example resolves to 169.254.169.254, a link-local address" in reason


def test_a_name_with_one_internal_address_among_public_ones_is_refused() -> None:
    resolver = resolving({"mixed.city.example": ["93.184.216.34", "10.0.0.7"]})

    reason = refused("http://mixed.city.example/", resolver=resolver)

    assert "10.0.0.7, a private address" in reason


def test_an_unresolvable_name_is_an_ordinary_connection_failure() -> None:
    async def nowhere(host: str, port: int) -> Sequence[str]:
        raise OSError(-2, "Name or service not known")

    result, _client = fetch("http://gone.city.example/", resolver=nowhere)

    assert isinstance(result, FetchError)
    assert "cannot resolve gone.city.example" in result.reason
    assert not result.reason.startswith(REFUSED)


# -- redirects, robots.txt, proxies --------------------------------------------------------


def test_a_redirect_to_an_internal_address_is_refused(site: Site, internal: Site) -> None:
    hidden = f"http://127.0.0.1:{port_of(internal)}/secret"
    site.fault("/docs/", redirect=hidden)
    allowed = FetchPolicy.parse([f"127.0.0.1:{port_of(site)}"])  # the site, not the service

    reason = refused(site.url("/docs/"), policy=allowed)

    assert f"redirected to {hidden}, and 127.0.0.1 is a loopback address" in reason
    assert site.requests_to("/docs/") == [302]
    assert internal.log == []


def test_a_redirect_to_the_metadata_service_is_refused(site: Site) -> None:
    site.fault("/docs/", redirect="http://169.254.169.254/latest/meta-data/")
    allowed = FetchPolicy.parse([f"127.0.0.1:{port_of(site)}"])

    reason = refused(site.url("/docs/"), policy=allowed)

    assert "redirected to http://169.254.169.254/latest/meta-data/" in reason
    assert "169.254.169.254 is a link-local address" in reason


def test_the_robots_txt_step_reports_the_refusal_not_an_unreachable_file(internal: Site) -> None:
    reason = refused(internal.url("/secret"), robots=True)

    assert "robots.txt unreachable" not in reason
    assert "127.0.0.1 is a loopback address" in reason
    assert internal.log == []


def test_proxies_from_the_environment_are_not_used(
    site: Site, internal: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Through a proxy the connection would go to the proxy, and where the proxy then
    # connects could not be checked.
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, internal.base)
    site.put("/docs/", "the site")

    result, _client = fetch(site.url("/docs/"), policy=FetchPolicy.parse(["127.0.0.1"]))

    assert isinstance(result, Fetched) and result.content == b"the site"
    assert internal.log == []


# -- allowed by an administrator -----------------------------------------------------------


def test_an_allowed_address_and_port_is_fetched_and_another_port_is_not(
    site: Site, internal: Site
) -> None:
    site.put("/docs/", "the site")
    policy = FetchPolicy.parse([f"127.0.0.1:{port_of(site)}"])

    result, _client = fetch(site.url("/docs/"), policy=policy)
    other = refused(internal.url("/secret"), policy=policy)

    assert isinstance(result, Fetched) and result.content == b"the site"
    assert "127.0.0.1 is a loopback address" in other
    assert internal.log == []


def test_an_allowed_network_covers_its_addresses_only(site: Site) -> None:
    site.put("/docs/", "the site")
    policy = FetchPolicy.parse(["127.0.0.0/8", "10.0.0.0/8"])

    result, _client = fetch(site.url("/docs/"), policy=policy)

    assert isinstance(result, Fetched)
    assert "192.168.0.1 is a private address" in refused("http://192.168.0.1/", policy=policy)


def test_an_allowed_host_name_connects_to_the_address_that_was_checked(site: Site) -> None:
    # The system cannot resolve this name (and the tests may not reach DNS): the fetch
    # works only because the connection goes to the checked address itself.
    site.put("/docs/", "the intranet")
    resolver = resolving({"intranet.city.test": ["127.0.0.1"]})
    url = f"http://intranet.city.test:{port_of(site)}/docs/"

    result, _client = fetch(
        url, policy=FetchPolicy.parse(["intranet.city.test"]), resolver=resolver
    )
    elsewhere = refused(
        f"http://other.city.test:{port_of(site)}/docs/",
        policy=FetchPolicy.parse(["intranet.city.test"]),
        resolver=resolving({"other.city.test": ["127.0.0.1"]}),
    )

    assert isinstance(result, Fetched) and result.content == b"the intranet"
    assert "other.city.test resolves to 127.0.0.1" in elsewhere
    assert site.requests_to("/docs/") == [200]


@pytest.mark.parametrize(
    ("entry", "host", "address", "port", "allowed"),
    [
        ("127.0.0.1:8642", "127.0.0.1", "127.0.0.1", 8642, True),
        ("127.0.0.1:8642", "127.0.0.1", "127.0.0.1", 8643, False),
        ("127.0.0.1", "localhost", "127.0.0.1", 22, True),
        ("[::1]:8642", "::1", "::1", 8642, True),
        ("::1", "::1", "::1", 80, True),
        ("::1", "127.0.0.1", "127.0.0.1", 80, False),
        ("127.0.0.1", "::ffff:127.0.0.1", "::ffff:127.0.0.1", 80, True),
        ("10.0.0.0/8", "10.9.8.7", "10.9.8.7", 443, True),
        ("10.0.0.0/8", "11.0.0.1", "172.16.0.1", 443, False),
        ("fd00::/8", "fd00::5", "fd00::5", 80, True),
        ("Intranet.Local", "intranet.local", "10.0.0.2", 80, True),
        ("intranet.local:8080", "intranet.local", "10.0.0.2", 80, False),
        ("intranet.local", "evil.intranet.local", "10.0.0.2", 80, False),
        ("мэрия.рф", "xn--h1ahm5cm.xn--p1ai", "10.0.0.2", 80, True),
    ],
)
def test_allow_entries(entry: str, host: str, address: str, port: int, allowed: bool) -> None:
    policy = FetchPolicy.parse([entry])

    assert (policy.refusal(host, address, port) is None) == allowed


@pytest.mark.parametrize(
    "entry", ["10.1.0.0/8", "127.0.0.1:0", "127.0.0.1:99999", "host:port", "[::1", "a b", ""]
)
def test_a_misspelt_allow_entry_is_an_error(entry: str) -> None:
    with pytest.raises(ValueError, match="fetch_allow"):
        AllowEntry.parse(entry)


@pytest.mark.parametrize(
    "value", ['["127.0.0.1:8642", "10.0.0.0/8"]', "127.0.0.1:8642, 10.0.0.0/8"]
)
def test_the_allow_list_comes_from_the_environment_as_json_or_commas(
    value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LEGALDESK_FETCH_ALLOW", value)

    policy = Settings().fetch_policy

    assert policy.refusal("127.0.0.1", "127.0.0.1", 8642) is None
    assert policy.refusal("127.0.0.1", "127.0.0.1", 22) is not None
    assert policy.refusal("10.2.3.4", "10.2.3.4", 80) is None


def test_a_misspelt_allow_list_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LEGALDESK_FETCH_ALLOW", "10.0.0.0/33")

    with pytest.raises(ValidationError, match=r"10\.0\.0\.0/33"):
        Settings()


# -- harvests and their records ------------------------------------------------------------


def test_a_harvest_of_an_internal_source_records_the_refusal_and_files_nothing(
    repo: Repository, site: Site, add_source: Callable[..., StoredSource]
) -> None:
    publish(site, [1, 2])
    source = add_source()

    report = Harvester(repo, source).run()

    assert report.status == "failed" and report.new == 0
    assert len(report.errors) == 1
    url, reason = report.errors[0]
    assert url == site.url("/docs/index.html")
    assert reason.startswith(REFUSED) and "127.0.0.1 is a loopback address" in reason
    with Session(repo.engine) as session:
        assert session.exec(select(Document)).all() == []
        (error,) = session.exec(select(HarvestError)).all()
    assert error.reason == reason
    assert site.log == []


def test_a_listed_file_that_redirects_inside_is_refused_and_the_rest_arrive(
    repo: Repository, site: Site, internal: Site, add_source: Callable[..., StoredSource]
) -> None:
    publish(site, [1, 2])
    site.fault("/files/2.docx", redirect=internal.url("/secret"))
    source = add_source()

    report = Harvester(repo, source, policy=FetchPolicy.parse([f"127.0.0.1:{port_of(site)}"])).run()

    assert (report.status, report.new, report.failed) == ("partial", 1, 1)
    ((url, reason),) = report.errors
    assert url == site.url("/files/2.docx")
    assert f"redirected to {internal.url('/secret')}" in reason
    assert internal.log == []


def test_the_cli_refuses_a_source_on_this_machine_unless_allowed(
    cli: Callable[..., str],
    site: Site,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    publish(site, [1])
    site.put("/docs/index.html", site.files["/docs/index.html"].body + SECRET.encode())
    path = tmp_path / "local.toml"
    path.write_text(
        f'name = "local"\nkind = "listing"\nstart_urls = ["{site.url("/docs/index.html")}"]\n'
        '[listing]\nitem = "table.docs tr"\n[http]\ndelay = 0\n',
        encoding="utf-8",
    )
    cli("sources", "add", str(path))

    dry = cli("sources", "test", "local", code=1)
    harvested = cli("harvest", "local", code=1)
    run = json.loads(cli("runs", "show", "1", "--json"))
    shown = cli("runs", "show", "1")

    # The CLI says the refusal in Russian, the stored reason keeps the English.
    refused = "адрес во внутренней сети, загрузка запрещена"
    dry, harvested = " ".join(dry.split()), " ".join(harvested.split())
    assert f"{refused}: 127.0.0.1 is a loopback address" in dry
    assert "1-п" not in dry and "Проверка «local»: страниц 0, файлов 0" in dry
    assert refused in harvested
    assert run["status"] == "failed" and run["new"] == 0
    assert run["errors"][0]["reason"].startswith(REFUSED)
    assert "LEGALDESK_FETCH_ALLOW" in shown
    assert site.log == []

    monkeypatch.setenv("LEGALDESK_FETCH_ALLOW", f"127.0.0.1:{port_of(site)}")

    assert "Номер: 1-п" in cli("sources", "test", "local", "--fetch", "1")
    assert "новых: 1" in " ".join(cli("harvest", "local").split())
