"""Sources in the workspace: adding one as TOML, a dry run, a run's record."""

from __future__ import annotations

from legaldesk.harvesters.http import host_not_answering, retry_note
from legaldesk.harvesters.store import RunLedger
from legaldesk.repository import Repository
from tests.web.sessions import Client, log_in, token


def test_an_admin_adds_a_source_tests_it_and_reads_the_failed_run(client: Client) -> None:
    log_in(client, "admin")
    source = 'name = "village"\nkind = "feed"\nstart_urls = ["http://127.0.0.1:9/rss.xml"]\n'

    added = client.post(
        "/staff/sources", data={"toml": source, "_csrf_token": token(client, "/staff/sources")}
    )
    tested = client.post(
        "/staff/sources/village/test", data={"_csrf_token": token(client, "/staff")}
    )
    run = client.get("/staff/runs/1")

    assert added.status_code == 200 and "Источник сохранён: village" in added.text
    assert tested.status_code == 200 and "127.0.0.1 is a loopback address" in tested.text
    assert run.status_code == 200 and "cannot connect" in run.text


def test_a_misspelt_source_is_refused_and_kept_in_the_form(client: Client) -> None:
    log_in(client, "admin")
    source = (
        'name = "x"\nkind = "listing"\nstart_urls = ["http://a.example/"]\n[listing]\nitme = "tr"\n'
    )

    response = client.post(
        "/staff/sources", data={"toml": source, "_csrf_token": token(client, "/staff/sources")}
    )

    assert response.status_code == 400
    assert "listing.itme" in response.text and "itme" in response.text


def test_a_runs_page_tells_skipped_files_the_deadline_and_retries_apart(
    client: Client, repo: Repository
) -> None:
    """What the harvester writes for a host that stopped answering, the deadline and a
    retry that ended well, as the staff read it (in Russian) and as the API gives it."""
    ledger = RunLedger(repo.engine, 1, "harvest:dead-site")
    run_id = ledger.start("cli")
    ledger.failure(run_id, "http://127.0.0.1:9/2.pdf", host_not_answering(5), "skipped")
    ledger.error(run_id, "http://127.0.0.1:9/", "stopped at the run's deadline", "deadline")
    note = retry_note((("HTTP 503 Service Unavailable", 2.0),))
    ledger.retry(run_id, "http://127.0.0.1:9/1.pdf", note)
    log_in(client, "librarian")

    page = client.get(f"/staff/runs/{run_id}").text
    api = client.get(f"/api/v1/runs/{run_id}").json()

    errors = page[page.index("Ошибки") : page.index("Получено после повторных запросов")]
    assert "Пропущено:" in errors
    assert "сайт не отвечает, пропущено после неудачных попыток подряд: 5" in errors
    assert "Остановлено:" in errors
    retries = page[page.index("Получено после повторных запросов") :]
    assert "HTTP 503 Service Unavailable; повторный запрос через 2 с — получено" in retries
    assert [(e["kind"], e["url"]) for e in api["errors"]] == [
        ("skipped", "http://127.0.0.1:9/2.pdf"),
        ("deadline", "http://127.0.0.1:9/"),
    ]
    assert api["retries"] == [
        {
            "url": "http://127.0.0.1:9/1.pdf",
            "reason": "HTTP 503 Service Unavailable, retried after 2 s, succeeded",
            "kind": "retry",
        }
    ]
