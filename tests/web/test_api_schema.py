"""The JSON API against its own OpenAPI schema: schemathesis generates requests from the
schema — valid and invalid parameters — for every operation, anonymously and as a
librarian; no answer may be a server error or break the schema's promises."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from litestar import Litestar

from tests.web.sessions import Client, log_in, token

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


def operations(app: Litestar) -> list[schemathesis.APIOperation]:
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    found = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in found} >= {"/api/v1/search", "/api/v1/documents/{document_id}"}
    return found


def exercise(operation: schemathesis.APIOperation, headers: dict[str, str]) -> set[int]:
    statuses: set[int] = set()

    @given(case=operation.as_strategy())
    @settings(
        max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(case: schemathesis.Case) -> None:
        statuses.add(case.call_and_validate(headers=headers, checks=CHECKS).status_code)

    run()
    return statuses


@pytest.mark.parametrize("who", ["anonymous", "librarian"])
def test_the_api_never_answers_with_a_server_error(app: Litestar, client: Client, who: str) -> None:
    headers: dict[str, str] = {}
    if who == "librarian":
        assert log_in(client, "librarian") == 302
        # The session's CSRF token too, so that writes are tried, not refused at the door.
        headers["X-CSRF-Token"] = token(client, "/staff")
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    seen = {op.path: exercise(op, headers) for op in operations(app)}

    # the session reached the staff operations (and anonymous callers were refused them)
    assert (200 in seen["/api/v1/runs"]) == (who == "librarian")
    assert (201 in seen["/api/v1/requests"]) == (who == "librarian")  # a request was filed
    assert 200 in seen["/api/v1/search"]
