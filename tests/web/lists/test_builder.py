"""The librarian's list builder through the real application: a month's new arrivals as
text and as RUSMARC, a refusal with its reason, and no builder for an employee."""

from __future__ import annotations

import pytest
from pymarc import MARCReader

from tests.factories import library_today
from tests.web.sessions import Client, log_in, log_out

# Forms and rendering over the domain, whose own tests run on both databases: SQLite alone
# here keeps CI's time (each web test builds a whole application per database).
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _month() -> dict[str, str]:
    today = library_today()
    return {"from": today.replace(day=1).isoformat(), "to": today.isoformat()}


def test_a_month_s_new_arrivals_download_as_text_and_rusmarc(client: Client) -> None:
    log_in(client, "librarian")
    page = client.get("/staff/lists")
    assert page.status_code == 200 and "Новые поступления" in page.text

    text = client.get("/staff/lists", params={"kind": "new", "format": "txt", **_month()})
    assert text.status_code == 200
    assert "attachment" in text.headers["content-disposition"]
    body = text.content.decode("utf-8")
    assert "О земельном налоге на территории Заречного сельского поселения : постановление" in body
    assert "1. " in body

    marc = client.get("/staff/lists", params={"kind": "new", "format": "marc", **_month()})
    records = list(MARCReader(marc.content, to_unicode=True, force_utf8=True))
    assert len(records) == 1
    assert "О земельном налоге" in records[0]["200"]["a"]


def test_a_period_ending_before_it_begins_is_refused_and_employees_have_no_builder(
    client: Client,
) -> None:
    log_in(client, "librarian")
    refused = client.get(
        "/staff/lists",
        params={"kind": "new", "format": "txt", "from": "2026-05-01", "to": "2026-04-01"},
    )
    assert refused.status_code == 400 and "конец периода раньше его начала" in refused.text
    log_out(client)
    log_in(client, "employee")
    assert client.get("/staff/lists").status_code == 403


def test_a_format_typed_into_the_address_is_refused_with_the_formats_there_are(
    client: Client,
) -> None:
    log_in(client, "librarian")

    refused = client.get("/staff/lists", params={"kind": "new", "format": "xlsx", **_month()})

    assert refused.status_code == 400
    assert "нет формата xlsx; есть: docx, html, txt, ris, csl, marc, marcxml" in refused.text


@pytest.mark.parametrize(
    ("start", "end"), [("0001-01-01", "0001-01-31"), ("9999-12-01", "9999-12-31")]
)
def test_a_period_at_the_calendar_s_ends_makes_an_empty_list(
    client: Client, start: str, end: str
) -> None:
    """Its bounds in the library's zone were before UTC's year 1 or after 9999: a server
    error."""
    log_in(client, "librarian")

    made = client.get(
        "/staff/lists", params={"kind": "new", "format": "txt", "from": start, "to": end}
    )

    assert made.status_code == 200
    assert "О земельном налоге" not in made.content.decode("utf-8")


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"kind": "thematic"}, "kind не может быть thematic; возможно: new, theme, answer"),
        ({"sort": "size"}, "sort не может быть size"),
        ({"from": "2024-02-30", "to": "2024-03-01"}, "from — не дата: 2024-02-30"),
    ],
)
def test_a_value_typed_into_the_address_is_refused_in_russian(
    client: Client, params: dict[str, str], said: str
) -> None:
    """Python's own «'thematic' is not a valid Kind» came through into the Russian page."""
    log_in(client, "librarian")

    refused = client.get(
        "/staff/lists", params={"kind": "new", "format": "txt", **_month(), **params}
    )

    assert refused.status_code == 400
    assert said in refused.text and "is not a valid" not in refused.text
