"""Who may open what: every route of the application's own route table is public by name or
guarded, and every staff route admits exactly the roles it declares. On the way, every page
any of them answers is searched for scripts, styles, fonts or pictures loaded from another
host (tests/web/outside.py): there are none."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from legaldesk.pipeline.ingest import RawFile
from legaldesk.subscriptions import subscribers
from legaldesk.subscriptions.jobs import links_for
from legaldesk.synth import generate_acts
from legaldesk.synth.render import render_act
from legaldesk.web.auth.guard import staff_guard
from tests.web.outside import loads_from_elsewhere
from tests.web.sessions import PASSWORD, ROLES, Client, log_in, token

# Guards decide from the route table and the session's role, the same on either database;
# each staff page's own queries are tested on both in its area's tests. This module opens
# every route for every role (a few hundred requests), so it runs on SQLite alone.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

# The employee's own request and dossier: a deputy passes these routes' guards (both are
# the centre's clients) and must find nothing there.
OWNED_BY_THE_EMPLOYEE = (
    "/staff/questions/1",
    "/staff/my-dossiers/1",
    "/staff/dossiers/1/",  # its print view and deliveries
)

EXAMPLES = {
    "document_id": "1",
    "run_id": "1",
    "name": "dead-site",
    "user_id": "1",
    "code": "local_government",
    "page": "1",
    "issuer_id": "1",
    "request_id": "1",
    "citation_id": "1",
    "source_id": "1",
    "rule_id": "1",
    "branch_id": "1",
    "entry_id": "1",
    "dossier_id": "1",
    "delivery_id": "1",
    "item_id": "1",
    "subscriber_id": "1",
    "profile_id": "1",
}
# Routes whose objects are not the fixture's first act: a page picture needs a PDF.
WHOLE_EXAMPLES = {
    "/staff/documents/{document_id:int}/versions/{version_id:int}/pages/{page:int}": (
        "/staff/documents/2/versions/2/pages/1"
    ),
}


@pytest.fixture(autouse=True)
def pdf_act(app: Litestar) -> None:
    """The act of WHOLE_EXAMPLES: a PDF, filed second (document 2, version 2)."""
    _name, data = render_act(next(iter(generate_acts(1, seed=5))), "pdf")
    outcome = app.state.repo.ingestor("test").ingest(RawFile(data, "act.pdf"))
    assert (outcome.document_id, outcome.version_id) == (2, 2)


# Routes anyone may use. A new route is either added here, knowingly, or guarded — and then
# every role is checked against it below.
PUBLIC = {
    "/",
    "/search",
    "/rubrics",
    "/issuers",
    "/lang/{code:str}",
    "/documents/{document_id:int}",
    "/acts/outside/{external_id:int}",
    "/documents/{document_id:int}/versions/{version_id:int}/original",
    "/new",
    "/new/poster",
    "/new.atom",
    "/api/v1/search",
    "/api/v1/documents/{document_id:int}",
    "/api/v1/rubrics",
    "/ask",
    "/ask/privacy",
    "/ask/r/{token:str}",
    "/api/v1/ask",
    "/qa",
    "/qa/{entry_id:int}",
    "/api/v1/qa",
    "/api/v1/qa/{entry_id:int}",
    "/subscribe",
    # Signed links from the subscriptions' letters (web/subscriptions/signed.py): the token
    # in the path is the proof; a wrong one is 404 (tests/web/subscriptions).
    "/subscriptions/{subscriber_id:int}/confirm/{rest:path}",
    "/subscriptions/{subscriber_id:int}/add/{profile_id:int}/{token:str}",
    "/subscriptions/{subscriber_id:int}/manage/{token:str}",
    "/subscriptions/{subscriber_id:int}/manage/{token:str}/profiles",
    "/subscriptions/{subscriber_id:int}/manage/{token:str}/profiles/{profile_id:int}",
    "/subscriptions/{subscriber_id:int}/manage/{token:str}/mail",
    "/subscriptions/{subscriber_id:int}/manage/{token:str}/erase",
    "/subscriptions/{subscriber_id:int}/manage/{token:str}/key",
    "/subscriptions/{subscriber_id:int}/unsubscribe/{token:str}",
    "/subscriptions/{subscriber_id:int}/feed/{name:str}",
    "/login",
    # For machines (web/system/probes.py): nothing personal; /metrics answers only to this
    # machine and LEGALDESK_METRICS_ALLOW (tests/web/system/test_probes.py).
    "/healthz",
    "/readyz",
    "/metrics",
    "/static/{file_path:path}",
    "/schema",
}


def guarded(handler: object) -> bool:
    return staff_guard in (getattr(handler, "guards", None) or [])


def test_every_route_is_public_by_name_or_guarded(app: Litestar) -> None:
    loose = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if set(getattr(handler, "http_methods", ())) == {"OPTIONS"}:
                continue  # Litestar's own preflight answer: headers, no data
            public = route.path in PUBLIC or route.path.startswith("/schema")
            if not public and not guarded(handler):
                loose.append(route.path)
    assert loose == []


@pytest.fixture(autouse=True)
def dossier(app: Litestar, pdf_act: None) -> None:
    """Dossier 1, ordered by the employee, with item 1 (act 1) delivered once (delivery 1)."""
    from sqlmodel import Session, select

    from legaldesk.dossiers.delivery import deliver
    from legaldesk.dossiers.store import Order, add_item, order_dossier
    from legaldesk.models import User

    repo = app.state.repo
    with Session(repo.engine) as session:
        employee = session.exec(select(User).where(User.role == "employee")).one()
    ordered = order_dossier(repo.engine, employee, Order(topic="земельный налог"))
    item = add_item(repo.engine, ordered.id or 0, "test", document_id=1)
    delivery = deliver(repo, ordered.id or 0, "test", email=False)
    assert (ordered.id, item.id, delivery.id) == (1, 1, 1)


@pytest.fixture(autouse=True)
def subscriber(app: Litestar) -> None:
    """Subscriber 1, an official's card with an address, with profile 1."""
    from legaldesk.subscriptions import subscribers

    repo = app.state.repo
    made = subscribers.create(repo.engine, "Иванова И. И.", "test", email="ivanova@duma.test")
    profile = subscribers.add_profile(
        repo.engine, made.id or 0, subscribers.ProfileFields(query="земельный налог"), "test"
    )
    assert (made.id, profile.id) == (1, 1)


def staff_routes(app: Litestar) -> list[tuple[str, str, tuple[str, ...]]]:
    """(method, path, roles) of every guarded route, from the application's route table."""
    out = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not guarded(handler):
                continue
            for method in handler.http_methods:  # type: ignore[attr-defined]
                if method == "OPTIONS":  # Litestar's own preflight answer: headers, no data
                    continue
                path = WHOLE_EXAMPLES.get(route.path, route.path)
                for param, value in EXAMPLES.items():  # objects the fixture made
                    path = re.sub(r"\{" + param + r":\w+\}", value, path)
                assert "{" not in path, f"no example value for a parameter of {path}"
                out.append((method, path, tuple(handler.opt.get("roles", ()))))
    return out


def test_every_staff_route_declares_its_roles(app: Litestar) -> None:
    routes = staff_routes(app)

    assert len(routes) >= 7
    assert all(roles for _m, _p, roles in routes), routes


def test_anonymous_visitors_are_refused_everywhere(app: Litestar, client: Client) -> None:
    for method, path, _roles in staff_routes(app):
        response = client.request(method, path, follow_redirects=False)
        if method == "GET":
            if path.startswith("/api/"):
                assert response.status_code == 401, path
                assert response.json()["detail"]
            else:
                assert response.status_code == 302, path
                assert response.headers["location"].startswith("/login?next=")
        else:  # no session: the guard refuses before the form or its CSRF token is read
            assert response.status_code == 401, (method, path)


def test_a_head_to_a_staff_page_is_refused_as_its_get_is(app: Litestar, client: Client) -> None:
    """HEAD runs as GET (web/head.py), guards and all: no page of the workspace answers an
    anonymous HEAD with anything but the GET's refusal."""
    pages = [path for method, path, _roles in staff_routes(app) if method == "GET"]
    assert pages
    for path in pages:
        got = client.get(path, follow_redirects=False)
        head = client.head(path, follow_redirects=False)
        assert head.status_code == got.status_code in (302, 401), path
        assert head.headers.get("location") == got.headers.get("location"), path


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_pages(app: Litestar, client: Client, role: str) -> None:
    assert log_in(client, role) == 302
    elsewhere: list[str] = []
    for method, path, roles in staff_routes(app):
        if method != "GET":
            continue
        response = client.get(path, follow_redirects=False)
        expected = 200 if role in roles else 403
        if role == "deputy" and path.startswith(OWNED_BY_THE_EMPLOYEE):
            expected = 404  # past the guard, another client's: as if it did not exist
        assert response.status_code == expected, (role, path)
        elsewhere += [f"{path}: {url}" for url in _elsewhere(app, response)]
    assert elsewhere == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_refused_the_actions_it_may_not_take(
    app: Litestar, client: Client, role: str
) -> None:
    log_in(client, role)
    for method, path, roles in staff_routes(app):
        if method != "POST" or role in roles:
            continue
        response = client.post(path, data={"_csrf_token": token(client, "/staff")})
        assert response.status_code == 403, (role, path)


def test_a_post_without_a_csrf_token_is_refused(client: Client) -> None:
    log_in(client, "librarian")

    response = client.post(
        "/staff/password", data={"current": PASSWORD, "new": "x" * 10, "repeat": "x" * 10}
    )

    assert response.status_code == 403


def _elsewhere(app: Litestar, response: httpx.Response) -> list[str]:
    own = ("http://testserver", app.state.repo.settings.resolved_public_url.rstrip("/"))
    kind = response.headers.get("content-type", "")
    if "text" not in kind and "svg" not in kind:
        return []  # an original file, a workbook, a picture
    return loads_from_elsewhere(kind, response.text, own)


STATIC = Path(__file__).resolve().parents[2] / "web" / "static"

# Public routes the test below cannot open with an example: a resident's private link to
# their question (tests/web/ask) and the confirmation of an address, whose tokens are made
# only when a letter is sent; their pages extend the same base template as every other.
UNOPENED = {
    "/ask/r/{token:str}",
    "/subscriptions/{subscriber_id:int}/confirm/{rest:path}",
    "/subscriptions/{subscriber_id:int}/add/{profile_id:int}/{token:str}",
}


def test_no_public_page_or_file_loads_anything_from_another_host(
    app: Litestar, client: Client
) -> None:
    repo = app.state.repo
    subscriber_links = links_for(repo.settings)
    card = subscribers.get(repo.engine, 1)
    assert card is not None
    base = repo.settings.resolved_public_url.rstrip("/")
    signed = {
        "/subscriptions/{subscriber_id:int}/manage/{token:str}": subscriber_links.manage(card),
        "/subscriptions/{subscriber_id:int}/unsubscribe/{token:str}": (
            subscriber_links.unsubscribe(card)
        ),
        "/subscriptions/{subscriber_id:int}/feed/{name:str}": subscriber_links.feed(card),
    }
    static = [f"/static/{p.name}" for p in STATIC.iterdir() if p.is_file()]
    paths, unopened = [*static, "/documents/2", "/schema/reference"], set()
    for route in app.routes:
        if route.path not in PUBLIC or "GET" not in route.methods:
            continue
        path = signed[route.path].removeprefix(base) if route.path in signed else route.path
        for param, value in {**EXAMPLES, "external_id": "1", "version_id": "1"}.items():
            path = re.sub(r"\{" + param + r":\w+\}", value, path)
        if "{" in path:
            unopened.add(route.path)
        else:
            paths.append(path)
    assert unopened == UNOPENED | {"/static/{file_path:path}"}

    elsewhere, opened = [], []
    for path in paths:
        response = client.get(path, follow_redirects=False)
        if response.status_code == 200:
            opened.append(path)
            elsewhere += [f"{path}: {url}" for url in _elsewhere(app, response)]
    assert elsewhere == []
    assert {"/", "/documents/1", "/static/style.css", "/schema", "/ask", "/new.atom"} <= set(
        opened
    ) and any(p.startswith("/subscriptions/1/manage/") for p in opened), opened


def test_what_counts_as_elsewhere() -> None:
    own = ("http://testserver",)
    page = """<html><head><link rel="stylesheet" href="https://cdn.jsdelivr.net/x.css">
    <link rel="alternate" href="http://testserver/new.atom"><script src="/static/a.js"></script>
    <style>@import "//fonts.example/f.css";</style></head>
    <body><img srcset="/a.png 1x, https://img.example/b.png 2x"><a href="https://example.ru/">
    <svg><image href="data:image/png;base64,AA"/><use xlink:href="http://x.example/s#i"/></svg>
    </body></html>"""

    assert loads_from_elsewhere("text/html; charset=utf-8", page, own) == [
        "https://cdn.jsdelivr.net/x.css",
        "https://img.example/b.png",
        "http://x.example/s#i",
        "//fonts.example/f.css",
    ]
    assert loads_from_elsewhere("text/css", "a{background:url('/i.png')}", own) == []
    assert loads_from_elsewhere("text/css", "b{src:url(https://f.example/f.woff2)}", own) == [
        "https://f.example/f.woff2"
    ]
    assert loads_from_elsewhere("text/javascript", "fetch('https://api.example/x')", own) == [
        "https://api.example/x"
    ]
