"""The web service, assembled: the areas' routes, the JSON API's schema, templates,
middleware, errors. Nothing here answers a request itself.

Each area is a package holding its pages and its API — ``acts`` (the public catalogue,
search, review, upload), ``headings``, ``issuers`` (the authority file), ``sources``,
``accounts``, ``auth`` (signing in, sessions, CSRF) — with its templates in a folder of
the same name under templates/.
A new service of the centre (the reference desk, lists, dossiers, subscriptions) is a new
package listed in AREAS.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, pass_context
from jinja2.runtime import Context
from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.openapi.config import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import ControllerRouterHandler, Empty
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from legaldesk.db import UnstorableText
from legaldesk.messages import from_data
from legaldesk.observability import logs
from legaldesk.observability.metrics import RequestMetrics
from legaldesk.repository import Repository
from legaldesk.signing import secret_key
from legaldesk.web import antispam, api_reference, head, i18n, labels, navigation, template_cache
from legaldesk.web.accounts import pages as accounts_pages
from legaldesk.web.acts import api as acts_api
from legaldesk.web.acts import public as acts_public
from legaldesk.web.acts import publication as acts_publication
from legaldesk.web.acts import review as acts_review
from legaldesk.web.acts import upload as acts_upload
from legaldesk.web.acts.upload import upload_limit
from legaldesk.web.ask import api as ask_api
from legaldesk.web.ask import pages as ask_pages
from legaldesk.web.auth import csrf
from legaldesk.web.auth import pages as auth_pages
from legaldesk.web.auth.guard import signed_in_user
from legaldesk.web.auth.sessions import AuthMiddleware, current_user, staff_user
from legaldesk.web.bibliography import pages as bibliography_pages
from legaldesk.web.clippings import pages as clippings_pages
from legaldesk.web.desk import api as desk_api
from legaldesk.web.desk import pages as desk_pages
from legaldesk.web.desk import people as desk_people
from legaldesk.web.desk import settings as desk_settings
from legaldesk.web.desk import stats as desk_stats
from legaldesk.web.desk import workspace as desk_workspace
from legaldesk.web.dossiers import pages as dossier_pages
from legaldesk.web.errors import crash, database_error, http_error, unstorable
from legaldesk.web.feeds import public as feeds_public
from legaldesk.web.headings import admin as headings_admin
from legaldesk.web.headings import api as headings_api
from legaldesk.web.headings import public as headings_public
from legaldesk.web.headings.names import groups as heading_groups
from legaldesk.web.issuers import pages as issuers_pages
from legaldesk.web.labels import LEVELS, STATUSES
from legaldesk.web.lists import pages as list_pages
from legaldesk.web.qa import api as qa_api
from legaldesk.web.qa import editor as qa_editor
from legaldesk.web.qa import public as qa_public
from legaldesk.web.reading import ReadingNodeMiddleware
from legaldesk.web.security import MalformedRequestMiddleware, security_headers
from legaldesk.web.sources import api as sources_api
from legaldesk.web.sources import pages as sources_pages
from legaldesk.web.state import provide_repo
from legaldesk.web.subscriptions import mine as subscriptions_mine
from legaldesk.web.subscriptions import public as subscriptions_public
from legaldesk.web.subscriptions import roster as subscriptions_roster
from legaldesk.web.subscriptions import signed as subscriptions_signed
from legaldesk.web.system import pages as system_pages
from legaldesk.web.system import probes as system_probes
from legaldesk.web.system import tracing
from legaldesk.web.thesaurus import pages as thesaurus_pages

HERE = Path(__file__).resolve().parent
AREAS = (
    acts_public,
    acts_api,
    acts_review,
    acts_publication,
    acts_upload,
    feeds_public,
    clippings_pages,
    headings_public,
    headings_admin,
    headings_api,
    thesaurus_pages,
    desk_pages,
    desk_settings,
    desk_stats,
    desk_people,
    desk_workspace,
    dossier_pages,
    list_pages,
    subscriptions_mine,
    subscriptions_roster,
    subscriptions_public,
    subscriptions_signed,
    desk_api,
    bibliography_pages,
    ask_pages,
    ask_api,
    qa_public,
    qa_editor,
    qa_api,
    issuers_pages,
    sources_pages,
    sources_api,
    accounts_pages,
    system_pages,
    system_probes,  # /healthz, /readyz, /metrics
    auth_pages,
    i18n,  # the language switch
)


def routes() -> list[ControllerRouterHandler]:
    """Every area's routes: the JSON API (described by the OpenAPI schema), then the pages
    and forms, which the schema leaves out (they are for people)."""
    handlers = [handler for area in AREAS for handler in area.ROUTES]
    api = [h for h in handlers if all(path.startswith("/api/") for path in h.paths)]
    pages = [h for h in handlers if h not in api]
    for page in pages:
        # Marked on each handler rather than by a Router around them: Litestar deep-copies a
        # Router it registers, which was half of building the application (0.2 s of 0.43).
        page.include_in_schema = False
    static = create_static_files_router(
        path="/static", directories=[HERE / "static"], include_in_schema=False
    )
    return [*api, *pages, static]


def _remember_signatures(app: Litestar) -> None:
    """Parse each handler's signature once per process, not once per application.

    Litestar registers a shallow copy of each handler and parses the copy's signature, so
    the module's own handler never keeps what was parsed; the tests build an application
    for nearly every test, and this parsing was a third of building one. Done on the
    module's handler (its owner is now this application, configured as every other), the
    copies the next application makes start with it."""
    for area in AREAS:
        for handler in area.ROUTES:
            if handler.owner is app:
                handler.parsed_fn_signature  # noqa: B018  # the property memoizes itself
                handler.signature_model  # noqa: B018


def create_app(repo: Repository | None = None) -> Litestar:
    repo = repo or Repository()
    if not repo.is_initialised():
        repo.init()

    def on_shutdown() -> None:
        repo.close()

    logs.configure(repo.settings.log_format)
    metrics = RequestMetrics(repo)
    app = Litestar(
        route_handlers=routes(),
        openapi_config=OpenAPIConfig(
            title="LegalDesk API",
            version="1",
            description="Legal acts of the centre for legal information: search, documents, "
            "subject headings, asking the centre a question (public); sources, harvest runs "
            "and the reference desk's requests (staff, session login; writes carry the "
            "X-CSRF-Token header). "
            "Errors: {status_code, detail, extra}.",
            render_plugins=api_reference.PLUGINS,
            use_handler_docstrings=True,
        ),
        template_config=TemplateConfig(
            instance=JinjaTemplateEngine.from_environment(
                Environment(
                    loader=FileSystemLoader(HERE / "templates"),
                    autoescape=True,
                    bytecode_cache=template_cache.COMPILED,
                )
            )
        ),
        exception_handlers={
            HTTPException: http_error,
            UnstorableText: unstorable,
            DBAPIError: database_error,
            PoolTimeout: database_error,
            Exception: crash,
        },
        state=State({"repo": repo, "secret_key": secret_key(repo.settings), "metrics": metrics}),
        # What handlers are handed by name: the repository, and on staff routes the user.
        dependencies={
            "repo": Provide(provide_repo, sync_to_thread=False),
            "user": Provide(signed_in_user, sync_to_thread=False),
        },
        # Outermost first: malformed requests go before anything reads them; the session
        # is known before the CSRF check, which binds the token to it.
        # A reading node sends what it does not serve to the primary before anything
        # else reads the request (web/reading.py).
        middleware=[
            MalformedRequestMiddleware,
            *([ReadingNodeMiddleware] if repo.settings.read_only else []),
            i18n.LocaleMiddleware,
            AuthMiddleware,
            csrf.CsrfMiddleware,
        ],
        before_send=[security_headers],
        # An upload form may carry several files of the largest allowed size; other forms
        # are small, and the login form (anonymous) sets its own small limit.
        request_max_body_size=upload_limit(repo),
        on_shutdown=[on_shutdown],
        # In JSON the root logger's only handler is ours (legaldesk/observability/logs.py);
        # Litestar's own would print every line a second time in its text format.
        logging_config=None if repo.settings.log_format == "json" else Empty,
    )
    _remember_signatures(app)
    head.install(app)  # inside the observer, installed next: it logs a HEAD as a HEAD
    tracing.install(app, metrics)
    assert app.template_engine is not None
    env = app.template_engine.engine
    i18n.install(env)
    env.globals.update(
        labels=labels,
        levels=LEVELS,
        statuses=STATUSES,
        csrf_field=csrf.csrf_field,
        antispam_fields=antispam.antispam_fields,
        staff_user=staff_user,
        from_data=from_data,
        heading_groups=heading_groups,
        # The library's name, configured once (LEGALDESK_LIBRARY_NAME), else the generic one.
        library_name=lambda: repo.settings.library_name or i18n.gettext("Legal information centre"),
    )
    env.filters["reasons"] = labels.review_reasons
    env.filters["capitalize_first"] = lambda v: v[:1].upper() + v[1:] if v else ""
    # The staff menu and «may this user open that page?», from the routes' own guards.
    links = navigation.build(app)

    @pass_context
    def may(context: Context, route: str) -> bool:
        request = context.get("request")
        user = current_user(request) if request is not None else None
        return navigation.may(app, route, user.role if user else None)

    env.globals.update(staff_links=lambda: links, may=may)
    # The desk's times are the library's (a request at 00:30 in Moscow is the new day's).
    zone = repo.settings.zone
    env.filters["localtime"] = lambda v: i18n.fmt_datetime(v.astimezone(zone)) if v else ""
    env.filters["localdate"] = lambda v: i18n.fmt_date(v.astimezone(zone)) if v else ""
    return app
