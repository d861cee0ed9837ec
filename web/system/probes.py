"""For machines: ``/healthz`` (the process answers), ``/readyz`` (it can serve: the
database, the index, the change log's followers) and ``/metrics`` (Prometheus).

The probes are public and hold nothing personal; they are cheap (one query per check),
never cached, and reach no rate limit (only forms have one) or CSRF check (they are GETs).
``/metrics`` shows the service's internals — its routes, volumes, failing sources — and is
answered only to the machine itself and the networks in LEGALDESK_METRICS_ALLOW: the
address is the client's as uvicorn reports it, which behind the reverse proxy is the one
the proxy forwarded (LEGALDESK_TRUSTED_PROXIES), so the proxy does not open it to all."""

from __future__ import annotations

import ipaddress
from typing import Any

import anyio.to_thread
from litestar import Request, get
from litestar.response import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from legaldesk.observability.readiness import check
from legaldesk.repository import Repository
from legaldesk.web.i18n import gettext as _
from legaldesk.web.state import Repo

NO_STORE = {"cache-control": "no-store"}


@get("/healthz", name="healthz", media_type="text/plain")
async def healthz() -> Response[str]:
    return Response("ok", media_type="text/plain", headers=NO_STORE)


@get("/readyz", name="readyz")
async def readyz(repo: Repo) -> Response[dict[str, Any]]:
    # In a thread: a database that hangs must not hold this worker's other requests.
    found = await anyio.to_thread.run_sync(check, repo)
    body: dict[str, Any] = {
        "status": "ready" if found.ready else "not ready",
        "checks": found.checks,
        "lag": found.lag,
    }
    if not found.ready:
        body["failing"] = found.failing
    return Response(body, status_code=200 if found.ready else 503, headers=NO_STORE)


def allowed(repo: Repository, client: str | None) -> bool:
    if not client:
        return False
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    if address.is_loopback:
        return True
    return any(address in network for network in repo.settings.metrics_networks)


@get("/metrics", name="metrics")
async def metrics(request: Request[Any, Any, Any], repo: Repo) -> Response[bytes]:
    if not allowed(repo, request.client.host if request.client else None):
        refusal = _(
            "The metrics are given only to this machine and to the addresses in "
            "LEGALDESK_METRICS_ALLOW."
        )
        return Response(refusal.encode(), status_code=403, media_type="text/plain")
    registry = request.app.state.metrics.scrape_registry()
    text = await anyio.to_thread.run_sync(generate_latest, registry)
    return Response(text, media_type=CONTENT_TYPE_LATEST, headers=NO_STORE)


ROUTES = [healthz, readyz, metrics]
