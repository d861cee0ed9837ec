"""Harvesting a real local website: what arrives, what is cheap the second time, what changes."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlmodel import Session, col, select

from legaldesk.harvesters.runner import Harvester, RunReport
from legaldesk.harvesters.store import StoredSource, run_errors
from legaldesk.index import SearchQuery
from legaldesk.models import AuditEvent, Change, Document, RemoteFile, Version
from legaldesk.repository import Repository
from legaldesk.synth.webserver import Site
from tests.harvesters.conftest import act_file, listing, publish, row

Add = Callable[..., StoredSource]
Harvest = Callable[..., RunReport]


def documents(repo: Repository) -> list[Document]:
    with Session(repo.engine) as session:
        return list(session.exec(select(Document).order_by(col(Document.id))).all())


def test_first_harvest_files_every_listed_act_with_metadata_and_provenance(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1, 2, 3])
    source = add_source()

    report = harvest(source)

    assert (report.status, report.found, report.new, report.failed) == ("ok", 3, 3, 0)
    docs = documents(repo)
    assert sorted(d.number or "" for d in docs) == ["1-п", "2-п", "3-п"]
    assert all(d.doc_type == "postanovlenie" and d.date_adopted for d in docs)
    with Session(repo.engine) as session:
        version = session.exec(select(Version)).first()
        assert version is not None
        assert version.source_id == source.id
        assert version.source_url and version.source_url.startswith(site.base + "/files/")
        assert version.http_etag and version.fetched_at
    hits = repo.index.search(SearchQuery(text="мерах поддержки номер 2"))
    assert hits.hits and hits.hits[0].id in {d.id for d in docs if d.number == "2-п"}


def test_second_harvest_of_an_unchanged_site_is_all_304(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1, 2, 3])
    source = add_source()
    harvest(source)

    report = harvest(source)

    assert (report.new, report.changed, report.unchanged) == (0, 0, 3)
    for n in (1, 2, 3):
        assert site.requests_to(f"/files/{n}.docx") == [200, 304]
    assert site.requests_to("/docs/index.html") == [200, 304]
    assert len(documents(repo)) == 3


def test_a_changed_file_becomes_a_new_version(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1, 2])
    source = add_source()
    harvest(source)
    site.change("/files/2.docx", act_file(2, title="О мерах поддержки номер 2 в новой редакции"))

    report = harvest(source)

    assert (report.changed, report.unchanged) == (1, 1)
    with Session(repo.engine) as session:
        numbers = session.exec(select(Version.number_in_document)).all()
    assert sorted(numbers) == [1, 1, 2]
    assert len(documents(repo)) == 2


def test_a_removed_act_is_marked_gone_and_kept(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1, 2, 3])
    source = add_source()
    harvest(source)
    site.put("/docs/index.html", listing([row(1, "/files/1.docx"), row(3, "/files/3.docx")]))

    report = harvest(source)

    assert report.gone == 1
    assert len(documents(repo)) == 3  # never deleted
    with Session(repo.engine) as session:
        gone = session.exec(select(RemoteFile).where(col(RemoteFile.gone_at).is_not(None))).all()
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "gone_from_source")
        ).all()
    assert [g.url for g in gone] == [site.url("/files/2.docx")]
    assert len(events) == 1 and events[0].document_id is not None


def test_an_act_gone_from_its_source_and_back_is_in_the_change_log(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1, 2])
    source = add_source()
    harvest(source)
    site.put("/docs/index.html", listing([row(1, "/files/1.docx")]))
    harvest(source)
    site.put("/docs/index.html", listing([row(1, "/files/1.docx"), row(2, "/files/2.docx")]))

    harvest(source)

    with Session(repo.engine) as session:
        second = session.exec(
            select(RemoteFile).where(RemoteFile.url == site.url("/files/2.docx"))
        ).one()
        logged = session.exec(
            select(Change.kind, Change.version_id, Change.actor)
            .where(Change.document_id == second.document_id)
            .order_by(col(Change.id))
        ).all()
    assert [kind for kind, _, _ in logged] == ["filed", "gone_from_source", "back_at_source"]
    assert {version for _, version, _ in logged} == {second.version_id}
    assert {actor for _, _, actor in logged} == {"harvest:adm"}


def test_a_listing_page_that_fails_marks_nothing_gone(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1, 2])
    source = add_source()
    harvest(source)
    site.fault("/docs/index.html", status=500)

    report = harvest(source)

    assert report.status == "failed"
    assert report.gone == 0
    ((url, reason),) = report.errors  # the listing page alone: no file was asked for
    assert url == site.url("/docs/index.html") and reason.startswith("HTTP 500 ")


def test_one_broken_file_fails_with_a_reason_and_the_rest_arrive(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1, 2, 3])
    site.fault("/files/2.docx", status=500)
    source = add_source()

    report = harvest(source)

    assert (report.status, report.new, report.failed) == ("partial", 2, 1)
    assert report.run_id is not None
    (error,) = run_errors(repo.engine, report.run_id)
    assert error.url == site.url("/files/2.docx")
    assert "HTTP 500" in error.reason and "3 attempts" in error.reason
    assert site.requests_to("/files/2.docx") == [500, 500, 500]


def test_503_with_retry_after_is_waited_out(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1])
    site.fault("/files/1.docx", status=503, retry_after="0", times=1)

    report = harvest(add_source())

    assert report.new == 1
    assert site.requests_to("/files/1.docx") == [503, 200]


def test_a_retry_after_beyond_the_limit_is_a_clear_failure(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1])
    site.fault("/files/1.docx", status=503, retry_after="3600")

    report = harvest(add_source())

    assert report.failed == 1
    assert "retry after 3600 s" in report.errors[0][1]


def test_a_hanging_server_times_out(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1, 2])
    # A second of timeout, not less: the listing and the other file must answer within it
    # on a CI machine whose two cores are busy (0.3 s failed the whole run there once).
    site.fault("/files/1.docx", delay=4)

    report = harvest(add_source(http={"timeout": 1.0, "retries": 0}))

    assert (report.new, report.failed) == (1, 1)
    assert "timed out" in report.errors[0][1]


def test_a_drip_fed_body_is_cut_off(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1])
    site.fault("/files/1.docx", drip=0.01)  # ~10 KB at 100 bytes/s: minutes

    report = harvest(add_source(http={"timeout": 0.2, "retries": 0}))

    assert report.failed == 1
    # the whole-exchange deadline cut it off: no single read waited past the timeout
    assert report.errors[0][1].startswith("no complete answer within 1 s")


def test_a_redirect_loop_is_named(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1])
    site.fault("/files/1.docx", redirect="/loop/a")
    site.fault("/loop/a", redirect="/loop/b")
    site.fault("/loop/b", redirect="/loop/a")

    report = harvest(add_source())

    assert report.failed == 1
    assert "redirects" in report.errors[0][1]


def test_a_truncated_body_is_not_ingested(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1])
    site.fault("/files/1.docx", truncate=True)

    report = harvest(add_source(http={"retries": 0}))

    assert report.failed == 1
    assert "broke off" in report.errors[0][1]
    assert documents(repo) == []


def test_an_oversized_body_is_refused(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1])

    report = harvest(add_source(http={"max_bytes": 1000}))

    assert report.failed == 1
    assert "over the limit" in report.errors[0][1]


def test_a_wrong_content_type_does_not_matter_the_bytes_do(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1])
    site.fault("/files/1.docx", content_type="text/html")

    assert harvest(add_source()).new == 1


def test_an_error_page_where_a_file_was_linked_is_a_failure(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1])
    site.put("/files/1.docx", "<html><body>Страница не найдена</body></html>")

    report = harvest(add_source())

    assert report.failed == 1
    assert "HTML page" in report.errors[0][1]


def test_a_file_that_404s_after_being_harvested_is_gone(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1, 2])
    source = add_source()
    harvest(source)
    site.remove("/files/2.docx")

    report = harvest(source)

    assert (report.gone, report.failed) == (1, 0)


def test_robots_txt_is_honoured(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1])
    site.put("/admin/2.docx", act_file(2))
    site.put("/docs/index.html", listing([row(1, "/files/1.docx"), row(2, "/admin/2.docx")]))

    report = harvest(add_source())

    assert report.new == 1
    assert "robots.txt" in report.errors[0][1]
    assert site.requests_to("/admin/2.docx") == []


def test_pagination_broken_html_and_a_windows_1251_page(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    for n in (1, 2, 3):
        site.put(f"/files/{n}.docx", act_file(n))
    site.put("/docs/index.html", listing([row(1, "/files/1.docx")], next_page="p2.html"))
    broken = listing([row(2, "/files/2.docx")], next_page="p3.html").replace("</table>", "")
    site.put("/docs/p2.html", broken + "<div><p><b>незакрытые теги")
    cp1251 = listing(
        [row(3, "/files/3.docx", "О тарифах на холодную воду")], charset="windows-1251"
    )
    site.put("/docs/p3.html", cp1251.encode("cp1251"), "text/html")
    source = add_source()

    report = harvest(source)
    dry = Harvester(repo, source).dry_run()

    assert (report.pages, report.new) == (3, 3)
    titles = {c.url.rsplit("/", 1)[1]: c.hints.get("title") for c in dry.candidates}
    assert titles["3.docx"] == "О тарифах на холодную воду"


def test_a_dry_run_stores_nothing(repo: Repository, site: Site, add_source: Add) -> None:
    publish(site, [1, 2])
    source = add_source()

    report = Harvester(repo, source).dry_run(fetch=1)

    assert len(report.candidates) == 2
    assert report.samples[0][1]["number"] == "1-п"
    assert documents(repo) == []
    with Session(repo.engine) as session:
        assert session.exec(select(RemoteFile)).all() == []


def test_a_dead_website_fails_the_run_with_a_reason(
    repo: Repository, add_source: Add, harvest: Harvest
) -> None:
    source = add_source(start_urls=["http://127.0.0.1:9/docs/"], http={"retries": 0})

    report = harvest(source)

    assert report.status == "failed"
    assert "cannot connect" in report.errors[0][1]


def test_the_official_portal_adapter_against_a_replica_of_its_api(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    api = "/api/Documents?block=region46&PageSize=1"
    for index, n in ((1, 7), (2, 8)):
        card = {
            "eoNumber": f"460020240312000{n}",
            "complexName": f"Постановление Губернатора Курской области от 12.03.2024 № {n}-пг",
            "name": f"О мерах поддержки номер {n} на территории поселения",
            "number": f"{n}-пг",
            "documentDate": "2024-03-12T00:00:00",
        }
        page = {"items": [card], "currentPage": index, "pagesTotalCount": 2}
        site.put(f"{api}&Index={index}", json.dumps(page, ensure_ascii=False), "application/json")
        site.put(f"/file/pdf?eoNumber={card['eoNumber']}", act_file(n), "application/pdf")
    source = add_source("pravo", kind="pravo", start_urls=[site.url(api)], listing={"item": None})

    report = harvest(source)

    assert (report.pages, report.new, report.failed) == (2, 2, 0)
    docs = documents(repo)
    assert {d.official_publication for d in docs} == {
        f"Официальный интернет-портал правовой информации (www.pravo.gov.ru), "
        f"номер опубликования 460020240312000{n}"
        for n in (7, 8)
    }


def test_an_official_source_publishes_its_acts_and_another_source_holds_them(
    repo: Repository, site: Site, add_source: Add, harvest: Harvest
) -> None:
    publish(site, [1, 2])
    publish(site, [3], page="/other/index.html")
    official = add_source("adm", official=True)
    other = add_source("aggregator", start="/other/index.html")

    harvest(official)
    harvest(other)

    states = {d.number: (d.publication, d.review_reasons) for d in documents(repo)}
    assert states == {
        "1-п": ("published", None),
        "2-п": ("published", None),
        "3-п": ("pending", [{"code": "source_not_official"}]),
    }
    public = repo.index.search(SearchQuery(text="мерах поддержки", publication=("published",)))
    assert len(public.hits) == 2
