"""Sources in the workspace: adding one as TOML, a dry run, a failed run's record."""

from __future__ import annotations

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
