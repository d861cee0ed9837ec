"""The requests API: staff only, typed, in the OpenAPI schema; a write carries the CSRF
token like every form."""

from __future__ import annotations

import json

from litestar import Litestar

from tests.web.sessions import Client, log_in, post_form, token


def test_the_requests_api_is_in_the_schema(client: Client) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]

    assert {"/api/v1/requests", "/api/v1/requests/{request_id}"} <= set(paths)
    assert "post" in paths["/api/v1/requests"]
    assert "put" in paths["/api/v1/requests/{request_id}/answer"]


def test_a_librarian_files_answers_and_closes_a_request_through_the_api(
    app: Litestar, client: Client
) -> None:
    log_in(client, "librarian")
    headers = {"X-CSRF-Token": token(client, "/staff")}

    created = client.post(
        "/api/v1/requests",
        json={"question": "Ставки земельного налога", "channel": "email", "cite": [1]},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    filed = created.json()
    path = f"/api/v1/requests/{filed['id']}"
    refused = client.post(path + "/status", json={"status": "closed"}, headers=headers)
    answered = client.put(
        path + "/answer",
        json={"text": "См. постановление № 245-п.", "delivery": "email"},
        headers=headers,
    )
    moved = client.post(path + "/status", json={"status": "answered"}, headers=headers)
    listed = client.get("/api/v1/requests", params={"status": "answered"}).json()

    assert filed["code"].endswith("-00002") and filed["channel"] == "email"
    assert filed["acts"][0]["document_id"] == 1 and filed["acts"][0]["current"]
    assert "календарных дней" in filed["deadline_text"]
    assert refused.status_code == 400 and "нельзя" in refused.json()["detail"]
    assert answered.json()["answer"]["text"] == "См. постановление № 245-п."
    assert moved.json()["status"] == "answered"
    assert [r["id"] for r in listed["items"]] == [filed["id"]]


def test_the_api_refuses_anonymous_callers_employees_and_writes_without_a_token(
    client: Client,
) -> None:
    assert client.get("/api/v1/requests").status_code == 401
    log_in(client, "employee")
    assert client.get("/api/v1/requests/1").status_code == 403
    log_in(client, "librarian")
    no_token = client.post("/api/v1/requests", json={"question": "вопрос"})
    assert no_token.status_code == 403
    assert client.get("/api/v1/requests/424242").status_code == 404


def test_control_characters_sent_to_the_api_are_dropped_not_a_server_error(
    app: Litestar, client: Client
) -> None:
    """JSON may carry a NUL, which PostgreSQL refuses in any text column (a server error
    before), and other control characters; a lone surrogate msgspec refuses as malformed."""
    log_in(client, "librarian")
    headers = {"X-CSRF-Token": token(client, "/staff")}

    created = client.post(
        "/api/v1/requests",
        json={
            "question": "Ставки\u0000 земельного налога\u001b",
            "requester_name": "Иван\u0000 Петров",
            "requester_contact": "+7 900 000-00-00\u0007",
        },
        headers=headers,
    )
    surrogate = client.post(
        "/api/v1/requests",
        content=json.dumps({"question": "Ставки\ud800"}),  # escaped, as a program sends it
        headers={**headers, "Content-Type": "application/json"},
    )
    assert created.status_code == 201, created.text
    assert surrogate.status_code == 400
    path = f"/api/v1/requests/{created.json()['id']}"
    answered = client.put(
        path + "/answer", json={"text": "См. постановление\u0000 № 245-п."}, headers=headers
    )

    assert created.json()["question"] == "Ставки земельного налога"
    assert answered.status_code == 200, answered.text
    assert answered.json()["answer"]["text"] == "См. постановление № 245-п."


def test_a_nul_in_a_heading_code_is_refused_as_bad_input_and_nothing_is_filed(
    client: Client,
) -> None:
    """Heading codes go to the database to be looked up, not cleaned like a text: a NUL in
    one was a server error on PostgreSQL (found by the API fuzz test)."""
    log_in(client, "librarian")
    headers = {"X-CSRF-Token": token(client, "/staff")}
    before = client.get("/api/v1/requests", headers=headers).json()["total"]

    refused = client.post(
        "/api/v1/requests",
        json={"question": "Ставки земельного налога", "rubrics": ["\u0000"]},
        headers=headers,
    )
    after = client.get("/api/v1/requests", headers=headers).json()["total"]

    assert refused.status_code == 400, refused.text
    assert "символ NUL" in refused.json()["detail"]
    assert after == before == 1  # the fixture's request only


def test_received_days_at_the_calendar_s_ends_filter_and_break_nothing(client: Client) -> None:
    """A day's first moment in the library's zone before year 1 in UTC made the list of
    requests a server error (found by the API fuzz)."""
    log_in(client, "librarian")

    def ids(**params: str) -> list[int]:
        response = client.get("/api/v1/requests", params={"list": "all", **params})
        assert response.status_code == 200, response.text
        return [r["id"] for r in response.json()["items"]]

    assert ids(received_from="0001-01-01") == [1]
    assert ids(received_to="9999-12-31") == [1]
    assert ids(received_from="9999-12-31") == []
    assert ids(received_to="0001-01-01") == []


def test_a_request_received_before_the_desk_s_first_year_is_refused_with_a_reason(
    client: Client,
) -> None:
    """Year 1 in the library's zone is before UTC's first moment: filing it was a server
    error. «0024» for «2024» was filed, with the code «24-00001»."""
    log_in(client, "librarian")
    headers = {"X-CSRF-Token": token(client, "/staff")}

    for when in ("0001-01-01T00:00:00", "0024-03-05T10:00:00", "1989-12-31T10:00:00"):
        body = {"question": "Ставки земельного налога", "received_at": when}
        refused = client.post("/api/v1/requests", json=body, headers=headers)
        assert refused.status_code == 400, (when, refused.text)
        assert "раньше 1990 года" in refused.json()["detail"]
    moved = post_form(
        client,
        "/staff/desk/requests/1",
        {"question": "Порядок выдачи ордеров", "received_at": "0001-01-01T00:00"},
        status=400,
    )
    taken = client.post(
        "/api/v1/requests",
        json={"question": "Ставки земельного налога", "received_at": "1990-01-02T10:00:00"},
        headers=headers,
    )

    assert "раньше 1990 года" in moved  # the edit form says so too
    assert taken.status_code == 201 and taken.json()["code"] == "1990-00001"
    listed = client.get("/api/v1/requests", params={"list": "all"}).json()["items"]
    assert sorted(r["id"] for r in listed) == [1, 2]
