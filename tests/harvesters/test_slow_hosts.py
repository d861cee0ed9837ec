"""Hosts that answer slowly or not at all, against real local servers: a socket that
accepts connections and never answers trips the circuit breaker; the run's deadline stops
a run cleanly and the next one goes on; a 503 retried into an answer is in the record.

Timeouts and the deadline are configured short; nothing sleeps to pass, and nothing is
timed: the assertions are about what was requested and what was recorded."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from legaldesk.cli import app
from legaldesk.harvesters.store import StoredSource, run_errors, run_retries
from legaldesk.models import Document, RemoteFile
from legaldesk.repository import Repository
from legaldesk.synth.webserver import Site, serve, silent_host
from tests.harvesters.conftest import DOCX, act_file, listing, publish, row

Add = Callable[..., StoredSource]
Harvest = Callable[..., object]


def numbers_filed(repo: Repository) -> list[str]:
    with Session(repo.engine) as session:
        rows = session.exec(select(Document.number).order_by(col(Document.id))).all()
    return sorted(n or "" for n in rows)


def test_a_host_that_never_answers_is_skipped_after_n_failures(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    """The listing answers; its ten files are on a host that accepts connections and never
    answers. Three timeouts in a row open the breaker: no fourth connection is made, and
    the other nine files are recorded as skipped, with the reason."""
    with silent_host() as silent:
        rows = [row(n, silent.url(f"/files/{n}.docx")) for n in range(1, 11)]
        site.put("/docs/index.html", listing(rows))
        source = add_source(
            http={
                "timeout": 1.0,  # the listing must answer within it on a busy CI machine
                "retries": 5,
                "backoff": 0.01,
                "breaker_failures": 3,
                "concurrency": 1,
                "robots": False,
            }
        )
        report = harvest(source)

    # One host slot, but a file waiting out its backoff lets the next file try: the three
    # timeouts are three files' first attempts. The other seven are never requested.
    assert silent.accepted == 3
    assert (report.status, report.found, report.new, report.failed) == (  # type: ignore[attr-defined]
        "partial",
        10,
        0,
        10,
    )
    errors = run_errors(repo.engine, report.run_id)  # type: ignore[attr-defined]
    failed = [e.reason for e in errors if e.kind == "error"]
    skipped = [e.reason for e in errors if e.kind == "skipped"]
    assert len(failed) == 3 and all(
        r.endswith("(gave up after 1 attempt: the host is not answering)") for r in failed
    )
    assert skipped == ["host not answering, skipped after 3 failures"] * 7
    with Session(repo.engine) as session:  # still listed, so nothing is taken for gone
        files = session.exec(select(RemoteFile).where(RemoteFile.role == "file")).all()
    assert len(files) == 10 and all(f.last_error and f.gone_at is None for f in files)


def test_a_robots_txt_that_never_comes_stops_its_host_after_one_timeout(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    """With robots.txt honoured, the first file asks for the host's robots.txt; its timeout
    makes robots.txt unreachable, which disallows the whole host for the run (RFC 9309),
    so no other file costs a timeout — the breaker is not even needed."""
    with silent_host() as silent:
        rows = [row(n, silent.url(f"/files/{n}.docx")) for n in range(1, 7)]
        site.put("/docs/index.html", listing(rows))
        source = add_source(http={"timeout": 1.0, "retries": 0, "breaker_failures": 2})
        report = harvest(source)

    assert silent.accepted == 1
    reasons = [e.reason for e in run_errors(repo.engine, report.run_id)]  # type: ignore[attr-defined]
    assert len(reasons) == 6 and all("robots.txt unreachable" in r for r in reasons)


def test_the_run_deadline_stops_fetching_keeps_what_was_filed_and_the_next_run_goes_on(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    """Three files on the site answer; the fourth is on a host that never answers, with a
    timeout far longer than the run's deadline of 5 s: the deadline cuts it off. What was
    filed stays, the reason is the run's, nothing is marked gone, and the next run (the
    file now on the site) fetches only what is new. (A deadline of 1 s left a busy CI
    machine time to file only one of the three.)"""
    for n in (1, 2, 4):
        site.put(f"/files/{n}.docx", act_file(n), DOCX)
    with silent_host() as silent:
        hung = silent.url("/files/3.docx")
        site.put(
            "/docs/index.html",
            listing([row(n, hung if n == 3 else f"/files/{n}.docx") for n in (1, 2, 3, 4)]),
        )
        source = add_source(http={"timeout": 60, "retries": 0, "run_deadline": 5})
        report = harvest(source)

    assert report.status == "partial"  # type: ignore[attr-defined]
    assert (report.new, report.not_fetched, report.failed) == (3, 1, 0)  # type: ignore[attr-defined]
    assert numbers_filed(repo) == ["1-п", "2-п", "4-п"]
    (stop,) = run_errors(repo.engine, report.run_id)  # type: ignore[attr-defined]
    assert stop.kind == "deadline"
    assert stop.reason == (
        "stopped at the run's deadline of 5 s: 1 of 4 listed files not fetched; what was "
        "fetched is kept, and the next run goes on from there"
    )

    site.put("/files/3.docx", act_file(3), DOCX)
    site.put("/docs/index.html", listing([row(n, f"/files/{n}.docx") for n in (1, 2, 3, 4)]))
    again = harvest(add_source(http={"timeout": 5, "retries": 0}))

    assert (again.status, again.new, again.unchanged) == ("ok", 1, 3)  # type: ignore[attr-defined]
    assert numbers_filed(repo) == ["1-п", "2-п", "3-п", "4-п"]
    assert site.requests_to("/files/1.docx") == [200, 304]


def test_a_503_retried_into_an_answer_is_listed_by_runs_show(
    repo: Repository,
    site: Site,
    add_source: Add,
    harvest: Harvest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    publish(site, [1, 2])
    site.fault("/files/1.docx", status=503, times=1)

    report = harvest(add_source())

    assert (report.status, report.new, report.retried) == ("ok", 2, 1)  # type: ignore[attr-defined]
    assert site.requests_to("/files/1.docx") == [503, 200]
    (retry,) = run_retries(repo.engine, report.run_id)  # type: ignore[attr-defined]
    assert retry.reason == "HTTP 503 Service Unavailable, retried after 0.01 s, succeeded"
    assert run_errors(repo.engine, report.run_id) == []  # type: ignore[attr-defined]

    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(repo.settings.data_dir))
    monkeypatch.setenv("LEGALDESK_DATABASE_URL", str(repo.settings.database_url))
    runner = CliRunner()
    shown = runner.invoke(app, ["runs", "show", str(report.run_id)])  # type: ignore[attr-defined]
    as_json = runner.invoke(app, ["runs", "show", str(report.run_id), "--json"])  # type: ignore[attr-defined]

    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "Получено после повторных запросов (1):" in text
    assert (
        f"↻ {site.url('/files/1.docx')}: HTTP 503 Service Unavailable; повторный запрос через "
        "0.01 с — получено" in text
    )
    assert json.loads(as_json.output)["retries"] == [
        {
            "url": site.url("/files/1.docx"),
            "reason": "HTTP 503 Service Unavailable, retried after 0.01 s, succeeded",
        }
    ]


def test_an_unreachable_robots_txt_stops_its_host_for_the_run_asked_once(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    """The files are on a second host whose robots.txt answers 500: RFC 9309 has nothing
    fetched from it, and the run asks for that robots.txt once, not once per file."""
    with serve(Site()) as other:
        other.fault("/robots.txt", status=500)
        for n in (1, 2, 3):
            other.put(f"/files/{n}.docx", act_file(n), DOCX)
        site.put(
            "/docs/index.html", listing([row(n, other.url(f"/files/{n}.docx")) for n in (1, 2, 3)])
        )
        report = harvest(add_source(http={"retries": 0}))

        assert other.requests_to("/robots.txt") == [500]
        assert other.requests_to("/files/1.docx") == []
    reasons = [e.reason for e in run_errors(repo.engine, report.run_id)]  # type: ignore[attr-defined]
    assert len(reasons) == 3 and all("robots.txt unreachable" in r for r in reasons)
